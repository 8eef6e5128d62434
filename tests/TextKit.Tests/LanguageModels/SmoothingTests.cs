using TextKit.LanguageModels;

namespace TextKit.Tests.LanguageModels;

public class SmoothingTests
{
    public static TheoryData<Smoothing, SentencePadding, int> NormalizedModels()
    {
        var data = new TheoryData<Smoothing, SentencePadding, int>();
        foreach (var s in new[] { Smoothing.Mle, Smoothing.AddK, Smoothing.WittenBell, Smoothing.AbsoluteDiscounting, Smoothing.KneserNey, Smoothing.ModifiedKneserNey })
            foreach (var p in new[] { SentencePadding.Single, SentencePadding.Full })
                foreach (var n in new[] { 1, 2, 3, 5 })
                    data.Add(s, p, n);
        return data;
    }

    [Theory]
    [MemberData(nameof(NormalizedModels))]
    public void EverySmoothedModel_SumsToOne_ForSeenAndUnseenContexts(Smoothing smoothing, SentencePadding padding, int order)
    {
        var corpus = LmTestData.Corpus();
        var model = NgramLanguageModel.Train(corpus, new NgramModelOptions { Order = order, Smoothing = smoothing, Padding = padding, MinCount = 2 });
        Assert.True(model.IsNormalized);
        var v = model.Vocabulary;
        int[][] fixedContexts =
        [
            [],
            [LmVocabulary.BeginId],
            [LmVocabulary.BeginId, LmVocabulary.BeginId, LmVocabulary.BeginId, LmVocabulary.BeginId],
            [v.IdOf("w1")],
            [v.IdOf("w0"), v.IdOf("w1")],                                  // seen
            [v.IdOf("w3"), v.IdOf("w0"), v.IdOf("w1"), v.IdOf("w2")],      // partly seen
            [v.IdOf("w30"), v.IdOf("w29"), v.IdOf("w31")],                 // rare words (→ <unk>), unseen
            [LmVocabulary.UnknownId, LmVocabulary.UnknownId],
            [LmVocabulary.EndId, v.IdOf("w5")],                            // </s> as context: never seen
        ];
        var contexts = fixedContexts.ToList();
        foreach (var sentence in corpus.Take(20))                        // contexts from the data
            if (sentence.Length >= 4)
                contexts.Add(sentence[..4].Select(w => v.IdOf(w)).ToArray());
        foreach (var context in contexts)
        {
            double sum = LmTestData.SumOverVocabulary(model, context);
            Assert.True(Math.Abs(sum - 1) < 1e-12, $"{smoothing}/{padding}/order {order}: Σp = {sum:R} for context [{string.Join(' ', context.Select(i => v[i]))}]");
        }
    }

    [Theory]
    [InlineData(Smoothing.ModifiedKneserNey)]
    [InlineData(Smoothing.WittenBell)]
    [InlineData(Smoothing.AddK)]
    public void Pruning_KeepsDistributionsNormalizedAndShrinksTheModel(Smoothing smoothing)
    {
        var corpus = LmTestData.Corpus(600);
        var full = NgramLanguageModel.Train(corpus, new NgramModelOptions { Order = 3, Smoothing = smoothing });
        var pruned = NgramLanguageModel.Train(corpus, new NgramModelOptions { Order = 3, Smoothing = smoothing, PruneThresholds = [0, 1, 1] });
        Assert.True(pruned.NgramCount(3) < full.NgramCount(3) / 2);
        Assert.True(pruned.NgramCount(2) < full.NgramCount(2));
        var v = pruned.Vocabulary;
        foreach (var context in new[] { new[] { v.IdOf("w0"), v.IdOf("w1") }, [v.IdOf("w7"), v.IdOf("w3")], [LmVocabulary.BeginId] })
            Assert.True(Math.Abs(LmTestData.SumOverVocabulary(pruned, context) - 1) < 1e-12);
    }

    [Fact]
    public void SinglePrecision_SumsToOneWithinFloatRounding()
    {
        var model = NgramLanguageModel.Train(LmTestData.Corpus(), new NgramModelOptions { Precision = LmPrecision.Single });
        Assert.Equal(LmPrecision.Single, model.Precision);
        var v = model.Vocabulary;
        Assert.True(Math.Abs(LmTestData.SumOverVocabulary(model, [v.IdOf("w0"), v.IdOf("w1")]) - 1) < 1e-5);
    }

    // Hand-computed values on: "a b" / "a c" / "a b" with single padding, bigrams.
    private static readonly string[][] Tiny = [["a", "b"], ["a", "c"], ["a", "b"]];

