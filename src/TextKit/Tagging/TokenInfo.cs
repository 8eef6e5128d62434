using System.Runtime.InteropServices;
using TextKit.Morphology;

namespace TextKit.Tagging;

/// <summary>What the word dictionary knows about an exact word form.</summary>
internal struct WordEntry
{
    public int Count;
    public ulong Ambiguity;   // hash of the sorted set of tags seen with the form (its "ambiguity class")
    public int FrequentTag;   // tag id of the frequent-word shortcut, or -1
    public int[]? Candidates; // the tags a frequent word was seen with (scoring is restricted to them), or null
}

/// <summary>What the tables know about a lower-cased word: its ambiguity class, external lexicon class, clusters.</summary>
internal struct LowerEntry
{
    public ulong Ambiguity;
    public ulong Lexicon;
    public ulong Cluster1, Cluster2, Cluster3, Cluster4;
}

/// <summary>The dictionaries behind the token features (built from training data and external resources).</summary>
internal sealed class TaggerTables
{
    public TaggerTables(ULongMap<WordEntry> words, ULongMap<LowerEntry> lower, MorphologyModel? morphology = null)
    {
        Words = words;
        Lower = lower;
        Morphology = morphology;
    }

    /// <summary>The morphological analyser whose unknown-word guesser proposes tags for unknown words, or null.</summary>
    public MorphologyModel? Morphology { get; }

    public ULongMap<WordEntry> Words { get; }

    public ULongMap<LowerEntry> Lower { get; }
}

/// <summary>Per-token values computed once per sentence; features combine them with template ids.</summary>
[StructLayout(LayoutKind.Auto)]
internal struct TokenInfo
{
    public ulong Word, Lower, Shape, ShortShape, Flags, Length;
    public ulong Pre1, Pre2, Pre3, Pre4;
    public ulong Suf1, Suf2, Suf3, Suf4, Suf5;
    public ulong Ambiguity, Lexicon;
    public ulong Cluster1, Cluster2, Cluster3, Cluster4;
    public ulong Guess1, GuessSet; // the analyser's best guessed tag and its top-3 tag set (unknown words only)
    public ulong LowerAmbiguity; // the tag set of the lower-cased form (known words too): "Bank" vs "bank"
    public ulong Aux;            // the lower-cased hash when the word is an auxiliary, modal or "to"; else 0
    public ulong Sentence;       // the sentence's capitalisation profile (SetSentence), the same for every word of it
    public int FrequentTag;
    public int Count; // occurrences of the exact form in training (0 if unknown): which word a WordScoreCache slot keeps
    public int[]? Candidates;
    public bool Known;
    public bool HasCluster;

    /// <summary>Sentinel values for the padding positions before and after the sentence.</summary>
    public static TokenInfo Padding(ulong marker)
    {
        var h = TaggerHash.Mix(marker);
        return new TokenInfo
        {
            Word = h, Lower = h, Shape = h, ShortShape = h, Flags = h, Length = h,
            Pre1 = h, Pre2 = h, Pre3 = h, Pre4 = h,
            Suf1 = h, Suf2 = h, Suf3 = h, Suf4 = h, Suf5 = h,
            Ambiguity = h, Lexicon = h,
            Cluster1 = h, Cluster2 = h, Cluster3 = h, Cluster4 = h,
            Guess1 = h, GuessSet = h,
            FrequentTag = -1, Known = true, HasCluster = true,
        };
    }

    private const ulong UnknownMarker = 0x5A17_0000_0000_0001UL;
    private const ulong NoLexiconMarker = 0x5A17_0000_0000_0002UL;
    private const ulong NoClusterMarker = 0x5A17_0000_0000_0003UL;
    private const ulong EmptyAffix = 0x5A17_0000_0000_0004UL;
    private const ulong NoGuessMarker = 0x5A17_0000_0000_0005UL;

