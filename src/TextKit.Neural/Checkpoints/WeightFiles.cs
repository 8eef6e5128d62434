using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace TextKit.Neural.Checkpoints;

/// <summary>The weights of a HF model folder, read into float32 tensors.</summary>
public sealed record WeightSet(Dictionary<string, Tensor> Tensors, string Source, IReadOnlySet<string> DTypes);

/// <summary>
/// Finds and reads the weight files of a HF model folder: <c>model.safetensors</c>, a sharded
/// <c>model.safetensors.index.json</c>, or (without safetensors) <c>pytorch_model.bin</c>.
/// </summary>
public static class WeightFiles
{
    /// <summary>Reads all weights of <paramref name="folder"/> (TK310 when there are none).</summary>
    public static WeightSet Read(string folder)
    {
        var single = Path.Combine(folder, "model.safetensors");
        var index = Path.Combine(folder, "model.safetensors.index.json");
        var bin = Path.Combine(folder, "pytorch_model.bin");
        if (File.Exists(single))
            return new WeightSet(SafeTensors.Load(single), single, DTypesOf(single));
        if (File.Exists(index))
            return ReadSharded(folder, index);
        if (File.Exists(bin))
            return PyTorchBin.Read(bin);
        throw new TextKitModelException("TK310", $"Model folder '{folder}' has no weights: expected model.safetensors, model.safetensors.index.json or pytorch_model.bin.");
    }

    private static HashSet<string> DTypesOf(string path) => SafeTensors.ReadHeader(path).Tensors.Select(t => t.DType).ToHashSet();

    private static WeightSet ReadSharded(string folder, string index)
    {
        JsonObject map;
        try
        {
            map = JsonNode.Parse(File.ReadAllText(index))?["weight_map"] as JsonObject
                ?? throw new TextKitModelException("TK321", $"{index}: no 'weight_map' object.");
        }
        catch (JsonException e)
        {
            throw new TextKitModelException("TK321", $"{index}: not valid JSON ({e.Message}).", e);
        }
        var all = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var dtypes = new HashSet<string>();
        foreach (var file in map.Select(kv => kv.Value?.ToString()).Where(f => f is not null).Distinct())
        {
            var path = Path.Combine(folder, file!);
            if (file!.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(file))
                throw new TextKitModelException("TK321", $"{index}: shard name '{file}' escapes the model folder.");
            foreach (var (k, v) in SafeTensors.Load(path))
                all[k] = v;
            dtypes.UnionWith(DTypesOf(path));
        }
        return new WeightSet(all, index, dtypes);
    }
}
