using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.ML;
using TextKit.ML.Persistence;
using TextKit.ML.Tests.TestSupport;
using TextKit.Neural.ML.Training;
using TextKit.Neural.Tests.TestSupport;
using TextKit.Neural.Training;

namespace TextKit.Neural.Tests.ML.Training;

public sealed class SentimentRow
{
    public string Text { get; set; } = "";

    public string Label { get; set; } = "";
}

public sealed class PairRow
{
    public string Text { get; set; } = "";

    public string Second { get; set; } = "";

    public string Label { get; set; } = "";
}

public sealed class ScoredRow
{
    public float[] Score { get; set; } = [];

    public uint PredictedLabel { get; set; }
}

public sealed class BinaryRow
{
    public string Text { get; set; } = "";

    public bool Label { get; set; }
}

public sealed class BinaryScoredRow
{
    public float Score { get; set; }

    public float Probability { get; set; }

    public bool PredictedLabel { get; set; }
}

public class TransformerClassificationTests
{
    /// <summary>32 short sentences whose label follows an adjective (words from the fixture's Brown vocabulary).</summary>
    internal static List<SentimentRow> ThirtyTwo()
    {
        string[] subjects = ["the house", "the book", "the street", "the table", "this town", "the man", "our school", "the car"];
        (string Word, string Label)[] adjectives = [("good", "positive"), ("bad", "negative"), ("great", "positive"), ("old", "neutral")];
        return subjects.SelectMany(s => adjectives.Select(a => new SentimentRow { Text = $"{s} was very {a.Word} today .", Label = a.Label })).ToList();
    }

    private static TransformerClassificationTrainer.Options Options(int epochs = 20) => new()
    {
        ModelFolder = Fixtures.Folder("bert-seqcls"),
        PredictionBatchSize = 5,
        Training = new TransformerTrainerOptions { Epochs = epochs, BatchSize = 8, LearningRate = 1e-3, WarmupRatio = 0.1, Seed = 7 },
    };

    private static IDataView Keyed(MLContext ml, IEnumerable<SentimentRow> rows)
    {
        var data = ml.Data.LoadFromEnumerable(rows);
        return ml.Transforms.Conversion.MapValueToKey("Label").Fit(data).Transform(data);
    }

    [Fact]
    public void TinyModel_Overfits32Examples_EvaluateGivesFullAccuracy()
    {
        var ml = new MLContext(0);
        var data = ml.Data.LoadFromEnumerable(ThirtyTwo());
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.TextKit().Trainers.TransformerClassification(Options()));
        var model = pipeline.Fit(data);
        var scored = model.Transform(data);
        var metrics = ml.MulticlassClassification.Evaluate(scored);
        Assert.Equal(1.0, metrics.MicroAccuracy);
        Assert.True(metrics.LogLoss < 0.5, $"log-loss {metrics.LogLoss}");

        // PredictedLabel carries the label's key values; Score has one probability per label.
        var predicted = scored.Schema["PredictedLabel"];
        VBuffer<ReadOnlyMemory<char>> keyValues = default;
        predicted.Annotations.GetValue("KeyValues", ref keyValues);
        VBuffer<ReadOnlyMemory<char>> labelValues = default;
        scored.Schema["Label"].Annotations.GetValue("KeyValues", ref labelValues);
        Assert.Equal(labelValues.DenseValues().Select(v => v.ToString()), keyValues.DenseValues().Select(v => v.ToString()));
        var scores = scored.GetColumn<float[]>("Score").ToArray();
        Assert.All(scores, s => Assert.Equal(1.0, s.Sum(), 4));

