using TextKit.Corpora;
using TextKit.Evaluation;

namespace TextKit.Tests.Evaluation;

public class TagScorerTests
{
    // Six words; the multiword token "can't" and the empty node 4.1 are not scored.
    private const string Gold =
        "# sent_id = s1\n" +
        "# text = I can't go.\n" +
        "1\tI\tI\tPRON\tPRP\tCase=Nom|Number=Sing|Person=1|PronType=Prs\t4\tnsubj\t_\t_\n" +
        "2-3\tcan't\t_\t_\t_\t_\t_\t_\t_\t_\n" +
        "2\tca\tcan\tAUX\tMD\tVerbForm=Fin\t4\taux\t_\t_\n" +
        "3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n" +
        "4\tgo\tgo\tVERB\tVB\tVerbForm=Inf\t0\troot\t_\tSpaceAfter=No\n" +
        "4.1\tgo\tgo\tVERB\tVB\t_\t_\t_\t4:conj\t_\n" +
        "5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n" +
        "\n" +
        "# sent_id = s2\n" +
        "1\tYes\t_\tINTJ\tUH\t_\t0\troot\t_\t_\n" +
        "\n";

    // word 1: FEATS reordered + a non-universal feature (UFeats still right), lemma "i" (wrong: case-sensitive)
    // word 2: UPOS wrong; word 3: XPOS wrong; word 4: a universal feature wrong;
    // "Yes": gold lemma "_" so any predicted lemma counts as right. MWT and empty-node lines differ but are skipped.
    private const string Predicted =
        "# sent_id = s1\n" +
        "1\tI\ti\tPRON\tPRP\tPronType=Prs|Person=1|Foo=Bar|Number=Sing|Case=Nom\t4\tnsubj\t_\t_\n" +
        "2-3\tcan't\tXX\tX\tX\t_\t_\t_\t_\t_\n" +
        "2\tca\tcan\tVERB\tMD\tVerbForm=Fin\t4\taux\t_\t_\n" +
        "3\tn't\tnot\tPART\tXX\t_\t4\tadvmod\t_\t_\n" +
        "4\tgo\tgo\tVERB\tVB\tVerbForm=Fin\t0\troot\t_\t_\n" +
        "4.1\tgo\tXX\tX\tX\t_\t_\t_\t4:conj\t_\n" +
        "5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n" +
        "\n" +
        "1\tYes\tyes\tINTJ\tUH\t_\t0\troot\t_\t_\n" +
        "\n";

    private static List<ConllUSentence> Parse(string text, string source) => ConllUReader.Read(new StringReader(text), source).ToList();

    private static TagScores Score(string gold, string predicted)
        => TagScorer.Score(Parse(gold, "gold.conllu"), Parse(predicted, "pred.conllu"), "gold.conllu", "pred.conllu");

    [Fact]
    public void Score_HandComputedCase()
    {
        var s = Score(Gold, Predicted);
        Assert.Equal(2, s.Sentences);
        Assert.Equal(6, s.Words);
        Assert.Equal(new AccuracyScore(5, 6), s.Upos);
        Assert.Equal(new AccuracyScore(5, 6), s.Xpos);
        Assert.Equal(new AccuracyScore(5, 6), s.UFeats);
        Assert.Equal(new AccuracyScore(3, 6), s.AllTags);
        Assert.Equal(new AccuracyScore(5, 6), s.Lemmas);
        Assert.Equal(5.0 / 6, s.Upos.Accuracy, 12);
        Assert.Equal(["UPOS", "XPOS", "UFeats", "AllTags", "Lemmas"], s.Metrics.Select(m => m.Name));
    }

    [Fact]
    public void Score_AgainstItself_AllOne()
    {
        var s = Score(Gold, Gold);
        Assert.All(s.Metrics, m => Assert.Equal(1.0, m.Score.Accuracy));
    }

    [Theory]
    [InlineData("_", "")]
    [InlineData("Foo=Bar|ExtPos=ADP", "")]
    [InlineData("Number=Sing|Case=Nom", "Case=Nom|Number=Sing")]
    [InlineData("Number[psor]=Sing|Poss=Yes", "Poss=Yes")]
    public void UniversalFeatures_KeepsThe2018SetSorted(string feats, string expected)
        => Assert.Equal(expected, TagScorer.UniversalFeatures(feats));

    [Fact]
    public void Score_DifferentWordCount_NamesSentenceAndLines()
    {
        var predicted = Predicted.Replace("5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n", "");
        var e = Assert.Throws<TextKitException>(() => Score(Gold, predicted));
        Assert.Equal("TK241", e.Code);
        Assert.Contains("sentence 1 (sent_id s1)", e.Message);
        Assert.Contains("gold.conllu:1", e.Message);
        Assert.Contains("pred.conllu:1", e.Message);
    }

    [Fact]
    public void Score_DifferentForm_NamesBothLines()
    {
        var e = Assert.Throws<TextKitException>(() => Score(Gold, Predicted.Replace("3\tn't\t", "3\tnot\t")));
        Assert.Equal("TK241", e.Code);
        Assert.Contains("word 3", e.Message);
        Assert.Contains("gold.conllu:6", e.Message);
        Assert.Contains("pred.conllu:5", e.Message);
    }

    [Fact]
    public void Score_SpaceSeparatorsInFormsIgnored()
    {
        const string gold = "1\t10\u00A0000\t_\tNUM\tCD\t_\t0\troot\t_\t_\n\n";
        const string predicted = "1\t10000\t_\tNUM\tCD\t_\t0\troot\t_\t_\n\n";
        Assert.Equal(1.0, Score(gold, predicted).Upos.Accuracy);
    }

    [Fact]
    public void Score_DifferentSentenceCount_Fails()
    {
        var e = Assert.Throws<TextKitException>(() => Score(Gold, Predicted[..Predicted.IndexOf("1\tYes", StringComparison.Ordinal)]));
        Assert.Equal("TK240", e.Code);
        Assert.Contains("pred.conllu has 1 sentences", e.Message);
    }

    [Fact]
    public void Score_Empty_Fails() => Assert.Equal("TK244", Assert.Throws<TextKitException>(() => Score("", "")).Code);

    [Fact]
    public void ScoreFiles_MissingFile_Fails()
        => Assert.Equal("TK200", Assert.Throws<TextKitException>(() => TagScorer.ScoreFiles("/nonexistent/g.conllu", "/nonexistent/p.conllu")).Code);
}
