using System.Text;

namespace TextKit.Corpora;

/// <summary>One record of a delimited file: its fields and the 1-based line where it starts.</summary>
public readonly record struct DelimitedRecord(string[] Fields, long Line);

/// <summary>
/// RFC 4180 records from CSV or TSV text: a field that starts with '"' is quoted and may contain the separator, line
/// breaks and doubled quotes (""); a quote inside an unquoted field is kept as a literal character (lenient, as
/// Python's csv module). Errors (file:line): TK231 invalid UTF-8, TK235 an unterminated quoted field (reported at the
/// line where it starts) or text after a closing quote. Empty lines are skipped.
/// </summary>
public static class DelimitedReader
{
    /// <summary>Reads the records of <paramref name="path"/> lazily; "\n" or "\r\n" line ends.</summary>
    public static IEnumerable<DelimitedRecord> ReadFile(string path, char separator)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
            throw new TextKitException("TK230", $"File '{path}' does not exist.");
        return Iterate(path, separator);

        static IEnumerable<DelimitedRecord> Iterate(string path, char separator)
        {
            using var lines = LineSource.FromFile(path, "TK231");
            foreach (var r in Parse(lines, separator))
                yield return r;
        }
    }

    /// <summary>Reads records from <paramref name="reader"/>; <paramref name="source"/> names it in errors.</summary>
    public static IEnumerable<DelimitedRecord> Read(TextReader reader, char separator, string source = "<input>")
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Iterate(reader, separator, source);

        static IEnumerable<DelimitedRecord> Iterate(TextReader reader, char separator, string source)
        {
            using var lines = LineSource.FromReader(reader, source, "TK231");
            foreach (var r in Parse(lines, separator))
                yield return r;
        }
    }

    /// <summary>The separator for a file name: ',' for .csv, tab otherwise.</summary>
    public static char SeparatorFor(string path) => path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? ',' : '\t';

    internal static IEnumerable<DelimitedRecord> Parse(LineSource lines, char separator)
    {
        if (separator is '"' or '\n' or '\r')
            throw new ArgumentException("The separator cannot be a quote or a line break.", nameof(separator));
        var fields = new List<string>();
        var field = new StringBuilder();
        while (lines.ReadLine() is { } first)
        {
            if (first.Length == 0)
                continue;
            long startLine = lines.LineNumber;
            fields.Clear();
            var line = first;
            int pos = 0;
            while (true)
            {
                // At the start of a field.
                field.Clear();
                if (pos < line.Length && line[pos] == '"')
                {
                    long quoteLine = lines.LineNumber;
                    pos++;
                    while (true)
                    {
                        int q = line.IndexOf('"', pos);
                        if (q < 0)
                        {
                            field.Append(line, pos, line.Length - pos).Append('\n');
                            line = lines.ReadLine() ?? throw new TextKitFormatException("TK235", lines.Source, quoteLine,
                                "quoted field is never closed (missing '\"' before the end of the file).");
                            pos = 0;
                            continue;
                        }
                        field.Append(line, pos, q - pos);
                        if (q + 1 < line.Length && line[q + 1] == '"')
                        {
                            field.Append('"');
                            pos = q + 2;
                            continue;
                        }
                        pos = q + 1;
                        break;
                    }
                    if (pos < line.Length && line[pos] != separator)
                        throw new TextKitFormatException("TK235", lines.Source, lines.LineNumber,
                            $"unexpected '{line[pos]}' after a closing quote; a quote inside a quoted field must be doubled (\"\").");
                }
                else
                {
                    int end = line.IndexOf(separator, pos);
                    if (end < 0)
                        end = line.Length;
                    field.Append(line, pos, end - pos);
                    pos = end;
                }
                fields.Add(field.ToString());
                if (pos >= line.Length)
                    break;
                pos++; // separator
                if (pos == line.Length)
                {
                    fields.Add("");
                    break;
                }
            }
            yield return new DelimitedRecord(fields.ToArray(), startLine);
        }
    }
}

/// <summary>A labelled text (one row of a classification file).</summary>
public readonly record struct LabeledText(string Text, string Label, long Line);

/// <summary>Options of <see cref="ClassificationReader"/>.</summary>
public sealed class ClassificationReaderOptions
{
    /// <summary>Header name of the text column (default "text"; SST-2 uses "sentence").</summary>
    public string TextColumn { get; set; } = "text";

    /// <summary>Header name of the label column (default "label").</summary>
    public string LabelColumn { get; set; } = "label";

    /// <summary>Column separator; null picks ',' for *.csv and tab otherwise.</summary>
    public char? Separator { get; set; }

    /// <summary>Trim leading/trailing whitespace from the text (default true: SST-2 ends every sentence with a space).</summary>
    public bool TrimText { get; set; } = true;
}

/// <summary>
/// Reads TSV/CSV classification data: a header row naming the columns, then one row per example. Column names match
/// case-insensitively. Labels are trimmed; an empty label is an error. Errors (file:line): TK230 missing file, TK231
/// invalid UTF-8, TK232 empty file (no header), TK233 column not in the header, TK234 a row with a different number of
/// fields than the header, TK235 quoting, TK236 empty label.
/// </summary>
public static class ClassificationReader
{
    /// <summary>Reads <paramref name="path"/> lazily; the separator is ',' for *.csv and tab otherwise unless set.</summary>
    public static IEnumerable<LabeledText> ReadFile(string path, ClassificationReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new ClassificationReaderOptions();
        var separator = options.Separator ?? DelimitedReader.SeparatorFor(path);
        var records = DelimitedReader.ReadFile(path, separator);
        return FromRecords(records, path, options);
    }

    /// <summary>Reads from <paramref name="reader"/>; the separator is <see cref="ClassificationReaderOptions.Separator"/> or tab.</summary>
    public static IEnumerable<LabeledText> Read(TextReader reader, string source = "<input>", ClassificationReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        options ??= new ClassificationReaderOptions();
        return FromRecords(DelimitedReader.Read(reader, options.Separator ?? '\t', source), source, options);
    }

    /// <summary>Index of <paramref name="name"/> in <paramref name="header"/> (case-insensitive), or a TK233 error listing the columns.</summary>
    public static int ColumnIndex(string[] header, string name, string source)
    {
        for (int i = 0; i < header.Length; i++)
            if (string.Equals(header[i].Trim(), name, StringComparison.OrdinalIgnoreCase))
                return i;
        throw new TextKitFormatException("TK233", source, 1, $"no column named '{name}'; the header has: {string.Join(", ", header.Select(h => $"'{h}'"))}.");
    }

    private static IEnumerable<LabeledText> FromRecords(IEnumerable<DelimitedRecord> records, string source, ClassificationReaderOptions options)
    {
        using var e = records.GetEnumerator();
        if (!e.MoveNext())
            throw new TextKitFormatException("TK232", source, 0, "the file is empty; expected a header row naming the text and label columns.");
        var header = e.Current.Fields;
        int textIndex = ColumnIndex(header, options.TextColumn, source);
        int labelIndex = ColumnIndex(header, options.LabelColumn, source);
        while (e.MoveNext())
        {
            var record = e.Current;
            if (record.Fields.Length != header.Length)
                throw new TextKitFormatException("TK234", source, record.Line, $"found {record.Fields.Length} fields, but the header has {header.Length}.");
            var label = record.Fields[labelIndex].Trim();
            if (label.Length == 0)
                throw new TextKitFormatException("TK236", source, record.Line, $"the label ('{header[labelIndex]}') is empty.");
            var text = record.Fields[textIndex];
            yield return new LabeledText(options.TrimText ? text.Trim() : text, label, record.Line);
        }
    }
}