        // Row-by-row (PredictionEngine) equals batched Transform.
        var engine = ml.Model.CreatePredictionEngine<SentimentRow, ScoredRow>(model);
        var rows = ThirtyTwo();
        for (int i = 0; i < rows.Count; i++)
        {
            var p = engine.Predict(rows[i]);
            Assert.Equal(scores[i], p.Score, (a, b) => Math.Abs(a - b) < 1e-5f);
        }
    }

    [Fact]
    public void BooleanLabel_GivesBinaryColumns_BinaryEvaluateWorks_AndSurvivesSaveLoad()
    {
        var ml = new MLContext(0);
        var rows = ThirtyTwo().Where(r => r.Label != "neutral").Select(r => new BinaryRow { Text = r.Text, Label = r.Label == "positive" }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.TextKit().Trainers.TransformerClassification(Options()).Fit(data);
        var scored = ((ITransformer)model).Transform(data);
        Assert.Equal(NumberDataViewType.Single, scored.Schema["Score"].Type);
        Assert.Equal(NumberDataViewType.Single, scored.Schema["Probability"].Type);
        Assert.Equal(BooleanDataViewType.Instance, scored.Schema["PredictedLabel"].Type);
        var metrics = ml.BinaryClassification.Evaluate(scored);
        Assert.Equal(1.0, metrics.Accuracy);
        Assert.Equal(1.0, metrics.AreaUnderRocCurve);

        // Score is the log-odds of Probability; PredictionEngine (row by row) equals batched Transform.
        var batched = ml.Data.CreateEnumerable<BinaryScoredRow>(scored, reuseRowObject: false).ToList();
        Assert.All(batched, r => Assert.Equal(Math.Log(r.Probability / (1 - r.Probability)), r.Score, 2));
        var engine = ml.Model.CreatePredictionEngine<BinaryRow, BinaryScoredRow>(model);
        for (int i = 0; i < rows.Count; i++)
            Assert.Equal(batched[i].Probability, engine.Predict(rows[i]).Probability, 5);

        var path = Path.Combine(Fixtures.TempFolder(), "binary.zip");
        ml.TextKit().Model.Save(model, data.Schema, path);
        var fresh = new MLContext(3);
        var loaded = fresh.TextKit().Model.Load(path, out _);
        var again = fresh.Data.CreateEnumerable<BinaryScoredRow>(loaded.Transform(fresh.Data.LoadFromEnumerable(rows)), reuseRowObject: false).ToList();
        Assert.Equal(batched.Select(r => r.Probability), again.Select(r => r.Probability));

        // Validation data must use the same label kind as training.
        var keyedValidation = Keyed(ml, ThirtyTwo().Take(4));
        var options = Options(epochs: 1);
        options.ValidationData = keyedValidation;
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ml.TextKit().Trainers.TransformerClassification(options).Fit(data));
        Assert.Contains("[TK021]", error.Message);
        Assert.Contains("Boolean (the training label is Boolean)", error.Message);
    }

    [Fact]
    public void Contract_FitSaveLoadInFreshContext_SameOutput()
    {
        var ml = new MLContext(0);
        var valid = Keyed(ml, ThirtyTwo().Take(12));
        var invalid = ml.Data.LoadFromEnumerable(ThirtyTwo().Take(4)); // Label is text, not a key
        EstimatorContract.Check(ml.TextKit().Trainers.TransformerClassification(Options(epochs: 1)), valid, invalid);
    }

    [Fact]
    public void SavedFile_LoadsInFreshContext_WithIdenticalScoresAndEvaluate()
    {
        var ml = new MLContext(0);
        var data = ml.Data.LoadFromEnumerable(ThirtyTwo());
        var model = ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.TextKit().Trainers.TransformerClassification(Options(epochs: 2))).Fit(data);
        var path = Path.Combine(Fixtures.TempFolder(), "classifier.zip");
        ml.TextKit().Model.Save(model, data.Schema, path);
        var fresh = new MLContext(5);
        var loaded = fresh.TextKit().Model.Load(path, out _);
        var before = model.Transform(data).GetColumn<float[]>("Score").ToArray();
        var after = loaded.Transform(fresh.Data.LoadFromEnumerable(ThirtyTwo())).GetColumn<float[]>("Score").ToArray();
        Assert.Equal(before.Length, after.Length);
        for (int i = 0; i < before.Length; i++)
            Assert.Equal(before[i], after[i]);
        var metrics = fresh.MulticlassClassification.Evaluate(loaded.Transform(fresh.Data.LoadFromEnumerable(ThirtyTwo())));
        Assert.InRange(metrics.MicroAccuracy, 0, 1);
    }

    [Fact]
    public void TextPairs_AndABaseCheckpointWithoutHead_Train()
    {
        // bert-mlm has no classification head: the head is initialised (seeded) and trained.
        var ml = new MLContext(0);
        var rows = ThirtyTwo().Take(8).Select(r => new PairRow { Text = r.Text, Second = "it was so .", Label = r.Label }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var options = Options(epochs: 1);
        options.ModelFolder = Fixtures.Folder("bert-mlm");
        options.TextPairColumnName = "Second";
        var model = ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.TextKit().Trainers.TransformerClassification(options)).Fit(data);
        var transformer = model.LastTransformer;
        Assert.Equal(3, transformer.Labels.Count);
        Assert.Equal(8, model.Transform(data).GetColumn<uint>("PredictedLabel").Count());
    }

    [Fact]
    public void BadInput_GivesClearErrors()
    {
        var ml = new MLContext(0);
        var trainer = ml.TextKit().Trainers.TransformerClassification(Options(epochs: 1));

        // Empty text.
        var empty = Keyed(ml, [.. ThirtyTwo().Take(4), new SentimentRow { Text = "  ", Label = "positive" }]);
        var error = Assert.Throws<TextKitException>(() => trainer.Fit(empty));
        Assert.Equal("TK811", error.Code);
        Assert.Contains("row 5", error.Message);

        // Missing column.
        var missing = ml.Data.LoadFromEnumerable(new[] { new PairRow { Text = "x", Label = "a" } });
        var options = Options(epochs: 1);
        options.TextPairColumnName = "Nope";
        var schemaError = Assert.Throws<ArgumentOutOfRangeException>(() => ml.TextKit().Trainers.TransformerClassification(options).Fit(Keyed(ml, ThirtyTwo().Take(4))));
        Assert.Contains("'Nope'", schemaError.Message);
        _ = missing;

        // A label the key mapping never saw (key 0).
        var rows = ThirtyTwo().Take(6).ToList();
        var keys = ml.Transforms.Conversion.MapValueToKey("Label").Fit(ml.Data.LoadFromEnumerable(rows));
        var unseen = keys.Transform(ml.Data.LoadFromEnumerable([.. rows, new SentimentRow { Text = "the car was red .", Label = "angry" }]));
        error = Assert.Throws<TextKitException>(() => trainer.Fit(unseen));
        Assert.Equal("TK810", error.Code);
        Assert.Contains("row 7", error.Message);

        // Validation labels that training does not have.
        var validationOptions = Options(epochs: 1);
        validationOptions.ValidationData = Keyed(ml, [new SentimentRow { Text = "the car was red .", Label = "angry" }, new SentimentRow { Text = "the car was good .", Label = "positive" }]);
        error = Assert.Throws<TextKitException>(() => ml.TextKit().Trainers.TransformerClassification(validationOptions).Fit(Keyed(ml, ThirtyTwo().Take(8))));
        Assert.Equal("TK810", error.Code);
        Assert.Contains("'angry' was not seen in training", error.Message);

        // One label only.
        var single = Keyed(ml, ThirtyTwo().Where(r => r.Label == "neutral"));
        Assert.Equal("TK812", Assert.Throws<TextKitException>(() => trainer.Fit(single)).Code);

        // Missing model folder.
        Assert.Equal("TK310", Assert.Throws<TextKitModelException>(() => ml.TextKit().Trainers.TransformerClassification(Path.Combine(Fixtures.TempFolder(), "none")).Fit(Keyed(ml, ThirtyTwo()))).Code);
    }
}
