using System.Text;
using TextKit.Text;

namespace TextKit.Corpora;

/// <summary>
/// Streaming CoNLL-U reader (UD format v2): comments, words, multiword-token ranges, empty nodes. Validates what later
/// stages rely on and fails with <see cref="TextKitFormatException"/> naming file:line: 10 tab-separated columns,
/// no empty column, word IDs 1..n in order, ranges that start at the next word and cover existing words, empty nodes
/// attached to an existing word, valid UTF-8.
/// </summary>
public static class ConllUReader
{
    /// <summary>Reads every sentence of <paramref name="path"/> lazily.</summary>
    public static IEnumerable<ConllUSentence> ReadFile(string path)
    {
        if (!File.Exists(path))
            throw new TextKitException("TK200", $"CoNLL-U file '{path}' does not exist.");
        return ReadFileIterator(path);
    }

    private static IEnumerable<ConllUSentence> ReadFileIterator(string path)
    {
        using var reader = OpenUtf8(path);
        foreach (var sentence in Read(reader, path))
            yield return sentence;
    }

    /// <summary>A strict UTF-8 reader: invalid bytes throw instead of becoming U+FFFD silently.</summary>
    public static StreamReader OpenUtf8(string path)
        => new(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);

    /// <summary>Reads sentences from <paramref name="reader"/>; <paramref name="source"/> names it in errors.</summary>
    public static IEnumerable<ConllUSentence> Read(TextReader reader, string source = "<input>")
    {
        ArgumentNullException.ThrowIfNull(reader);
        long lineNumber = 0;
        // Columns with few distinct values (ID, UPOS, XPOS, FEATS, HEAD, DEPREL, MISC) share one string per value.
        // FORM and LEMMA are open; DEPS is long and varied (11,715 values in EWT train): pooling it made reading
        // slower, where pooling the others makes it faster (docs/corpora-and-evaluation.md).
        var pools = new StringPool?[10];
        foreach (int c in (ReadOnlySpan<int>)[0, 3, 4, 5, 6, 7, 9])
            pools[c] = new StringPool(PoolCapacity);
        ConllUSentence? current = null;
        int expectedWord = 1;
        int coveredUntil = 0;
        while (true)
        {
            string? line;
            try
            {
                line = reader.ReadLine();
            }
            catch (DecoderFallbackException e)
            {
                throw new TextKitFormatException("TK201", source, lineNumber + 1, "invalid UTF-8 byte sequence.", e);
            }
            if (line is null)
                break;
            lineNumber++;
            if (line.Length > 0 && line[^1] == '\r')
                line = line[..^1];

            if (line.AsSpan().IsWhiteSpace())
            {
                if (current is not null)
                {
                    Finish(current, source, lineNumber, coveredUntil);
                    yield return current;
                    current = null;
                }
                continue;
            }

            if (current is null)
            {
                current = new ConllUSentence { SourceLine = lineNumber };
                expectedWord = 1;
                coveredUntil = 0;
            }

            if (line[0] == '#')
            {
                if (current.Lines.Count > 0)
                    throw new TextKitFormatException("TK202", source, lineNumber, "comment line after token lines; a sentence's comments must come first (missing blank line between sentences?).");
                current.Comments.Add(line);
                continue;
            }

            var token = ParseToken(line, pools, source, lineNumber);
            ValidateId(token, source, lineNumber, ref expectedWord, ref coveredUntil);
            current.Lines.Add(token);
        }
        if (current is not null)
        {
            Finish(current, source, lineNumber, coveredUntil);
            yield return current;
        }
    }

    // Distinct values shared per column. EWT train has at most 1,313 in a pooled column (MISC); a column past the
    // limit (MISC with character offsets, say) just gets new strings.
    private const int PoolCapacity = 1 << 14;

