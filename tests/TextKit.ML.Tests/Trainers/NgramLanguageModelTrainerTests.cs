using Microsoft.ML;
using TextKit.LanguageModels;
using TextKit.ML.Persistence;
using TextKit.ML.Tests.TestSupport;
using TextKit.ML.Trainers;

namespace TextKit.ML.Tests.Trainers;

public class NgramLanguageModelTrainerTests
{
    public sealed class Row
    {
        public string[] Tokens { get; set; } = [];

        public float Label { get; set; }
    }

    private static Row[] Rows() =>
    [
        new() { Tokens = ["the", "cat", "sat", "on", "the", "mat"], Label = 1 },
        new() { Tokens = ["the", "dog", "sat", "on", "the", "log"], Label = 1 },
        new() { Tokens = ["the", "cat", "saw", "the", "dog"], Label = 0 },
        new() { Tokens = [], Label = 0 },
        new() { Tokens = ["mat", "the", "on", "sat", "émigré"], Label = 1 },
    ];

    public sealed class Features
    {
        public float LmLog10Probability { get; set; }

        public float LmPerplexity { get; set; }

        public float LmOovRate { get; set; }
    }

    [Fact]
    public void TrainNgramLanguageModel_Contract()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(Rows());
        var invalid = ml.Data.LoadFromEnumerable(new[] { new { Tokens = "not a vector" } });
        var estimator = ml.TextKit().Trainers.TrainNgramLanguageModel(new NgramLanguageModelTrainer.Options { Order = 2, Smoothing = Smoothing.KneserNey });
        var transformer = (NgramLanguageModelTransformer)EstimatorContract.Check(estimator, data, invalid);
        Assert.Equal(2, transformer.Model.Order);
    }

    [Fact]
    public void Features_MatchTheLibraryScores()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(Rows());
        var transformer = ml.TextKit().Trainers.TrainNgramLanguageModel("Tokens", order: 3).Fit(data);
        var rows = ml.Data.CreateEnumerable<Features>(transformer.Transform(data), reuseRowObject: false).ToArray();
        var model = transformer.Model;
        for (int i = 0; i < rows.Length; i++)
        {
            var score = model.Score(Rows()[i].Tokens);
            Assert.Equal((float)score.Log10Prob, rows[i].LmLog10Probability);
            Assert.Equal((float)score.Perplexity, rows[i].LmPerplexity);
            Assert.Equal(0f, rows[i].LmOovRate);
        }
        // An unseen row: OOV rate and a lower probability than a training sentence.
        var test = ml.Data.LoadFromEnumerable(new[] { new Row { Tokens = ["the", "zebra", "sat"] } });
        var unseen = ml.Data.CreateEnumerable<Features>(transformer.Transform(test), reuseRowObject: false).Single();
        Assert.Equal(1f / 3, unseen.LmOovRate, 6);
        Assert.True(unseen.LmPerplexity > rows[0].LmPerplexity);
    }

    [Fact]
    public void ScoreWithLanguageModel_UsesAGivenModel_AndSavesIt()
    {
        var ml = new MLContext(1);
        var model = NgramLanguageModel.Train(Rows().Select(r => (IReadOnlyList<string>)r.Tokens), new NgramModelOptions { Order = 2 });
        var data = ml.Data.LoadFromEnumerable(Rows());
        var estimator = ml.TextKit().Transforms.ScoreWithLanguageModel(model, "Tokens", "Brown");
        var transformer = EstimatorContract.Check(estimator, data);
        var schema = transformer.GetOutputSchema(data.Schema);
        Assert.NotNull(schema.GetColumnOrNull("BrownLog10Probability"));
        Assert.NotNull(schema.GetColumnOrNull("BrownPerplexity"));
        Assert.NotNull(schema.GetColumnOrNull("BrownOovRate"));
    }

    [Fact]
    public void Features_FeedAClassifierPipeline_ThatSavesAndLoads()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(Rows());
        var pipeline = ml.TextKit().Trainers.TrainNgramLanguageModel("Tokens", order: 2)
            .Append(ml.Transforms.Concatenate("Features", "LmLog10Probability", "LmPerplexity", "LmOovRate"))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression("Label2", maximumNumberOfIterations: 5));
        var labelled = ml.Transforms.Conversion.ConvertType("Label2", "Label", Microsoft.ML.Data.DataKind.Boolean).Fit(data).Transform(data);
        var model = pipeline.Fit(labelled);
        using var stream = new MemoryStream();
        TextKitModel.Save(ml, model, labelled.Schema, stream);
        stream.Position = 0;
        var loaded = TextKitModel.Load(new MLContext(2), stream, out _);
        Assert.Equal(EstimatorContract.Tsv(model.Transform(labelled), "Score"), EstimatorContract.Tsv(loaded.Transform(labelled), "Score"));
    }

    [Fact]
    public void Options_Invalid_FailInTheCatalog()
    {
        var ml = new MLContext(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.TextKit().Trainers.TrainNgramLanguageModel(new NgramLanguageModelTrainer.Options { Order = 9 }));
        Assert.Throws<ArgumentException>(() => ml.TextKit().Trainers.TrainNgramLanguageModel(new NgramLanguageModelTrainer.Options { PerplexityColumnName = "LmOovRate" }));
        Assert.Throws<ArgumentException>(() => ml.TextKit().Trainers.TrainNgramLanguageModel(new NgramLanguageModelTrainer.Options { InputColumnName = "" }));
    }

    [Fact]
    public void Fit_MissingColumn_NamesIt()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(Rows());
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ml.TextKit().Trainers.TrainNgramLanguageModel("Words").Fit(data));
        Assert.Contains("'Words'", error.Message);
    }
}
