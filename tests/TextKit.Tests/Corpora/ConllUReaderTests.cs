using System.Text;
using TextKit.Corpora;

namespace TextKit.Tests.Corpora;

public class ConllUReaderTests
{
    internal const string Sample =
        "# newdoc id = doc1\n" +
        "# sent_id = doc1-0001\n" +
        "# text = I can't go.\n" +
        "1\tI\tI\tPRON\tPRP\tCase=Nom|Number=Sing|Person=1|PronType=Prs\t3\tnsubj\t3:nsubj\t_\n" +
        "2-3\tcan't\t_\t_\t_\t_\t_\t_\t_\t_\n" +
        "2\tca\tcan\tAUX\tMD\tVerbForm=Fin\t4\taux\t4:aux\t_\n" +
        "3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t4:advmod\t_\n" +
        "4\tgo\tgo\tVERB\tVB\tVerbForm=Inf\t0\troot\t0:root\tSpaceAfter=No\n" +
        "4.1\tgo\tgo\tVERB\tVB\t_\t_\t_\t4:conj\t_\n" +
        "5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t4:punct\t_\n" +
        "\n" +
        "# sent_id = doc1-0002\n" +
        "# text = Yes\n" +
        "1\tYes\tyes\tINTJ\tUH\t_\t0\troot\t0:root\t_\n" +
        "\n";

    private static List<ConllUSentence> Parse(string text) => ConllUReader.Read(new StringReader(text), "test.conllu").ToList();

    [Fact]
    public void Read_Sample_WordsTokensCommentsAndText()
    {
        var sentences = Parse(Sample);
        Assert.Equal(2, sentences.Count);
        var s = sentences[0];
        Assert.Equal("doc1-0001", s.SentId);
        Assert.Equal("I can't go.", s.Text);
        Assert.True(s.NewDocument);
        Assert.False(sentences[1].NewDocument);
        Assert.Equal(["I", "ca", "n't", "go", "."], s.Words.Select(w => w.Form));
        Assert.Equal(["I", "can't", "go", "."], s.SurfaceTokens.Select(t => t.Form));
        Assert.Equal("I can't go.", s.ReconstructText());
        Assert.Equal((2, 3), s.Lines[1].Range);
        Assert.Equal(ConllULineKind.EmptyNode, s.Lines[5].Kind);
        Assert.False(s.Lines[4].SpaceAfter);
        Assert.Equal(1, s.SourceLine);
        Assert.Equal(12, sentences[1].SourceLine);
    }

    [Fact]
    public void WriteThenRead_RoundTripsExactly()
    {
        var writer = new StringWriter();
        ConllUWriter.Write(writer, Parse(Sample));
        Assert.Equal(Sample, writer.ToString());
    }

    [Fact]
    public void SetSpaceAfter_KeepsOtherMiscItemsSorted()
    {
        var token = new ConllUToken("1", "x", misc: "Translit=x");
        token.SetSpaceAfter(false);
        Assert.Equal("SpaceAfter=No|Translit=x", token.Misc);
        token.SetSpaceAfter(true);
        Assert.Equal("Translit=x", token.Misc);
    }

    [Theory]
    [InlineData("1\tx\tx\tX\t_\t_\t0\troot\t_\n", "TK203", 1)]                         // 9 columns
    [InlineData("1\tx\t\tX\t_\t_\t0\troot\t_\t_\n", "TK204", 1)]                        // empty column
    [InlineData("1\tx\tx\tX\t_\t_\t0\troot\t_\t_\n3\ty\ty\tX\t_\t_\t1\tdep\t_\t_\n", "TK205", 2)] // gap
    [InlineData("1-x\tab\t_\t_\t_\t_\t_\t_\t_\t_\n", "TK206", 1)]                       // bad range
    [InlineData("2-3\tab\t_\t_\t_\t_\t_\t_\t_\t_\n", "TK206", 1)]                       // range not at next word
    [InlineData("1\tx\tx\tX\t_\t_\t0\troot\t_\t_\n# late comment\n", "TK202", 2)]
    [InlineData("# only a comment\n", "TK208", 1)]
    [InlineData("1-2\tab\t_\t_\t_\t_\t_\t_\t_\t_\n1\ta\t_\t_\t_\t_\t_\t_\t_\t_\n", "TK206", 1)] // range past end
    [InlineData("1\tx\tx\tX\t_\t_\t0\troot\t_\t_\t_\n", "TK203", 1)]                   // 11 columns
    public void Read_Malformed_FailsWithFileAndLine(string text, string code, int line)
    {
        var error = Assert.Throws<TextKitFormatException>(() => Parse(text));
        Assert.Equal(code, error.Code);
        Assert.Equal(line, error.Line);
        Assert.StartsWith($"[{code}] test.conllu:{line}:", error.Message);
    }

    [Theory]
    [InlineData("1\tx\tx\tX\t_\t_\t0\troot\t_\n", "found 9")]
    [InlineData("1\tx\tx\tX\t_\t_\t0\troot\t_\t_\t_\t_\n", "found 12")]
    [InlineData("1\tx\tx\tX\t_\t_\t0\t\t_\t_\n", "column 8 (DEPREL) is empty")]
    public void Read_Malformed_SaysWhatIsWrong(string text, string expected)
        => Assert.Contains(expected, Assert.Throws<TextKitFormatException>(() => Parse(text)).Message);

    [Fact]
    public void Read_TagColumns_ShareOneStringPerValue_FormsDoNot()
    {
        var words = Parse(Sample + Sample).SelectMany(s => s.Words).ToList();
        var go = words.Where(w => w.Form == "go").ToList();
        Assert.Equal(2, go.Count); // word 4 of each copy of the sample
        Assert.Same(go[0].Upos, go[1].Upos);
        Assert.Same(go[0].Xpos, go[1].Xpos);
        Assert.Same(go[0].Feats, go[1].Feats);
        Assert.Same(go[0].DepRel, go[1].DepRel);
        Assert.Same(go[0].Misc, go[1].Misc);
        Assert.NotSame(go[0].Form, go[1].Form); // open columns are not pooled: the reader does not pin every word
        Assert.Equal("VerbForm=Inf", go[1].Feats);
    }

    [Fact]
    public void ReadFile_InvalidUtf8_FailsWithLine()
    {
        var path = Path.GetTempFileName();
        try
        {
            var bytes = Encoding.UTF8.GetBytes("# text = ok\n1\tok\t_\t_\t_\t_\t_\t_\t_\t_\n\n1\t").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("\t_\t_\t_\t_\t_\t_\t_\t_\n")).ToArray();
            File.WriteAllBytes(path, bytes);
            var error = Assert.Throws<TextKitFormatException>(() => ConllUReader.ReadFile(path).ToList());
            Assert.Equal("TK201", error.Code);
            Assert.Contains(path, error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ReadFile_Missing_NamesPath()
    {
        var error = Assert.Throws<TextKitException>(() => ConllUReader.ReadFile("/nonexistent.conllu"));
        Assert.Contains("/nonexistent.conllu", error.Message);
    }

    [Fact]
    public void Read_CrLfAndNoTrailingBlankLine_Accepted()
    {
        var sentences = Parse("1\ta\t_\t_\t_\t_\t_\t_\t_\t_\r\n2\tb\t_\t_\t_\t_\t_\t_\t_\t_");
        Assert.Equal(["a", "b"], Assert.Single(sentences).Words.Select(w => w.Form));
    }
}
