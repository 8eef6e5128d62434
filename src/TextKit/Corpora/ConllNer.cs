using System.Text;

namespace TextKit.Corpora;

/// <summary>One sentence of a token-per-line CoNLL NER file.</summary>
public sealed class NerSentence
{
    public NerSentence(string[] tokens, string[] tags, string[][]? middleColumns = null)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(tags);
        if (tokens.Length != tags.Length)
            throw new ArgumentException($"{tokens.Length} tokens but {tags.Length} tags.", nameof(tags));
        if (middleColumns is not null && middleColumns.Length != tokens.Length)
            throw new ArgumentException($"{tokens.Length} tokens but {middleColumns.Length} rows of middle columns.", nameof(middleColumns));
        Tokens = tokens;
        Tags = tags;
        MiddleColumns = middleColumns;
    }

    /// <summary>The tokens (first column). A token may be empty (the BTC corpus has a few empty token fields).</summary>
    public string[] Tokens { get; }

    /// <summary>One tag per token (last column); mutable so a tagger can fill it.</summary>
    public string[] Tags { get; }

    /// <summary>Per token, the columns between token and tag (e.g. POS and chunk in CoNLL-2003), or null when the file has two columns.</summary>
    public string[][]? MiddleColumns { get; }

    /// <summary>Number of tokens.</summary>
    public int Count => Tokens.Length;

    /// <summary>True when a <c>-DOCSTART-</c> line precedes this sentence.</summary>
    public bool StartsDocument { get; init; }

    /// <summary>1-based line of the sentence's first token (token i is on line SourceLine + i); 0 when built in memory.</summary>
    public long SourceLine { get; init; }

    /// <summary>The entities of this sentence under <paramref name="scheme"/>.</summary>
    public List<EntitySpan> Entities(TagScheme scheme) => EntityTags.ToSpans(Tags, scheme);
}

/// <summary>Options of <see cref="ConllNerReader"/>.</summary>
public sealed class ConllNerReaderOptions
{
    /// <summary>The tag scheme the file uses (default IOB2). Tags outside it are a TK224 error.</summary>
    public TagScheme Scheme { get; set; } = TagScheme.Iob2;

    /// <summary>What to do with a transition the scheme forbids, e.g. I-X after O in IOB2 (default: error).</summary>
    public InvalidTagHandling InvalidTags { get; set; } = InvalidTagHandling.Error;

    /// <summary>Convert tags to this scheme after reading (null: keep the file's scheme).</summary>
    public TagScheme? ConvertTo { get; set; }
}

/// <summary>
/// Streaming reader for token-per-line CoNLL NER files (CoNLL-2002/2003, BTC, WNUT): one token per line, token in
/// the first column and tag in the last, optional columns in between; columns separated by tabs (when the line has a
/// tab) or by runs of spaces. Blank or whitespace-only lines end a sentence; a line whose first field is
/// <c>-DOCSTART-</c> ends the sentence and marks the next one <see cref="NerSentence.StartsDocument"/>. An empty token
/// field (a line starting with a tab, as in BTC) is kept as an empty token. Every token line of a file must have the
/// same number of columns. Errors (file:line): TK220 missing file, TK221 invalid UTF-8, TK222 fewer than two columns
/// or an empty tag, TK223 column count differs from the file's first token line, TK224 tag not in the scheme, TK225 a
/// forbidden transition (with <see cref="InvalidTagHandling.Error"/>).
/// </summary>
public static class ConllNerReader
{
    /// <summary>The document separator token.</summary>
    public const string DocStart = "-DOCSTART-";

    /// <summary>Reads every sentence of <paramref name="path"/> lazily.</summary>
    public static IEnumerable<NerSentence> ReadFile(string path, ConllNerReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
            throw new TextKitException("TK220", $"CoNLL NER file '{path}' does not exist.");
        options ??= new ConllNerReaderOptions();
        return Iterate(path, options);

        static IEnumerable<NerSentence> Iterate(string path, ConllNerReaderOptions options)
        {
            using var lines = LineSource.FromFile(path, "TK221");
            foreach (var s in Parse(lines, options))
                yield return s;
        }
    }

    /// <summary>Reads sentences from <paramref name="reader"/>; <paramref name="source"/> names it in errors.</summary>
    public static IEnumerable<NerSentence> Read(TextReader reader, string source = "<input>", ConllNerReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        options ??= new ConllNerReaderOptions();
        return Iterate(reader, source, options);

        static IEnumerable<NerSentence> Iterate(TextReader reader, string source, ConllNerReaderOptions options)
        {
            using var lines = LineSource.FromReader(reader, source, "TK221");
            foreach (var s in Parse(lines, options))
                yield return s;
        }
    }