    [Fact]
    public void Mle_IsRelativeFrequency()
    {
        var model = NgramLanguageModel.Train(Tiny, new NgramModelOptions { Order = 2, Smoothing = Smoothing.Mle });
        Assert.Equal(2.0 / 3, model.Prob(["a"], "b"), 14);
        Assert.Equal(0.0, model.Prob(["a"], "a"));
        Assert.Equal(1.0, model.Prob(["<s>"], "a"), 14);
    }

    [Fact]
    public void Laplace_AddsOneOverPredictableVocabulary()
    {
        var model = NgramLanguageModel.Train(Tiny, new NgramModelOptions { Order = 2, Smoothing = Smoothing.AddK, AddK = 1 });
        // predictable words: <unk> </s> a b c = 5; c(a b) = 2, c(a •) = 3
        Assert.Equal(3.0 / 8, model.Prob(["a"], "b"), 14);
        Assert.Equal(1.0 / 8, model.Prob(["a"], "a"), 14);
        Assert.Equal(1.0 / 5, model.Prob(["zzz"], "a"), 14); // unseen context: uniform (as NLTK)
    }

    [Fact]
    public void WittenBell_MatchesHandComputation()
    {
        var model = NgramLanguageModel.Train(Tiny, new NgramModelOptions { Order = 2, Smoothing = Smoothing.WittenBell });
        // unigram events (raw, no <s>): a 3, b 2, c 1, </s> 3 → T = 9, types 4; p1(b) = (2 + 4/5)/(9 + 4)
        double p1b = (2 + 4.0 / 5) / 13;
        // bigram context a: T = 3, types 2 → p(b|a) = (2 + 2 p1(b)) / 5
        Assert.Equal((2 + 2 * p1b) / 5, model.Prob(["a"], "b"), 14);
    }

    [Fact]
    public void ModifiedKneserNey_MatchesHandComputationOnReferenceDefinition()
    {
        // Order 2, single padding: bigram level raw counts; unigram level continuation counts, except <s>-initial (none at order 1 besides <s>).
        var model = NgramLanguageModel.Train(Tiny, new NgramModelOptions { Order = 2, Smoothing = Smoothing.ModifiedKneserNey, Discount = null });
        var d = model.Info.Discounts;
        // level 2 events: <s>a 3, ab 2, ac 1, b</s> 2, c</s> 1 → n1 = 2, n2 = 2, n3 = 1, n4 = 0 → Y = 1/3
        double y = 2.0 / (2 + 4);
        Assert.Equal(1 - 2 * y * 2 / 2, d[1][0], 12);
        Assert.Equal(2 - 3 * y * 1 / 2, d[1][1], 12);
        Assert.Equal(3 - 4 * y * 0 / 1, d[1][2], 12);
    }

    [Fact]
    public void StupidBackoff_IsNotNormalizedAndBacksOffWithAlpha()
    {
        var model = NgramLanguageModel.Train(Tiny, new NgramModelOptions { Order = 2, Smoothing = Smoothing.StupidBackoff });
        Assert.False(model.IsNormalized);
        Assert.Equal(2.0 / 3, model.Prob(["a"], "b"), 14);
        // unseen bigram (b, a): 0.4 × f(a)/N with N = events a 3 + b 2 + c 1 + </s> 3 = 9
        Assert.Equal(0.4 * 3 / 9, model.Prob(["b"], "a"), 14);
        Assert.Equal("TK730", Assert.Throws<TextKitException>(() => model.WriteArpa(new StringWriter())).Code);
    }

    [Fact]
    public void Options_OutOfRange_Fail()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new NgramModelTrainer(new NgramModelOptions { Order = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NgramModelTrainer(new NgramModelOptions { Order = 6 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NgramModelTrainer(new NgramModelOptions { MinCount = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NgramModelTrainer(new NgramModelOptions { AddK = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NgramModelTrainer(new NgramModelOptions { Discount = 1.5 }));
        Assert.Throws<ArgumentException>(() => new NgramModelTrainer(new NgramModelOptions { Order = 2, PruneThresholds = [0, 1, 1] }));
        Assert.Throws<TextKitException>(() => new NgramModelTrainer(new NgramModelOptions { UnknownToken = "un k" }));
    }

    [Fact]
    public void Train_EmptyCorpus_GivesUniformModel()
    {
        var model = NgramLanguageModel.Train([], new NgramModelOptions { Order = 3 });
        Assert.Equal(3, model.Vocabulary.Count);
        Assert.Equal(0.5, model.Prob(["x"], "</s>"), 14);
        Assert.Equal(1.0, LmTestData.SumOverVocabulary(model, [LmVocabulary.BeginId]), 12);
    }
}
