using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.ML.Persistence;
using TextKit.ML.Tests.TestSupport;
using TextKit.ML.Trainers;
using TextKit.ML.Transforms;
using TextKit.Morphology;
using TextKit.Stemming;

namespace TextKit.ML.Tests.Transforms;

public class NormalizationTests
{
    public sealed class Sentence
    {
        public string[] Tokens { get; set; } = [];

        public string[] Upos { get; set; } = [];

        public string[] Xpos { get; set; } = [];

        public string[] Lemmas { get; set; } = [];

        public string[] Feats { get; set; } = [];

        public string Word { get; set; } = "";
    }

    private static readonly Sentence[] s_sentences =
    [
        new()
        {
            Tokens = ["The", "children", "were", "running", "home", "."],
            Upos = ["DET", "NOUN", "AUX", "VERB", "ADV", "PUNCT"],
            Xpos = ["DT", "NNS", "VBD", "VBG", "RB", "."],
            Lemmas = ["the", "child", "be", "run", "home", "."],
            Feats = ["Definite=Def|PronType=Art", "Number=Plur", "Mood=Ind|Number=Plur|Person=3|Tense=Past|VerbForm=Fin", "Tense=Pres|VerbForm=Part", "_", "_"],
            Word = "Generalizations",
        },
        new()
        {
            Tokens = ["Dogs", "barked", "at", "Americans"],
            Upos = ["NOUN", "VERB", "ADP", "PROPN"],
            Xpos = ["NNS", "VBD", "IN", "NNPS"],
            Lemmas = ["dog", "bark", "at", "American"],
            Feats = ["Number=Plur", "Mood=Ind|Tense=Past|VerbForm=Fin", "_", "Number=Plur"],
            Word = "ponies",
        },
        new() { Tokens = [], Upos = [], Xpos = [], Lemmas = [], Feats = [], Word = "" },
    ];

    private static IDataView Data(MLContext ml) => ml.Data.LoadFromEnumerable(s_sentences);

    private static IDataView Invalid(MLContext ml) => ml.Data.LoadFromEnumerable(new[] { new { Tokens = 1f, Upos = 2f, Xpos = 3f, Lemmas = 4f, Feats = 5f, Word = 6f } });

    private static string[][] Column(MLContext ml, IDataView view, string name)
        => view.GetColumn<string[]>(name).ToArray();

    [Fact]
    public void StemWords_Contract_VectorAndScalar()
    {
        var ml = new MLContext(1);
        EstimatorContract.Check(ml.TextKit().Transforms.StemWords("Stems", "Tokens"), Data(ml), Invalid(ml));
        EstimatorContract.Check(ml.TextKit().Transforms.StemWords("Stem", "Word", StemmerAlgorithm.Porter, lowerCase: false), Data(ml), Invalid(ml));
    }

    private sealed class Words
    {
        public string[] Tokens { get; set; } = [];
    }

    [Fact]
    public void StemWords_Porter2Revised_SurvivesSaveAndLoad()
    {
        // Words on which the Snowball 3 revision and the classic Porter2 differ, so that a reload that fell back to the
        // default algorithm would show.
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(new[] { new Words { Tokens = ["Added", "organic", "vying", "biologists"] } });
        var estimator = ml.TextKit().Transforms.StemWords("Stems", "Tokens", StemmerAlgorithm.Porter2Revised);
        EstimatorContract.Check(estimator, data);
        var transformer = estimator.Fit(data);
        using var stream = new MemoryStream();
        TextKitModel.Save(ml, transformer, data.Schema, stream);
        stream.Position = 0;
        var loaded = TextKitModel.Load(new MLContext(2), stream, out _);
        var stems = loaded.Transform(data).GetColumn<string[]>("Stems").Single();
        Assert.Equal(["add", "organic", "vie", "biolog"], stems);
        Assert.NotEqual(stems, ml.TextKit().Transforms.StemWords("Stems", "Tokens").Fit(data).Transform(data).GetColumn<string[]>("Stems").Single());
    }

