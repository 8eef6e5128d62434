using TextKit.Tokenization;

namespace TextKit.Tests.Tokenization;

public class WordTokenizerTests
{
    private static string Tokens(string text) => string.Join(" | ", WordTokenizer.English.TokenizeToStrings(text));

    private static string Words(string text) => string.Join(" | ", WordTokenizer.English.TokenizeToStrings(text, words: true));

    [Theory]
    [InlineData("Hello, world!", "Hello | , | world | !")]
    [InlineData("(see below).", "( | see | below | ) | .")]
    [InlineData("\"Quoted\" text", "\" | Quoted | \" | text")]
    [InlineData("Dr. Smith met Mr. Jones in the U.S. on Sept. 5.", "Dr. | Smith | met | Mr. | Jones | in | the | U.S. | on | Sept. | 5 | .")]
    [InlineData("e.g. this, i.e. that, etc., and so on", "e.g. | this | , | i.e. | that | , | etc. | , | and | so | on")]
    [InlineData("It costs $1,000.50 or 3.5% at 5:30 p.m. on 11/28/2000.", "It | costs | $ | 1,000.50 | or | 3.5 | % | at | 5:30 | p.m. | on | 11/28/2000 | .")]
    [InlineData("a well-known e-mail from a non-profit", "a | well | - | known | e-mail | from | a | non-profit")]
    [InlineData("Call 713-853-3989 now", "Call | 713-853-3989 | now")]
    [InlineData("Wait... what?! No!!!", "Wait | ... | what | ?! | No | !!!")]
    [InlineData("Visit http://example.com/a?b=c&d=e. Or www.x.org!", "Visit | http://example.com/a?b=c&d=e | . | Or | www.x.org | !")]
    [InlineData("Mail john.doe-x@mail.example.com, please", "Mail | john.doe-x@mail.example.com | , | please")]
    [InlineData("@alice loves #NLP :) and :-D", "@alice | loves | #NLP | :) | and | :-D")]
    [InlineData("great:) really", "great | :) | really")]
    [InlineData("I ❤️ NY 👍🏽!", "I | ❤️ | NY | 👍🏽 | !")]
    [InlineData("family 👨‍👩‍👧 here", "family | 👨‍👩‍👧 | here")]
    [InlineData("It's 39K and 10am, the 5th in the 1990s", "It's | 39 | K | and | 10 | am | , | the | 5th | in | the | 1990s")]
    [InlineData("the parents' car", "the | parents' | car")]
    [InlineData("and/or he/she b/c w/o 9/11", "and | / | or | he | / | she | b/c | w/o | 9/11")]
    [InlineData("==== *** $$$", "==== | *** | $$$")]
    [InlineData("", "")]
    public void Tokenize_UdEnglishConventions(string text, string expected) => Assert.Equal(expected, Tokens(text));

    [Theory]
    [InlineData("I can't and won't", "I | ca | n't | and | wo | n't")]
    [InlineData("Don't! It's John's.", "Do | n't | ! | It | 's | John | 's | .")]
    [InlineData("we're you've they'll I'd I'm", "we | 're | you | 've | they | 'll | I | 'd | I | 'm")]
    [InlineData("it’s don’t", "it | ’s | do | n’t")]
    [InlineData("cannot gonna dont Im", "can | not | gon | na | do | nt | I | m")]
    [InlineData("DON'T", "DO | N'T")]
    public void Tokenize_Contractions_SplitIntoWords(string text, string expected) => Assert.Equal(expected, Words(text));

    [Fact]
    public void Tokenize_Contraction_IsOneTokenWithTwoWords()
    {
        const string text = "I don't.";
        var list = WordTokenizer.English.Tokenize(text);
        Assert.Equal(["I", "don't", "."], list.TokenStrings(text));
        var dont = list[1];
        Assert.True(dont.IsMultiword);
        Assert.Equal(["do", "n't"], list.WordsOf(dont).ToArray().Select(w => w.ToString(text)));
    }

    [Fact]
    public void Tokenize_NoContractionSplit_OptionKeepsWords()
    {
        var tokenizer = new WordTokenizer(new WordTokenizerOptions { SplitContractions = false, SplitHyphens = false });
        Assert.Equal(["don't", "well-known"], tokenizer.TokenizeToStrings("don't well-known", words: true));
    }

    [Fact]
    public void Tokenize_OffsetsAreExclusiveAndSliceTheText()
    {
        const string text = "  Héllo,\tworld  ";
        var list = WordTokenizer.English.Tokenize(text);
        Assert.Equal([new TextSpan(2, 7), new TextSpan(7, 8), new TextSpan(9, 14)], list.Tokens.ToArray().Select(t => t.Span));
    }

    [Fact]
    public void Tokenize_ReusedBuffer_IsCleared()
    {
        var list = new TokenList(1);
        WordTokenizer.English.Tokenize("one two three four five six", list);
        Assert.Equal(6, list.Count);
        WordTokenizer.English.Tokenize("seven", list);
        Assert.Equal(1, list.Count);
        Assert.Equal(1, list.WordCount);
    }

    [Fact]
    public void Rules_FromDirectory_CustomAbbreviation()
    {
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            File.WriteAllLines(Path.Combine(dir.FullName, "abbreviations.txt"), ["# test", "Approx."]);
            var tokenizer = new WordTokenizer(new WordTokenizerOptions { Rules = TokenizerRules.FromDirectory(dir.FullName) });
            Assert.Equal(["Approx.", "5", "Dr", "."], tokenizer.TokenizeToStrings("Approx. 5 Dr."));
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void Rules_MalformedLine_FailsWithFileAndLine()
    {
        var error = Assert.Throws<TextKitFormatException>(() => new TokenizerRules([], ["# c", "gonna\tgo|na"], [], [], "mine"));
        Assert.Equal("TK402", error.Code);
        Assert.Contains("mine/contractions:2", error.Message);
        Assert.Throws<TextKitFormatException>(() => new TokenizerRules(["Dr"], [], [], [], "mine"));
        Assert.Throws<TextKitException>(() => TokenizerRules.FromDirectory("/nonexistent/rules"));
    }
}
