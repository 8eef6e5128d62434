namespace TextKit.Corpora;

/// <summary>How entity spans are written as one tag per token.</summary>
public enum TagScheme
{
    /// <summary>IOB1 (CoNLL-2003 original): I-X inside; B-X only on the first token of an entity that directly follows another X entity.</summary>
    Iob1,

    /// <summary>IOB2, often called BIO: B-X on the first token of every entity, I-X on the rest.</summary>
    Iob2,

    /// <summary>BILOU: B-X begin, I-X inside, L-X last, U-X unit (one-token entity).</summary>
    Bilou,

    /// <summary>BIOES (= BILOU with E for L and S for U).</summary>
    Bioes,
}

/// <summary>What a reader does with a tag transition that the scheme forbids (e.g. I-X after O in IOB2).</summary>
public enum InvalidTagHandling
{
    /// <summary>Fail with TK225 naming file:line.</summary>
    Error,

    /// <summary>Rewrite the sentence's tags to the entities a lenient (conlleval-style) decoder sees: I-X after O becomes B-X in IOB2.</summary>
    Repair,

    /// <summary>Keep the tags as written (scorers decode them leniently, as conlleval does).</summary>
    Keep,
}

/// <summary>An entity: tokens [<see cref="Start"/>, <see cref="End"/>) of a sentence with a type (PER, LOC, ...).</summary>
public readonly record struct EntitySpan(int Start, int End, string Type)
{
    /// <summary>Number of tokens.</summary>
    public int Length => End - Start;

    public override string ToString() => $"{Type}[{Start},{End})";
}

/// <summary>
/// Conversion between tag sequences and entity spans, and between schemes. Decoding is lenient and, for IOB1/IOB2,
/// identical to conlleval's chunk rules (Tjong Kim Sang, CoNLL-2000 <c>conlleval</c>): B-X always starts an entity;
/// I-X continues an open X entity, otherwise (after O, or after another type) it starts one; O closes. For
/// BILOU/BIOES: B starts; I continues an open entity of the same type, else starts one; L/E continues and closes (or
/// is a one-token entity when nothing of its type is open); U/S is a one-token entity. Tags must be <c>O</c> or
/// <c>P-TYPE</c> with a prefix of the scheme (split at the first '-'; the type may contain '-'); anything else is TK224.
/// </summary>
public static class EntityTags
{
    /// <summary>The "outside" tag.</summary>
    public const string Outside = "O";

    /// <summary>Parses <paramref name="tag"/> into its prefix letter ('O' for outside) and type ("" for O).</summary>
    /// <exception cref="TextKitException">TK224 when the tag is not valid in <paramref name="scheme"/>.</exception>
    public static (char Prefix, string Type) Parse(string tag, TagScheme scheme)
    {
        if (!TryParse(tag, scheme, out var prefix, out var type))
            throw new TextKitException("TK224", InvalidTagMessage(tag, scheme));
        return (prefix, type);
    }

    internal static string InvalidTagMessage(string tag, TagScheme scheme)
        => $"tag '{tag}' is not valid in the {scheme} scheme (expected {ExpectedTags(scheme)}).";

    private static string ExpectedTags(TagScheme scheme) => scheme switch
    {
        TagScheme.Bilou => "O, B-TYPE, I-TYPE, L-TYPE or U-TYPE",
        TagScheme.Bioes => "O, B-TYPE, I-TYPE, E-TYPE or S-TYPE",
        _ => "O, B-TYPE or I-TYPE",
    };

    /// <summary>Non-throwing <see cref="Parse"/>. BIOES prefixes E/S are returned as L/U.</summary>
    public static bool TryParse(string? tag, TagScheme scheme, out char prefix, out string type)
    {
        prefix = 'O';
        type = "";
        if (string.IsNullOrEmpty(tag))
            return false;
        if (tag == Outside)
            return true;
        if (tag.Length < 3 || tag[1] != '-')
            return false;
        char p = tag[0];
        bool ok = scheme switch
        {
            TagScheme.Iob1 or TagScheme.Iob2 => p is 'B' or 'I',
            TagScheme.Bilou => p is 'B' or 'I' or 'L' or 'U',
            TagScheme.Bioes => p is 'B' or 'I' or 'E' or 'S',
            _ => false,
        };
        if (!ok)
            return false;
        prefix = p switch { 'E' => 'L', 'S' => 'U', _ => p };
        type = tag[2..];
        return true;
    }

