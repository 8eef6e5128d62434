using TextKit.Corpora;
using TextKit.Evaluation;
using TextKit.Segmentation;

namespace TextKit.Tests.Evaluation;

public class TokenizationScorerTests
{
    private static List<ConllUSentence> Parse(string text) => ConllUReader.Read(new StringReader(text), "t.conllu").ToList();

    private static string Sentence(params string[] lines) => string.Join("\n", lines.Select(l => l.Replace(' ', '\t'))) + "\n\n";

    private static string W(int id, string form, bool spaceAfter = true) => $"{id} {form} _ _ _ _ 0 root _ {(spaceAfter ? "_" : "SpaceAfter=No")}";

    private static readonly string s_gold =
        Sentence(W(1, "I"), "2-3 can't _ _ _ _ _ _ _ _", W(2, "ca"), W(3, "n't"), W(4, "go", false), W(5, ".")) +
        Sentence(W(1, "Yes", false), W(2, "!"));

    [Fact]
    public void Score_Identical_AllPerfect()
    {
        var scores = TokenizationScorer.Score(Parse(s_gold), Parse(s_gold));
        Assert.Equal(1.0, scores.Tokens.F1);
        Assert.Equal(1.0, scores.Words.F1);
        Assert.Equal(1.0, scores.Sentences.F1);
        Assert.Equal(6, scores.Tokens.Gold);
        Assert.Equal(7, scores.Words.Gold);
    }

    [Fact]
    public void Score_NoMultiwordSplit_WordsLoseTheContraction()
    {
        var system = Sentence(W(1, "I"), W(2, "can't"), W(3, "go", false), W(4, ".")) + Sentence(W(1, "Yes", false), W(2, "!"));
        var scores = TokenizationScorer.Score(Parse(s_gold), Parse(system));
        Assert.Equal(1.0, scores.Tokens.F1);
        Assert.Equal(new SpanScore(7, 6, 5), scores.Words);
    }

    [Fact]
    public void Score_MergedSentencesAndSplitToken()
    {
        var system = Sentence(W(1, "I"), "2-3 can't _ _ _ _ _ _ _ _", W(2, "ca"), W(3, "n't"), W(4, "g", false), W(5, "o", false), W(6, "."), W(7, "Yes", false), W(8, "!"));
        var scores = TokenizationScorer.Score(Parse(s_gold), Parse(system));
        Assert.Equal(new SpanScore(2, 1, 0), scores.Sentences);
        Assert.Equal(new SpanScore(6, 7, 5), scores.Tokens);
        Assert.Equal(5.0 / 7, scores.Tokens.Precision, 10);
        Assert.Equal(5.0 / 6, scores.Tokens.Recall, 10);
    }

    [Fact]
    public void Score_DifferentText_FailsNamingThePosition()
    {
        var system = Sentence(W(1, "I"), W(2, "cannot"), W(3, "go", false), W(4, ".")) + Sentence(W(1, "Yes", false), W(2, "!"));
        var error = Assert.Throws<TextKitException>(() => TokenizationScorer.Score(Parse(s_gold), Parse(system), "g.conllu", "s.conllu"));
        Assert.Equal("TK220", error.Code);
        Assert.Contains("character 4", error.Message);
        Assert.Contains("s.conllu:1", error.Message);
    }

    [Fact]
    public void RawText_ParagraphsAndDocuments()
    {
        var text = "# newdoc id = d1\n# newpar\n# text = A b.\n" + Sentence(W(1, "A"), W(2, "b", false), W(3, ".")).TrimStart()
            + "# text = C.\n" + Sentence(W(1, "C", false), W(2, "."))
            + "# newpar\n# text = D\n" + Sentence(W(1, "D"))
            + "# newdoc id = d2\n# text = E\n" + Sentence(W(1, "E"));
        var docs = ConllURawText.Documents(Parse(text));
        Assert.Equal(2, docs.Count);
        Assert.Equal("d1", docs[0].Id);
        Assert.Equal("A b. C.\n\nD", docs[0].Text);
        Assert.Equal([(0, 4), (5, 7), (9, 10)], docs[0].Sentences);
        Assert.Equal("E", docs[1].Text);
    }

    [Fact]
    public void TokenizedConllU_RoundTripsThroughScorer()
    {
        const string text = "I can't go.\n\nYes!";
        var (tokens, sentences) = DocumentTokenizer.English.Process(text);
        var conllu = TokenizedConllU.Build(text, tokens, sentences, "s", "doc");
        var writer = new StringWriter();
        ConllUWriter.Write(writer, conllu);
        var output = writer.ToString();
        Assert.Contains("# newdoc id = doc\n# newpar\n# sent_id = s1\n# text = I can't go.\n", output);
        Assert.Contains("2-3\tcan't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tca\t", output);
        Assert.Contains("4\tgo\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n", output);
        var reread = ConllUReader.Read(new StringReader(output)).ToList();
        Assert.Equal(["I can't go.", "Yes!"], reread.Select(s => s.ReconstructText()));
        var scores = TokenizationScorer.Score(Parse(s_gold), reread);
        Assert.Equal(1.0, scores.Tokens.F1);
        Assert.Equal(1.0, scores.Words.F1);
        Assert.Equal(1.0, scores.Sentences.F1);
    }
}
