using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.ML.DataView;
using TextKit.Tagging;

namespace TextKit.ML.Trainers;

/// <summary>Reads annotated sentences (token vector + aligned tag vectors per row) from an <see cref="IDataView"/>.</summary>
internal static class TaggerTrainingData
{
    public static DataViewSchema.Column[] CheckInput(DataViewSchema schema, string tokens, string? upos, string? xpos, string? feats)
    {
        var columns = new List<DataViewSchema.Column> { SchemaChecks.RequireColumn(schema, tokens, SchemaChecks.IsTextVector, "vector of Text (tokens)") };
        if (upos is not null)
            columns.Add(SchemaChecks.RequireColumn(schema, upos, SchemaChecks.IsTextVector, "vector of Text (gold UPOS, one per token)"));
        if (xpos is not null)
            columns.Add(SchemaChecks.RequireColumn(schema, xpos, SchemaChecks.IsTextVector, "vector of Text (gold XPOS, one per token)"));
        if (feats is not null)
            columns.Add(SchemaChecks.RequireColumn(schema, feats, SchemaChecks.IsTextVector, "vector of Text (gold FEATS, one per token)"));
        return columns.ToArray();
    }

    public static TagLayers Layers(string? upos, string? xpos, string? feats)
        => (upos is null ? 0 : TagLayers.Upos) | (xpos is null ? 0 : TagLayers.Xpos) | (feats is null ? 0 : TagLayers.Feats);

    public static List<AnnotatedSentence> Read(IDataView input, DataViewSchema.Column[] columns, TagLayers layers)
    {
        var result = new List<AnnotatedSentence>();
        using var cursor = input.GetRowCursor(columns);
        var getters = columns.Select(c => cursor.GetGetter<VBuffer<ReadOnlyMemory<char>>>(c)).ToArray();
        var buffer = default(VBuffer<ReadOnlyMemory<char>>);
        while (cursor.MoveNext())
        {
            var values = new string[columns.Length][];
            for (int i = 0; i < columns.Length; i++)
            {
                getters[i](ref buffer);
                values[i] = buffer.DenseValues().Select(m => m.ToString()).ToArray();
                if (values[i].Length != values[0].Length)
                    throw new TextKitException("TK626", $"Training row {cursor.Position}: column '{columns[0].Name}' has {values[0].Length} tokens but '{columns[i].Name}' has {values[i].Length} values; every tag column needs one value per token.");
            }
            int next = 1;
            var upos = (layers & TagLayers.Upos) != 0 ? values[next++] : null;
            var xpos = (layers & TagLayers.Xpos) != 0 ? values[next++] : null;
            var feats = (layers & TagLayers.Feats) != 0 ? values[next] : null;
            result.Add(new AnnotatedSentence(values[0], upos, xpos, feats, $"training row {cursor.Position}"));
        }
        return result;
    }
}
