using TextKit.Hmm;
using TextKit.Tagging;
using TextKit.Tests.Tagging;

namespace TextKit.Tests.Hmm;

public class TrigramHmmTaggerTests
{
    [Fact]
    public void Train_SyntheticGrammar_TagsHeldOutSentences()
    {
        var tagger = TrigramHmmTagger.Train(TaggingTestData.Sentences(400, seed: 1));
        Assert.Equal(TagLayers.Upos | TagLayers.Xpos, tagger.Layers);
        var accuracy = TagAccuracy.Evaluate(tagger, TaggingTestData.Sentences(100, seed: 99));
        Assert.Equal(100.0, accuracy.Upos);
        Assert.Equal(3, tagger.Lambdas.Count);
        Assert.Equal(1.0, tagger.Lambdas.Sum(), 6);
    }

    [Fact]
    public void Tag_UnknownWords_SuffixModel()
    {
        // Every synthetic word is frequent: let all of them feed the suffix model (TnT uses words seen ≤ 10 times).
        var tagger = TrigramHmmTagger.Train(TaggingTestData.Sentences(400, seed: 1), new TrigramHmmTaggerOptions { RareWordMaxCount = int.MaxValue });
        var tags = tagger.Tag(["The", "zorbles", "chases", "a", "green", "glimmer", "."]);
        Assert.Equal(["DET", "NOUN", "VERB", "DET", "ADJ", "NOUN", "PUNCT"], tags.Upos!);
        Assert.Equal("NNS", tags.Xpos![1]);
        Assert.Null(tags.Feats);
    }

    [Fact]
    public void Tag_EmptyAndLongSentences()
    {
        var tagger = TrigramHmmTagger.Train(TaggingTestData.Sentences(100, seed: 1));
        Assert.Empty(tagger.Tag([]).Upos!);
        var words = Enumerable.Range(0, 5000).Select(i => (i % 4) switch { 0 => "the", 1 => "dog", 2 => "sees", _ => "." }).ToArray();
        Assert.Equal("NOUN", tagger.Tag(words).Upos![4997]);
    }

    [Fact]
    public void SaveLoad_RoundTrip_SameTags()
    {
        var tagger = TrigramHmmTagger.Train(TaggingTestData.Sentences(200, seed: 1));
        var stream = new MemoryStream();
        tagger.Save(stream);
        stream.Position = 0;
        var loaded = TrigramHmmTagger.Load(stream, "hmm");
        foreach (var s in TaggingTestData.Sentences(30, seed: 5).Append(new AnnotatedSentence(["Qwerty", "asdfs", "!"])))
            Assert.Equal(tagger.Tag(s.Words).Xpos, loaded.Tag(s.Words).Xpos);
        Assert.Equal("TK650", Assert.Throws<TextKitModelException>(() => TrigramHmmTagger.Load(new MemoryStream([1, 2, 3]), "junk")).Code);
    }

    [Fact]
    public void Train_UnknownUposTag_NamesTheSentence()
    {
        var bad = new AnnotatedSentence(["x"], ["NOPE"], source: "t.conllu", line: 3);
        var error = Assert.Throws<TextKitException>(() => TrigramHmmTagger.Train([bad]));
        Assert.Contains("t.conllu:3", error.Message);
    }
}
