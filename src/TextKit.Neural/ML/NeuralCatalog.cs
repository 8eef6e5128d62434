using TextKit.ML;
using TextKit.Neural.ML;

namespace TextKit.ML;

/// <summary>Neural transforms on <c>mlContext.TextKit().Transforms</c>.</summary>
public static class NeuralCatalog
{
    /// <summary>
    /// Embeds the text column with a Hugging Face transformer folder (BERT, RoBERTa, ELECTRA, DistilBERT, GPT-2, T5
    /// encoder): one float vector of the model's hidden size per row, for any ML.NET trainer.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Output vector column.</param>
    /// <param name="inputColumnName">Input text column; null = <paramref name="outputColumnName"/>.</param>
    /// <param name="modelFolder">HF model folder (config.json, model.safetensors, tokenizer files).</param>
    /// <param name="pooling">Cls, Mean (default) or Max.</param>
    public static TransformerEmbeddingEstimator ApplyTransformerEmbedding(this TextKitTransforms catalog, string outputColumnName,
        string? inputColumnName, string modelFolder, EmbeddingPooling pooling = TransformerEmbeddingEstimator.Defaults.Pooling)
        => ApplyTransformerEmbedding(catalog, new TransformerEmbeddingEstimator.Options
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            ModelFolder = modelFolder,
            Pooling = pooling,
        });

    /// <summary>Embeds a text column with all options (batch size, max length, long-text handling, threads).</summary>
    public static TransformerEmbeddingEstimator ApplyTransformerEmbedding(this TextKitTransforms catalog, TransformerEmbeddingEstimator.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TransformerEmbeddingEstimator(options);
    }

    /// <summary>
    /// Tokenizes a text column into fixed-length <c>input_ids</c>, <c>attention_mask</c> and <c>token_type_ids</c> (int64)
    /// for an ONNX-exported transformer; follow with <c>mlContext.Transforms.ApplyOnnxModel</c>.
    /// </summary>
    public static TransformerTokenizeEstimator TokenizeForTransformer(this TextKitTransforms catalog, string inputColumnName, string tokenizerFolder, int maxLength = 128, string columnPrefix = "")
        => TokenizeForTransformer(catalog, new TransformerTokenizeEstimator.Options
        {
            InputColumnName = inputColumnName,
            TokenizerFolder = tokenizerFolder,
            MaxLength = maxLength,
            ColumnPrefix = columnPrefix,
        });

    /// <summary>Tokenizes for an ONNX transformer with all options.</summary>
    public static TransformerTokenizeEstimator TokenizeForTransformer(this TextKitTransforms catalog, TransformerTokenizeEstimator.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TransformerTokenizeEstimator(options);
    }
}
