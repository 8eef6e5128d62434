using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.Corpora;
using TextKit.Evaluation;
using TextKit.ML;
using TextKit.ML.Tests.TestSupport;
using TextKit.Neural.ML.Training;
using TextKit.Neural.Models;
using TextKit.Neural.Tests.TestSupport;
using TextKit.Neural.Tokenizers;
using TextKit.Neural.Training;

namespace TextKit.Neural.Tests.ML.Training;

public sealed class NerRow
{
    public string[] Tokens { get; set; } = [];

    public string[] Tags { get; set; } = [];
}

public sealed class TaggedRow
{
    public string[] PredictedTags { get; set; } = [];
}

public class TransformerTokenClassificationTests
{
    private static NerRow Row(string text, string tags) => new() { Tokens = text.Split(' '), Tags = tags.Split(' ') };

    /// <summary>Six sentences with people and places; "kennedy", "mary" and "smithson" split into several sub-words.</summary>
    internal static List<NerRow> Sentences() =>
    [
        Row("john met mary in washington", "B-PER O B-PER O B-LOC"),
        Row("mary went to new york city", "B-PER O O B-LOC I-LOC I-LOC"),
        Row("the man from washington met john kennedy", "O O O B-LOC O B-PER I-PER"),
        Row("john kennedy went to new york", "B-PER I-PER O O B-LOC I-LOC"),
        Row("in the city mary smithson met the man", "O O O B-PER I-PER O O O"),
        Row("the man went to washington and new york", "O O O O B-LOC O B-LOC I-LOC"),
    ];

    private static TransformerTokenClassificationTrainer.Options Options(int epochs = 30, int maxLength = 0, int stride = 2) => new()
    {
        ModelFolder = Fixtures.Folder("bert-tokcls"),
        MaxLength = maxLength,
        Stride = stride,
        PredictionBatchSize = 4,
        Training = new TransformerTrainerOptions { Epochs = epochs, BatchSize = 3, LearningRate = 2e-3, WarmupRatio = 0.1, Seed = 11 },
    };

    [Theory]
    [InlineData(0)]  // whole sentences
    [InlineData(7)]  // windows of 5 sub-words (+[CLS]/[SEP]) with a stride of 2: every sentence is split
    public void TinyModel_OverfitsAFewSentences_EntityF1IsOne(int maxLength)
    {
        var ml = new MLContext(0);
        var data = ml.Data.LoadFromEnumerable(Sentences());
        var options = Options(maxLength: maxLength);
        options.EntitiesColumnName = "Entities";
        var model = ml.TextKit().Trainers.TransformerTokenClassification(options).Fit(data);
        if (maxLength > 0)
            Assert.All(Sentences(), s => Assert.True(model.Tagger.Windows(model.Tagger.Pieces(s.Tokens)).Count > 1));
        var predicted = model.Transform(data).GetColumn<string[]>("PredictedTags").ToArray();
        var gold = Sentences().Select(s => s.Tags).ToArray();
        Assert.Equal(gold, predicted);
        var entities = model.Transform(data).GetColumn<string[]>("Entities").ToArray();
        Assert.Equal(["PER 0 1", "PER 2 3", "LOC 4 5"], entities[0]);
        Assert.Equal(["LOC 4 5", "LOC 6 8"], entities[5]);
        var scores = EntityScorer.Score(gold, predicted, TagScheme.Iob2);
        Assert.Equal(1.0, scores.Micro.F1);

        // PredictionEngine (one sentence at a time) agrees with the batched Transform.
        var engine = ml.Model.CreatePredictionEngine<NerRow, TaggedRow>(model);
        Assert.Equal(gold[2], engine.Predict(Sentences()[2]).PredictedTags);
    }

