using TextKit.Corpora;

namespace TextKit.Tests.Corpora;

public class DelimitedReaderTests
{
    private static List<DelimitedRecord> Csv(string text) => DelimitedReader.Read(new StringReader(text), ',', "t.csv").ToList();

    [Fact]
    public void Read_Rfc4180Quoting()
    {
        var records = Csv("text,label\n\"hello, world\",pos\n\"she said \"\"hi\"\"\",neg\n\"multi\nline\",pos\nplain \"quote\",x,\n");
        Assert.Equal(5, records.Count);
        Assert.Equal(["hello, world", "pos"], records[1].Fields);
        Assert.Equal(["she said \"hi\"", "neg"], records[2].Fields);
        Assert.Equal(["multi\nline", "pos"], records[3].Fields);
        Assert.Equal(4, records[3].Line);
        Assert.Equal(["plain \"quote\"", "x", ""], records[4].Fields);
        Assert.Equal(6, records[4].Line);
    }

    [Fact]
    public void Read_UnterminatedQuote_FailsAtStartLine()
    {
        var e = Assert.Throws<TextKitFormatException>(() => Csv("a,b\n1,\"open\n2,3\n"));
        Assert.Equal("TK235", e.Code);
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void Read_TextAfterClosingQuote_Fails()
    {
        var e = Assert.Throws<TextKitFormatException>(() => Csv("a,b\n\"x\"y,1\n"));
        Assert.Equal("TK235", e.Code);
        Assert.Equal(2, e.Line);
    }

    private static List<LabeledText> Classification(string text, ClassificationReaderOptions? options = null)
        => ClassificationReader.Read(new StringReader(text), "sst.tsv", options).ToList();

    [Fact]
    public void Classification_Sst2Layout_TrimsTrailingSpace()
    {
        const string text = "sentence\tlabel\nit 's a charming journey . \t1\nbleak \t0\n";
        var rows = Classification(text, new() { TextColumn = "sentence" });
        Assert.Equal([new LabeledText("it 's a charming journey .", "1", 2), new LabeledText("bleak", "0", 3)], rows);
        Assert.Equal("bleak ", Classification(text, new() { TextColumn = "Sentence", TrimText = false })[1].Text);
    }

    [Fact]
    public void Classification_MissingColumn_ListsHeader()
    {
        var e = Assert.Throws<TextKitFormatException>(() => Classification("sentence\tlabel\na\t1\n"));
        Assert.Equal("TK233", e.Code);
        Assert.Contains("'sentence', 'label'", e.Message);
    }

    [Fact]
    public void Classification_WrongFieldCount_EmptyLabel_EmptyFile()
    {
        Assert.Equal(3, Assert.Throws<TextKitFormatException>(() => Classification("text\tlabel\na\t1\nb\n")).Line);
        Assert.Equal("TK236", Assert.Throws<TextKitFormatException>(() => Classification("text\tlabel\na\t \n")).Code);
        Assert.Equal("TK232", Assert.Throws<TextKitFormatException>(() => Classification("")).Code);
    }

    [Fact]
    public void ClassificationFile_CsvBySuffix()
    {
        using var temp = new TempFolder();
        var path = temp.File("d.csv", "label,text\nspam,\"win, now\"\n");
        Assert.Equal([new LabeledText("win, now", "spam", 2)], ClassificationReader.ReadFile(path).ToList());
    }
}
