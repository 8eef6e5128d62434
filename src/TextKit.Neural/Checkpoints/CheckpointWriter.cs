using System.Text.Json;
using System.Text.Json.Nodes;
using TextKit.Neural.Models;
using static TorchSharp.torch;

namespace TextKit.Neural.Checkpoints;

/// <summary>
/// Saves a model in the Hugging Face folder layout (<c>config.json</c> + <c>model.safetensors</c> with HF key names,
/// tied duplicates omitted as <c>save_pretrained</c> does) plus the tokenizer files of a source folder, so that
/// <c>AutoModel.from_pretrained(folder)</c> loads it in Python.
/// </summary>
public static class CheckpointWriter
{
    /// <summary>Tokenizer and generation files copied from the source folder when present.</summary>
    public static IReadOnlyList<string> TokenizerFiles { get; } =
    [
        "vocab.txt", "vocab.json", "merges.txt", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json",
        "added_tokens.json", "spiece.model", "sentencepiece.bpe.model", "generation_config.json",
    ];

    /// <summary>
    /// Writes <paramref name="model"/> to <paramref name="folder"/> (created if needed). <paramref name="tokenizerSource"/>
    /// is a folder whose tokenizer files are copied (null = none). The config's <c>architectures</c> is set from the
    /// model's task.
    /// </summary>
    public static void Save(TransformerModel model, string folder, string? tokenizerSource = null, WeightPrecision precision = WeightPrecision.Float32)
    {
        ArgumentNullException.ThrowIfNull(model);
        Directory.CreateDirectory(folder);
        var tied = model.TiedKeys;
        var state = model.state_dict()
            .Where(kv => !tied.ContainsKey(kv.Key))
            .ToDictionary(kv => kv.Key, kv => kv.Value);
        var stored = WeightStorage.Convert(state, precision);
        try
        {
            SafeTensors.Save(Path.Combine(folder, "model.safetensors"), stored, new Dictionary<string, string> { ["format"] = "pt" });
        }
        finally
        {
            WeightStorage.DisposeConverted(state, stored);
        }
        var config = model.Config.ToJson();
        config["architectures"] = new JsonArray(ArchitectureName(model));
        config["dtype"] = WeightStorage.ConfigName(precision);
        File.WriteAllText(Path.Combine(folder, "config.json"), config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        if (tokenizerSource is not null && Path.GetFullPath(tokenizerSource) != Path.GetFullPath(folder))
        {
            foreach (var file in TokenizerFiles)
            {
                var from = Path.Combine(tokenizerSource, file);
                if (File.Exists(from))
                    File.Copy(from, Path.Combine(folder, file), overwrite: true);
            }
        }
    }

    /// <summary>The HF class name for the model's type and task, e.g. <c>RobertaForSequenceClassification</c>.</summary>
    public static string ArchitectureName(TransformerModel model)
    {
        string family = model.Config.ModelType switch
        {
            "bert" => "Bert",
            "roberta" => "Roberta",
            "electra" => "Electra",
            "distilbert" => "DistilBert",
            "gpt2" => "GPT2",
            "t5" => "T5",
            var other => other,
        };
        return model.Task switch
        {
            ModelTask.Base => family + "Model",
            ModelTask.SequenceClassification => family + "ForSequenceClassification",
            ModelTask.TokenClassification => family + "ForTokenClassification",
            ModelTask.MaskedLM => family + "ForMaskedLM",
            ModelTask.CausalLM => family + "LMHeadModel",
            _ => family + "ForConditionalGeneration",
        };
    }
}