    private static IEnumerable<NerSentence> Parse(LineSource lines, ConllNerReaderOptions options)
    {
        var tokens = new List<string>();
        var tags = new List<string>();
        var middle = new List<string[]>();
        long firstLine = 0;
        int columnCount = -1;
        long columnCountLine = 0;
        bool docStartPending = false;

        NerSentence Flush()
        {
            var sentence = new NerSentence(tokens.ToArray(), tags.ToArray(), columnCount > 2 ? middle.ToArray() : null)
            {
                StartsDocument = docStartPending,
                SourceLine = firstLine,
            };
            tokens.Clear();
            tags.Clear();
            middle.Clear();
            docStartPending = false;
            Finish(sentence, lines.Source, options);
            return sentence;
        }

        while (lines.ReadLine() is { } line)
        {
            var content = line.TrimEnd(' ', '\t', '\r', '\f', '\v');
            if (content.Trim().Length == 0)
            {
                if (tokens.Count > 0)
                    yield return Flush();
                continue;
            }
            var fields = content.Contains('\t') ? content.Split('\t') : content.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields[0] == DocStart)
            {
                if (tokens.Count > 0)
                    yield return Flush();
                docStartPending = true;
                continue;
            }
            if (fields.Length < 2)
                throw new TextKitFormatException("TK222", lines.Source, lines.LineNumber, "expected a token and a tag separated by a tab or spaces, found one field.");
            if (columnCount < 0)
            {
                columnCount = fields.Length;
                columnCountLine = lines.LineNumber;
            }
            else if (fields.Length != columnCount)
            {
                throw new TextKitFormatException("TK223", lines.Source, lines.LineNumber,
                    $"found {fields.Length} columns, but line {columnCountLine} has {columnCount}; every token line must have the same columns.");
            }
            var tag = fields[^1];
            if (tag.Length == 0)
                throw new TextKitFormatException("TK222", lines.Source, lines.LineNumber, "the tag (last column) is empty.");
            if (!EntityTags.TryParse(tag, options.Scheme, out _, out _))
                throw new TextKitFormatException("TK224", lines.Source, lines.LineNumber, EntityTags.InvalidTagMessage(tag, options.Scheme));
            if (tokens.Count == 0)
                firstLine = lines.LineNumber;
            tokens.Add(fields[0]);
            tags.Add(tag);
            if (fields.Length > 2)
                middle.Add(fields[1..^1]);
        }
        if (tokens.Count > 0)
            yield return Flush();
    }

    private static void Finish(NerSentence sentence, string source, ConllNerReaderOptions options)
    {
        if (options.InvalidTags != InvalidTagHandling.Keep)
        {
            int bad = EntityTags.FindInvalidTransition(sentence.Tags, options.Scheme);
            if (bad >= 0)
            {
                if (options.InvalidTags == InvalidTagHandling.Error)
                {
                    var previous = bad > 0 ? sentence.Tags[bad - 1] : "the sentence start";
                    throw new TextKitFormatException("TK225", source, sentence.SourceLine + bad,
                        $"tag '{sentence.Tags[bad]}' after '{previous}' is not a valid {options.Scheme} sequence. " +
                        "Fix the file, or read it with InvalidTags = Repair (rewrite to the entities conlleval sees) or Keep.");
                }
                EntityTags.Repair(sentence.Tags, options.Scheme).CopyTo(sentence.Tags, 0);
            }
        }
        if (options.ConvertTo is { } target && target != options.Scheme)
            EntityTags.Convert(sentence.Tags, options.Scheme, target).CopyTo(sentence.Tags, 0);
    }
}

/// <summary>Writes NER sentences token-per-line: token, middle columns, tag; a blank line after each sentence.</summary>
public static class ConllNerWriter
{
    /// <summary>
    /// Writes <paramref name="sentences"/> with <paramref name="separator"/> between columns ("\n" line ends). A sentence
    /// with <see cref="NerSentence.StartsDocument"/> is preceded by a <c>-DOCSTART-</c> line (with <c>-X-</c> middle
    /// columns and tag O, as in CoNLL-2003) and a blank line.
    /// </summary>
    public static void Write(TextWriter writer, IEnumerable<NerSentence> sentences, char separator = '\t')
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(sentences);
        foreach (var sentence in sentences)
        {
            int middleCount = sentence.MiddleColumns is { Length: > 0 } m ? m[0].Length : 0;
            if (sentence.StartsDocument)
            {
                writer.Write(ConllNerReader.DocStart);
                for (int c = 0; c < middleCount; c++)
                {
                    writer.Write(separator);
                    writer.Write("-X-");
                }
                writer.Write(separator);
                writer.Write("O\n\n");
            }
            for (int i = 0; i < sentence.Count; i++)
            {
                var token = sentence.Tokens[i];
                if (separator != '\t' && (token.Length == 0 || token.Contains(separator)))
                    throw new TextKitException("TK226", $"token {i + 1} '{token}' cannot be written with separator '{separator}'; use a tab.");
                writer.Write(token);
                if (sentence.MiddleColumns is { } middle)
                {
                    foreach (var column in middle[i])
                    {
                        writer.Write(separator);
                        writer.Write(column);
                    }
                }
                writer.Write(separator);
                writer.Write(sentence.Tags[i]);
                writer.Write('\n');
            }
            writer.Write('\n');
        }
    }

    /// <summary>Writes a UTF-8 file (no BOM).</summary>
    public static void WriteFile(string path, IEnumerable<NerSentence> sentences, char separator = '\t')
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        Write(writer, sentences, separator);
    }
}
