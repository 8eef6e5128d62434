using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.Hmm;
using TextKit.ML.Persistence;
using TextKit.ML.Tests.TestSupport;
using TextKit.ML.Trainers;
using TextKit.ML.Transforms;
using TextKit.Tagging;

namespace TextKit.ML.Tests.Transforms;

public class TaggingTests
{
    public sealed class Sentence
    {
        public string[] Tokens { get; set; } = [];

        public string[] Upos { get; set; } = [];

        public string[] Xpos { get; set; } = [];

        public string[] Feats { get; set; } = [];
    }

    private static readonly Sentence[] s_sentences =
    [
        new()
        {
            Tokens = ["The", "children", "were", "running", "home", "."],
            Upos = ["DET", "NOUN", "AUX", "VERB", "ADV", "PUNCT"],
            Xpos = ["DT", "NNS", "VBD", "VBG", "RB", "."],
            Feats = ["Definite=Def|PronType=Art", "Number=Plur", "Mood=Ind|Number=Plur|Person=3|Tense=Past|VerbForm=Fin", "Tense=Pres|VerbForm=Part", "_", "_"],
        },
        new()
        {
            Tokens = ["Dogs", "barked", "at", "the", "cat"],
            Upos = ["NOUN", "VERB", "ADP", "DET", "NOUN"],
            Xpos = ["NNS", "VBD", "IN", "DT", "NN"],
            Feats = ["Number=Plur", "Mood=Ind|Tense=Past|VerbForm=Fin", "_", "Definite=Def|PronType=Art", "Number=Sing"],
        },
        new() { Tokens = [], Upos = [], Xpos = [], Feats = [] },
    ];

    private static IDataView Data(MLContext ml) => ml.Data.LoadFromEnumerable(s_sentences);

    private static IDataView Training(MLContext ml) => ml.Data.LoadFromEnumerable(Enumerable.Repeat(s_sentences, 20).SelectMany(s => s));

    private static IDataView Invalid(MLContext ml) => ml.Data.LoadFromEnumerable(new[] { new { Tokens = 1f, Upos = 2f, Xpos = 3f, Feats = 4f } });

    private static string[][] Column(IDataView view, string name) => view.GetColumn<string[]>(name).ToArray();

    [Fact]
    public void TagPartsOfSpeech_Contract_ShippedEnglishModel()
    {
        var ml = new MLContext(1);
        var transformer = (TagPartsOfSpeechTransformer)EstimatorContract.Check(ml.TextKit().Transforms.TagPartsOfSpeech(), Data(ml), Invalid(ml));
        Assert.Same(PerceptronTagger.LoadDefault(), transformer.Tagger);
        var output = transformer.Transform(Data(ml));
        Assert.Equal(["DET", "NOUN", "AUX", "VERB", "ADV", "PUNCT"], Column(output, "PredictedUpos")[0]);
        var xpos = Column(output, "PredictedXpos")[1];
        Assert.Equal(5, xpos.Length);
        Assert.Equal(["NNS", "IN", "DT", "NN"], new[] { xpos[0], xpos[2], xpos[3], xpos[4] }); // "barked" is VBD/VBN-ambiguous here
        Assert.Equal("Number=Plur", Column(output, "PredictedFeats")[0][1]);
        Assert.Empty(Column(output, "PredictedUpos")[2]);
    }

    [Fact]
    public void TagPartsOfSpeech_ShippedModelWithAnotherBeam_IsStoredByReference()
    {
        var ml = new MLContext(1);
        var greedy = PerceptronTagger.LoadDefault().WithBeam(1);
        var transformer = EstimatorContract.Check(ml.TextKit().Transforms.TagPartsOfSpeech(model: greedy), Data(ml), Invalid(ml));
        using var stream = new MemoryStream();
        TextKitModel.Save(ml, transformer, Data(ml).Schema, stream);
        Assert.True(stream.Length < 100_000, $"{stream.Length} bytes: the 7 MB shipped weights were copied into the file");
        stream.Position = 0;
        var loaded = (TagPartsOfSpeechTransformer)TextKitModel.Load(new MLContext(2), stream, out _);
        var tagger = Assert.IsType<PerceptronTagger>(loaded.Tagger);
        Assert.Equal(1, tagger.BeamWidth);
        Assert.Same(PerceptronTagger.LoadDefault().Info, tagger.Info); // a view of the shipped model, not a copy
    }

    [Fact]
    public void TagPartsOfSpeech_OptionsAndBadInput()
    {
        var ml = new MLContext(1);
        var onlyUpos = ml.TextKit().Transforms.TagPartsOfSpeech(new TagPartsOfSpeechEstimator.Options { UposColumnName = "U", XposColumnName = null, FeatsColumnName = null });
        var output = onlyUpos.Fit(Data(ml)).Transform(Data(ml));
        Assert.NotNull(output.Schema.GetColumnOrNull("U"));
        Assert.Null(output.Schema.GetColumnOrNull("PredictedXpos"));
        Assert.Throws<ArgumentException>(() => ml.TextKit().Transforms.TagPartsOfSpeech(new TagPartsOfSpeechEstimator.Options { UposColumnName = null, XposColumnName = null, FeatsColumnName = null }));
        var missing = Assert.Throws<ArgumentOutOfRangeException>(() => ml.TextKit().Transforms.TagPartsOfSpeech("Nope").Fit(Data(ml)));
        Assert.Contains("'Nope'", missing.Message);
    }

