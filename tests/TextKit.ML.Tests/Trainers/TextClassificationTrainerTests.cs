using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.ML.Tests.TestSupport;
using TextKit.ML.Trainers;

namespace TextKit.ML.Tests.Trainers;

public class TextClassificationTrainerTests
{
    public sealed class Row
    {
        public string Text { get; set; } = "";

        public string Label { get; set; } = "";
    }

    public sealed class Prediction
    {
        public string PredictedLabelValue { get; set; } = "";

        public float[] Score { get; set; } = [];
    }

    internal static Row[] Rows =>
    [
        new() { Text = "A wonderful, moving film.", Label = "pos" },
        new() { Text = "Great acting and a great story", Label = "pos" },
        new() { Text = "I loved every minute of it", Label = "pos" },
        new() { Text = "wonderful and funny", Label = "pos" },
        new() { Text = "a great, great ride", Label = "pos" },
        new() { Text = "Dull, boring and far too long.", Label = "neg" },
        new() { Text = "the worst film of the year", Label = "neg" },
        new() { Text = "boring plot and bad acting", Label = "neg" },
        new() { Text = "I hated it", Label = "neg" },
        new() { Text = "bad , dull , worst", Label = "neg" },
        new() { Text = "nothing happens; it is flat", Label = "neutral" },
        new() { Text = "an ordinary film, nothing more", Label = "neutral" },
    ];

    private static IDataView Data(MLContext ml, IEnumerable<Row>? rows = null) => ml.Data.LoadFromEnumerable(rows ?? Rows);

    [Theory]
    [InlineData(TextClassifierAlgorithm.Sdca)]
    [InlineData(TextClassifierAlgorithm.Lbfgs)]
    [InlineData(TextClassifierAlgorithm.LinearSvm)]
    public void TextClassification_Contract(TextClassifierAlgorithm algorithm)
    {
        var ml = new MLContext(1);
        var invalid = ml.Data.LoadFromEnumerable(new[] { new { Text = 1f, Label = "x" } });
        var trainer = ml.TextKit().Trainers.TextClassification(new TextClassificationTrainer.Options { Algorithm = algorithm });
        EstimatorContract.Check(trainer, Data(ml), invalid);
    }

    [Fact]
    public void TextClassification_LearnsTrainingSet_OutputsFollowMlNet()
    {
        var ml = new MLContext(1);
        var model = ml.TextKit().Trainers.TextClassification().Fit(Data(ml));
        var scored = model.Transform(Data(ml));
        var predicted = scored.Schema["PredictedLabel"];
        Assert.IsType<KeyDataViewType>(predicted.Type);
        VBuffer<ReadOnlyMemory<char>> keyValues = default;
        predicted.GetKeyValues(ref keyValues);
        Assert.Equal(["neg", "neutral", "pos"], keyValues.DenseValues().Select(v => v.ToString()));
        Assert.Equal(3, ((VectorDataViewType)scored.Schema["Score"].Type).Size);
        var metrics = ml.MulticlassClassification.Evaluate(scored);
        Assert.Equal(1.0, metrics.MicroAccuracy);

        var engine = ml.Model.CreatePredictionEngine<Row, Prediction>(model);
        Assert.Equal("pos", engine.Predict(new Row { Text = "a wonderful story", Label = "" }).PredictedLabelValue);
        Assert.Equal("neg", engine.Predict(new Row { Text = "boring and bad", Label = "" }).PredictedLabelValue);
    }

    [Fact]
    public void TextClassification_KeyLabel_Accepted()
    {
        var ml = new MLContext(1);
        var keyed = ml.Transforms.Conversion.MapValueToKey("Label").Fit(Data(ml)).Transform(Data(ml));
        var model = ml.TextKit().Trainers.TextClassification().Fit(keyed);
        Assert.Equal(1.0, ml.MulticlassClassification.Evaluate(model.Transform(keyed)).MicroAccuracy);
    }

