using Microsoft.ML;
using Microsoft.ML.Data;

namespace TextKit.ML.Tests.TestSupport;

/// <summary>A pipeline mixing ML.NET built-ins (FeaturizeText, MapValueToKey, SDCA) with a stateful TextKit transform.</summary>
public static class MixedPipeline
{
    public sealed class Review
    {
        public string Text { get; set; } = "";

        public string Label { get; set; } = "";
    }

    public static Review[] Reviews(int variant = 0) =>
    [
        new() { Text = "a great film with a great cast", Label = "pos" },
        new() { Text = "great acting and a moving story", Label = "pos" },
        new() { Text = "the story was dull and the cast was bored", Label = "neg" },
        new() { Text = "dull , slow and far too long", Label = "neg" },
        new() { Text = "a moving , great story" + (variant == 1 ? " indeed" : ""), Label = "pos" },
        new() { Text = "bored by the dull plot", Label = "neg" },
        new() { Text = "a film with no story at all", Label = variant == 1 ? "pos" : "neg" },
        new() { Text = "great great great", Label = "pos" },
    ];

    public static IEstimator<ITransformer> Build(MLContext ml, int minCount = 2) =>
        ml.Transforms.Text.TokenizeIntoWords("Tokens", nameof(Review.Text))
            .Append(ml.TextKit().Transforms.ReplaceRareTokens("Known", "Tokens", minCount: minCount))
            .Append(ml.Transforms.Conversion.MapValueToKey("KnownKeys", "Known"))
            .Append(ml.Transforms.Text.ProduceNgrams("KnownNgrams", "KnownKeys", ngramLength: 2))
            .Append(ml.Transforms.Text.FeaturizeText("TextFeatures", nameof(Review.Text)))
            .Append(ml.Transforms.Concatenate("Features", "TextFeatures", "KnownNgrams"))
            .Append(ml.Transforms.Conversion.MapValueToKey("LabelKey", nameof(Review.Label)))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("LabelKey", "Features", maximumNumberOfIterations: 20))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedText", "PredictedLabel"));

    public static readonly string[] OutputColumns = ["Known", "Score", "PredictedText"];
}