    [Fact]
    public void PerceptronTagger_Contract_LearnsAndRoundTrips()
    {
        var ml = new MLContext(1);
        var trainer = ml.TextKit().Trainers.PerceptronTagger(new PerceptronTaggerEstimator.Options { Training = new PerceptronTaggerOptions { Iterations = 3, Morphology = null, BeamWidth = 2 } });
        var transformer = (TagPartsOfSpeechTransformer)EstimatorContract.Check(trainer, Training(ml), Invalid(ml));
        Assert.Equal(TagLayers.Upos | TagLayers.Xpos | TagLayers.Feats, transformer.Tagger.Layers);
        Assert.Equal(2, Assert.IsType<PerceptronTagger>(transformer.Tagger).BeamWidth); // the training options reach the model
        var output = transformer.Transform(Data(ml));
        Assert.Equal(s_sentences[0].Upos, Column(output, "PredictedUpos")[0]);
        Assert.Equal(s_sentences[1].Xpos, Column(output, "PredictedXpos")[1]);
        Assert.Equal(s_sentences[1].Feats, Column(output, "PredictedFeats")[1]);
    }

    [Fact]
    public void PerceptronTagger_MisalignedOrUnknownTags_ClearErrors()
    {
        var ml = new MLContext(1);
        var misaligned = ml.Data.LoadFromEnumerable(new[] { new Sentence { Tokens = ["a", "b"], Upos = ["DET"], Xpos = ["DT", "NN"], Feats = ["_", "_"] } });
        var error = Assert.Throws<TextKitException>(() => ml.TextKit().Trainers.PerceptronTagger().Fit(misaligned));
        Assert.Equal("TK626", error.Code);
        var unknown = ml.Data.LoadFromEnumerable(new[] { new Sentence { Tokens = ["a"], Upos = ["DETERMINER"], Xpos = ["DT"], Feats = ["_"] } });
        Assert.Equal("TK624", Assert.Throws<TextKitException>(() => ml.TextKit().Trainers.PerceptronTagger().Fit(unknown)).Code);
        Assert.Throws<ArgumentException>(() => ml.TextKit().Trainers.PerceptronTagger(new() { UposColumnName = null, XposColumnName = null }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.TextKit().Trainers.PerceptronTagger(new() { Training = new PerceptronTaggerOptions { Iterations = 0 } }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.TextKit().Trainers.PerceptronTagger(new() { Training = new PerceptronTaggerOptions { BeamWidth = 0 } }));
    }

    [Fact]
    public void HmmTagger_Contract_LearnsAndRoundTrips()
    {
        var ml = new MLContext(1);
        var trainer = ml.TextKit().Trainers.HmmTagger();
        var transformer = (TagPartsOfSpeechTransformer)EstimatorContract.Check(trainer, Training(ml), Invalid(ml));
        Assert.IsType<TrigramHmmTagger>(transformer.Tagger);
        var output = transformer.Transform(Data(ml));
        Assert.Null(output.Schema.GetColumnOrNull("PredictedFeats"));
        Assert.Equal(s_sentences[1].Upos, Column(output, "PredictedUpos")[1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.TextKit().Trainers.HmmTagger(new() { Beam = 0 }));
    }

    /// <summary>Counts the sentences it tags (a wrapper around the shipped model's list API).</summary>
    private sealed class CountingTagger : IPosTagger
    {
        public int Calls;

        public TagLayers Layers => PerceptronTagger.LoadDefault().Layers;

        public PosTags Tag(IReadOnlyList<string> words)
        {
            Calls++;
            return PerceptronTagger.LoadDefault().Tag(words);
        }
    }

    [Fact]
    public void TagPartsOfSpeech_TagsEachRowOnce_ForAllItsColumns()
    {
        var ml = new MLContext(1);
        var counting = new CountingTagger();
        var output = ml.TextKit().Transforms.TagPartsOfSpeech(model: counting).Fit(Data(ml)).Transform(Data(ml));
        using (var cursor = output.GetRowCursor(output.Schema))
        {
            var getters = new[] { "PredictedUpos", "PredictedXpos", "PredictedFeats" }
                .Select(name => cursor.GetGetter<VBuffer<ReadOnlyMemory<char>>>(output.Schema[name])).ToArray();
            var expected = s_sentences.Select(s => PerceptronTagger.LoadDefault().Tag(s.Tokens)).ToArray();
            int row = 0;
            while (cursor.MoveNext())
            {
                VBuffer<ReadOnlyMemory<char>> value = default;
                foreach (var (getter, layer) in getters.Zip(new[] { TagLayers.Upos, TagLayers.Xpos, TagLayers.Feats }))
                {
                    getter(ref value);
                    getter(ref value); // a second read of the same row is served from the row's tags too
                    Assert.Equal(expected[row].Get(layer)!, value.DenseValues().Select(v => v.ToString()));
                }
                row++;
            }
            Assert.Equal(3, row);
        }
        Assert.Equal(3, counting.Calls);

        // PredictionEngine reuses one row object: each Predict must still tag its own sentence.
        var engine = ml.Model.CreatePredictionEngine<Sentence, Predicted>(ml.TextKit().Transforms.TagPartsOfSpeech().Fit(Data(ml)));
        Assert.Equal(["DET", "NOUN", "AUX", "VERB", "ADV", "PUNCT"], engine.Predict(s_sentences[0]).PredictedUpos);
        var second = engine.Predict(s_sentences[1]);
        Assert.Equal(5, second.PredictedUpos.Length);
        Assert.Equal("Number=Plur", second.PredictedFeats[0]);
        Assert.Equal(s_sentences[0].Tokens.Length, engine.Predict(s_sentences[0]).PredictedXpos.Length);
    }

    public sealed class Predicted
    {
        public string[] PredictedUpos { get; set; } = [];

        public string[] PredictedXpos { get; set; } = [];

        public string[] PredictedFeats { get; set; } = [];
    }
}