    /// <summary>
    /// The token of one line: 10 tab-separated, non-empty columns, cut as spans and made strings once each (pooled or
    /// new). <c>string.Split</c> would allocate all ten before the pools could be asked.
    /// </summary>
    private static ConllUToken ParseToken(string line, StringPool?[] pools, string source, long lineNumber)
    {
        var rest = line.AsSpan();
        Span<string> columns = [null!, null!, null!, null!, null!, null!, null!, null!, null!, null!];
        for (int c = 0; c < 10; c++)
        {
            int tab = rest.IndexOf('\t');
            if ((tab < 0) != (c == 9))
                throw new TextKitFormatException("TK203", source, lineNumber, $"expected 10 tab-separated columns, found {line.AsSpan().Count('\t') + 1}.");
            var value = tab < 0 ? rest : rest[..tab];
            if (value.IsEmpty)
                throw new TextKitFormatException("TK204", source, lineNumber, $"column {c + 1} ({ColumnNames[c]}) is empty; use '_' for an unspecified value.");
            columns[c] = pools[c] is { } pool ? pool.Get(value) : value.ToString();
            rest = rest[(tab + 1)..];
        }
        return new ConllUToken(columns[0], columns[1], columns[2], columns[3], columns[4], columns[5], columns[6], columns[7], columns[8], columns[9]);
    }

    private static readonly string[] ColumnNames = ["ID", "FORM", "LEMMA", "UPOS", "XPOS", "FEATS", "HEAD", "DEPREL", "DEPS", "MISC"];

    private static void ValidateId(ConllUToken token, string source, long line, ref int expectedWord, ref int coveredUntil)
    {
        var id = token.Id;
        switch (token.Kind)
        {
            case ConllULineKind.Word:
                if (!int.TryParse(id, out int n) || n != expectedWord)
                    throw new TextKitFormatException("TK205", source, line, $"word ID '{id}' out of sequence: expected {expectedWord}.");
                expectedWord++;
                break;
            case ConllULineKind.MultiwordToken:
            {
                int dash = id.IndexOf('-');
                if (!int.TryParse(id.AsSpan(0, dash), out int first) || !int.TryParse(id.AsSpan(dash + 1), out int last) || last <= first)
                    throw new TextKitFormatException("TK206", source, line, $"invalid multiword-token range '{id}'.");
                if (first != expectedWord)
                    throw new TextKitFormatException("TK206", source, line, $"multiword-token range '{id}' must start at the next word ID {expectedWord}.");
                coveredUntil = Math.Max(coveredUntil, last);
                break;
            }
            case ConllULineKind.EmptyNode:
            {
                int dot = id.IndexOf('.');
                if (!int.TryParse(id.AsSpan(0, dot), out int after) || !int.TryParse(id.AsSpan(dot + 1), out int sub) || sub < 1 || after != expectedWord - 1)
                    throw new TextKitFormatException("TK207", source, line, $"invalid empty-node ID '{id}': expected {expectedWord - 1}.N after word {expectedWord - 1}.");
                break;
            }
        }
    }

    private static void Finish(ConllUSentence sentence, string source, long line, int coveredUntil)
    {
        int words = sentence.Lines.Count(t => t.Kind == ConllULineKind.Word);
        if (words == 0)
            throw new TextKitFormatException("TK208", source, sentence.SourceLine, "sentence has no word lines.");
        if (coveredUntil > words)
            throw new TextKitFormatException("TK206", source, sentence.SourceLine, $"a multiword-token range reaches word {coveredUntil} but the sentence has {words} words.");
    }
}

/// <summary>Writes sentences in CoNLL-U: comments, token lines, one blank line after each sentence ("\n" line ends).</summary>
public static class ConllUWriter
{
    public static void Write(TextWriter writer, IEnumerable<ConllUSentence> sentences)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var sentence in sentences)
        {
            foreach (var comment in sentence.Comments)
            {
                writer.Write(comment);
                writer.Write('\n');
            }
            foreach (var token in sentence.Lines)
            {
                writer.Write(token.ToString());
                writer.Write('\n');
            }
            writer.Write('\n');
        }
    }

    public static void WriteFile(string path, IEnumerable<ConllUSentence> sentences)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        Write(writer, sentences);
    }
}
