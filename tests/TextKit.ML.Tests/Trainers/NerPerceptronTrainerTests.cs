using Microsoft.ML.Data;
using Microsoft.ML;
using TextKit.Corpora;
using TextKit.ML.Data;
using TextKit.ML.Tests.TestSupport;
using TextKit.ML.Trainers;
using TextKit.Sequence;

namespace TextKit.ML.Tests.Trainers;

public class NerPerceptronTrainerTests
{
    private static NerSentenceRow R(string tokens, string tags) => new() { Tokens = tokens.Split(' '), Tags = tags.Split(' ') };

    private static NerSentenceRow[] Rows =>
    [
        R("Alice visited Paris yesterday", "B-PER O B-LOC O"),
        R("Bob Smith works at Acme Corp", "B-PER I-PER O O B-ORG I-ORG"),
        R("I met Alice in London", "O O B-PER O B-LOC"),
        R("Acme Corp opened an office in Paris", "B-ORG I-ORG O O O O B-LOC"),
        new() { Tokens = [], Tags = [] },
    ];

    [Fact]
    public void NerPerceptron_Contract()
    {
        var ml = new MLContext(1);
        var invalid = ml.Data.LoadFromEnumerable(new[] { new { Tokens = "not a vector", Tags = new[] { "O" } } });
        var transformer = (NerTaggerTransformer)EstimatorContract.Check(ml.TextKit().Trainers.NerPerceptron(), ml.Data.LoadFromEnumerable(Rows), invalid);
        Assert.Contains("B-PER", transformer.Model.Tags);
    }

    [Fact]
    public void NerPerceptron_PredictsTrainingTags_EmptyRowEmpty()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(Rows);
        var model = ml.TextKit().Trainers.NerPerceptron().Fit(data);
        var predicted = model.Transform(data).GetColumn<string[]>("PredictedTags").ToList();
        for (int i = 0; i < Rows.Length; i++)
            Assert.Equal(Rows[i].Tags, predicted[i]);
    }

    [Fact]
    public void NerPerceptron_MismatchedLengths_TK811NamesRow()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(Rows.Append(new NerSentenceRow { Tokens = ["a", "b", "c"], Tags = ["O", "O"] }));
        var error = Assert.Throws<TextKitException>(() => ml.TextKit().Trainers.NerPerceptron().Fit(data));
        Assert.Equal("TK811", error.Code);
        Assert.Contains("row 6", error.Message);
    }

    [Fact]
    public void NerPerceptron_InsideAfterOutside_ErrorOrRepairByOption()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(Rows.Append(R("then Smith left", "O I-PER O")));
        Assert.Equal("TK814", Assert.Throws<TextKitException>(() => ml.TextKit().Trainers.NerPerceptron().Fit(data)).Code);
        var repaired = ml.TextKit().Trainers.NerPerceptron("PredictedTags", training: new PerceptronNerOptions { InvalidTags = InvalidTagHandling.Repair }).Fit(data);
        Assert.NotNull(repaired.Model);
    }

    [Fact]
    public void NerPerceptron_MissingColumn_NamesIt()
    {
        var ml = new MLContext(1);
        var trainer = ml.TextKit().Trainers.NerPerceptron("Out", tagsColumnName: "Labels");
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Fit(ml.Data.LoadFromEnumerable(Rows)));
        Assert.Contains("'Labels'", error.Message);
    }
}
