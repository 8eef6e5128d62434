using TextKit.Cleaning;

namespace TextKit.Tests.Cleaning;

public class TextCleanerTests
{
    private static string Clean(string text, TextCleanerOptions? options = null) => new TextCleaner(options).Clean(text);

    [Fact]
    public void Html_TagsScriptsBlocksAndEntities()
    {
        const string html = "<html><head><title>T</title><style>p{x:1}</style></head><body><p>Caf&eacute; &amp; bar&#39;s &#x1F600;</p>"
            + "<script>var a = '<p>no</p>';</script><div>Line<br>two</div><!-- hidden --><ul><li>a</li><li>b</li></ul></body></html>";
        Assert.Equal("T\n\nCafé & bar's 😀\n\nLine\ntwo\n\na\nb", Clean(html));
    }

    [Theory]
    [InlineData("a < b and c > d", "a < b and c > d")]
    [InlineData("<p>unclosed <b attr=\"x>y\">bold", "unclosed bold")]
    [InlineData("text <a href='x", "text")]
    [InlineData("<!-- never closed", "")]
    [InlineData("AT&T and &bogus; &amp", "AT&T and &bogus; &amp")]
    [InlineData("<3 you", "<3 you")]
    public void Html_BrokenMarkup_NoExceptionSensibleText(string html, string expected) => Assert.Equal(expected, Clean(html));

    [Fact]
    public void Html_Never_KeepsMarkup() => Assert.Equal("<p>x</p>", Clean("<p>x</p>", new TextCleanerOptions { Html = HtmlHandling.Never }));

    [Fact]
    public void Whitespace_CollapsedParagraphsKept()
    {
        Assert.Equal("a b\nc\n\nd", Clean("  a \t b  \r\n c \n\n\n\n d  "));
        Assert.Equal("a b c d", Clean("a\nb\n\nc d", new TextCleanerOptions { KeepLineBreaks = false }));
    }

    [Fact]
    public void ControlAndZeroWidth_Removed_EmojiZwjKept()
    {
        Assert.Equal("abcd", Clean("a\u0000b\u200Bc\u00ADd\uFEFF"));
        Assert.Equal("👨‍👩‍👧", Clean("👨‍👩‍👧"));
        Assert.Equal("ab", Clean("a\uD800b"));
        Assert.Equal("a\uFFFDb", Clean("a\uD800b", new TextCleanerOptions { RemoveControlCharacters = false }));
    }

    [Fact]
    public void Normalization_NfcAndNfkc()
    {
        Assert.Equal("é", Clean("e\u0301"));
        Assert.Equal("ﬁle", Clean("ﬁle"));
        Assert.Equal("file ABC", Clean("ﬁle ＡＢＣ", new TextCleanerOptions { Normalization = UnicodeNormalization.Nfkc }));
    }

    [Fact]
    public void Masks_LowerCaseAccentsEmoji()
    {
        var options = new TextCleanerOptions
        {
            MaskUrls = true, MaskEmails = true, MaskMentions = true, MaskNumbers = true, LowerCase = true, RemoveAccents = true,
            Emoji = EmojiHandling.Replace,
        };
        Assert.Equal("@user: see <url>, mail <email> — <num> cafes? no: cafes 3rd <emoji>",
            Clean("@Bob_1: see https://x.org/a?b=1, mail jo.e@mail.co.uk — 1,234.5 Cafés? No: Cafe\u0301s 3rd 😀", options));
        Assert.Equal("ok ", Clean("ok 👍🏽", new TextCleanerOptions { Emoji = EmojiHandling.Remove, CollapseWhitespace = false }));
    }

    [Fact]
    public void Presets_WebAndSocial()
    {
        Assert.Equal("Hello world", Clean("<p>Hello&nbsp;world</p>", TextCleanerOptions.WebText));
        Assert.Equal("@user sooo good <url> #win 😀", Clean("@ann soooooo good\nhttp://t.co/x #win 😀", TextCleanerOptions.SocialMedia));
        Assert.Throws<TextKitException>(() => TextCleanerOptions.Preset("nope"));
        Assert.Equal(TextCleanerOptions.SocialMedia.MaxRepeatedLetters, TextCleanerOptions.Preset("social").MaxRepeatedLetters);
    }

    [Fact]
    public void Options_Invalid_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TextCleaner(new TextCleanerOptions { MaxRepeatedLetters = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TextCleaner(new TextCleanerOptions { Html = (HtmlHandling)42 }));
        Assert.Throws<ArgumentNullException>(() => new TextCleaner(new TextCleanerOptions { UrlToken = null! }));
    }
}