    /// <summary>The entities of one sentence's tags (lenient decoding, see the class remarks).</summary>
    public static List<EntitySpan> ToSpans(IReadOnlyList<string> tags, TagScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var spans = new List<EntitySpan>();
        int openStart = -1;
        string openType = "";
        for (int i = 0; i < tags.Count; i++)
        {
            var (prefix, type) = Parse(tags[i], scheme);
            bool continues = openStart >= 0 && openType == type && prefix is 'I' or 'L';
            if (!continues && openStart >= 0)
            {
                spans.Add(new EntitySpan(openStart, i, openType));
                openStart = -1;
            }
            if (prefix == 'O')
                continue;
            if (!continues)
            {
                openStart = i;
                openType = type;
            }
            if (prefix is 'L' or 'U')
            {
                spans.Add(new EntitySpan(openStart, i + 1, openType));
                openStart = -1;
            }
        }
        if (openStart >= 0)
            spans.Add(new EntitySpan(openStart, tags.Count, openType));
        return spans;
    }

    /// <summary>Writes <paramref name="spans"/> (sorted, non-overlapping, within <paramref name="length"/>) as tags.</summary>
    public static string[] FromSpans(IReadOnlyList<EntitySpan> spans, int length, TagScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(spans);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var tags = new string[length];
        Array.Fill(tags, Outside);
        int previousEnd = 0;
        string previousType = "";
        foreach (var span in spans)
        {
            if (span.Start < previousEnd || span.End <= span.Start || span.End > length || string.IsNullOrEmpty(span.Type))
                throw new ArgumentException($"entity {span} overlaps the previous one, is empty, or lies outside the {length} tokens.", nameof(spans));
            for (int i = span.Start; i < span.End; i++)
                tags[i] = "I-" + span.Type;
            switch (scheme)
            {
                case TagScheme.Iob1:
                    if (span.Start > 0 && span.Start == previousEnd && previousType == span.Type)
                        tags[span.Start] = "B-" + span.Type;
                    break;
                case TagScheme.Iob2:
                    tags[span.Start] = "B-" + span.Type;
                    break;
                case TagScheme.Bilou:
                case TagScheme.Bioes:
                    bool bilou = scheme == TagScheme.Bilou;
                    if (span.Length == 1)
                    {
                        tags[span.Start] = (bilou ? "U-" : "S-") + span.Type;
                    }
                    else
                    {
                        tags[span.Start] = "B-" + span.Type;
                        tags[span.End - 1] = (bilou ? "L-" : "E-") + span.Type;
                    }
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(scheme));
            }
            previousEnd = span.End;
            previousType = span.Type;
        }
        return tags;
    }

    /// <summary>Rewrites <paramref name="tags"/> from scheme <paramref name="from"/> to <paramref name="to"/> (via spans).</summary>
    public static string[] Convert(IReadOnlyList<string> tags, TagScheme from, TagScheme to)
        => FromSpans(ToSpans(tags, from), tags.Count, to);

    /// <summary>
    /// Index of the first tag whose transition <paramref name="scheme"/> forbids, or -1 when the sequence is valid.
    /// IOB2: I-X must follow B-X or I-X. IOB1: B-X must follow B-X or I-X. BILOU/BIOES: I-X and L-X must follow B-X or
    /// I-X; B-X and I-X must be followed by I-X or L-X. Throws TK224 on a malformed tag.
    /// </summary>
    public static int FindInvalidTransition(IReadOnlyList<string> tags, TagScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(tags);
        char prevPrefix = 'O';
        string prevType = "";
        for (int i = 0; i < tags.Count; i++)
        {
            var (prefix, type) = Parse(tags[i], scheme);
            bool inSameEntity = prevPrefix is 'B' or 'I' && prevType == type;
            bool inSameTypeAny = prevPrefix != 'O' && prevType == type;
            switch (scheme)
            {
                case TagScheme.Iob2 when prefix == 'I' && !inSameTypeAny:
                case TagScheme.Iob1 when prefix == 'B' && !inSameTypeAny:
                    return i;
                case TagScheme.Bilou or TagScheme.Bioes:
                    if (prefix is 'I' or 'L' && !inSameEntity)
                        return i;
                    if (prevPrefix is 'B' or 'I' && !(prefix is 'I' or 'L' && prevType == type))
                        return i - 1 >= 0 ? i - 1 : i;
                    break;
            }
            prevPrefix = prefix;
            prevType = type;
        }
        if (scheme is TagScheme.Bilou or TagScheme.Bioes && prevPrefix is 'B' or 'I')
            return tags.Count - 1;
        return -1;
    }

    /// <summary>The same entities written validly in <paramref name="scheme"/> (e.g. IOB2: I-X after O → B-X).</summary>
    public static string[] Repair(IReadOnlyList<string> tags, TagScheme scheme) => Convert(tags, scheme, scheme);
}
