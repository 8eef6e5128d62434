using TextKit.Neural.Tokenizers;
using static TextKit.Neural.Tests.Tokenizers.TokenizerFixtures;

namespace TextKit.Neural.Tests.Tokenizers;

public class WordPieceTrainerTests
{
    /// <summary>The 150 Brown sentences and 4 model sentences of the reference file (its first 22 rows are edge cases).</summary>
    private static string[] Corpus() =>
        Json("wordpiece", "tokenizer-reference.json").GetProperty("uncased").GetProperty("single").EnumerateArray()
            .Skip(22).Select(r => r.GetProperty("text").GetString()!).ToArray();

    private static IEnumerable<string> Words(BertWordPieceTokenizer tok, string text)
    {
        // the pre-tokenized words: tokens of one word share a word id
        var enc = tok.Encode(text, options: new EncodeOptions { AddSpecialTokens = false, Truncate = false });
        return enc.WordIds.Distinct().Select(w => text[enc.Offsets[Array.IndexOf(enc.WordIds, w)].Start..enc.Offsets[Array.LastIndexOf(enc.WordIds, w)].End]);
    }

    [Theory]
    [InlineData(WordPieceScoring.Frequency)]
    [InlineData(WordPieceScoring.Likelihood)]
    public void TrainingWords_TokenizeWithoutUnknown_AndSizeIsRespected(WordPieceScoring scoring)
    {
        var corpus = Corpus();
        var vocab = new WordPieceTrainer(new WordPieceTrainerOptions { VocabularySize = 600, Scoring = scoring }).Train(corpus);
        Assert.Equal(600, vocab.Count);
        Assert.Equal(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"], vocab.Tokens.Take(5));
        Assert.Equal(vocab.Count, vocab.Tokens.Distinct().Count());
        Assert.True(vocab.Merges > 0);
        var tok = vocab.CreateTokenizer();
        int unk = tok.UnknownTokenId, tokens = 0;
        foreach (var text in corpus)
        {
            var ids = tok.EncodeToIds(text);
            Assert.DoesNotContain(unk, ids);
            tokens += ids.Length;
        }
        // merges make fewer tokens than characters
        int letters = corpus.Sum(t => t.Count(char.IsLetterOrDigit));
        Assert.True(tokens < letters * (scoring == WordPieceScoring.Frequency ? 0.5 : 0.9), $"{tokens} tokens for {letters} letters");
    }

    [Fact]
    public void Training_IsDeterministic_AndIndependentOfCorpusOrder()
    {
        var corpus = Corpus();
        var options = new WordPieceTrainerOptions { VocabularySize = 400 };
        var a = new WordPieceTrainer(options).Train(corpus);
        var b = new WordPieceTrainer(options).Train(corpus.Reverse());
        Assert.Equal(a.Tokens, b.Tokens);
    }

    [Fact]
    public void Frequency_MergesTheMostFrequentPairFirst()
    {
        var vocab = new WordPieceTrainer(new WordPieceTrainerOptions { VocabularySize = 100, MinFrequency = 1 })
            .Train(["hug hug hug hug pug pug bun bun bun hugs"]);
        // 5 special tokens, the alphabet b g h n p s u, then ##u ##n ##g ##s as met in "bun", "hug", "hugs", "pug";
        // the first merge is ##u ##g (4 hug + 2 pug + 1 hugs = 7 times)
        Assert.Equal(["b", "g", "h", "n", "p", "s", "u", "##u", "##n", "##g", "##s", "##ug"], vocab.Tokens.Skip(5).Take(12));
        var tok = vocab.CreateTokenizer();
        Assert.Equal(["pug", "##s"], tok.Encode("pugs", options: new EncodeOptions { AddSpecialTokens = false }).Tokens);
    }

    [Fact]
    public void VocabularyStops_WhenNoPairIsFrequentEnough()
    {
        var corpus = Corpus();
        var all = new WordPieceTrainer(new WordPieceTrainerOptions { VocabularySize = 1_000_000 }).Train(corpus);
        Assert.InRange(all.Count, 600, 999_999);
        var none = new WordPieceTrainer(new WordPieceTrainerOptions { VocabularySize = 1000, MinFrequency = 1_000_000 }).Train(corpus);
        Assert.Equal(0, none.Merges);
    }

    [Fact]
    public void LimitAlphabet_DropsRareCharacters_AndUnknownsFollow()
    {
        var vocab = new WordPieceTrainer(new WordPieceTrainerOptions { VocabularySize = 50, LimitAlphabet = 3, MinFrequency = 1, SpecialTokens = ["[UNK]", "[CLS]", "[SEP]", "[PAD]"] })
            .Train(["aaa bbb aaa ccc aaa bbb z"]);
        Assert.Contains("a", vocab.Tokens);
        Assert.DoesNotContain("z", vocab.Tokens);
        var tok = vocab.CreateTokenizer();
        Assert.Equal(["[UNK]"], tok.Encode("z", options: new EncodeOptions { AddSpecialTokens = false }).Tokens);
    }

    [Fact]
    public void SavedVocabulary_LoadsAsTheSameTokenizer()
    {
        var vocab = new WordPieceTrainer(new WordPieceTrainerOptions { VocabularySize = 300 }).Train(Corpus());
        string dir = TempFolder();
        string path = Path.Combine(dir, "vocab.txt");
        vocab.Save(path);
        var loaded = TransformerTokenizers.FromFolder(dir);
        const string text = "The jury said it did find that many of Georgia's registration laws are outmoded.";
        Assert.Equal(vocab.CreateTokenizer().Encode(text).InputIds, loaded.Encode(text).InputIds);
    }

    [Fact]
    public void BadOptions_AreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WordPieceTrainer(new WordPieceTrainerOptions { VocabularySize = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WordPieceTrainer(new WordPieceTrainerOptions { VocabularySize = 3 }));
        Assert.Throws<ArgumentException>(() => new WordPieceTrainer(new WordPieceTrainerOptions { SpecialTokens = ["[UNK]", "[UNK]"] }));
        Assert.Throws<ArgumentException>(() => new WordPieceTrainer(new WordPieceTrainerOptions { SpecialTokens = ["a\nb"] }));
        Assert.Throws<ArgumentNullException>(() => new WordPieceTrainer().Train(null!));
        Assert.Equal(5, new WordPieceTrainer().Train(["", "   "]).Count);
    }
}
