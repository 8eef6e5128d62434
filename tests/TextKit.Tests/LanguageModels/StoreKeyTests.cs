using System.Globalization;
using TextKit.LanguageModels;

namespace TextKit.Tests.LanguageModels;

/// <summary>
/// The query store's keys chain each order to the slot of its suffix n-gram. These tests check that every n-gram the
/// store exports is found again by a query, for small and large vocabularies (word ids of 6 and of 13+ bits) and for
/// trigram and 5-gram models.
/// </summary>
public class StoreKeyTests
{
    public static TheoryData<int, int, int> Layouts => new()
    {
        { 5, 40, 300 },
        { 3, 20000, 6000 },
        { 5, 20000, 6000 },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void EveryExportedNgram_IsFoundByAQuery_WithItsStoredProbability(int order, int vocabulary, int sentences)
    {
        var model = Train(order, vocabulary, sentences);
        var text = LmTestData.Arpa(model);
        int checkedNgrams = 0;
        int k = 0;
        foreach (var line in text.Split('\n'))
        {
            if (line.EndsWith("-grams:", StringComparison.Ordinal))
            {
                k = line[1] - '0';
                continue;
            }
            var fields = line.Split('\t');
            if (k < 2 || fields.Length < 2)
                continue;
            var words = fields[1].Split(' ');
            Assert.Equal(k, words.Length);
            double stored = double.Parse(fields[0], CultureInfo.InvariantCulture);
            double queried = model.Log10Prob(words[..^1], words[^1]);
            // ARPA writes log10 0 as −99 (p(<s> <s>) in a fully padded model).
            Assert.True(stored == queried || (stored == -99 && queried <= -99), $"{fields[1]}: ARPA {stored}, query {queried}");
            checkedNgrams++;
        }
        Assert.Equal(Enumerable.Range(2, order - 1).Sum(model.NgramCount), checkedNgrams);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void BatchScoring_AndArpaRoundTrip_AgreeWithSentenceScores(int order, int vocabulary, int sentences)
    {
        var model = Train(order, vocabulary, sentences);
        var back = LmTestData.ReadArpa(LmTestData.Arpa(model));
        var test = LmTestData.Corpus(200, vocabulary, seed: 5);
        var ids = test.Select(s => s.Select(w => model.Vocabulary.IdOf(w)).Append(LmVocabulary.EndId).ToArray()).ToList();
        Assert.Equal(test.Sum(s => model.Score(s).Log10Prob), model.ScoreCorpus(ids), 9);
        Assert.Equal(model.ScoreCorpus(ids), back.ScoreCorpus(ids));
    }

    [Fact]
    public void LargeVocabularyFiveGram_SumsToOne_InSeenAndUnseenContexts()
    {
        var model = Train(5, 20000, 6000);
        Assert.True(model.Vocabulary.Count > 4096, $"meant for word ids of 13 bits or more; got {model.Vocabulary.Count} words");
        var corpus = LmTestData.Corpus(6000, 20000, seed: 7);
        var seen = corpus.First(s => s.Length >= 5);
        foreach (var context in new[] { seen[..4], seen[1..4], new[] { "w0", "w0", "w0", "w0" }, new[] { "w1", "w2", "w3", "w4" } })
        {
            Span<int> ids = context.Select(w => model.Vocabulary.IdOf(w)).ToArray();
            Assert.Equal(1.0, LmTestData.SumOverVocabulary(model, ids), 9);
        }
    }

    private static NgramLanguageModel Train(int order, int vocabulary, int sentences)
        => NgramLanguageModel.Train(LmTestData.Corpus(sentences, vocabulary, seed: 7),
            new NgramModelOptions { Order = order, Smoothing = Smoothing.ModifiedKneserNey, MinCount = 1, Padding = SentencePadding.Full });
}
