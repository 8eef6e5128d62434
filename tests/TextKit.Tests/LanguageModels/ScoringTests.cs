using TextKit.LanguageModels;

namespace TextKit.Tests.LanguageModels;

public class ScoringTests
{
    private static readonly NgramLanguageModel Model = NgramLanguageModel.Train(LmTestData.Corpus(), new NgramModelOptions { MinCount = 2 });

    [Fact]
    public void Score_SumsPerTokenLog10ProbabilitiesIncludingEnd()
    {
        string[] sentence = ["w0", "w1", "w2", "never-seen"];
        var per = new double[5];
        var score = Model.Score(sentence, per);
        Assert.Equal(5, score.Predictions);
        Assert.Equal(1, score.OovCount);
        Assert.Equal(per.Sum(), score.Log10Prob, 12);
        Assert.Equal(Model.Log10Prob(["<s>"], "w0"), per[0], 12);
        Assert.Equal(Model.Log10Prob(["<s>", "w0"], "w1"), per[1], 12);
        Assert.Equal(Model.Log10Prob(["w1", "w2"], "<unk>"), per[3], 12);
        Assert.Equal(Model.Log10Prob(["w2", "<unk>"], "</s>"), per[4], 12);
        Assert.Equal(Math.Pow(10, -score.Log10Prob / 5), score.Perplexity, 12);
    }

    [Fact]
    public void Evaluate_PerplexityIsExpOfMeanNegativeLogProb()
    {
        var test = LmTestData.Corpus(40, seed: 99);
        var corpus = Model.Evaluate(test);
        double ln = 0;
        long n = 0;
        foreach (var s in test)
        {
            ln += Model.Score(s).LogProb;
            n += s.Length + 1;
        }
        Assert.Equal(n, corpus.Predictions);
        Assert.Equal(Math.Exp(-ln / n), corpus.Perplexity, 9);
        Assert.True(corpus.PerplexityWithoutOov > 1);
        Assert.True(corpus.BitsPerToken > 0);
    }

    [Fact]
    public void Score_ReservedTokenOrNull_Fails()
    {
        Assert.Equal("TK702", Assert.Throws<TextKitException>(() => Model.Score(["w0", "<s>"])).Code);
        Assert.Throws<ArgumentException>(() => Model.Score(["w0", null!]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Model.Log10Prob([], 1_000_000));
    }

    [Fact]
    public void Generate_SameSeedSameText_DifferentSeedsDiffer()
    {
        var a = Model.Generate(new GenerationOptions { Seed = 1, MaxTokens = 20 });
        var b = Model.Generate(new GenerationOptions { Seed = 1, MaxTokens = 20 });
        Assert.Equal(a, b);
        var many = Enumerable.Range(0, 10).Select(s => string.Join(' ', Model.Generate(new GenerationOptions { Seed = s, MaxTokens = 20 }))).Distinct().Count();
        Assert.True(many > 5);
        Assert.All(a, w => Assert.True(w != "<s>" && w != "</s>" && w != "<unk>"));
        Assert.True(a.Count <= 20);
    }

    [Fact]
    public void Generate_TopKOne_IsGreedy()
    {
        var greedy = Model.Generate(new GenerationOptions { Seed = 3, TopK = 1, MaxTokens = 5 });
        var again = Model.Generate(new GenerationOptions { Seed = 4, TopK = 1, MaxTokens = 5 });
        Assert.Equal(greedy, again);
        // The first word is the argmax of p(w | <s>) among real words and </s>.
        var v = Model.Vocabulary;
        var best = Enumerable.Range(2, v.Count - 2).MaxBy(w => Model.Log10Prob([LmVocabulary.BeginId], w));
        if (best == LmVocabulary.EndId)
            Assert.Empty(greedy);
        else
            Assert.Equal(v[best], greedy[0]);
    }

    [Fact]
    public void Generate_LowTemperatureConcentrates_AndBadOptionsFail()
    {
        var cold = Enumerable.Range(0, 8).Select(s => string.Join(' ', Model.Generate(new GenerationOptions { Seed = s, Temperature = 0.05, MaxTokens = 4 }))).Distinct().Count();
        Assert.True(cold <= 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => Model.Generate(new GenerationOptions { Temperature = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Model.Generate(new GenerationOptions { TopK = -1 }));
        var prefixed = Model.Generate(new GenerationOptions { Seed = 2, Prefix = ["w1"], MaxTokens = 3 });
        Assert.True(prefixed.Count <= 3);
    }
}

public class BatchScoringTests
{
    [Theory]
    [InlineData(1, SentencePadding.Single, Smoothing.ModifiedKneserNey)]
    [InlineData(2, SentencePadding.Single, Smoothing.WittenBell)]
    [InlineData(3, SentencePadding.Full, Smoothing.ModifiedKneserNey)]
    [InlineData(3, SentencePadding.Single, Smoothing.WittenBell)]
    [InlineData(3, SentencePadding.Single, Smoothing.StupidBackoff)]
    [InlineData(3, SentencePadding.Full, Smoothing.AbsoluteDiscounting)]
    [InlineData(5, SentencePadding.Single, Smoothing.KneserNey)]
    [InlineData(4, SentencePadding.Full, Smoothing.StupidBackoff)]
    public void ScoreCorpus_EqualsTheSumOfSentenceScores(int order, SentencePadding padding, Smoothing smoothing)
    {
        var model = NgramLanguageModel.Train(LmTestData.Corpus(), new NgramModelOptions { Order = order, Padding = padding, Smoothing = smoothing, MinCount = 2 });
        var test = LmTestData.Corpus(57, seed: 21);
        var ids = test.Select(s => s.Select(w => model.Vocabulary.IdOf(w)).Append(LmVocabulary.EndId).ToArray()).ToList();
        ids.Insert(3, []);
        ids.Add([]);
        double expected = test.Sum(s => model.Score(s).Log10Prob);
        Assert.Equal(expected, model.ScoreCorpus(ids), 9);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.ScoreCorpus([[model.Vocabulary.Count]]));
    }

    [Fact]
    public void ScoreCorpus_Trigram_SinglePrecision_AndMoreSentencesThanLanes()
    {
        // The trigram loop with float tables, 300 sentences through its 16 lanes (refills and retirements), one-word
        // sentences and sentences of unknown words only.
        var model = NgramLanguageModel.Train(LmTestData.Corpus(), new NgramModelOptions { Order = 3, Precision = LmPrecision.Single, MinCount = 2 });
        var test = LmTestData.Corpus(300, seed: 5).Concat([["w1"], ["zzz", "yyy"], ["w2", "w2", "w2", "w2"]]).ToList();
        var ids = test.Select(s => s.Select(w => model.Vocabulary.IdOf(w)).Append(LmVocabulary.EndId).ToArray()).ToArray();
        Assert.Equal(test.Sum(s => model.Score(s).Log10Prob), model.ScoreCorpus(ids), 9);
    }
}
