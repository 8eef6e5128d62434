using TextKit.LanguageModels;

namespace TextKit.Tests.LanguageModels;

public class NgramCounterTests
{
    [Fact]
    public void Add_SinglePadding_CountsEveryOrderWithBoundaries()
    {
        var counter = new NgramCounter(3);
        counter.Add(["a", "b", "a", "b"]);
        counter.Add(["a", "b"]);
        Assert.Equal(3, counter.CountOf("a", "b"));
        Assert.Equal(2, counter.CountOf("<s>", "a"));
        Assert.Equal(2, counter.CountOf("<s>", "a", "b"));
        Assert.Equal(1, counter.CountOf("b", "a", "b"));
        Assert.Equal(2, counter.CountOf("b", "</s>"));
        Assert.Equal(0, counter.CountOf("<s>", "<s>"));
        Assert.Equal(3, counter.CountOf("a"));
        Assert.Equal(0, counter.CountOf("zzz"));
        Assert.Equal(6, counter.TokenCount);
        Assert.Equal(2, counter.SentenceCount);
    }

    [Fact]
    public void Add_FullPadding_CountsPadNgramsLikeNltkEverygrams()
    {
        var counter = new NgramCounter(3, SentencePadding.Full);
        counter.Add(["a", "b"]);
        Assert.Equal(1, counter.CountOf("<s>", "<s>"));
        Assert.Equal(1, counter.CountOf("<s>", "<s>", "a"));
        Assert.Equal(2, counter.CountOf("<s>"));
        Assert.Equal(1, counter.CountOf("a", "b", "</s>"));
        // padded: <s> <s> a b </s> → 5 unigrams, 4 bigrams, 3 trigrams
        Assert.Equal(4, counter.TypeCount(2)); // <s><s>, <s>a, ab, b</s>
        Assert.Equal(3, counter.TypeCount(3));
    }

    [Fact]
    public void CountOfCounts_CountsTypesPerFrequency()
    {
        var counter = new NgramCounter(2);
        counter.Add(["x", "y", "x", "y", "x", "z"]);
        var coc = counter.CountOfCounts(2);
        // bigrams: <s>x 1, xy 2, yx 2, xz 1, z</s> 1
        Assert.Equal([0L, 3, 2, 0, 0], coc);
    }

    [Fact]
    public void Train_MinCount_MapsRareWordsToUnknownAndMergesNgrams()
    {
        var model = NgramLanguageModel.Train([["a", "rare1", "b"], ["a", "rare2", "b"], ["a", "b"]],
            new NgramModelOptions { Order = 2, MinCount = 2, Smoothing = Smoothing.Mle });
        Assert.Equal(["<unk>", "<s>", "</s>", "a", "b"], model.Vocabulary.Words);
        // a → <unk> twice, a → b once: MLE p(<unk>|a) = 2/3 after merging both rare words.
        Assert.Equal(2.0 / 3, model.Prob(["a"], "<unk>"), 12);
        Assert.Equal(2.0 / 3, model.Prob(["a"], "rare1"), 12);
    }

    [Fact]
    public void Add_ReservedOrInvalidTokens_FailClearly()
    {
        var counter = new NgramCounter(2);
        Assert.Equal("TK702", Assert.Throws<TextKitException>(() => counter.Add(["a", "</s>"])).Code);
        Assert.Equal("TK701", Assert.Throws<TextKitException>(() => counter.Add(["a b"])).Code);
        Assert.Equal("TK701", Assert.Throws<TextKitException>(() => counter.Add([""])).Code);
        Assert.Throws<ArgumentException>(() => counter.Add(["a", null!]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NgramCounter(6));
    }

    [Fact]
    public void Add_FixedVocabulary_MapsOtherWordsToUnknown()
    {
        var counter = new NgramCounter(2, vocabulary: ["a"]);
        counter.Add(["a", "q", "a"]);
        Assert.Equal(1, counter.CountOf("a", "<unk>"));
        Assert.Equal(1, counter.CountOf("<unk>", "a"));
        Assert.Equal(4, counter.WordCount);
    }
}

public class TrainingPathTests
{
    [Theory]
    [InlineData(SentencePadding.Single)]
    [InlineData(SentencePadding.Full)]
    public void TwoPassAndStreamingTraining_GiveTheSameModel(SentencePadding padding)
    {
        var corpus = LmTestData.Corpus(400, 60);
        corpus.Add(["<unk>", "w1", "w50"]);
        var options = new NgramModelOptions { Order = 4, MinCount = 3, Padding = padding };
        var twoPass = NgramLanguageModel.Train(corpus, options);          // a list: vocabulary first, then counts
        var trainer = new NgramModelTrainer(options);                      // streaming: counts, then rare words merged
        foreach (var s in corpus)
            trainer.Add(s);
        var streaming = trainer.Build();
        var a = new StringWriter();
        var b = new StringWriter();
        twoPass.WriteArpa(a);
        streaming.WriteArpa(b);
        Assert.Equal(b.ToString(), a.ToString());
        Assert.Throws<InvalidOperationException>(() => trainer.Build());
    }

