using TextKit.ML.Trainers;
using TextKit.ML.Transforms;
using TextKit.Tagging;

namespace TextKit.ML;

/// <summary>Part-of-speech tagging verbs of <c>mlContext.TextKit()</c>.</summary>
public static class TaggingCatalog
{
    /// <summary>
    /// Tags the token column (one sentence per row) with <paramref name="model"/>, by default the shipped English EWT
    /// perceptron model: outputs "PredictedUpos", "PredictedXpos", "PredictedFeats" (vectors of text).
    /// </summary>
    public static TagPartsOfSpeechEstimator TagPartsOfSpeech(this TextKitTransforms catalog, string tokensColumnName = "Tokens", IPosTagger? model = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TagPartsOfSpeechEstimator(new TagPartsOfSpeechEstimator.Options { TokensColumnName = tokensColumnName, Model = model });
    }

    /// <summary>Tags the token column with the options' model and output column names.</summary>
    public static TagPartsOfSpeechEstimator TagPartsOfSpeech(this TextKitTransforms catalog, TagPartsOfSpeechEstimator.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TagPartsOfSpeechEstimator(options);
    }

    /// <summary>Trains an averaged-perceptron tagger on token + gold tag vector columns.</summary>
    public static PerceptronTaggerEstimator PerceptronTagger(this TextKitTrainers catalog, PerceptronTaggerEstimator.Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new PerceptronTaggerEstimator(options ?? new PerceptronTaggerEstimator.Options());
    }

    /// <summary>Trains a TnT-style trigram HMM tagger on token + gold UPOS/XPOS vector columns.</summary>
    public static HmmTaggerEstimator HmmTagger(this TextKitTrainers catalog, HmmTaggerEstimator.Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new HmmTaggerEstimator(options ?? new HmmTaggerEstimator.Options());
    }
}