    [Fact]
    public void TextClassification_EmptyTextAtPrediction_DefinedResult()
    {
        var ml = new MLContext(1);
        var model = ml.TextKit().Trainers.TextClassification().Fit(Data(ml));
        var engine = ml.Model.CreatePredictionEngine<Row, Prediction>(model);
        var empty = engine.Predict(new Row { Text = "", Label = "" });
        Assert.Contains(empty.PredictedLabelValue, new[] { "neg", "neutral", "pos" });
        Assert.All(empty.Score, s => Assert.True(float.IsFinite(s)));
    }

    [Fact]
    public void TextClassification_EmptyTrainingText_TK802WithRow()
    {
        var ml = new MLContext(1);
        var rows = Rows.Append(new Row { Text = "   ", Label = "pos" });
        var error = Assert.Throws<TextKitException>(() => ml.TextKit().Trainers.TextClassification().Fit(Data(ml, rows)));
        Assert.Equal("TK802", error.Code);
        Assert.Contains("row 13", error.Message);
    }

    [Fact]
    public void TextClassification_EmptyLabel_TK803()
    {
        var ml = new MLContext(1);
        var rows = Rows.Append(new Row { Text = "fine", Label = "" });
        Assert.Equal("TK803", Assert.Throws<TextKitException>(() => ml.TextKit().Trainers.TextClassification().Fit(Data(ml, rows))).Code);
    }

    [Fact]
    public void TextClassification_OneClass_TK801()
    {
        var ml = new MLContext(1);
        var rows = Rows.Where(r => r.Label == "pos");
        var error = Assert.Throws<TextKitException>(() => ml.TextKit().Trainers.TextClassification().Fit(Data(ml, rows)));
        Assert.Equal("TK801", error.Code);
        Assert.Contains("'pos'", error.Message);
    }

    [Fact]
    public void TextClassification_MissingColumn_NamesIt()
    {
        var ml = new MLContext(1);
        var trainer = ml.TextKit().Trainers.TextClassification("Label", "Review");
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Fit(Data(ml)));
        Assert.Contains("'Review'", error.Message);
    }

    [Fact]
    public void TextClassification_BadOptions_Rejected()
    {
        var ml = new MLContext(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.TextKit().Trainers.TextClassification(new TextClassificationTrainer.Options { NgramLength = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.TextKit().Trainers.TextClassification(new TextClassificationTrainer.Options { L2Regularization = float.NaN }));
        Assert.Throws<ArgumentException>(() => ml.TextKit().Trainers.TextClassification(new TextClassificationTrainer.Options { TextColumnName = "" }));
    }

    [Fact]
    public void TextClassification_UnseenLabelAtEvaluation_BecomesMissingKey()
    {
        // A label never seen in training maps to the missing key: ML.NET's evaluator cannot count it as a class the
        // model knows; the CLI reports such labels explicitly (textkit train classifier).
        var ml = new MLContext(1);
        var model = ml.TextKit().Trainers.TextClassification().Fit(Data(ml));
        var scored = model.Transform(Data(ml, [new Row { Text = "great", Label = "mixed" }]));
        Assert.Equal(0u, scored.GetColumn<uint>("Label").Single());
    }

    [Fact]
    public void TextClassification_CachedFileWithMissingColumn_TextKitErrorNotWrapped()
    {
        var ml = new MLContext(1);
        var path = Path.GetTempFileName() + ".tsv";
        try
        {
            File.WriteAllText(path, "review\tlabel\ngood\tpos\n");
            var data = ml.Data.Cache(ml.TextKit().Data.LoadClassification(path));
            var error = Assert.Throws<TextKitFormatException>(() => ml.TextKit().Trainers.TextClassification().Fit(data));
            Assert.Equal("TK233", error.Code);
            Assert.Contains(path + ":1", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TextClassification_SameSeed_SameScores()
    {
        float[][] Scores()
        {
            var ml = new MLContext(7);
            var model = ml.TextKit().Trainers.TextClassification().Fit(Data(ml));
            return model.Transform(Data(ml, [new Row { Text = "a great but boring film", Label = "" }, new Row { Text = "flat", Label = "" }])).GetColumn<float[]>("Score").ToArray();
        }
        Assert.Equal(Scores(), Scores());
    }
}