    [Fact]
    public void StemWords_Values_MatchPlainStemmer()
    {
        var ml = new MLContext(1);
        var output = ml.TextKit().Transforms.StemWords("Stems", "Tokens").Fit(Data(ml)).Transform(Data(ml));
        var stems = Column(ml, output, "Stems");
        Assert.Equal(["the", "children", "were", "run", "home", "."], stems[0]);
        Assert.Equal(["dog", "bark", "at", "american"], stems[1]);
        Assert.Empty(stems[2]);
        var porter = ml.TextKit().Transforms.StemWords("Stem", "Word", StemmerAlgorithm.Porter, lowerCase: false).Fit(Data(ml)).Transform(Data(ml));
        Assert.Equal([Stemmer.Porter.Stem("Generalizations"), "poni", ""], porter.GetColumn<string>("Stem").ToArray());
    }

    [Fact]
    public void LemmatizeWords_Contract_DefaultEnglishModel()
    {
        var ml = new MLContext(1);
        var estimator = ml.TextKit().Transforms.LemmatizeWords(new LemmatizeWordsEstimator.Options
        {
            OutputColumnName = "Lemma",
            TokensColumnName = "Tokens",
            UposColumnName = "Upos",
            XposColumnName = "Xpos",
        });
        var transformer = (LemmatizeWordsTransformer)EstimatorContract.Check(estimator, Data(ml), Invalid(ml));
        Assert.Same(EnglishModels.Morphology, transformer.Lemmatizer.Model);
        var lemmas = Column(ml, transformer.Transform(Data(ml)), "Lemma");
        Assert.Equal(s_sentences[0].Lemmas, lemmas[0]);
        Assert.Equal(s_sentences[1].Lemmas, lemmas[1]);
        Assert.Empty(lemmas[2]);
    }

    [Fact]
    public void LemmatizeWords_SimpleOverload_UposOnlyAndNoTags()
    {
        var ml = new MLContext(1);
        var withPos = ml.TextKit().Transforms.LemmatizeWords("Lemma", "Tokens", "Upos").Fit(Data(ml)).Transform(Data(ml));
        Assert.Equal(s_sentences[0].Lemmas, Column(ml, withPos, "Lemma")[0]);
        var noPos = ml.TextKit().Transforms.LemmatizeWords("Lemma", "Tokens").Fit(Data(ml)).Transform(Data(ml));
        Assert.Equal(["dog", "bark", "at", "American"], Column(ml, noPos, "Lemma")[1]);
    }

    [Fact]
    public void LemmatizeWords_SavedFile_StoresTheShippedModelByReference()
    {
        var ml = new MLContext(1);
        var model = ml.TextKit().Transforms.LemmatizeWords("Lemma", "Tokens", "Upos").Fit(Data(ml));
        using var stream = new MemoryStream();
        TextKitModel.Save(ml, model, Data(ml).Schema, stream);
        Assert.True(stream.Length < 100_000, $"the shipped model must not be copied into every file ({stream.Length} bytes)");
    }

    [Fact]
    public void LemmatizeWords_MisalignedTags_ClearError()
    {
        var ml = new MLContext(1);
        var bad = ml.Data.LoadFromEnumerable(new[] { new Sentence { Tokens = ["a", "b"], Upos = ["DET"] } });
        var output = ml.TextKit().Transforms.LemmatizeWords("Lemma", "Tokens", "Upos").Fit(bad).Transform(bad);
        var error = Assert.Throws<TextKitException>(() => output.GetColumn<string[]>("Lemma").ToArray());
        Assert.Equal("TK503", error.Code);
        Assert.Contains("'Upos'", error.Message);
    }

    [Fact]
    public void LemmatizeWords_InvalidOptions_Throw()
    {
        var ml = new MLContext(1);
        Assert.Throws<ArgumentException>(() => ml.TextKit().Transforms.LemmatizeWords("", "Tokens"));
        Assert.Throws<ArgumentException>(() => ml.TextKit().Transforms.LemmatizeWords(new LemmatizeWordsEstimator.Options { OutputColumnName = "L", UposColumnName = "" }));
        var missing = Assert.Throws<ArgumentOutOfRangeException>(() => ml.TextKit().Transforms.LemmatizeWords("L", "Tokens", "Nope").Fit(Data(ml)));
        Assert.Contains("'Nope'", missing.Message);
    }

