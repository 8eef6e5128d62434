using System.Text;
using TextKit.Cleaning;
using TextKit.Segmentation;
using TextKit.Tokenization;

namespace TextKit.Tests.Tokenization;

/// <summary>Fuzz/property tests: any input gives no exception, spans slice the text, never overlap, never hold whitespace.</summary>
public class TokenizerPropertyTests
{
    private static readonly string[] s_pieces =
    [
        "word", "Dr.", "U.S.", "don't", "it's", "e-mail", "well-known", "3.5", "1,000", "5:30", "http://x.org/a?b", "a@b.com",
        "@user", "#tag", ":)", ":-(", "😀", "👍🏽", "👨‍👩‍👧", "🇫🇷", "...", "!!!", "?!", "\"", "'", "(", ")", "--", "----==", "$", "%",
        "שלום", "עולם", "مرحبا", "e\u0301", "\u0301", "a\u0308\u0308", "\uD800", "\uDC00", "\uDBFF\uDFFF", "\u200B", "\u200D", "\uFEFF",
        "\u0000", "\u0007", "\u001F", "\u0085", "\u2028", " ", "  ", "\t", "\n", "\n\n", "\r\n", ".", ",", "-", "/", "&amp;", "<b>", "n't", "'s",
    ];

    private static string RandomText(Random rng, int pieces)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < pieces; i++)
        {
            if (rng.Next(8) == 0)
                sb.Append((char)rng.Next(0, 0x10000)); // any UTF-16 unit, including lone surrogates
            else
                sb.Append(s_pieces[rng.Next(s_pieces.Length)]);
        }
        return sb.ToString();
    }

    internal static void CheckInvariants(string text, TokenList list)
    {
        int previousEnd = 0;
        foreach (var token in list.Tokens)
        {
            // messages are built only on failure (the 50 MB test checks millions of tokens)
            if (token.Start < previousEnd)
                Assert.Fail($"tokens overlap or go backwards at {token.Start} in {Escape(text)}");
            if (token.End <= token.Start || token.End > text.Length)
                Assert.Fail($"bad span {token.Start}..{token.End} in {Escape(text)}");
            if (text.AsSpan(token.Start, token.Length).ContainsAny(" \t\n\r\u00A0\u2028\u3000"))
                Assert.Fail($"token {token.Start}..{token.End} holds whitespace in {Escape(text)}");
            var words = list.WordsOf(token);
            if (words.Length != token.WordCount || words[0].Start != token.Start || words[^1].End != token.End)
                Assert.Fail($"words do not cover token {token.Start}..{token.End} in {Escape(text)}");
            for (int w = 1; w < words.Length; w++)
            {
                if (words[w - 1].End != words[w].Start)
                    Assert.Fail($"words of token {token.Start}..{token.End} are not contiguous in {Escape(text)}");
            }
            previousEnd = token.End;
        }
    }

    private static string Escape(string s) => s.Length > 200 ? $"<{s.Length} chars>" : string.Concat(s.Select(c => c < 0x20 || c > 0x7E ? $"\\u{(int)c:X4}" : c.ToString()));

    [Fact]
    public void Tokenize_RandomInputs_InvariantsHold()
    {
        var rng = new Random(12345);
        var list = new TokenList();
        var sentences = new List<SentenceSpan>();
        var cleaner = new TextCleaner(TextCleanerOptions.SocialMedia);
        for (int iteration = 0; iteration < 3000; iteration++)
        {
            var text = RandomText(rng, rng.Next(0, 40));
            WordTokenizer.English.Tokenize(text, list);
            CheckInvariants(text, list);
            DocumentTokenizer.English.Process(text, list, sentences);
            CheckInvariants(text, list);
            int previous = 0;
            foreach (var s in sentences)
            {
                Assert.True(s.Start >= previous && s.End > s.Start && s.End <= text.Length);
                Assert.Equal(list[s.FirstToken].Start, s.Start);
                Assert.Equal(list[s.FirstToken + s.TokenCount - 1].End, s.End);
                previous = s.End;
            }
            Assert.Equal(list.Count, sentences.Sum(s => s.TokenCount));
            _ = cleaner.Clean(text);
            _ = new TextCleaner(TextCleanerOptions.WebText).Clean(text);
        }
    }

    [Fact]
    public void Tokenize_OnlyControlCharacters_NoTokens()
    {
        var text = new string(Enumerable.Range(0, 32).Select(i => (char)i).Concat(Enumerable.Range(0x7F, 33).Select(i => (char)i)).ToArray());
        Assert.Equal(0, WordTokenizer.English.Tokenize(text).Count);
        Assert.Equal("", new TextCleaner().Clean(text));
    }

    [Fact]
    public void Tokenize_RightToLeftAndCombiningMarks_KeptInTokens()
    {
        const string text = "שָׁלוֹם עולם, مرحبا! Cafe\u0301.";
        var list = WordTokenizer.English.Tokenize(text);
        CheckInvariants(text, list);
        Assert.Equal(["שָׁלוֹם", "עולם", ",", "مرحبا", "!", "Cafe\u0301", "."], list.TokenStrings(text));
    }

    [Fact]
    public void Tokenize_InvalidSurrogates_NoExceptionAndSliced()
    {
        const string text = "ab\uD800cd \uDC00 x\uD83D";
        var list = WordTokenizer.English.Tokenize(text);
        CheckInvariants(text, list);
        Assert.Equal(text.Where(c => c != ' ').Count(), list.Tokens.ToArray().Sum(t => t.Length));
    }

    [Fact]
    public void Tokenize_FiftyMegabyteSingleLine_Works()
    {
        var sb = new StringBuilder(50_000_100);
        const string piece = "The U.S. economy, e.g. don't-stop growth (3.5%) at http://x.org/a... ";
        while (sb.Length < 50_000_000)
            sb.Append(piece);
        var text = sb.ToString();
        var list = new TokenList(1 << 20);
        WordTokenizer.English.Tokenize(text, list);
        CheckInvariants(text, list);
        Assert.True(list.Count > 7_000_000);
        // one 50 MB "word" without any separator also works (a single chunk)
        var word = new string('a', 50_000_000);
        WordTokenizer.English.Tokenize(word, list);
        Assert.Equal(1, list.Count);
        var sentences = new List<SentenceSpan>();
        DocumentTokenizer.English.Process(word, list, sentences);
        Assert.Single(sentences);
        Assert.Equal(word.Length, new TextCleaner().Clean(word).Length);
    }
}
