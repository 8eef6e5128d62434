using System.Text.Json.Nodes;
using TextKit.Neural.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace TextKit.Neural.Tests.TestSupport;

/// <summary>Access to the copied HF reference fixtures (Fixtures/hf-tiny, see SOURCE.md there).</summary>
internal static class Fixtures
{
    public static string Folder(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "hf-tiny", name);
        Assert.True(Directory.Exists(path), $"fixture folder {path} is missing");
        return path;
    }

    public static JsonObject Inputs(string name) => (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(Folder(name), "inputs.json")))!;

    /// <summary>An int64 [rows, cols] tensor from a JSON array of arrays.</summary>
    public static Tensor Ids(JsonNode? node)
    {
        var rows = ((JsonArray)node!).Select(r => ((JsonArray)r!).Select(v => v!.GetValue<long>()).ToArray()).ToArray();
        int cols = rows[0].Length;
        return torch.tensor(rows.SelectMany(r => r).ToArray(), [rows.Length, cols]);
    }

    public static Dictionary<string, Tensor> Reference(string name, string file = "reference.safetensors")
        => SafeTensors.Load(Path.Combine(Folder(name), file));

    public static double MaxAbsDiff(Tensor a, Tensor b)
    {
        Assert.Equal(b.shape, a.shape);
        using var diff = (a - b).abs().max();
        return diff.ToDouble();
    }

    public static void AssertClose(Tensor expected, Tensor actual, double tolerance, string what)
    {
        double diff = MaxAbsDiff(actual, expected);
        Assert.True(diff <= tolerance, $"{what}: max |diff| = {diff:E3} > {tolerance:E1}");
    }

    public static string TempFolder()
    {
        var path = Path.Combine(Path.GetTempPath(), "textkit-neural-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
