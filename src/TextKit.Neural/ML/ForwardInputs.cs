using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp;
using static TorchSharp.torch;

namespace TextKit.Neural.ML;

/// <summary>
/// Reads an <c>inputs.json</c> laid out like the HF reference fixtures (keys <c>input_ids</c>, <c>attention_mask</c>,
/// <c>token_type_ids</c>, <c>decoder_input_ids</c>: arrays of equal-length integer rows) into int64 tensors.
/// </summary>
public static class ForwardInputs
{
    /// <summary>The tensors present in the file (input_ids is required). Errors are TK342 naming the file and key.</summary>
    public static Dictionary<string, Tensor> Read(string path)
    {
        if (!File.Exists(path))
            throw new TextKitException("TK010", $"--inputs: file '{path}' does not exist.");
        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new TextKitFormatException("TK342", path, 0, "expected a JSON object with an 'input_ids' key.");
        }
        catch (JsonException e)
        {
            throw new TextKitFormatException("TK342", path, (e.LineNumber ?? -1) + 1, $"not valid JSON ({e.Message}).", e);
        }
        if (root["input_ids"] is null)
            throw new TextKitFormatException("TK342", path, 0, "the key 'input_ids' is missing.");
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var key in new[] { "input_ids", "attention_mask", "token_type_ids", "decoder_input_ids" })
        {
            if (root[key] is null)
                continue;
            result[key] = Matrix(root[key]!, key, path);
        }
        return result;
    }

    private static Tensor Matrix(JsonNode node, string key, string path)
    {
        if (node is not JsonArray rows || rows.Count == 0 || rows.Any(r => r is not JsonArray))
            throw new TextKitFormatException("TK342", path, 0, $"'{key}' must be a non-empty array of integer arrays (one per sequence).");
        int width = rows[0]!.AsArray().Count;
        var values = new long[rows.Count * width];
        for (int r = 0; r < rows.Count; r++)
        {
            var row = rows[r]!.AsArray();
            if (row.Count != width)
                throw new TextKitFormatException("TK342", path, 0, $"'{key}' row {r} has {row.Count} values but row 0 has {width}; pad every row to the same length.");
            for (int c = 0; c < width; c++)
            {
                if (row[c] is not JsonValue v || !v.TryGetValue<long>(out long x))
                    throw new TextKitFormatException("TK342", path, 0, $"'{key}'[{r}][{c}] is not an integer.");
                values[r * width + c] = x;
            }
        }
        return torch.tensor(values, [rows.Count, width]);
    }
}
