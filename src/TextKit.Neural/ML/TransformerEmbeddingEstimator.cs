using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.ML.DataView;
using TextKit.Neural.Checkpoints;
using TextKit.Neural.Models;
using TextKit.Neural.Tokenizers;

namespace TextKit.Neural.ML;

/// <summary>
/// Sentence embeddings from a Hugging Face transformer folder: text column → float vector of the model's hidden size.
/// </summary>
/// <remarks>
/// | Estimator characteristics | |
/// | -- | -- |
/// | Does this estimator need to look at the data to train its parameters? | No (the model is pretrained) |
/// | Input column data type | Text |
/// | Output column data type | Known-size vector of Single (hidden size) |
/// | Saved with | <c>TextKitModel.Save</c> (the artifact holds config, weights and tokenizer files) |
/// Created by <c>mlContext.TextKit().Transforms.ApplyTransformerEmbedding</c>.
/// </remarks>
public sealed class TransformerEmbeddingEstimator : TextKitEstimator<TransformerEmbeddingTransformer>
{
    /// <summary>Defaults shared with the catalog.</summary>
    public static class Defaults
    {
        /// <summary>Mean pooling.</summary>
        public const EmbeddingPooling Pooling = EmbeddingPooling.Mean;

        /// <summary>Rows per forward pass.</summary>
        public const int BatchSize = 32;
    }

    /// <summary>All options.</summary>
    public sealed class Options
    {
        /// <summary>Output column (vector of float).</summary>
        public string OutputColumnName { get; set; } = "Embedding";

        /// <summary>Input text column; null = <see cref="OutputColumnName"/>.</summary>
        public string? InputColumnName { get; set; }

        /// <summary>HF model folder (config.json, model.safetensors, tokenizer files).</summary>
        public string ModelFolder { get; set; } = "";

        /// <summary>Pooling of token vectors.</summary>
        public EmbeddingPooling Pooling { get; set; } = Defaults.Pooling;

        /// <summary>Rows per forward pass (each batch is padded to its longest row).</summary>
        public int BatchSize { get; set; } = Defaults.BatchSize;

        /// <summary>Maximum tokens per text; 0 = the model's maximum.</summary>
        public int MaxLength { get; set; }

        /// <summary>Texts longer than <see cref="MaxLength"/>: truncate with a warning (default) or fail (TK341).</summary>
        public LongTextHandling LongText { get; set; } = LongTextHandling.TruncateWithWarning;

        /// <summary>libtorch intra-op threads while embedding (process-wide setting); 0 = leave as is.</summary>
        public int ThreadCount { get; set; }
    }

    private readonly Options _options;
    private readonly Func<string, ITransformerTokenizer> _tokenizerFactory;

    internal TransformerEmbeddingEstimator(Options options, Func<string, ITransformerTokenizer>? tokenizerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.OutputColumnName))
            throw new ArgumentException("OutputColumnName must be set.", nameof(options));
        if (string.IsNullOrWhiteSpace(options.ModelFolder))
            throw new ArgumentException("ModelFolder must be set.", nameof(options));
        if (options.BatchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, "BatchSize must be at least 1.");
        if (options.MaxLength < 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxLength, "MaxLength must be 0 (model maximum) or positive.");
        if (options.ThreadCount < 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.ThreadCount, "ThreadCount must be 0 (unchanged) or positive.");
        if (!Enum.IsDefined(options.Pooling))
            throw new ArgumentOutOfRangeException(nameof(options), options.Pooling, "Unknown pooling.");
        _options = options;
        _tokenizerFactory = tokenizerFactory ?? TokenizerLoading.FromFolder;
    }

    private string InputColumn => _options.InputColumnName ?? _options.OutputColumnName;

    /// <inheritdoc />
    public override TransformerEmbeddingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(input.Schema);
        // Embeddings pool the sequence output, never the pooler: MLM checkpoints (no pooler) load too.
        var model = TransformerModels.Load(_options.ModelFolder, new LoadOptions { Task = ModelTask.Base, PoolerOptional = true });
        var tokenizer = _tokenizerFactory(_options.ModelFolder);
        var encoder = new TransformerEncoder(model, tokenizer, _options.Pooling, _options.MaxLength, _options.LongText);
        return new TransformerEmbeddingTransformer(_options.OutputColumnName, InputColumn, _options.BatchSize, _options.ThreadCount, encoder, _options.ModelFolder);
    }

    /// <inheritdoc />
    protected override DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        SchemaChecks.RequireColumn(inputSchema, InputColumn, SchemaChecks.IsText, "Text");
        var config = ModelConfig.Load(Path.Combine(_options.ModelFolder, "config.json"));
        int hidden = config.GetIntOrNull("hidden_size", "dim", "n_embd", "d_model") ?? throw new TextKitModelException("TK311", $"{config.Source}: no hidden size field.");
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        builder.AddColumn(_options.OutputColumnName, new VectorDataViewType(NumberDataViewType.Single, hidden));
        return builder.ToSchema();
    }
}
