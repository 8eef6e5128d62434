using TextKit.Corpora;
using TextKit.Tagging;

namespace TextKit.Tests.Tagging;

public class PerceptronTaggerTests
{
    private static readonly Lazy<PerceptronTagger> s_small = new(() =>
        PerceptronTaggerTrainer.Train(TaggingTestData.Sentences(400, seed: 1), new PerceptronTaggerOptions { Iterations = 3, Seed = 7 }));

    [Fact]
    public void Train_SyntheticGrammar_TagsUnseenSentencesPerfectly()
    {
        var tagger = s_small.Value;
        Assert.Equal(TagLayers.Upos | TagLayers.Xpos | TagLayers.Feats, tagger.Layers);
        var accuracy = TagAccuracy.Evaluate(tagger, TaggingTestData.Sentences(100, seed: 99));
        Assert.Equal(100.0, accuracy.Upos);
        Assert.Equal(100.0, accuracy.Xpos);
        Assert.Equal(100.0, accuracy.UFeats);
    }

    [Fact]
    public void Tag_UnknownWordInKnownContext_UsesSuffixAndContext()
    {
        var tags = s_small.Value.Tag(["The", "green", "zorbles", "paints", "a", "house", "."]);
        Assert.Equal(["DET", "ADJ", "NOUN", "VERB", "DET", "NOUN", "PUNCT"], tags.Upos!);
        Assert.Equal("NNS", tags.Xpos![2]);
        Assert.Equal("Number=Plur", tags.Feats![2]);
    }

    [Fact]
    public void Tag_EmptyAndVeryLongSentences_AreDefined()
    {
        var tagger = s_small.Value;
        var empty = tagger.Tag([]);
        Assert.Empty(empty.Upos!);
        Assert.Empty(empty.Feats!);
        var words = Enumerable.Range(0, 5000).Select(i => (i % 4) switch { 0 => "the", 1 => "dog", 2 => "sees", _ => "." }).ToArray();
        var tags = tagger.Tag(words);
        Assert.Equal(5000, tags.Upos!.Length);
        Assert.Equal("NOUN", tags.Upos[4997]);
        Assert.Throws<ArgumentException>(() => tagger.Tag(["the", null!]));
    }

    [Fact]
    public void Train_SameSeed_SameModelBytes()
    {
        var data = TaggingTestData.Sentences(150, seed: 3);
        byte[] Bytes(int seed)
        {
            var tagger = PerceptronTaggerTrainer.Train(data, new PerceptronTaggerOptions { Iterations = 2, Seed = seed });
            var stream = new MemoryStream();
            tagger.Save(stream);
            return stream.ToArray();
        }
        Assert.Equal(Bytes(5), Bytes(5));
        Assert.NotEqual(Bytes(5), Bytes(6));
    }

    [Fact]
    public void SaveLoad_RoundTrip_SameTagsAndInfo()
    {
        var tagger = s_small.Value;
        var stream = new MemoryStream();
        tagger.Save(stream);
        stream.Position = 0;
        var loaded = PerceptronTagger.Load(stream);
        Assert.Equal(tagger.Layers, loaded.Layers);
        Assert.Equal(7, loaded.Info.Seed);
        foreach (var s in TaggingTestData.Sentences(30, seed: 11).Append(new AnnotatedSentence(["Blorfs", "wibble", "!"])))
        {
            var a = tagger.Tag(s.Words);
            var b = loaded.Tag(s.Words);
            Assert.Equal(a.Upos, b.Upos);
            Assert.Equal(a.Xpos, b.Xpos);
            Assert.Equal(a.Feats, b.Feats);
        }
    }

    [Fact]
    public void Load_TruncatedOrForeignBytes_ClearModelError()
    {
        var stream = new MemoryStream();
        s_small.Value.Save(stream);
        var bytes = stream.ToArray();
        var truncated = Assert.Throws<TextKitModelException>(() => PerceptronTagger.Load(new MemoryStream(bytes[..(bytes.Length / 2)]), "half.tkpos"));
        Assert.Contains("half.tkpos", truncated.Message);
        var foreign = Assert.Throws<TextKitModelException>(() => PerceptronTagger.Load(new MemoryStream("not a model"u8.ToArray()), "x.bin"));
        Assert.Equal("TK640", foreign.Code);
        Assert.Equal("TK643", Assert.Throws<TextKitModelException>(() => PerceptronTagger.Load("/nonexistent/model.tkpos")).Code);
    }

    [Fact]
    public void Train_BadData_NamesSentenceAndWord()
    {
        var empty = Assert.Throws<TextKitException>(() => PerceptronTaggerTrainer.Train([new AnnotatedSentence([])]));
        Assert.Equal("TK620", empty.Code);
        var unknownTag = new AnnotatedSentence(["Hello", "world"], ["INTJ", "NOUNISH"], source: "train.conllu", line: 12);
        var error = Assert.Throws<TextKitException>(() => PerceptronTaggerTrainer.Train([unknownTag]));
        Assert.Equal("TK624", error.Code);
        Assert.Contains("train.conllu:12", error.Message);
        Assert.Contains("NOUNISH", error.Message);
        var noLayers = Assert.Throws<TextKitException>(() => PerceptronTaggerTrainer.Train([new AnnotatedSentence(["a"])]));
        Assert.Equal("TK622", noLayers.Code);
        Assert.Throws<ArgumentOutOfRangeException>(() => PerceptronTaggerTrainer.Train(TaggingTestData.Sentences(5, 1), new PerceptronTaggerOptions { Iterations = 0 }));
    }

