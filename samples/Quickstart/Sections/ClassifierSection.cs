using Microsoft.ML;
using TextKit.ML;

namespace Quickstart.Sections;

/// <summary>
/// Quickstart section: train a small classifier with <c>Fit</c> in a pipeline that mixes ML.NET built-ins with a
/// stateful TextKit transform, evaluate it with <c>Evaluate</c>, save it to ONE file, load it and predict.
/// </summary>
internal static class ClassifierSection
{
    private sealed record Review(string Text, string Sentiment);

    private sealed class Prediction
    {
        public string PredictedSentiment { get; set; } = "";

        public string[] Known { get; set; } = [];
    }

    public static void Run(MLContext ml, Quickstart.Report.QuickstartReport report)
    {
        Console.WriteLine("== Train, evaluate, save, load, predict (ML.NET + TextKit in one pipeline) ==");
        var reviews = new[]
        {
            new Review("a great film with a great cast", "pos"),
            new Review("great acting and a moving story", "pos"),
            new Review("the story was dull and the cast was bored", "neg"),
            new Review("dull , slow and far too long", "neg"),
            new Review("a moving , great story", "pos"),
            new Review("bored by the dull plot", "neg"),
        };
        var data = ml.Data.LoadFromEnumerable(reviews);
        var pipeline = ml.Transforms.Text.TokenizeIntoWords("Tokens", nameof(Review.Text))
            .Append(ml.TextKit().Transforms.ReplaceRareTokens("Known", "Tokens", minCount: 2))
            .Append(ml.Transforms.Conversion.MapValueToKey("KnownKeys", "Known"))
            .Append(ml.Transforms.Text.ProduceNgrams("KnownNgrams", "KnownKeys"))
            .Append(ml.Transforms.Text.FeaturizeText("TextFeatures", nameof(Review.Text)))
            .Append(ml.Transforms.Concatenate("Features", "TextFeatures", "KnownNgrams"))
            .Append(ml.Transforms.Conversion.MapValueToKey("Label", nameof(Review.Sentiment)))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(maximumNumberOfIterations: 50))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedSentiment", "PredictedLabel"));
        var model = pipeline.Fit(data);
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(data));
        Console.WriteLine($"  training-set micro accuracy: {metrics.MicroAccuracy:P1} (6 examples: a smoke test, not a benchmark)");

        var modelPath = Path.Combine(Path.GetTempPath(), "textkit-quickstart-model.zip");
        ml.TextKit().Model.Save(model, data.Schema, modelPath);
        var loaded = new MLContext(seed: 2).TextKit().Model.Load(modelPath, out _);
        var engine = ml.Model.CreatePredictionEngine<Review, Prediction>(loaded);
        foreach (var text in new[] { "a great story", "dull and bored" })
        {
            var p = engine.Predict(new Review(text, ""));
            Console.WriteLine($"  {text,-20} -> {p.PredictedSentiment} (known tokens: {string.Join(' ', p.Known)})");
        }
        Console.WriteLine($"  one-file model saved and reloaded: {modelPath} ({new FileInfo(modelPath).Length:N0} bytes)");
        report.Facts.Add(("classifier trained with Fit (6 examples)", $"training-set micro accuracy {metrics.MicroAccuracy:P1}; saved, reloaded in a new MLContext, predicted"));
    }
}
