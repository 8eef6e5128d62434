using TextKit.Corpora;
using TextKit.Evaluation;
using TextKit.Segmentation;
using TextKit.Tokenization;

namespace TextKit.Evaluation.Tests.Tokenization;

/// <summary>
/// Raw-text tokenization and segmentation on UD English EWT dev (issue 3 targets): the raw text of every document is
/// rebuilt from its <c># text</c> lines (<see cref="ConllURawText"/>: sentences of a paragraph joined by a space,
/// paragraphs by a blank line), tokenized and segmented by the shipped English pipeline (segmenter trained on EWT
/// train only), written as CoNLL-U and scored with the CoNLL 2018 definitions.
/// </summary>
public class EwtTokenizationTests
{
    private static TokenizationScores ScoreRawText(string goldPath, DocumentTokenizer pipeline)
    {
        var gold = ConllUReader.ReadFile(goldPath).ToList();
        var system = new List<ConllUSentence>();
        var tokens = new TokenList();
        var sentences = new List<SentenceSpan>();
        int number = 1;
        foreach (var doc in ConllURawText.Documents(gold))
        {
            pipeline.Process(doc.Text, tokens, sentences);
            var built = TokenizedConllU.Build(doc.Text, tokens, sentences, doc.Id + "-", doc.Id, number);
            number += built.Count;
            system.AddRange(built);
        }
        // through the writer and reader, as `textkit tokenize` + `textkit evaluate tokenization` would
        var writer = new StringWriter();
        ConllUWriter.Write(writer, system);
        var reread = ConllUReader.Read(new StringReader(writer.ToString()), "system").ToList();
        return TokenizationScorer.Score(gold, reread, goldPath, "system");
    }

    [Fact]
    public void EwtDev_RawText_MeetsTargets()
    {
        var scores = ScoreRawText(SharedData.EwtDev, DocumentTokenizer.English);
        Assert.True(scores.Tokens.F1 >= 0.990, $"Tokens {scores.Tokens}");
        Assert.True(scores.Words.F1 >= 0.988, $"Words {scores.Words}");
        Assert.True(scores.Sentences.F1 >= 0.80, $"Sentences {scores.Sentences}");
    }

    [Fact]
    public void EwtDev_RulesOnlySegmenter_StillAbove80()
    {
        var rules = new DocumentTokenizer(null, new SentenceSegmenter(new SentenceSegmenterOptions { Model = SegmenterModel.Empty }));
        var scores = ScoreRawText(SharedData.EwtDev, rules);
        Assert.True(scores.Sentences.F1 >= 0.80, $"Sentences {scores.Sentences}");
        Assert.True(scores.Tokens.F1 >= 0.990, $"Tokens {scores.Tokens}");
    }

    [Fact]
    public void EwtDev_GoldAgainstItself_Perfect()
    {
        var gold = ConllUReader.ReadFile(SharedData.EwtDev).ToList();
        var scores = TokenizationScorer.Score(gold, gold);
        Assert.Equal(1.0, scores.Tokens.F1);
        Assert.Equal(1.0, scores.Words.F1);
        Assert.Equal(1.0, scores.Sentences.F1);
        Assert.Equal(24787, scores.Tokens.Gold);
        Assert.Equal(25147, scores.Words.Gold);
    }

    [Fact]
    public void EwtTrain_RawTextRebuild_MatchesGoldSentenceTexts()
    {
        var gold = ConllUReader.ReadFile(SharedData.EwtTrain).ToList();
        var docs = ConllURawText.Documents(gold);
        Assert.Equal(540, docs.Count);
        var texts = docs.SelectMany(d => d.Sentences.Select(s => d.Text[s.Start..s.End])).ToList();
        Assert.Equal(gold.Select(s => s.Text), texts);
    }
}