    [Fact]
    public void LemmatizerTrainer_Contract_LearnsAndRoundTrips()
    {
        var ml = new MLContext(1);
        var trainer = ml.TextKit().Trainers.Lemmatizer(new LemmatizerTrainer.Options { Lexicon = WordNetLexicon.Empty, MinSuffixCount = 1 });
        var transformer = (LemmatizeWordsTransformer)EstimatorContract.Check(trainer, Data(ml), Invalid(ml));
        Assert.NotSame(EnglishModels.Morphology, transformer.Lemmatizer.Model);
        // Overfit: every training word gets its gold lemma back.
        var predicted = Column(ml, transformer.Transform(Data(ml)), "PredictedLemmas");
        Assert.Equal(s_sentences[0].Lemmas, predicted[0]);
        Assert.Equal(s_sentences[1].Lemmas, predicted[1]);
        // ...and the learned rules generalise: an unseen -ed verb.
        Assert.Equal("kick", transformer.Lemmatizer.Lemmatize("kicked", "VERB", "VBD"));
    }

    [Fact]
    public void LemmatizerTrainer_TwoModelsCoexist_AfterReload()
    {
        var ml = new MLContext(1);
        var a = ml.TextKit().Trainers.Lemmatizer(new() { Lexicon = WordNetLexicon.Empty, MinSuffixCount = 1 }).Fit(Data(ml));
        var other = ml.Data.LoadFromEnumerable(new[]
        {
            new Sentence { Tokens = ["children"], Upos = ["NOUN"], Xpos = ["NNS"], Lemmas = ["CHILD"], Feats = ["_"] },
        });
        var b = ml.TextKit().Trainers.Lemmatizer(new() { Lexicon = WordNetLexicon.Empty }).Fit(other);
        var fresh = new MLContext(3);
        ITransformer Reload(ITransformer t)
        {
            using var stream = new MemoryStream();
            TextKitModel.Save(ml, t, Data(ml).Schema, stream);
            stream.Position = 0;
            return TextKitModel.Load(fresh, stream, out _);
        }
        var ra = Reload(a);
        var rb = Reload(b);
        Assert.Equal("child", Column(fresh, ra.Transform(Data(fresh)), "PredictedLemmas")[0][1]);
        Assert.Equal("CHILD", Column(fresh, rb.Transform(Data(fresh)), "PredictedLemmas")[0][1]);
    }

    [Fact]
    public void LemmatizerTrainer_MisalignedRow_ClearError()
    {
        var ml = new MLContext(1);
        var bad = ml.Data.LoadFromEnumerable(new[] { new Sentence { Tokens = ["a", "b"], Upos = ["DET", "NOUN"], Xpos = ["DT", "NN"], Lemmas = ["a"], Feats = ["_", "_"] } });
        var error = Assert.Throws<TextKitException>(() => ml.TextKit().Trainers.Lemmatizer(new() { Lexicon = WordNetLexicon.Empty }).Fit(bad));
        Assert.Equal("TK504", error.Code);
        Assert.Contains("'Lemmas'", error.Message);
    }