    [Fact]
    public void Train_ReportsProgressWithDevScoresPerIteration()
    {
        var reports = new List<TrainingProgress>();
        var tagger = PerceptronTaggerTrainer.Train(TaggingTestData.Sentences(100, 2), new PerceptronTaggerOptions { Iterations = 3 },
            TaggingTestData.Sentences(20, 4), new SyncProgress<TrainingProgress>(reports.Add));
        Assert.Equal([1, 2, 3], reports.Select(r => r.Iteration));
        Assert.All(reports, r => Assert.NotNull(r.Dev));
        Assert.Equal(reports[^1].Dev!.Upos, tagger.Info.DevScores["UPOS"], 2);
    }

    [Fact]
    public void Train_Ensemble_IsTheMeanOfItsMembersWeights()
    {
        var data = TaggingTestData.Sentences(120, seed: 8);
        var dev = TaggingTestData.Sentences(20, seed: 9);
        PerceptronTagger Train(int seed, int ensemble, List<TrainingProgress>? reports = null)
            => PerceptronTaggerTrainer.Train(data, new PerceptronTaggerOptions { Iterations = 2, Seed = seed, Ensemble = ensemble }, dev,
                reports is null ? null : new SyncProgress<TrainingProgress>(reports.Add));
        static Dictionary<(ulong, int), float> Weights(PerceptronTagger tagger)
        {
            var w = (PerceptronWeights)tagger.TagWeights;
            var map = new Dictionary<(ulong, int), float>();
            for (int r = 0; r < w.Keys.Length; r++)
                for (int e = w.Starts[r]; e < w.Starts[r + 1]; e++)
                    map[(w.Keys[r], w.Entries[e].Class)] = w.Entries[e].Weight;
            return map;
        }
        var first = Weights(Train(5, 1));
        var second = Weights(Train(6, 1));
        var reports = new List<TrainingProgress>();
        var ensemble = Train(5, 2, reports);
        var mixed = Weights(ensemble);
        Assert.NotEqual(first.Count, mixed.Count); // the members differ, so the mean has features of both
        foreach (var key in first.Keys.Union(second.Keys))
        {
            float mean = (float)(Half)((first.GetValueOrDefault(key) + second.GetValueOrDefault(key)) / 2.0);
            Assert.Equal(mean, mixed.GetValueOrDefault(key));
        }
        Assert.Equal([1, 1, 2, 2, 0], reports.Select(r => r.Member));
        Assert.All(reports, r => Assert.Equal(2, r.Members));
        Assert.Equal(reports[^1].Dev!.Upos, ensemble.Info.DevScores["UPOS"], 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => Train(5, 0));
    }

    [Fact]
    public void Train_SingleTagLayerFromBrownStyleSentences()
    {
        var tagged = new[]
        {
            new TaggedSentence(["The", "Fulton", "jury", "said", "."], ["AT", "NP-TL", "NN", "VBD", "."]),
            new TaggedSentence(["A", "jury", "said", "it", "."], ["AT", "NN", "VBD", "PPS", "."]),
        }.Select(s => AnnotatedSentence.FromTagged(s.MapTags(BrownTags.ToBase)));
        var tagger = PerceptronTaggerTrainer.Train(Enumerable.Repeat(tagged, 20).SelectMany(x => x), new PerceptronTaggerOptions { Iterations = 2 });
        Assert.Equal(TagLayers.Xpos, tagger.Layers);
        var tags = tagger.Tag(["The", "jury", "said", "."]);
        Assert.Null(tags.Upos);
        Assert.Equal(["at", "nn", "vbd", "."], tags.Xpos!);
    }

    [Fact]
    public void FromConllU_ReadsLayers_AndScoresUFeatsLikeTagScorer()
    {
        const string text = "# sent_id = 1\n1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n1\tdo\tdo\tAUX\tVBP\tMood=Ind|Typo=Yes\t0\troot\t_\t_\n2\tn't\tnot\tPART\tRB\tPolarity=Neg\t1\tadvmod\t_\t_\n\n";
        var sentence = ConllUReader.Read(new StringReader(text)).Single();
        var annotated = AnnotatedSentence.FromConllU(sentence, "x.conllu");
        Assert.Equal(["do", "n't"], annotated.Words);
        Assert.Equal(["AUX", "PART"], annotated.Upos);
        Assert.Equal("x.conllu:1", annotated.Describe());
        var accuracy = new TagAccuracy();
        accuracy.Add(annotated, new PosTags(["AUX", "ADV"], ["VBP", "RB"], ["Mood=Ind", "Polarity=Neg"]));
        Assert.Equal(50.0, accuracy.Upos);
        Assert.Equal(100.0, accuracy.Xpos);
        Assert.Equal(100.0, accuracy.UFeats); // Typo is not a universal feature (conll18_ud_eval.py)
    }
}

/// <summary>An <see cref="IProgress{T}"/> that reports synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
