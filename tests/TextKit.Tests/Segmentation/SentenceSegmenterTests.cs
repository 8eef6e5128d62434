using TextKit.Segmentation;
using TextKit.Tokenization;

namespace TextKit.Tests.Segmentation;

public class SentenceSegmenterTests
{
    private static string[] Split(string text, SegmenterModel? model = null, LineBreakMode lineBreaks = LineBreakMode.Auto)
        => new SentenceSegmenter(new SentenceSegmenterOptions { Model = model, LineBreaks = lineBreaks }).SplitToStrings(text);

    [Theory]
    [InlineData(null)]
    [InlineData("rules")]
    public void Split_BasicPunctuationQuotesAndAbbreviations(string? which)
    {
        var model = which is null ? null : SegmenterModel.Empty;
        Assert.Equal(["Hello world.", "How are you?", "Fine!"], Split("Hello world. How are you? Fine!", model));
        Assert.Equal(["He said \"Stop.\"", "Then he left."], Split("He said \"Stop.\" Then he left.", model));
        Assert.Equal(["Dr. Smith lives in the U.S. now.", "He is happy."], Split("Dr. Smith lives in the U.S. now. He is happy.", model));
        Assert.Equal(["No final punctuation here"], Split("No final punctuation here", model));
        Assert.Equal(["It was 3.5 km, e.g. far."], Split("It was 3.5 km, e.g. far.", model));
    }

    [Fact]
    public void Split_BlankLineAlwaysEndsSentence()
    {
        Assert.Equal(["Title without period", "First paragraph."], Split("Title without period\n\nFirst paragraph."));
    }

    [Fact]
    public void Split_LineBreakModes()
    {
        const string text = "- first item\n- second item\nand a wrapped\nline.";
        Assert.Equal(["- first item", "- second item\nand a wrapped\nline."], Split(text, SegmenterModel.Empty));
        Assert.Equal(["- first item", "- second item", "and a wrapped", "line."], Split(text, SegmenterModel.Empty, LineBreakMode.Always));
        Assert.Single(Split(text, SegmenterModel.Empty, LineBreakMode.Never));
    }

    [Fact]
    public void Split_EmptyAndWhitespace_NoSentences()
    {
        Assert.Empty(Split(""));
        Assert.Empty(Split(" \n\n\t "));
    }

    [Fact]
    public void DocumentTokenizer_SentenceFinalAbbreviation_GivesPeriodToSentence()
    {
        const string text = "We sell pens, paper etc. You buy them, etc., and more.";
        var (tokens, sentences) = DocumentTokenizer.English.Process(text);
        Assert.Equal(2, sentences.Count);
        Assert.Equal(["We", "sell", "pens", ",", "paper", "etc", ".", "You", "buy", "them", ",", "etc.", ",", "and", "more", "."], tokens.TokenStrings(text));
        Assert.Equal(7, sentences[0].TokenCount);
        Assert.Equal(7, sentences[1].FirstToken);
        Assert.Equal(tokens.Count, sentences.Sum(s => s.TokenCount));
    }

    [Fact]
    public void SegmenterModel_SaveLoad_RoundTrip()
    {
        var model = new SegmenterModel(["approx"], new Dictionary<string, OrthographicContext> { ["the"] = OrthographicContext.LowerMiddle | OrthographicContext.UpperFirst },
            ["however"], new Dictionary<string, float> { ["bias="] = -1.5f, ["a=.|Xx"] = 2.25f }, ["note one"]);
        var writer = new StringWriter();
        model.Save(writer);
        var loaded = SegmenterModel.Load(new StringReader(writer.ToString()));
        var again = new StringWriter();
        loaded.Save(again);
        Assert.Equal(writer.ToString(), again.ToString());
        Assert.Equal(["note one"], loaded.Notes);
        Assert.Equal(2.25f, loaded.Weights["a=.|Xx"]);
    }

    [Theory]
    [InlineData("not a model\n", "TK410")]
    [InlineData("# textkit-segmenter 99\n", "TK411")]
    [InlineData("# textkit-segmenter 1\n[weights]\nbias=\tnot-a-number\n", "TK413")]
    [InlineData("# textkit-segmenter 1\n[bogus]\n", "TK412")]
    [InlineData("# textkit-segmenter 1\nword\n", "TK412")]
    public void SegmenterModel_Malformed_FailsWithLine(string content, string code)
    {
        var error = Assert.Throws<TextKitFormatException>(() => SegmenterModel.Load(new StringReader(content), "m.txt"));
        Assert.Equal(code, error.Code);
        Assert.Contains("m.txt:", error.Message);
    }

    [Fact]
    public void SegmenterTrainer_LearnsBoundaryWithoutPunctuation()
    {
        // Sentences in this toy corpus end before "Thanks" without punctuation; the trained model must learn that.
        var docs = Enumerable.Range(0, 30).Select(i =>
        {
            var a = $"Please send the file number {i} today";
            var b = "Thanks a lot";
            var c = $"The report is ready.";
            var text = $"{a} {b} {c}";
            return (text, (IReadOnlyList<(int, int)>)[(0, a.Length), (a.Length + 1, a.Length + 1 + b.Length), (a.Length + b.Length + 2, text.Length)]);
        }).ToList();
        var model = SegmenterTrainer.Train(docs, new SegmenterTrainerOptions { MinFeatureCount = 1, MinOrthographicCount = 1 });
        Assert.True(model.HasClassifier);
        var split = Split("Please send the file number 99 today Thanks a lot The report is ready.", model);
        Assert.Equal(["Please send the file number 99 today", "Thanks a lot", "The report is ready."], split);
        var rules = Split("Please send the file number 99 today Thanks a lot The report is ready.", SegmenterModel.Empty);
        Assert.Single(rules);
    }

    [Fact]
    public void PunktTrainer_LearnsAbbreviationsAndOrthography()
    {
        var texts = Enumerable.Range(0, 40).Select(i => $"The meeting with Prz. Nowak was on day {i}. The agenda was long and we came too late. It was long. Prz. Kowalski came too and left.").ToList();
        var model = PunktTrainer.Train(texts);
        Assert.Contains("prz", model.Abbreviations);
        Assert.DoesNotContain("long", model.Abbreviations);
        Assert.True((model.Orthography["the"] & OrthographicContext.UpperFirst) != 0);
        var segmenter = new SentenceSegmenter(new SentenceSegmenterOptions { Model = model });
        Assert.Equal(["I met Prz. Nowak today.", "The end."], segmenter.SplitToStrings("I met Prz. Nowak today. The end."));
    }

    [Fact]
    public void Segment_EmptyTokenList_NoSentences()
    {
        var sentences = new List<SentenceSpan> { new(0, 1, 0, 1, true) };
        SentenceSegmenter.English.Segment("", new TokenList(), sentences);
        Assert.Empty(sentences);
    }
}