    // WordNet detachment rules (Fellbaum 1998, "morphy"): suffix → replacement, per part of speech; rule 0 is the
    // form itself. Append only: rule ids are part of every saved model's features.
    private static readonly (WordNetPos Pos, string Suffix, string Replacement)[] s_rules =
    [
        (WordNetPos.Noun, "", ""), (WordNetPos.Verb, "", ""), (WordNetPos.Adjective, "", ""), (WordNetPos.Adverb, "", ""),
        (WordNetPos.Noun, "s", ""), (WordNetPos.Noun, "ses", "s"), (WordNetPos.Noun, "xes", "x"), (WordNetPos.Noun, "zes", "z"),
        (WordNetPos.Noun, "ches", "ch"), (WordNetPos.Noun, "shes", "sh"), (WordNetPos.Noun, "men", "man"), (WordNetPos.Noun, "ies", "y"),
        (WordNetPos.Verb, "s", ""), (WordNetPos.Verb, "ies", "y"), (WordNetPos.Verb, "es", "e"), (WordNetPos.Verb, "es", ""),
        (WordNetPos.Verb, "ed", "e"), (WordNetPos.Verb, "ed", ""), (WordNetPos.Verb, "ing", "e"), (WordNetPos.Verb, "ing", ""),
        (WordNetPos.Adjective, "er", ""), (WordNetPos.Adjective, "est", ""), (WordNetPos.Adjective, "er", "e"), (WordNetPos.Adjective, "est", "e"),
    ];

    /// <summary>
    /// The morphological analyser's view of a word the tagger has not seen: which WordNet detachment rules
    /// (including the exception lists) turn it into a WordNet lemma of which part of speech ("walks" → noun plural
    /// and verb 3rd person because "walk" is a WordNet noun and verb). It depends on the form and WordNet only, so the
    /// jackknifed training words and the unknown words at tagging time see the same feature.
    /// </summary>
    private static void Guess(ReadOnlySpan<char> lower, WordNetLexicon wordNet, ref TokenInfo info)
    {
        ulong set = 0x6E55_0000_0000_0000UL;
        int matches = 0;
        Span<char> buffer = stackalloc char[72];
        for (int r = 0; r < s_rules.Length; r++)
        {
            var (pos, suffix, replacement) = s_rules[r];
            if (!lower.EndsWith(suffix, StringComparison.Ordinal) || lower.Length - suffix.Length < 2 && suffix.Length > 0)
                continue;
            var stem = lower[..^suffix.Length];
            stem.CopyTo(buffer);
            replacement.AsSpan().CopyTo(buffer[stem.Length..]);
            var lemma = buffer[..(stem.Length + replacement.Length)];
            if (wordNet.Contains(lemma, pos))
            {
                set = TaggerHash.Combine(set, (ulong)r + 1);
                matches++;
            }
        }
        for (int p = 0; p < 4; p++)
        {
            if (wordNet.Exceptions(lower, (WordNetPos)p).Count > 0)
            {
                set = TaggerHash.Combine(set, 100UL + (ulong)p);
                matches++;
            }
        }
        info.Guess1 = matches == 0 ? NoGuessMarker : set;
        info.GuessSet = matches == 0 ? NoGuessMarker : TaggerHash.Combine(set, info.Suf2);
    }

    // Auxiliaries, modals and infinitival "to" (lower-cased, with UD EWT's split clitics): the nearest one before a
    // word separates VB/VBP, VBD/VBN and VB/NN ("has been asked", "to go", "they go").
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> s_auxiliaries = new HashSet<string>(StringComparer.Ordinal)
    {
        "to", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "ca", "wo", "'ll", "'d",
        "do", "does", "did", "have", "has", "had", "having", "'ve", "be", "is", "are", "was", "were", "been", "being",
        "am", "'s", "'re", "'m",
    }.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// Sets every word's <see cref="Sentence"/> to the sentence's capitalisation profile: in headlines and all-caps
    /// text a capital letter says little about proper nouns (NNP/NN is the largest confusion on EWT).
    /// </summary>
    public static void SetSentence(Span<TokenInfo> words)
    {
        int letters = 0, initial = 0, allCaps = 0;
        foreach (ref readonly var w in words)
        {
            var flags = (WordForm.Flags)w.Flags;
            if ((flags & (WordForm.Flags.HasUpper | WordForm.Flags.HasLower)) == 0)
                continue;
            letters++;
            if ((flags & WordForm.Flags.InitialUpper) != 0)
                initial++;
            if ((flags & WordForm.Flags.HasLower) == 0)
                allCaps++;
        }
        ulong profile = letters == 0 ? 0UL : 2 * allCaps > letters ? 4UL : 10 * initial >= 6 * letters ? 3UL : 10 * initial >= 3 * letters ? 2UL : 1UL;
        foreach (ref var w in words)
            w.Sentence = profile;
    }

