using TextKit.Neural.Tokenizers;
using static TextKit.Neural.Tests.Tokenizers.TokenizerFixtures;

namespace TextKit.Neural.Tests.Tokenizers;

/// <summary>Any input: no exception, offsets inside the text, starts never going back, ids inside the vocabulary.</summary>
public class TokenizerRobustnessTests
{
    public static TheoryData<string> Tokenizers => ["wordpiece-uncased", "wordpiece-cased", "roberta", "gpt2-prefix", "sentencepiece"];

    private static ITransformerTokenizer Create(string name) => name switch
    {
        "wordpiece-uncased" => BertWordPieceTokenizer.FromVocabFile(File("wordpiece", "vocab.txt")),
        "wordpiece-cased" => BertWordPieceTokenizer.FromVocabFile(File("wordpiece", "vocab.txt"), new BertTokenizerOptions { LowerCase = false, StripAccents = true }),
        "roberta" => ByteLevelBpeParityTests.Create(),
        "gpt2-prefix" => ByteLevelBpeParityTests.Create(new ByteLevelBpeOptions { Style = ByteLevelBpeStyle.Gpt2, AddPrefixSpace = true }),
        _ => SentencePieceTransformerTokenizer.FromBytes(SentencePieceModelWriter.Write(SentencePieceModelWriter.TinyT5Pieces())),
    };

    private static readonly string[] Inputs =
    [
        "", " ", "\t\n\r", "\0\0\0", "\u0007\u001b\u0085\u200b\u200d\ufeff", "\ud800", "a\udc00b", "\udbff\udfff\ud800x",
        "שלום עולם, مرحبا!", "e\u0301\u0301\u0323 a\u0300", "\u0301\u0301 start with marks", "İstanbul ΣΑΣ ß ﬁ", "𝐀𝐁𝐂 𠀀𠀁 😀👍🏽",
        "[CLS] [SEP][MASK] <s></s><mask> <pad>", "a" + new string('\u0301', 300), string.Concat(Enumerable.Repeat("ab ", 2000)),
        "mixed\u2028line\u2029separators\u00a0nbsp\u3000ideographic", "    leading and trailing    ", "¡¿¿!!", "\uE000 private use \uFFFD",
    ];

    [Theory]
    [MemberData(nameof(Tokenizers))]
    public void AnyInput_GivesValidEncodings(string name)
    {
        var tok = Create(name);
        foreach (var text in Inputs)
        {
            Check(tok, text, tok.Encode(text, options: new EncodeOptions { Truncate = false, MaxLength = 100_000 }));
            Check(tok, text, tok.Encode(text, text, new EncodeOptions { MaxLength = 64 }), pair: true);
            _ = tok.Decode(tok.Encode(text).InputIds);
        }
    }

    [Theory]
    [MemberData(nameof(Tokenizers))]
    public void OneMegabyteWord_IsHandled(string name)
    {
        var tok = Create(name);
        string word = new('a', 1 << 20);
        var enc = tok.Encode(word, options: new EncodeOptions { MaxLength = 512 });
        Check(tok, word, enc);
        Assert.True(enc.Length <= 512);
    }

    [Theory]
    [MemberData(nameof(Tokenizers))]
    public void ParallelEncoding_GivesTheSameResultsAsSequential(string name)
    {
        var tok = Create(name);
        var texts = Json("wordpiece", "tokenizer-reference.json").GetProperty("uncased").GetProperty("single").EnumerateArray()
            .Select(r => r.GetProperty("text").GetString()!).ToArray();
        texts = [.. texts, .. texts, .. texts, .. texts];
        var sequential = texts.Select(t => tok.Encode(t)).ToArray();
        var parallel = tok.EncodeBatch(texts);
        for (int i = 0; i < texts.Length; i++)
        {
            Assert.Equal(sequential[i].InputIds, parallel[i].InputIds);
            Assert.Equal(sequential[i].Offsets, parallel[i].Offsets);
        }
    }

    [Fact]
    public void OneMegabyteWord_WordPiece_IsOneUnknown()
    {
        var tok = BertWordPieceTokenizer.FromVocabFile(File("wordpiece", "vocab.txt"));
        string word = new('x', 1 << 20);
        var enc = tok.Encode(word);
        Assert.Equal(["[CLS]", "[UNK]", "[SEP]"], enc.Tokens);
        Assert.Equal((0, word.Length), enc.Offsets[1]);
    }

    private static void Check(ITransformerTokenizer tok, string text, EncodedInput enc, bool pair = false)
    {
        int n = enc.InputIds.Length;
        Assert.Equal(n, enc.TokenTypeIds.Length);
        Assert.Equal(n, enc.AttentionMask.Length);
        Assert.Equal(n, enc.Tokens.Length);
        Assert.Equal(n, enc.Offsets.Length);
        Assert.Equal(n, enc.SequenceIds.Length);
        Assert.Equal(n, enc.WordIds.Length);
        int[] lastStart = [0, 0];
        for (int i = 0; i < n; i++)
        {
            Assert.InRange(enc.InputIds[i], 0, tok.VocabularySize - 1);
            var (s, e) = enc.Offsets[i];
            int seq = enc.SequenceIds[i];
            if (seq < 0) { Assert.Equal((0, 0), (s, e)); continue; }
            Assert.True(0 <= s && s <= e && e <= text.Length, $"offset ({s},{e}) outside a text of length {text.Length} at token {i}");
            Assert.True(s >= lastStart[seq], $"offset start {s} goes back before {lastStart[seq]} at token {i}");
            lastStart[seq] = s;
            Assert.True(pair || seq == 0);
        }
    }
}
