using TextKit.Neural.Checkpoints;
using TextKit.Neural.Models.Bert;
using TextKit.Neural.Models.DistilBert;
using TextKit.Neural.Models.Gpt2;
using TextKit.Neural.Models.T5;
using TorchSharp;
using static TorchSharp.torch;

namespace TextKit.Neural.Models;

/// <summary>Options of <see cref="TransformerModels.Load(string, LoadOptions?)"/>.</summary>
public sealed class LoadOptions
{
    /// <summary>The head to build; null = the one <c>architectures</c> in config.json names (Base when absent).</summary>
    public ModelTask? Task { get; set; }

    /// <summary>Fail (TK330) on any missing or unexpected weight. When false, missing weights are initialised as HF does.</summary>
    public bool Strict { get; set; } = true;

    /// <summary>Seed for initialising missing weights (non-strict loads).</summary>
    public int? Seed { get; set; }

    /// <summary>Override of <c>num_labels</c> (e.g. a new classification head on a pretrained encoder; needs Strict = false).</summary>
    public int? NumLabels { get; set; }

    /// <summary>
    /// Even when strict, initialise a missing pooler (<c>*.pooler.*</c>) instead of failing. Masked-LM checkpoints
    /// (HF BertForMaskedLM, TextKit's own BERT) have no pooler; callers that never read <c>PoolerOutput</c> (sequence
    /// embeddings with Cls/Mean/Max pooling) can load them as a Base model. The key is still listed in the report.
    /// </summary>
    public bool PoolerOptional { get; set; }
}

/// <summary>
/// Builds TextKit models from Hugging Face configs and loads HF model folders (config.json + model.safetensors, sharded
/// model.safetensors.index.json, or pytorch_model.bin through TorchSharp.PyBridge).
/// </summary>
public static class TransformerModels
{
    /// <summary>The <c>model_type</c> values TextKit builds.</summary>
    public static IReadOnlyList<string> SupportedModelTypes { get; } = ["bert", "roberta", "electra", "distilbert", "gpt2", "t5"];

    /// <summary>The task an HF architecture name implies (e.g. BertForSequenceClassification → SequenceClassification).</summary>
    public static ModelTask TaskOf(ModelConfig config)
    {
        var arch = config.Architecture;
        if (arch is null)
            return config.ModelType switch { "gpt2" => ModelTask.CausalLM, "t5" => ModelTask.Seq2SeqLM, _ => ModelTask.Base };
        if (arch.EndsWith("ForSequenceClassification", StringComparison.Ordinal))
            return ModelTask.SequenceClassification;
        if (arch.EndsWith("ForTokenClassification", StringComparison.Ordinal))
            return ModelTask.TokenClassification;
        if (arch.EndsWith("ForMaskedLM", StringComparison.Ordinal))
            return ModelTask.MaskedLM;
        if (arch.EndsWith("LMHeadModel", StringComparison.Ordinal) || arch.EndsWith("ForCausalLM", StringComparison.Ordinal))
            return ModelTask.CausalLM;
        if (arch.EndsWith("ForConditionalGeneration", StringComparison.Ordinal))
            return ModelTask.Seq2SeqLM;
        // ELECTRA's discriminator: the encoder (its replaced-token head is not a TextKit task; load with Strict = false).
        if (arch == "ElectraForPreTraining")
            return ModelTask.Base;
        if (arch.EndsWith("Model", StringComparison.Ordinal))
            return config.ModelType == "t5" ? ModelTask.Seq2SeqLM : ModelTask.Base;
        throw new TextKitModelException("TK312", $"{config.Source}: architecture '{arch}' is not supported. TextKit builds Base, ForSequenceClassification, ForTokenClassification, ForMaskedLM, LMHeadModel (GPT-2) and ForConditionalGeneration (T5) models.");
    }

    /// <summary>Creates a randomly initialised model for <paramref name="config"/> (weights as TorchSharp initialises them).</summary>
    public static TransformerModel Create(ModelConfig config, ModelTask? task = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        TorchRuntime.EnsureInitialized();
        var t = task ?? TaskOf(config);
        string type = config.ModelType;
        return type switch
        {
            "bert" => new BertFamilyModel(config, BertFamily.Bert, t),
            "roberta" => new BertFamilyModel(config, BertFamily.Roberta, t),
            "electra" => new BertFamilyModel(config, BertFamily.Electra, t),
            "distilbert" => new DistilBertFamilyModel(config, t),
            "gpt2" => new Gpt2Model(config, t),
            "t5" => new T5Model(config, t),
            _ => throw new TextKitModelException("TK312", $"{config.Source}: model_type '{type}' is not supported (supported: {string.Join(", ", SupportedModelTypes)})."),
        };
    }

    /// <summary>Loads a HF model folder; see <see cref="LoadOptions"/>.</summary>
    public static TransformerModel Load(string folder, LoadOptions? options = null) => Load(folder, options, out _);

    /// <summary>Loads a HF model folder and reports what normalisation did.</summary>
    public static TransformerModel Load(string folder, LoadOptions? options, out LoadReport report)
    {
        options ??= new LoadOptions();
        TorchRuntime.EnsureInitialized();
        if (!Directory.Exists(folder))
            throw new TextKitModelException("TK310", $"Model folder '{folder}' does not exist.");
        var config = ModelConfig.Load(Path.Combine(folder, "config.json"));
        if (options.NumLabels is int n)
        {
            if (n < 1)
                throw new ArgumentOutOfRangeException(nameof(options), "NumLabels must be at least 1.");
            config = config.With(new Dictionary<string, System.Text.Json.Nodes.JsonNode?> { ["num_labels"] = n, ["id2label"] = null, ["label2id"] = null });
        }
        var weights = WeightFiles.Read(folder);
        var model = Create(config, options.Task);
        try
        {
            report = CheckpointLoader.Load(model, weights.Tensors, options.Strict, weights.Source, options.Seed,
                options.PoolerOptional ? key => key.Contains(".pooler.", StringComparison.Ordinal) || key.StartsWith("pooler.", StringComparison.Ordinal) : null);
            foreach (var d in weights.DTypes)
                report.SourceDTypes.Add(d);
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
}