    /// <summary>Fills <paramref name="info"/> for <paramref name="word"/>.</summary>
    public static void Compute(ReadOnlySpan<char> word, TaggerTables tables, ref TokenInfo info)
    {
        Span<char> buffer = stackalloc char[64];
        ReadOnlySpan<char> source = word.Length <= 64 ? word : word[..64];
        // Lower-case copy (invariant, per UTF-16 unit) of at most 64 chars: enough for affixes and lookups of
        // ordinary words; longer tokens (URLs, junk) are hashed whole below.
        var lower = buffer[..source.Length];
        for (int i = 0; i < source.Length; i++)
            lower[i] = char.ToLowerInvariant(source[i]);

        info.Word = TaggerHash.Text(word);
        info.Lower = word.Length <= 64 ? TaggerHash.Text(lower) : TaggerHash.LowerText(word);
        info.Shape = WordForm.ShapeHash(word, 2);
        info.ShortShape = WordForm.ShapeHash(word, 1);
        info.Flags = (ulong)WordForm.GetFlags(word);
        info.Length = (ulong)Math.Min(word.Length, 12);
        int n = lower.Length;
        info.Pre1 = n >= 1 ? TaggerHash.Text(lower[..1]) : EmptyAffix;
        info.Pre2 = n >= 2 ? TaggerHash.Text(lower[..2]) : EmptyAffix;
        info.Pre3 = n >= 3 ? TaggerHash.Text(lower[..3]) : EmptyAffix;
        info.Pre4 = n >= 4 ? TaggerHash.Text(lower[..4]) : EmptyAffix;
        info.Suf1 = n >= 1 ? TaggerHash.Text(lower[(n - 1)..]) : EmptyAffix;
        info.Suf2 = n >= 2 ? TaggerHash.Text(lower[(n - 2)..]) : EmptyAffix;
        info.Suf3 = n >= 3 ? TaggerHash.Text(lower[(n - 3)..]) : EmptyAffix;
        info.Suf4 = n >= 4 ? TaggerHash.Text(lower[(n - 4)..]) : EmptyAffix;
        info.Suf5 = n >= 5 ? TaggerHash.Text(lower[(n - 5)..]) : EmptyAffix;

        if (tables.Words.TryGetValue(info.Word, out var entry))
        {
            info.Known = true;
            info.Count = entry.Count;
            info.Ambiguity = entry.Ambiguity;
            info.FrequentTag = entry.FrequentTag;
            info.Candidates = entry.Candidates;
        }
        else
        {
            info.Known = false;
            info.Count = 0;
            info.Ambiguity = UnknownMarker;
            info.FrequentTag = -1;
            info.Candidates = null;
        }
        info.Guess1 = info.GuessSet = NoGuessMarker;
        if (!info.Known && tables.Morphology is { } morphology && word.Length <= 64)
            Guess(lower, morphology.WordNet, ref info);
        info.Aux = word.Length <= 8 && s_auxiliaries.Contains(lower) ? info.Lower : 0;
        info.Sentence = 0; // set for the whole sentence by SetSentence
        if (tables.Lower.TryGetValue(info.Lower, out var lowerEntry))
        {
            info.LowerAmbiguity = lowerEntry.Ambiguity != 0 ? lowerEntry.Ambiguity : UnknownMarker;
            if (!info.Known && lowerEntry.Ambiguity != 0)
                info.Ambiguity = TaggerHash.Combine(lowerEntry.Ambiguity, UnknownMarker);
            info.Lexicon = lowerEntry.Lexicon != 0 ? lowerEntry.Lexicon : NoLexiconMarker;
            info.HasCluster = lowerEntry.Cluster1 != 0;
            info.Cluster1 = info.HasCluster ? lowerEntry.Cluster1 : NoClusterMarker;
            info.Cluster2 = info.HasCluster ? lowerEntry.Cluster2 : NoClusterMarker;
            info.Cluster3 = info.HasCluster ? lowerEntry.Cluster3 : NoClusterMarker;
            info.Cluster4 = info.HasCluster ? lowerEntry.Cluster4 : NoClusterMarker;
        }
        else
        {
            info.LowerAmbiguity = UnknownMarker;
            info.Lexicon = NoLexiconMarker;
            info.HasCluster = false;
            info.Cluster1 = info.Cluster2 = info.Cluster3 = info.Cluster4 = NoClusterMarker;
        }
    }
}