    [Fact]
    public void LemmatizerTrainer_WithoutXposAndFeats()
    {
        var ml = new MLContext(1);
        var trainer = ml.TextKit().Trainers.Lemmatizer(new() { XposColumnName = null, FeatsColumnName = null, Lexicon = WordNetLexicon.Empty });
        var transformer = trainer.Fit(Data(ml));
        Assert.Null(transformer.XposColumnName);
        Assert.Equal(s_sentences[0].Lemmas, Column(ml, transformer.Transform(Data(ml)), "PredictedLemmas")[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.TextKit().Trainers.Lemmatizer(new() { MaxSuffixLength = 0 }));
    }

    [Fact]
    public void AnalyzeMorphology_Contract_AndValues()
    {
        var ml = new MLContext(1);
        var estimator = ml.TextKit().Transforms.AnalyzeMorphology(new AnalyzeMorphologyEstimator.Options
        {
            OutputColumnName = "Features",
            UposColumnName = "Upos",
            XposColumnName = "Xpos",
            OutputLemmaColumnName = "Lemma",
        });
        var transformer = EstimatorContract.Check(estimator, Data(ml), Invalid(ml));
        var output = transformer.Transform(Data(ml));
        var feats = Column(ml, output, "Features");
        Assert.Equal("Number=Plur", feats[0][1]);
        Assert.Equal("_", feats[0][5]);
        Assert.Equal(s_sentences[0].Lemmas, Column(ml, output, "Lemma")[0]);
    }

    [Fact]
    public void AnalyzeMorphology_OneCursorReadingEveryColumn_GivesEachRowItsOwnAnalyses()
    {
        // The four output columns share one analysis per row: reading them together, row after row, must give what
        // reading each column alone gives.
        var ml = new MLContext(1);
        var output = ml.TextKit().Transforms.AnalyzeMorphology(new AnalyzeMorphologyEstimator.Options
        {
            OutputColumnName = "Features",
            UposColumnName = "Upos",
            XposColumnName = "Xpos",
            OutputUposColumnName = "U",
            OutputXposColumnName = "X",
            OutputLemmaColumnName = "Lemma",
        }).Fit(Data(ml)).Transform(Data(ml));
        var names = new[] { "Features", "U", "X", "Lemma" };
        var alone = names.Select(n => Column(ml, output, n)).ToArray();
        using var cursor = output.GetRowCursor(output.Schema);
        var getters = names.Select(n => cursor.GetGetter<VBuffer<ReadOnlyMemory<char>>>(output.Schema[n])).ToArray();
        int row = 0;
        while (cursor.MoveNext())
        {
            for (int c = names.Length - 1; c >= 0; c--)
            {
                VBuffer<ReadOnlyMemory<char>> value = default;
                getters[c](ref value);
                Assert.Equal(alone[c][row], value.DenseValues().Select(v => v.ToString()));
            }
            row++;
        }
        Assert.Equal(alone[0].Length, row);
        Assert.True(row > 1);
    }

    [Fact]
    public void AnalyzeMorphology_WithoutTags_GuessesUpos()
    {
        var ml = new MLContext(1);
        var output = ml.TextKit().Transforms.AnalyzeMorphology(new AnalyzeMorphologyEstimator.Options
        {
            OutputColumnName = "Features",
            OutputUposColumnName = "Guess",
        }).Fit(Data(ml)).Transform(Data(ml));
        var guess = Column(ml, output, "Guess");
        Assert.Equal(["DET", "NOUN", "AUX", "VERB", "NOUN", "PUNCT"], guess[0]);
        Assert.Throws<ArgumentException>(() => ml.TextKit().Transforms.AnalyzeMorphology(new AnalyzeMorphologyEstimator.Options { OutputColumnName = "A", OutputLemmaColumnName = "A" }));
    }

    [Fact]
    public void MixedPipeline_TokenizeStemLemmatize_SavesToOneFile()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(new[] { new { Text = "The ponies were running" } });
        var pipeline = ml.Transforms.Text.TokenizeIntoWords("Tokens", "Text")
            .Append(ml.TextKit().Transforms.StemWords("Stems", "Tokens"))
            .Append(ml.TextKit().Transforms.LemmatizeWords("Lemmas", "Tokens"));
        var model = pipeline.Fit(data);
        var path = Path.Combine(Path.GetTempPath(), $"textkit-norm-{Guid.NewGuid():N}.zip");
        try
        {
            ml.TextKit().Model.Save(model, data.Schema, path);
            var loaded = new MLContext(2).TextKit().Model.Load(path, out _);
            var output = loaded.Transform(data);
            Assert.Equal(["the", "poni", "were", "run"], output.GetColumn<string[]>("Stems").Single());
            Assert.Equal(["the", "pony", "be", "run"], output.GetColumn<string[]>("Lemmas").Single());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
