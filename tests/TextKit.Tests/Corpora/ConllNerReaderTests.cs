using TextKit.Corpora;

namespace TextKit.Tests.Corpora;

public class ConllNerReaderTests
{
    private const string Conll2003 =
        "-DOCSTART- -X- -X- O\n" +
        "\n" +
        "EU NNP B-NP B-ORG\n" +
        "rejects VBZ B-VP O\n" +
        "German JJ B-NP B-MISC\n" +
        "call NN I-NP O\n" +
        ". . O O\n" +
        "\n" +
        "Peter NNP B-NP B-PER\n" +
        "Blackburn NNP I-NP I-PER\n" +
        "\n";

    private static List<NerSentence> Parse(string text, ConllNerReaderOptions? options = null)
        => ConllNerReader.Read(new StringReader(text), "test.conll", options).ToList();

    [Fact]
    public void Read_Conll2003_DocStartMiddleColumnsAndLines()
    {
        var sentences = Parse(Conll2003);
        Assert.Equal(2, sentences.Count);
        Assert.True(sentences[0].StartsDocument);
        Assert.False(sentences[1].StartsDocument);
        Assert.Equal(["EU", "rejects", "German", "call", "."], sentences[0].Tokens);
        Assert.Equal(["B-ORG", "O", "B-MISC", "O", "O"], sentences[0].Tags);
        Assert.Equal(["NNP", "B-NP"], sentences[0].MiddleColumns![0]);
        Assert.Equal(3, sentences[0].SourceLine);
        Assert.Equal(9, sentences[1].SourceLine);
        Assert.Equal([new EntitySpan(0, 2, "PER")], sentences[1].Entities(TagScheme.Iob2));
    }

    [Fact]
    public void Write_RoundTripsConll2003Layout()
    {
        var writer = new StringWriter();
        ConllNerWriter.Write(writer, Parse(Conll2003), separator: ' ');
        Assert.Equal(Conll2003, writer.ToString());
    }

    [Fact]
    public void Read_BtcArtefacts_EmptyTokenAndWhitespaceOnlyBreak()
    {
        // BTC: "<TAB>O" lines (empty token field) and a line holding a single space between tweets.
        var sentences = Parse("a\tO\n\tO\n@b\tB-PER\n \nc d\tO\r\n");
        Assert.Equal(2, sentences.Count);
        Assert.Equal(["a", "", "@b"], sentences[0].Tokens);
        Assert.Null(sentences[0].MiddleColumns);
        Assert.Equal(["c d"], sentences[1].Tokens); // tab-separated lines keep spaces inside the token
        Assert.Equal(5, sentences[1].SourceLine);
        var writer = new StringWriter();
        ConllNerWriter.Write(writer, sentences);
        Assert.Equal("a\tO\n\tO\n@b\tB-PER\n\nc d\tO\n\n", writer.ToString());
    }

    [Fact]
    public void Read_OneField_Fails()
    {
        var e = Assert.Throws<TextKitFormatException>(() => Parse("a O\nb\n"));
        Assert.Equal("TK222", e.Code);
        Assert.Contains("test.conll:2", e.Message);
    }

    [Fact]
    public void Read_ColumnCountChanges_Fails()
    {
        var e = Assert.Throws<TextKitFormatException>(() => Parse("a NN O\n\nb O\n"));
        Assert.Equal("TK223", e.Code);
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void Read_TagOutsideScheme_Fails()
    {
        var e = Assert.Throws<TextKitFormatException>(() => Parse("a O\nb PER\n"));
        Assert.Equal("TK224", e.Code);
        Assert.Equal(2, e.Line);
        Assert.Contains("'PER'", e.Message);
        Assert.Equal("TK224", Assert.Throws<TextKitFormatException>(() => Parse("a U-PER\n")).Code); // IOB2 by default
    }

    [Fact]
    public void Read_IAfterO_ErrorRepairOrKeep()
    {
        const string text = "x O\n\na O\nb I-PER\nc I-PER\n";
        var e = Assert.Throws<TextKitFormatException>(() => Parse(text));
        Assert.Equal("TK225", e.Code);
        Assert.Equal(4, e.Line);
        Assert.Equal(["O", "B-PER", "I-PER"], Parse(text, new() { InvalidTags = InvalidTagHandling.Repair })[1].Tags);
        Assert.Equal(["O", "I-PER", "I-PER"], Parse(text, new() { InvalidTags = InvalidTagHandling.Keep })[1].Tags);
    }

    [Fact]
    public void Read_Iob1_AcceptsIAfterOAndConverts()
    {
        var options = new ConllNerReaderOptions { Scheme = TagScheme.Iob1, ConvertTo = TagScheme.Bilou };
        var sentence = Assert.Single(Parse("a I-PER\nb I-PER\nc B-PER\nd O\n", options));
        Assert.Equal(["B-PER", "L-PER", "U-PER", "O"], sentence.Tags);
    }

    [Fact]
    public void Read_BilouInvalid_ReportsTheLine()
    {
        var e = Assert.Throws<TextKitFormatException>(() => Parse("a O\nb B-PER\nc O\n", new() { Scheme = TagScheme.Bilou }));
        Assert.Equal("TK225", e.Code);
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void ReadFile_InvalidUtf8_FailsAtItsLineAndMissingFileFails()
    {
        using var temp = new TempFolder();
        var path = temp.File("bad.conll", [.. "a\tO\n\nb\tO\n"u8, 0xFF, .. "\tO\n"u8]);
        var e = Assert.Throws<TextKitFormatException>(() => ConllNerReader.ReadFile(path).ToList());
        Assert.Equal("TK221", e.Code);
        Assert.Equal(4, e.Line);
        Assert.Equal("TK220", Assert.Throws<TextKitException>(() => ConllNerReader.ReadFile(Path.Combine(temp.Path, "none"))).Code);
    }

    [Fact]
    public void Read_EmptyInput_NoSentences() => Assert.Empty(Parse("\n \n"));
}
