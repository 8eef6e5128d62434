using TextKit.Corpora;
using TextKit.Evaluation;

namespace TextKit.Tests.Evaluation;

public class EntityScorerTests
{
    private static IReadOnlyList<string>[] Tags(params string[] sentences) => sentences.Select(s => (IReadOnlyList<string>)s.Split(' ')).ToArray();

    [Fact]
    public void Score_HandComputedCase()
    {
        var gold = Tags("B-PER I-PER O B-LOC O", "B-ORG I-ORG I-ORG O B-PER", "B-PER O");
        var predicted = Tags(
            "B-PER I-PER O B-ORG O",   // PER right; ORG has the LOC span but the wrong type
            "O I-ORG I-ORG O B-PER",   // I- after O starts ORG[1,3): wrong span; PER right
            "B-PER B-LOC");            // PER right; spurious LOC
        var s = EntityScorer.Score(gold, predicted, TagScheme.Iob2);
        Assert.Equal(3, s.Sentences);
        Assert.Equal(12, s.Tokens);
        Assert.Equal(new AccuracyScore(9, 12), s.TagAccuracy);
        Assert.Equal(new PrfScore(3, 6, 5), s.Micro);
        Assert.Equal(0.5, s.Micro.Precision, 12);
        Assert.Equal(0.6, s.Micro.Recall, 12);
        Assert.Equal(6.0 / 11, s.Micro.F1, 12);
        Assert.Equal(["LOC", "ORG", "PER"], s.PerType.Keys);
        Assert.Equal(new PrfScore(3, 3, 3), s.PerType["PER"]);
        Assert.Equal(new PrfScore(0, 1, 1), s.PerType["LOC"]);
        Assert.Equal(new PrfScore(0, 2, 1), s.PerType["ORG"]);
        Assert.Equal(0, s.PerType["ORG"].F1);
    }

    [Fact]
    public void Score_Iob1AgainstIob2_SameEntitiesScorePerfect()
    {
        var s = EntityScorer.Score(Tags("I-PER I-PER B-PER O"), Tags("B-PER I-PER B-PER O"), TagScheme.Iob1);
        Assert.Equal(new PrfScore(2, 2, 2), s.Micro);
        Assert.Equal(new AccuracyScore(3, 4), s.TagAccuracy);
    }

    [Fact]
    public void Score_Bilou()
    {
        var s = EntityScorer.Score(Tags("B-PER L-PER U-LOC"), Tags("U-PER U-PER U-LOC"), TagScheme.Bilou);
        Assert.Equal(new PrfScore(1, 3, 2), s.Micro);
    }

    [Fact]
    public void Score_NoEntities_ZeroNotNaN()
    {
        var s = EntityScorer.Score(Tags("O O"), Tags("O O"), TagScheme.Iob2);
        Assert.Equal(new PrfScore(0, 0, 0), s.Micro);
        Assert.Equal(0, s.Micro.F1);
        Assert.Empty(s.PerType);
    }

    [Fact]
    public void Score_MismatchedLengthsAndEmpty_Fail()
    {
        Assert.Equal("TK242", Assert.Throws<TextKitException>(() => EntityScorer.Score(Tags("O O"), Tags("O"), TagScheme.Iob2)).Code);
        Assert.Equal("TK242", Assert.Throws<TextKitException>(() => EntityScorer.Score(Tags("O", "O"), Tags("O"), TagScheme.Iob2)).Code);
        Assert.Equal("TK244", Assert.Throws<TextKitException>(() => EntityScorer.Score(Tags(), Tags(), TagScheme.Iob2)).Code);
        var e = Assert.Throws<TextKitException>(() => EntityScorer.Score(Tags("O B-PER"), Tags("O PER"), TagScheme.Iob2));
        Assert.Equal("TK224", e.Code);
        Assert.Contains("predicted sentence 1, token 2", e.Message);
    }

    [Fact]
    public void ScoreFiles_TokenMismatch_NamesBothLines()
    {
        using var temp = new Corpora.TempFolder();
        var gold = temp.File("gold.conll", "a\tB-PER\nb\tO\n\nc\tO\nd\tB-LOC\n");
        var predicted = temp.File("pred.conll", "a\tB-PER\nb\tO\n\nc\tO\nX\tB-LOC\n");
        var e = Assert.Throws<TextKitException>(() => EntityScorer.ScoreFiles(gold, predicted));
        Assert.Equal("TK242", e.Code);
        Assert.Contains("gold.conll:5", e.Message);
        Assert.Contains("pred.conll:5", e.Message);
    }

    [Fact]
    public void ScoreFiles_PredictionWithIAfterO_IsScoredLikeConlleval()
    {
        using var temp = new Corpora.TempFolder();
        var gold = temp.File("gold.conll", "-DOCSTART- O\n\na B-PER\nb I-PER\nc O\n");
        var predicted = temp.File("pred.conll", "-DOCSTART- O\n\na I-PER\nb I-PER\nc O\n");
        var s = EntityScorer.ScoreFiles(gold, predicted);
        Assert.Equal(new PrfScore(1, 1, 1), s.Micro);
        Assert.Equal(3, s.Tokens);
    }
}