    [Theory]
    [InlineData(2, SentencePadding.Single, 1 << 20)]
    [InlineData(3, SentencePadding.Full, 50)]
    [InlineData(5, SentencePadding.Single, 7)]
    [InlineData(5, SentencePadding.Full, 1)]
    public void AddCorpus_CountsLikeSentenceBySentence(int order, SentencePadding padding, int chunkPositions)
    {
        var corpus = LmTestData.Corpus(300, 40);
        corpus.Add([]);
        var one = new NgramCounter(order, padding);
        foreach (var s in corpus)
            one.Add(s);
        var bulk = new NgramCounter(order, padding, one.Words.Words.Skip(3));
        var ids = corpus.SelectMany(s => s.Select(w => bulk.Words.MapFrozen(w))).ToArray();
        bulk.AddCorpus(ids, corpus.Select(s => s.Length).ToArray(), chunkPositions);
        Assert.Equal(one.SentenceCount, bulk.SentenceCount);
        Assert.Equal(one.TokenCount, bulk.TokenCount);
        Assert.Equal(one.UnigramCounts.Take(one.WordCount), bulk.UnigramCounts.Take(bulk.WordCount));
        for (int k = 2; k <= order; k++)
        {
            Assert.Equal(one.Table(k).Keys, bulk.Table(k).Keys);       // same n-grams with the same ids (first-seen order)
            Assert.Equal(one.Table(k).Counts, bulk.Table(k).Counts);
            Assert.Equal(one.Table(k).Prefix, bulk.Table(k).Prefix);
        }
    }

    [Fact]
    public void Train_TwoPass_BadTokensFailLikeStreaming()
    {
        var options = new NgramModelOptions { Order = 3, MinCount = 2 };
        List<IReadOnlyList<string>> Corpus(params string[] last) => [["a", "b", "a"], ["b", "a"], last];
        Assert.Equal("TK702", Assert.Throws<TextKitException>(() => NgramLanguageModel.Train(Corpus("a", "<s>"), options)).Code);
        Assert.Equal("TK702", Assert.Throws<TextKitException>(() => NgramLanguageModel.Train(Corpus("</s>"), options)).Code);
        var rare = Assert.Throws<TextKitException>(() => NgramLanguageModel.Train(Corpus("a", "x y"), options));
        Assert.Equal("TK701", rare.Code);
        Assert.Contains("training data", rare.Message, StringComparison.Ordinal);
        Assert.Equal("TK701", Assert.Throws<TextKitException>(() => NgramLanguageModel.Train(Corpus(""), options)).Code);
        var frequent = Assert.Throws<TextKitException>(() => NgramLanguageModel.Train(Corpus("x y", "x y"), options));
        Assert.Contains("vocabulary", frequent.Message, StringComparison.Ordinal);
        var nullToken = Assert.Throws<ArgumentException>(() => NgramLanguageModel.Train(Corpus("a", null!, "<s>"), options));
        Assert.Contains("Token 1 is null", nullToken.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => NgramLanguageModel.Train([["a"], null!], options));
        // The unknown word's own spelling is a word of the data like any other.
        var model = NgramLanguageModel.Train(Corpus("<unk>", "a"), options);
        Assert.Equal(LmVocabulary.UnknownId, model.Vocabulary.IdOf("<unk>"));
    }
}