    [Fact]
    public void Alignment_FirstSubwordCarriesTheLabel_SpecialTokensAndContinuationsIgnored()
    {
        using var model = TransformerModels.Load(Fixtures.Folder("bert-tokcls"));
        var tokenizer = TransformerTokenizers.FromFolder(Fixtures.Folder("bert-tokcls"));
        using var tagger = new TransformerTokenTagger(model, tokenizer, ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"], 0, 0);
        var words = new[] { "john", "kennedy", "met", "" };
        var pieces = tagger.Pieces(words);
        Assert.True(pieces[1].Length > 1, "kennedy should split into several word pieces");
        Assert.Single(pieces[3]); // an empty token becomes [UNK]
        var example = Assert.Single(tagger.Encode(words, [1, 2, 0, 0]));
        var expected = new List<int> { -100, 1, 2 };
        expected.AddRange(Enumerable.Repeat(-100, pieces[1].Length - 1));
        expected.AddRange([0, 0, -100]);
        Assert.Equal(expected, example.Labels);
        Assert.Equal(tokenizer.TokenToId("[CLS]"), example.InputIds[0]);
        Assert.Equal(tokenizer.TokenToId("[SEP]"), example.InputIds[^1]);
    }

    [Fact]
    public void Windows_CoverEveryWord_FitTheWindow_OverlapAtMostStride()
    {
        using var model = TransformerModels.Load(Fixtures.Folder("bert-tokcls"));
        var tokenizer = TransformerTokenizers.FromFolder(Fixtures.Folder("bert-tokcls"));
        using var tagger = new TransformerTokenTagger(model, tokenizer, ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"], 10, 3);
        var words = string.Join(' ', Enumerable.Repeat("the man from washington met john kennedy", 5)).Split(' ');
        var pieces = tagger.Pieces(words);
        var windows = tagger.Windows(pieces);
        Assert.Equal(0, windows[0].Start);
        Assert.Equal(words.Length, windows[^1].End);
        for (int i = 0; i < windows.Count; i++)
        {
            Assert.True(pieces[windows[i].Start..windows[i].End].Sum(p => p.Length) <= 8);
            if (i > 0)
            {
                Assert.True(windows[i].Start > windows[i - 1].Start);
                Assert.True(windows[i].Start <= windows[i - 1].End);
                Assert.True(pieces[windows[i].Start..windows[i - 1].End].Sum(p => p.Length) <= 3);
            }
        }
        Assert.Equal(words.Length, tagger.Predict([words])[0].Length);
    }

    [Fact]
    public void Contract_FitSaveLoadInFreshContext_SameOutput()
    {
        var ml = new MLContext(0);
        var valid = ml.Data.LoadFromEnumerable(Sentences());
        var invalid = ml.Data.LoadFromEnumerable(new[] { new SentimentRow { Text = "john", Label = "B-PER" } });
        var options = Options(epochs: 1, maxLength: 8);
        options.EntitiesColumnName = "Entities";
        EstimatorContract.Check(ml.TextKit().Trainers.TransformerTokenClassification(options), valid, invalid);
    }

    [Fact]
    public void NewTagSet_GetsANewHead()
    {
        var ml = new MLContext(0);
        var rows = Sentences().Select(s => new NerRow { Tokens = s.Tokens, Tags = s.Tags.Select(t => t.Replace("LOC", "GPE", StringComparison.Ordinal)).ToArray() }).ToList();
        var model = ml.TextKit().Trainers.TransformerTokenClassification(Options(epochs: 1)).Fit(ml.Data.LoadFromEnumerable(rows));
        Assert.Equal(["O", "B-GPE", "B-PER", "I-GPE", "I-PER"], model.Tagger.Labels);
        Assert.All(model.Transform(ml.Data.LoadFromEnumerable(rows)).GetColumn<string[]>("PredictedTags").SelectMany(t => t), t => Assert.Contains(t, model.Tagger.Labels));
    }

    [Fact]
    public void BadInput_GivesClearErrors()
    {
        var ml = new MLContext(0);
        var trainer = ml.TextKit().Trainers.TransformerTokenClassification(Options(epochs: 1));
        IDataView Data(params NerRow[] rows) => ml.Data.LoadFromEnumerable(rows);

        var error = Assert.Throws<TextKitException>(() => trainer.Fit(Data(Sentences()[0], Row("john met mary", "B-PER O"))));
        Assert.Equal("TK814", error.Code);
        Assert.Contains("row 2", error.Message);

        error = Assert.Throws<TextKitException>(() => trainer.Fit(Data(Row("john met new york", "B-PER O I-LOC I-LOC"))));
        Assert.Equal("TK815", error.Code);
        Assert.Contains("token 3", error.Message);

        error = Assert.Throws<TextKitException>(() => trainer.Fit(Data(Row("john met mary", "B-PER X B-PER"))));
        Assert.Equal("TK815", error.Code);

        Assert.Equal("TK811", Assert.Throws<TextKitException>(() => trainer.Fit(Data(new NerRow()))).Code);

        var validation = Options(epochs: 1);
        validation.ValidationData = Data(Row("john met mary", "B-ORG O B-PER"));
        error = Assert.Throws<TextKitException>(() => ml.TextKit().Trainers.TransformerTokenClassification(validation).Fit(Data(Sentences()[0])));
        Assert.Equal("TK810", error.Code);
        Assert.Contains("'B-ORG'", error.Message);

        var missing = Options(epochs: 1);
        missing.LabelColumnName = "Nope";
        Assert.Contains("'Nope'", Assert.Throws<ArgumentOutOfRangeException>(() => ml.TextKit().Trainers.TransformerTokenClassification(missing).Fit(Data(Sentences()[0]))).Message);
    }

    [Fact]
    public void InvalidTransitions_RepairOption_TrainsOnRepairedTags()
    {
        var ml = new MLContext(0);
        var options = Options(epochs: 1);
        options.InvalidTags = InvalidTagHandling.Repair;
        var model = ml.TextKit().Trainers.TransformerTokenClassification(options).Fit(ml.Data.LoadFromEnumerable([Row("john met new york", "B-PER O I-LOC I-LOC")]));
        Assert.Single(model.Transform(ml.Data.LoadFromEnumerable([Row("john met new york", "B-PER O I-LOC I-LOC")])).GetColumn<string[]>("PredictedTags"));
    }
}
