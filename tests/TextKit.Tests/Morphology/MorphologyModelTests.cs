using System.IO.Compression;
using TextKit.Lemmatization;
using TextKit.Morphology;

namespace TextKit.Tests.Morphology;

public class MorphologyModelTests
{
    internal static readonly MorphologyExample[] Tiny =
    [
        new("The", "the", "DET", "DT", "Definite=Def|PronType=Art"),
        new("cats", "cat", "NOUN", "NNS", "Number=Plur"),
        new("walked", "walk", "VERB", "VBD", "Mood=Ind|Tense=Past|VerbForm=Fin"),
        new("dogs", "dog", "NOUN", "NNS", "Number=Plur"),
        new("talked", "talk", "VERB", "VBD", "Mood=Ind|Tense=Past|VerbForm=Fin"),
        new("birds", "bird", "NOUN", "NNS", "Number=Plur"),
        new("jumped", "jump", "VERB", "VBD", "Mood=Ind|Tense=Past|VerbForm=Fin"),
        new("Anna", "Anna", "PROPN", "NNP", "Number=Sing"),
        new("runs", "run", "VERB", "VBZ", "Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin"),
        new("runs", "run", "NOUN", "NNS", "Number=Plur"),
        new("runs", "run", "NOUN", "NNS", "Number=Plur"),
        new("1,000", "1000", "NUM", "CD", "NumForm=Digit|NumType=Card"),
        new("glued", "_", "X", "GW", "_"), // LEMMA "_" is skipped
    ];

    internal static MorphologyModel TrainTiny() => MorphologyModel.Train(Tiny, WordNetLexicon.Empty, new MorphologyTrainingOptions { MinSuffixCount = 1, Source = "tiny" });

    [Fact]
    public void Train_Tiny_LearnsReadingsAndRules()
    {
        var model = TrainTiny();
        Assert.Equal(12, model.Info.TrainingWords);
        Assert.Equal("tiny", model.Info.Source);
        var lemmatizer = new Lemmatizer(model);
        Assert.Equal("cat", lemmatizer.Lemmatize("cats", "NOUN", "NNS"));
        // An unseen word gets the suffix rule of its class.
        Assert.Equal("kick", lemmatizer.Lemmatize("kicked", "VERB", "VBD"));
        Assert.Equal("frog", lemmatizer.Lemmatize("frogs", "NOUN", "NNS"));
        Assert.Equal("frog", lemmatizer.Lemmatize("Frogs", "NOUN", "NNS"));
        // Proper nouns keep their case; numbers follow the training convention.
        Assert.Equal("Bert", lemmatizer.Lemmatize("Bert", "PROPN", "NNP"));
        Assert.Equal("25000", lemmatizer.Lemmatize("25,000", "NUM", "CD"));
        Assert.Equal("run", lemmatizer.Lemmatize("runs"));
    }

    [Fact]
    public void Train_NoUsableExamples_Throws()
    {
        var e = Assert.Throws<TextKitException>(() => MorphologyModel.Train([new MorphologyExample("x", "_", "X")]));
        Assert.Equal("TK520", e.Code);
    }

    [Fact]
    public void Train_InvalidOptions_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MorphologyModel.Train(Tiny, null, new MorphologyTrainingOptions { MaxSuffixLength = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => MorphologyModel.Train(Tiny, null, new MorphologyTrainingOptions { MinSuffixCount = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => MorphologyModel.Train(Tiny, null, new MorphologyTrainingOptions { LexiconWeight = double.NaN }));
    }

    [Fact]
    public void SaveLoad_RoundTrip_SameBehaviourAndSameBytes()
    {
        var model = TrainTiny();
        using var first = new MemoryStream();
        model.Save(first);
        first.Position = 0;
        var loaded = MorphologyModel.Load(first);
        using var second = new MemoryStream();
        loaded.Save(second);
        Assert.Equal(first.ToArray(), second.ToArray());
        var a = new Lemmatizer(model);
        var b = new Lemmatizer(loaded);
        foreach (var (form, upos, xpos) in new[] { ("kicked", "VERB", "VBD"), ("runs", "NOUN", "NNS"), ("Bert", "PROPN", "NNP"), ("zz", "", "") })
            Assert.Equal(a.Lemmatize(form, upos, xpos), b.Lemmatize(form, upos, xpos));
        Assert.Equal(model.Info, loaded.Info);
    }

    [Fact]
    public void Save_IsDeterministic()
    {
        using var a = new MemoryStream();
        using var b = new MemoryStream();
        TrainTiny().Save(a, CompressionLevel.SmallestSize);
        TrainTiny().Save(b, CompressionLevel.SmallestSize);
        Assert.Equal(a.ToArray(), b.ToArray());
    }

    [Fact]
    public void Load_BadFiles_ClearErrors()
    {
        using var saved = new MemoryStream();
        TrainTiny().Save(saved);
        var bytes = saved.ToArray();

        var missing = Assert.Throws<TextKitModelException>(() => MorphologyModel.Load(Path.Combine(Path.GetTempPath(), "no-such-model.tkm")));
        Assert.Equal("TK530", missing.Code);

        var notModel = Assert.Throws<TextKitModelException>(() => MorphologyModel.Load(new MemoryStream("hello world"u8.ToArray()), "x.tkm"));
        Assert.Equal("TK531", notModel.Code);
        Assert.Contains("x.tkm", notModel.Message);

        var future = (byte[])bytes.Clone();
        future[7] = 99;
        Assert.Equal("TK532", Assert.Throws<TextKitModelException>(() => MorphologyModel.Load(new MemoryStream(future))).Code);

        foreach (int cut in new[] { 8, 20, bytes.Length / 2, bytes.Length - 1 })
        {
            var truncated = bytes[..cut];
            var error = Assert.Throws<TextKitModelException>(() => MorphologyModel.Load(new MemoryStream(truncated), "cut.tkm"));
            Assert.Equal("TK533", error.Code);
        }

        var corrupted = (byte[])bytes.Clone();
        for (int i = 12; i < corrupted.Length; i += 7)
            corrupted[i] ^= 0x5A;
        Assert.IsAssignableFrom<TextKitModelException>(Record.Exception(() => MorphologyModel.Load(new MemoryStream(corrupted))));
    }

    [Fact]
    public void EnglishModel_IsEmbeddedAndDescribesItsSources()
    {
        var model = EnglishModels.Morphology;
        Assert.Contains("en_ewt-ud-train.conllu", model.Info.Source);
        Assert.Contains("WordNet", model.Info.Source);
        Assert.True(model.Info.TrainingWords > 200_000);
        Assert.True(model.Info.WordNetLemmas > 80_000);
        Assert.Contains("PROPN", model.UposTags);
        Assert.Contains("NNS", model.XposTags);
        Assert.Same(model, EnglishModels.Morphology);
    }
}
