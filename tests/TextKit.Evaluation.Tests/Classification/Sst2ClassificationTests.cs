using Microsoft.ML.Data;
using Microsoft.ML;
using TextKit.Corpora;
using TextKit.ML;
using TextKit.ML.Persistence;

namespace TextKit.Evaluation.Tests.Classification;

/// <summary>Issue 8's sentiment target: the classical ML.NET pipeline on SST-2 dev, at least scikit-learn's best simple baseline (82.57%).</summary>
public class Sst2ClassificationTests
{
    [Fact]
    public void TextClassification_Sst2Dev_AccuracyAtLeastSklearnLinearSvc()
    {
        var ml = new MLContext(seed: 1);
        var reader = new ClassificationReaderOptions { TextColumn = "sentence", LabelColumn = "label" };
        var train = ml.Data.Cache(ml.TextKit().Data.LoadClassification(SharedData.Sst2Train, reader));
        var dev = ml.TextKit().Data.LoadClassification(SharedData.Sst2Dev, reader);

        var model = ml.TextKit().Trainers.TextClassification().Fit(train);
        var scored = model.Transform(dev);
        var metrics = ml.MulticlassClassification.Evaluate(scored);

        // Measured 83.37% here, 83.49% through `textkit train classifier`, 83.72% in the harness (runs differ by a few
        // sentences, so the floor is asserted, not a count); sklearn on the same
        // split: LinearSVC 82.57%, LogisticRegression 80.39% (bench: harness classification).
        Assert.True(metrics.MicroAccuracy >= 0.826, $"SST-2 dev accuracy {metrics.MicroAccuracy:P2} is below the 82.6% target.");

        // The TextKit scorer on the label strings agrees with ML.NET's evaluator.
        var gold = dev.GetColumn<ReadOnlyMemory<char>>("Label").Select(l => l.ToString()).ToList();
        var predicted = scored.GetColumn<ReadOnlyMemory<char>>("PredictedLabelValue").Select(l => l.ToString()).ToList();
        Assert.Equal(metrics.MicroAccuracy, ClassificationScorer.Score(gold, predicted).Accuracy.Accuracy, 12);

        // One file, loaded back in a new context: identical predictions.
        using var stream = new MemoryStream();
        TextKitModel.Save(ml, model, train.Schema, stream);
        stream.Position = 0;
        var loaded = TextKitModel.Load(new MLContext(seed: 2), stream, out _);
        Assert.Equal(predicted, loaded.Transform(dev).GetColumn<ReadOnlyMemory<char>>("PredictedLabelValue").Select(l => l.ToString()).ToList());
    }
}
