using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace TextKit.ML.DataView;

/// <summary>
/// Reads a headed TSV file into the input schema a saved model expects, and writes chosen columns of a data view as
/// TSV. Used by <c>textkit model apply</c> and by tests that compare outputs across processes, so number formats
/// round-trip exactly ("R") and vectors are written element by element.
/// </summary>
public static class DataViewTsv
{
    /// <summary>
    /// Loads <paramref name="path"/> (tab-separated, first line = column names) with one column per non-hidden
    /// scalar column of <paramref name="schema"/>, matched by header name.
    /// </summary>
    public static IDataView Load(MLContext mlContext, string path, DataViewSchema schema)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(schema);
        if (!File.Exists(path))
            throw new TextKitException("TK010", $"Input file '{path}' does not exist.");
        string? header;
        using (var reader = new StreamReader(path, Encoding.UTF8))
            header = reader.ReadLine();
        if (string.IsNullOrEmpty(header))
            throw new TextKitFormatException("TK011", path, 1, "empty file: expected a header line with column names.");
        var names = header.Split('\t');
        var columns = new List<TextLoader.Column>();
        foreach (var column in schema.Where(c => !c.IsHidden))
        {
            int index = Array.IndexOf(names, column.Name);
            if (index < 0)
                throw new TextKitFormatException("TK012", path, 1, $"the header lacks column '{column.Name}', which the model's input schema requires (header: {string.Join(", ", names)}).");
            columns.Add(new TextLoader.Column(column.Name, KindOf(column, path), index));
        }
        return mlContext.Data.LoadFromTextFile(path, new TextLoader.Options
        {
            Columns = columns.ToArray(),
            HasHeader = true,
            Separators = ['\t'],
            AllowQuoting = false,
            TrimWhitespace = false,
        });
    }

    private static DataKind KindOf(DataViewSchema.Column column, string path) => column.Type switch
    {
        TextDataViewType => DataKind.String,
        BooleanDataViewType => DataKind.Boolean,
        NumberDataViewType n when n.RawType == typeof(float) => DataKind.Single,
        NumberDataViewType n when n.RawType == typeof(double) => DataKind.Double,
        NumberDataViewType n when n.RawType == typeof(int) => DataKind.Int32,
        NumberDataViewType n when n.RawType == typeof(long) => DataKind.Int64,
        NumberDataViewType n when n.RawType == typeof(uint) => DataKind.UInt32,
        _ => throw new TextKitFormatException("TK013", path, 0, $"column '{column.Name}' has type {column.Type}, which TSV input does not support (text, boolean and numbers only)."),
    };

    /// <summary>Writes <paramref name="columns"/> of <paramref name="view"/> as TSV with a header line.</summary>
    public static void Write(IDataView view, TextWriter writer, IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(writer);
        var selected = columns.Select(name => view.Schema.GetColumnOrNull(name)
            ?? throw new TextKitException("TK014", $"Column '{name}' is not in the output. Columns: {string.Join(", ", view.Schema.Where(c => !c.IsHidden).Select(c => c.Name))}.")).ToArray();
        writer.Write(string.Join('\t', selected.Select(c => c.Name)));
        writer.Write('\n');
        using var cursor = view.GetRowCursor(selected);
        var formatters = selected.Select(c => MakeFormatter(cursor, c)).ToArray();
        var line = new StringBuilder();
        while (cursor.MoveNext())
        {
            line.Clear();
            for (int i = 0; i < formatters.Length; i++)
            {
                if (i > 0)
                    line.Append('\t');
                formatters[i](line);
            }
            line.Append('\n');
            writer.Write(line);
        }
    }

    private static Action<StringBuilder> MakeFormatter(DataViewRow row, DataViewSchema.Column column)
    {
        var type = column.Type;
        var itemType = type is VectorDataViewType v ? v.ItemType : type;
        return itemType.RawType switch
        {
            var t when t == typeof(ReadOnlyMemory<char>) => Make<ReadOnlyMemory<char>>(row, column, (sb, x) => Escape(sb, x.Span)),
            var t when t == typeof(float) => Make<float>(row, column, (sb, x) => sb.Append(x.ToString("R", CultureInfo.InvariantCulture))),
            var t when t == typeof(double) => Make<double>(row, column, (sb, x) => sb.Append(x.ToString("R", CultureInfo.InvariantCulture))),
            var t when t == typeof(bool) => Make<bool>(row, column, (sb, x) => sb.Append(x ? "true" : "false")),
            var t when t == typeof(int) => Make<int>(row, column, (sb, x) => sb.Append(x.ToString(CultureInfo.InvariantCulture))),
            var t when t == typeof(long) => Make<long>(row, column, (sb, x) => sb.Append(x.ToString(CultureInfo.InvariantCulture))),
            var t when t == typeof(uint) => MakeKeyOrUInt(row, column),
            _ => throw new TextKitException("TK015", $"Column '{column.Name}' has type {column.Type}, which TSV output does not support."),
        };
    }

    private static Action<StringBuilder> MakeKeyOrUInt(DataViewRow row, DataViewSchema.Column column)
    {
        // Keys print as their key value (e.g. the label text) when the column carries KeyValues, like ML.NET's own
        // MapKeyToValue would; a missing key (0) prints as empty.
        VBuffer<ReadOnlyMemory<char>> keyValues = default;
        bool hasKeyValues = column.Annotations.Schema.GetColumnOrNull("KeyValues") is { } kv && kv.Type is VectorDataViewType { ItemType: TextDataViewType };
        if (hasKeyValues)
            column.Annotations.GetValue("KeyValues", ref keyValues);
        var values = keyValues.DenseValues().Select(m => m.ToString()).ToArray();
        bool isKey = (column.Type is VectorDataViewType vt ? vt.ItemType : column.Type) is KeyDataViewType;
        return Make<uint>(row, column, (sb, x) =>
        {
            if (isKey && hasKeyValues)
            {
                if (x > 0 && x <= values.Length)
                    Escape(sb, values[x - 1]);
            }
            else
            {
                sb.Append(x.ToString(CultureInfo.InvariantCulture));
            }
        });
    }

    private static Action<StringBuilder> Make<T>(DataViewRow row, DataViewSchema.Column column, Action<StringBuilder, T> append)
    {
        if (column.Type is VectorDataViewType)
        {
            var getter = row.GetGetter<VBuffer<T>>(column);
            VBuffer<T> buffer = default;
            return sb =>
            {
                getter(ref buffer);
                bool first = true;
                foreach (var item in buffer.DenseValues())
                {
                    if (!first)
                        sb.Append(' ');
                    first = false;
                    append(sb, item);
                }
            };
        }
        var scalar = row.GetGetter<T>(column);
        T value = default!;
        return sb =>
        {
            scalar(ref value);
            append(sb, value);
        };
    }

    /// <summary>Backslash-escapes tab, newline, carriage return, space (vector separator) and backslash.</summary>
    private static void Escape(StringBuilder sb, ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\t': sb.Append("\\t"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case ' ': sb.Append("\\s"); break;
                default: sb.Append(c); break;
            }
        }
    }
}
