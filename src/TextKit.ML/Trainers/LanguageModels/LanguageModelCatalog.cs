using TextKit.LanguageModels;
using TextKit.ML.Trainers;

namespace TextKit.ML;

/// <summary>N-gram language models on <c>mlContext.TextKit().Trainers</c> and <c>.Transforms</c>.</summary>
public static class LanguageModelCatalog
{
    /// <summary>
    /// Trains an n-gram language model on a token-vector column (one sentence per row); the fitted transformer adds
    /// log10 probability, perplexity and OOV-rate columns.
    /// </summary>
    /// <param name="catalog">The trainers catalog.</param>
    /// <param name="inputColumnName">The token column (vector of text).</param>
    /// <param name="order">N-gram order, 1 to 5.</param>
    /// <param name="smoothing">Smoothing method.</param>
    /// <param name="minCount">Tokens seen fewer times become the unknown word.</param>
    public static NgramLanguageModelTrainer TrainNgramLanguageModel(this TextKitTrainers catalog,
        string inputColumnName = NgramLanguageModelTrainer.Defaults.InputColumnName, int order = NgramLanguageModelTrainer.Defaults.Order,
        Smoothing smoothing = Smoothing.ModifiedKneserNey, int minCount = 1)
        => TrainNgramLanguageModel(catalog, new NgramLanguageModelTrainer.Options
        {
            InputColumnName = inputColumnName,
            Order = order,
            Smoothing = smoothing,
            MinCount = minCount,
        });

    /// <summary>Trains an n-gram language model with all options.</summary>
    public static NgramLanguageModelTrainer TrainNgramLanguageModel(this TextKitTrainers catalog, NgramLanguageModelTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new NgramLanguageModelTrainer(options);
    }

    /// <summary>
    /// Adds the features of an existing language model (trained, or loaded with <see cref="NgramLanguageModel.Load(string, LmPrecision)"/>)
    /// to a token-vector column: <c>{prefix}Log10Probability</c>, <c>{prefix}Perplexity</c>, <c>{prefix}OovRate</c>.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="model">The language model.</param>
    /// <param name="inputColumnName">The token column (vector of text).</param>
    /// <param name="outputColumnPrefix">Prefix of the three output column names.</param>
    public static NgramLanguageModelScorer ScoreWithLanguageModel(this TextKitTransforms catalog, NgramLanguageModel model,
        string inputColumnName = NgramLanguageModelTrainer.Defaults.InputColumnName, string outputColumnPrefix = "Lm")
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(outputColumnPrefix);
        return new NgramLanguageModelScorer(model, new NgramLanguageModelTransformer.Columns(inputColumnName,
            outputColumnPrefix + "Log10Probability", outputColumnPrefix + "Perplexity", outputColumnPrefix + "OovRate"));
    }
}
