using System.Text.Json.Nodes;
using TextKit.Neural.Checkpoints;
using TextKit.Neural.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace TextKit.Neural.ML.Training;

/// <summary>Loads a checkpoint folder as a task model for fine-tuning with a given label set.</summary>
internal static class FineTuneModels
{
    /// <summary>
    /// Builds a <paramref name="task"/> model whose config names <paramref name="labels"/> (id2label/label2id,
    /// num_labels) and loads every weight of <paramref name="folder"/> that fits. A head whose shape does not match the
    /// label count (or a missing head, e.g. from a base or MLM checkpoint) is initialised as HF does, seeded.
    /// </summary>
    public static TransformerModel Load(string folder, ModelTask task, IReadOnlyList<string> labels, int seed, out LoadReport report)
    {
        TorchRuntime.EnsureInitialized();
        if (!Directory.Exists(folder))
            throw new TextKitModelException("TK310", $"Model folder '{folder}' does not exist.");
        var id2label = new JsonObject();
        var label2id = new JsonObject();
        for (int i = 0; i < labels.Count; i++)
        {
            id2label[i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = labels[i];
            label2id[labels[i]] = Number(i);
        }
        var config = ModelConfig.Load(Path.Combine(folder, "config.json")).With(new Dictionary<string, JsonNode?>
        {
            ["num_labels"] = Number(labels.Count),
            ["id2label"] = id2label,
            ["label2id"] = label2id,
        });
        // Parameters are either loaded or initialised by CheckpointLoader with its own seeded generator, so creation's
        // default random init (global generator) does not affect the result.
        var model = TransformerModels.Create(config, task);
        var weights = WeightFiles.Read(folder);
        try
        {
            var targets = model.state_dict();
            var tied = model.TiedKeys;
            var modelKeys = new HashSet<string>(targets.Keys.Where(k => !tied.ContainsKey(k)), StringComparer.Ordinal);
            var map = CheckpointLoader.NormalizeKeys(model, weights.Tensors.Keys, modelKeys, new LoadReport());
            // Tensors mapped to a parameter of another shape are old heads (another label count): leave them out so
            // that the parameter is initialised instead of failing the load.
            var usable = weights.Tensors
                .Where(kv => !map.TryGetValue(kv.Key, out var to) || to is null || to.StartsWith('?') || kv.Value.shape.SequenceEqual(targets[to].shape))
                .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            report = CheckpointLoader.Load(model, usable, strict: false, weights.Source, seed);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        finally
        {
            foreach (var t in weights.Tensors.Values)
                t.Dispose();
        }
        model.eval();
        return model;
    }

    // A parsed number (not a boxed int), which ModelConfig's typed accessors read like any config.json value.
    private static JsonNode Number(int value) => JsonNode.Parse(value.ToString(System.Globalization.CultureInfo.InvariantCulture))!;

    /// <summary>Writes the model (HF layout) and the tokenizer files of <paramref name="tokenizerFolder"/> into the artifact.</summary>
    public static void WriteArtifact(TextKit.ML.Persistence.ArtifactWriter writer, TransformerModel model, string tokenizerFolder)
    {
        var staging = Path.Combine(Path.GetTempPath(), "textkit-save", Guid.NewGuid().ToString("N"));
        try
        {
            CheckpointWriter.Save(model, staging, tokenizerFolder);
            ModelFolderArtifact.Write(writer, staging);
        }
        finally
        {
            if (Directory.Exists(staging))
                Directory.Delete(staging, recursive: true);
        }
    }
}
