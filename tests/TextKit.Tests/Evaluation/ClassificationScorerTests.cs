using TextKit.Evaluation;

namespace TextKit.Tests.Evaluation;

public class ClassificationScorerTests
{
    [Fact]
    public void Score_HandComputedCase()
    {
        var s = ClassificationScorer.Score(["a", "a", "a", "b", "b", "c"], ["a", "a", "b", "b", "c", "c"]);
        Assert.Equal(new AccuracyScore(4, 6), s.Accuracy);
        Assert.Equal(["a", "b", "c"], s.Labels);
        Assert.Equal([[2L, 1, 0], [0, 1, 1], [0, 0, 1]], s.ConfusionMatrix);
        Assert.Equal(new PrfScore(2, 2, 3), s.PerClass["a"]);
        Assert.Equal(0.8, s.PerClass["a"].F1, 12);
        Assert.Equal(0.5, s.PerClass["b"].F1, 12);
        Assert.Equal(2.0 / 3, s.PerClass["c"].F1, 12);
        Assert.Equal((0.8 + 0.5 + 2.0 / 3) / 3, s.MacroF1, 12);
        Assert.Equal((1 + 0.5 + 0.5) / 3, s.MacroPrecision, 12);
        Assert.Equal((2.0 / 3 + 0.5 + 1) / 3, s.MacroRecall, 12);
        Assert.Empty(s.UnknownPredictedLabels);
    }

    [Fact]
    public void Score_UnknownPredictedLabel_CountsAsZeroF1Class()
    {
        var s = ClassificationScorer.Score(["a", "b"], ["a", "z"]);
        Assert.Equal(["z"], s.UnknownPredictedLabels);
        Assert.Equal(["a", "b", "z"], s.Labels);
        Assert.Equal(new PrfScore(0, 1, 0), s.PerClass["z"]);
        Assert.Equal(1.0 / 3, s.MacroF1, 12);
        Assert.Equal(0.5, s.Accuracy.Accuracy);
    }

    [Fact]
    public void Score_MismatchedOrEmpty_Fails()
    {
        Assert.Equal("TK243", Assert.Throws<TextKitException>(() => ClassificationScorer.Score(["a"], ["a", "b"])).Code);
        Assert.Equal("TK244", Assert.Throws<TextKitException>(() => ClassificationScorer.Score([], [])).Code);
    }

    [Fact]
    public void ScoreFiles_LinesAndTsvWithLabelColumn()
    {
        using var temp = new Corpora.TempFolder();
        var gold = temp.File("gold.tsv", "sentence\tlabel\ngood film \t1\nbad film \t0\nok \t1\n");
        var predicted = temp.File("pred.txt", "1\n1\n 1 \n");
        var s = ClassificationScorer.ScoreFiles(gold, predicted);
        Assert.Equal(new AccuracyScore(2, 3), s.Accuracy);
        Assert.Equal(new PrfScore(0, 0, 1), s.PerClass["0"]);
        Assert.Equal(new PrfScore(2, 3, 2), s.PerClass["1"]);
    }

    [Fact]
    public void ReadLabels_BlankLineAndCountMismatch_Fail()
    {
        using var temp = new Corpora.TempFolder();
        var blank = temp.File("blank.txt", "a\n\nb\n");
        var e = Assert.Throws<TextKitFormatException>(() => ClassificationScorer.ReadLabels(blank));
        Assert.Equal("TK236", e.Code);
        Assert.Equal(2, e.Line);
        var two = temp.File("two.txt", "a\nb\n");
        var three = temp.File("three.txt", "a\nb\nc\n");
        Assert.Equal("TK243", Assert.Throws<TextKitException>(() => ClassificationScorer.ScoreFiles(two, three)).Code);
        var csv = temp.File("p.csv", "id,category\n1,\"x, y\"\n");
        Assert.Equal(["x, y"], ClassificationScorer.ReadLabels(csv, labelColumn: "category"));
        Assert.Equal("TK233", Assert.Throws<TextKitFormatException>(() => ClassificationScorer.ReadLabels(csv)).Code);
    }
}
