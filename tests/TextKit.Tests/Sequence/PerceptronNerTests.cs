using TextKit.Corpora;
using TextKit.Sequence;

namespace TextKit.Tests.Sequence;

public class PerceptronNerTests
{
    internal static TaggedTokens[] Sentences =>
    [
        S("Alice visited Paris yesterday", "B-PER O B-LOC O"),
        S("Bob Smith works at Acme Corp", "B-PER I-PER O O B-ORG I-ORG"),
        S("I met Alice in London", "O O B-PER O B-LOC"),
        S("Acme Corp opened an office in Paris", "B-ORG I-ORG O O O O B-LOC"),
        S("Bob flew to London", "B-PER O O B-LOC"),
        S("nothing to see here", "O O O O"),
    ];

    private static TaggedTokens S(string tokens, string tags) => new(tokens.Split(' '), tags.Split(' '), tokens);

    [Fact]
    public void Train_LearnsTrainingSentences()
    {
        var model = PerceptronNerTrainer.Train(Sentences);
        foreach (var s in Sentences)
            Assert.Equal(s.Tags, model.Predict(s.Tokens));
        Assert.Equal(["B-LOC", "B-ORG", "B-PER", "I-ORG", "I-PER", "O"], model.Tags);
    }

    [Fact]
    public void Train_SameSeed_SameModelBytes_DifferentSeedRuns()
    {
        static byte[] Bytes(int seed)
        {
            using var stream = new MemoryStream();
            PerceptronNerTrainer.Train(Sentences, new PerceptronNerOptions { Seed = seed }).Save(stream);
            return stream.ToArray();
        }
        Assert.Equal(Bytes(3), Bytes(3));
    }

    [Fact]
    public void SaveLoad_SamePredictions()
    {
        var model = PerceptronNerTrainer.Train(Sentences);
        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;
        var loaded = PerceptronNerModel.Load(stream);
        var probe = "Alice and Bob Smith met at Acme Corp in Paris".Split(' ');
        Assert.Equal(model.Predict(probe), loaded.Predict(probe));
        Assert.Equal(model.FeatureCount, loaded.FeatureCount);
    }

    [Fact]
    public void Load_Truncated_TK812()
    {
        var model = PerceptronNerTrainer.Train(Sentences);
        using var stream = new MemoryStream();
        model.Save(stream);
        var truncated = new MemoryStream(stream.ToArray()[..(int)(stream.Length / 2)]);
        Assert.Equal("TK812", Assert.Throws<TextKitModelException>(() => PerceptronNerModel.Load(truncated)).Code);
        Assert.Equal("TK812", Assert.Throws<TextKitModelException>(() => PerceptronNerModel.Load(new MemoryStream([1, 2, 3, 4, 5]))).Code);
    }

    [Fact]
    public void Predict_AlwaysValidIob2_EmptyAndOddTokens()
    {
        var model = PerceptronNerTrainer.Train(Sentences);
        Assert.Empty(model.Predict([]));
        var odd = new[] { "", "Corp", "Corp", "Smith", "😀", "Smith" };
        var tags = model.Predict(odd);
        Assert.Equal(odd.Length, tags.Length);
        Assert.Equal(-1, EntityTags.FindInvalidTransition(tags, TagScheme.Iob2));
    }

    [Fact]
    public void Train_MismatchedLengths_TK811NamesSentence()
    {
        var bad = Sentences.Append(new TaggedTokens(["a", "b"], ["O"], "train.conll:7"));
        var error = Assert.Throws<TextKitException>(() => PerceptronNerTrainer.Train(bad));
        Assert.Equal("TK811", error.Code);
        Assert.Contains("train.conll:7", error.Message);
    }

    [Fact]
    public void Train_InsideAfterOutside_ErrorOrRepair()
    {
        var bad = Sentences.Append(S("then Smith left", "O I-PER O"));
        var error = Assert.Throws<TextKitException>(() => PerceptronNerTrainer.Train(bad));
        Assert.Equal("TK814", error.Code);
        Assert.Contains("'I-PER' after 'O'", error.Message);
        var model = PerceptronNerTrainer.Train(bad, new PerceptronNerOptions { InvalidTags = InvalidTagHandling.Repair });
        Assert.Equal(["O", "B-PER", "O"], model.Predict("then Smith left".Split(' ')));
    }

    [Fact]
    public void Train_BadTagOrNoEntities_Errors()
    {
        Assert.Equal("TK813", Assert.Throws<TextKitException>(() => PerceptronNerTrainer.Train([S("a b", "O PERSON")])).Code);
        Assert.Equal("TK810", Assert.Throws<TextKitException>(() => PerceptronNerTrainer.Train([S("a b", "O O")])).Code);
        Assert.Equal("TK810", Assert.Throws<TextKitException>(() => PerceptronNerTrainer.Train([])).Code);
        Assert.Throws<ArgumentOutOfRangeException>(() => PerceptronNerTrainer.Train(Sentences, new PerceptronNerOptions { Epochs = 0 }));
    }

    [Fact]
    public void StableHash_FixedValues()
    {
        // FNV-1a 64 over UTF-16 code units (low byte, high byte): fixed forever, model files depend on it.
        Assert.Equal(14695981039346656037UL, StableHash.Of(""));
        Assert.Equal(StableHash.Of("Paris"), StableHash.Add(StableHash.Add(StableHash.Offset, "Pa"), "ris"));
        Assert.NotEqual(StableHash.Of("ab"), StableHash.Of("ba"));
        // Reference: Python, FNV-1a 64 over "Paris".encode("utf-16-le").
        Assert.Equal(0x031C353788DEA03CUL, StableHash.Of("Paris"));
    }
}
