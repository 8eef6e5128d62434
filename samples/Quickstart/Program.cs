// TextKit Quickstart: the README's main job. It runs end to end on a fresh clone with only what ships in the
// repository, and grows with every feature (see README "What works").
using Microsoft.ML;
using TextKit.ML;
using TextKit.ML.Persistence;
using TextKit.Neural;

var ml = new MLContext(seed: 1);

Console.WriteLine("== TextKit Quickstart ==");

// 1. A classic ML.NET pipeline with a stateful TextKit component, trained, evaluated, saved to one file and reloaded.
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
Console.WriteLine($"Training-set micro accuracy: {metrics.MicroAccuracy:P1}");

var modelPath = Path.Combine(Path.GetTempPath(), "textkit-quickstart-model.zip");
ml.TextKit().Model.Save(model, data.Schema, modelPath);
var loaded = new MLContext(seed: 2).TextKit().Model.Load(modelPath, out _);
var engine = ml.Model.CreatePredictionEngine<Review, Prediction>(loaded);
foreach (var text in new[] { "a great story", "dull and bored" })
{
    var p = engine.Predict(new Review(text, ""));
    Console.WriteLine($"  {text,-20} -> {p.PredictedSentiment} (known tokens: {string.Join(' ', p.Known)})");
}
Console.WriteLine($"Saved and reloaded one-file model: {modelPath} ({new FileInfo(modelPath).Length:N0} bytes)");

// 2. TorchSharp works on this machine (TextKit applies the libstdc++ workaround only where needed).
TorchRuntime.EnsureInitialized();
Console.WriteLine($"TorchSharp: {TorchRuntime.Status}");
Console.WriteLine("Done.");
return 0;

internal sealed record Review(string Text, string Sentiment);

internal sealed class Prediction
{
    public string PredictedSentiment { get; set; } = "";

    public string[] Known { get; set; } = [];
}
