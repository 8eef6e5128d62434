using TextKit.Data;
using TextKit.LanguageModels;

namespace TextKit.Tests.LanguageModels;

/// <summary>The exactness target of shared/bench/brown-canonical.md, on Brown fetched through DataCatalog.</summary>
public class BrownReferenceTests
{
    private static readonly Lazy<(BrownReference.Split Split, NgramLanguageModel Model)> Reference = new(() =>
    {
        var split = BrownReference.Load(DataCatalog.Ensure("brown"));
        return (split, NgramLanguageModel.Train(split.Train, BrownReference.ReferenceOptions()));
    });

    [Fact]
    public void Split_HasTheCanonicalSizes()
    {
        var split = Reference.Value.Split;
        Assert.Equal(929_728, split.Train.Sum(s => s.Length));
        Assert.Equal(5_642, split.Test.Count);
        Assert.Equal(115_803, split.Test.Sum(s => s.Length));
        Assert.Equal(115_661, split.Dev.Sum(s => s.Length));
    }

    [Fact]
    public void TrigramModifiedKneserNey_HasReferencePerplexity()
    {
        var (split, model) = Reference.Value;
        Assert.Equal(24_420, model.Vocabulary.Count);
        var score = model.Evaluate(split.Test);
        Assert.Equal(121_445, score.Predictions);
        Assert.InRange(score.Perplexity, 232.37 * 0.999, 232.37 * 1.001);
    }

    [Fact]
    public void TrigramModifiedKneserNey_SumsToOneOverThe24419PredictableWords()
    {
        var (split, model) = Reference.Value;
        Assert.Equal(24_419, model.Vocabulary.PredictableCount);
        var v = model.Vocabulary;
        var random = new Random(3);
        int[][] fixedContexts = [[LmVocabulary.BeginId, LmVocabulary.BeginId], [v.IdOf("zzzz-unseen"), v.IdOf("the")]];
        var contexts = fixedContexts.ToList();
        for (int i = 0; i < 12; i++)
        {
            var s = split.Test[random.Next(split.Test.Count)];
            int at = random.Next(s.Length);
            contexts.Add([at > 0 ? v.IdOf(s[at - 1]) : LmVocabulary.BeginId, v.IdOf(s[at])]);
        }
        contexts.Add([v.IdOf("the"), v.IdOf("of")]); // a context never seen in train
        foreach (var context in contexts)
        {
            double sum = LmTestData.SumOverVocabulary(model, context);
            Assert.True(Math.Abs(sum - 1) < 1e-12, $"Σp = {sum:R} for [{v[context[0]]} {v[context[1]]}]");
        }
    }

    [Fact]
    public void ArpaRoundTrip_OnBrown_GivesIdenticalPerplexity()
    {
        var (split, model) = Reference.Value;
        var text = new StringWriter();
        model.WriteArpa(text);
        var back = NgramLanguageModel.ReadArpa(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text.ToString())));
        Assert.Equal(SentencePadding.Full, back.Padding);
        var test = split.Test.Take(500).ToList();
        Assert.Equal(model.Evaluate(test).Log10Prob, back.Evaluate(test).Log10Prob);
    }
}
