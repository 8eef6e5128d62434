using TextKit.Corpora;
using TextKit.Data;

namespace TextKit.Tests.Corpora;

public class BrownReaderTests
{
    [Fact]
    public void Read_SplitsAtLastSlashAndSkipsBlankLines()
    {
        var text = "\n\n\tThe/at Fulton/np-tl 1/2/cd\n\n\n\tsecond/od ./.  \n   \n";
        var sentences = BrownReader.Read(new StringReader(text), "ca99", fileId: "ca99", category: "news").ToList();
        Assert.Equal(2, sentences.Count);
        Assert.Equal(["The", "Fulton", "1/2"], sentences[0].Tokens);
        Assert.Equal(["at", "np-tl", "cd"], sentences[0].Tags);
        Assert.Equal(3, sentences[0].SourceLine);
        Assert.Equal(6, sentences[1].SourceLine);
        Assert.Equal("news", sentences[1].Category);
        Assert.Equal("ca99", sentences[1].FileId);
        Assert.Equal("second/od ./.", sentences[1].ToString());
    }

    [Theory]
    [InlineData("\tgood/jj word\n", "'word'")]
    [InlineData("\tgood/jj /nn\n", "'/nn'")]
    [InlineData("\tgood/jj word/\n", "'word/'")]
    public void Read_TokenWithoutWordOrTag_FailsWithLine(string text, string token)
    {
        var e = Assert.Throws<TextKitFormatException>(() => BrownReader.Read(new StringReader("\n" + text), "cx01").ToList());
        Assert.Equal("TK212", e.Code);
        Assert.Equal(2, e.Line);
        Assert.Contains("cx01:2", e.Message);
        Assert.Contains(token, e.Message);
    }

    [Fact]
    public void Read_TokenErrors_CountTokensNotWhitespaceRuns()
    {
        var e = Assert.Throws<TextKitFormatException>(() => BrownReader.Read(new StringReader("\tgood/jj  \t day/nn  bad\n"), "cx01").ToList());
        Assert.Contains("token 3 'bad'", e.Message);
    }

    [Fact]
    public void Read_Tags_ShareOneStringPerValue_WordsDoNot()
    {
        var sentences = BrownReader.Read(new StringReader("\tThe/at dog/nn\n\tThe/at cat/nn\n"), "cx01").ToList();
        Assert.Same(sentences[0].Tags[0], sentences[1].Tags[0]);
        Assert.Same(sentences[0].Tags[1], sentences[1].Tags[1]);
        Assert.NotSame(sentences[0].Tokens[0], sentences[1].Tokens[0]);
        Assert.Equal(["The", "cat"], sentences[1].Tokens);
    }

    [Fact]
    public void ReadFile_InvalidUtf8_FailsAtItsLine()
    {
        using var temp = new TempFolder();
        var path = temp.File("ca01", [.. "\ta/at\n\tb/nn\n\tc"u8, 0xC3, 0x28, .. "/nn\n"u8]);
        var e = Assert.Throws<TextKitFormatException>(() => BrownReader.ReadFile(path).ToList());
        Assert.Equal("TK211", e.Code);
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void ReadFile_Missing_Fails()
        => Assert.Equal("TK210", Assert.Throws<TextKitException>(() => BrownReader.ReadFile("/nonexistent/ca01")).Code);

    [Theory]
    [InlineData("nn", "nn")]
    [InlineData("NN-TL", "nn")]
    [InlineData("np-tl-hl", "np")]
    [InlineData("nn-hl-tl", "nn")]
    [InlineData("fw-in-tl", "in")]
    [InlineData("fw-at-hl", "at")]
    [InlineData("---hl", "--")]
    [InlineData(".-hl", ".")]
    [InlineData("pps+bez", "pps+bez")]
    [InlineData("bez*", "bez*")]
    [InlineData("np$", "np$")]
    [InlineData("-hl", "-hl")]   // nothing would remain: kept
    [InlineData("fw-", "fw-")]   // nothing would remain: kept
    [InlineData("fw-nn-tl-nc", "nn")]
    public void ToBase_FollowsBrownBaseDefinition(string tag, string expected) => Assert.Equal(expected, BrownTags.ToBase(tag));

    [Fact]
    public void Load_AssignsCanonicalSplitBySortedIndex()
    {
        using var temp = new TempFolder();
        var ids = Enumerable.Range(1, 20).Select(i => $"cb{i:00}").ToList();
        foreach (var id in ids)
            temp.File(id, $"\t{id}/nn ./.\n");
        temp.File("cats.txt", string.Join("\n", ids.Select(id => id + " editorial")) + "\n");
        temp.File("README", "not a corpus file");
        var corpus = BrownCorpus.Load(temp.Path);
        Assert.Equal(ids, corpus.FileIds);
        Assert.Equal(["cb09", "cb19"], corpus.Dev.Select(s => s.Tokens[0]));
        Assert.Equal(["cb10", "cb20"], corpus.Test.Select(s => s.Tokens[0]));
        Assert.Equal(16, corpus.Train.Count);
        Assert.All(corpus.Train, s => Assert.Equal("editorial", s.Category));
        Assert.Equal(["cb10", "cb20"], BrownCorpus.ReadSplit(temp.Path, BrownSplit.Test).Select(s => s.FileId));
    }

    [Fact]
    public void ReadCategories_BadLine_Fails()
    {
        using var temp = new TempFolder();
        var path = temp.File("cats.txt", "ca01 news\nca02\n");
        var e = Assert.Throws<TextKitFormatException>(() => BrownReader.ReadCategories(path));
        Assert.Equal("TK213", e.Code);
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void Load_EmptyFolder_Fails()
    {
        using var temp = new TempFolder();
        Assert.Equal("TK210", Assert.Throws<TextKitException>(() => BrownCorpus.Load(temp.Path)).Code);
    }

    [Fact]
    public void Load_FetchedBrown_MatchesCanonicalCounts()
    {
        // Figures from the canonical definition (docs/corpora-and-evaluation.md, shared/bench/brown-canonical.md).
        var corpus = BrownCorpus.Load(DataCatalog.Ensure("brown"));
        Assert.Equal(500, corpus.FileIds.Count);
        Assert.Equal(929_728, corpus.Train.Sum(s => s.Count));
        Assert.Equal(115_661, corpus.Dev.Sum(s => s.Count));
        Assert.Equal(115_803, corpus.Test.Sum(s => s.Count));
        Assert.Equal(5_642, corpus.Test.Count);
        Assert.Equal(15, corpus.Categories.Values.Distinct().Count());
        Assert.Equal("news", corpus.Train[0].Category);
        Assert.Equal(["The", "Fulton", "County"], corpus.Train[0].Tokens[..3]);
        var baseTags = corpus.Train.SelectMany(s => s.Tags).Select(BrownTags.ToBase).ToHashSet();
        Assert.DoesNotContain(baseTags, t => t.EndsWith("-tl") || t.EndsWith("-hl") || t.EndsWith("-nc") || t.StartsWith("fw-"));
        Assert.Contains("pps+bez", baseTags);
    }
}
