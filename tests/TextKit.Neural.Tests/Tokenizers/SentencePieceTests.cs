using TextKit.Neural.Tokenizers;
using static TextKit.Neural.Tests.Tokenizers.SentencePieceModelWriter;

namespace TextKit.Neural.Tests.Tokenizers;

/// <summary>SentencePiece unigram on a hand-written T5-style model (the t5-tiny fixture ships no spiece.model).</summary>
public class SentencePieceTests
{
    private static SentencePieceTransformerTokenizer Tiny(SentencePieceTokenizerOptions? options = null) =>
        SentencePieceTransformerTokenizer.FromBytes(Write(TinyT5Pieces()), options);

    private static int Id(SentencePieceTransformerTokenizer t, string piece) => t.TokenToId(piece) ?? throw new KeyNotFoundException(piece);

    [Fact]
    public void Encode_ViterbiPiecesOffsetsAndEos()
    {
        var tok = Tiny();
        var enc = tok.Encode("the cat sat on the mat.");
        Assert.Equal(["▁the", "▁cat", "▁sat", "▁on", "▁the", "▁mat", ".", "</s>"], enc.Tokens);
        Assert.Equal(enc.Tokens.Select(t => Id(tok, t)), enc.InputIds);
        Assert.Equal([(0, 3), (3, 7), (7, 11), (11, 14), (14, 18), (18, 22), (22, 23), (0, 0)], enc.Offsets);
        Assert.Equal([0, 1, 2, 3, 4, 5, 5, -1], enc.WordIds);
        Assert.Equal(1, tok.EndOfSequenceTokenId);
        Assert.Equal(0, tok.PadTokenId);
        Assert.All(enc.TokenTypeIds, t => Assert.Equal(0, t));
    }

    [Fact]
    public void Encode_HigherScoringSplitWins()
    {
        var tok = Tiny();
        // "▁c"+"at" (-7) loses to "▁cat" (-3.5); after "▁the", "mat" has no "▁": "m"+"at" (-8) beats m,a,t (-15)
        Assert.Equal(["▁the", "m", "at"], tok.Encode("themat", options: new EncodeOptions { AddSpecialTokens = false }).Tokens);
    }

    [Fact]
    public void Whitespace_IsCollapsedAndOffsetsPointAtTheOriginal()
    {
        var tok = Tiny();
        var enc = tok.Encode("  the   cat  ", options: new EncodeOptions { AddSpecialTokens = false });
        Assert.Equal(tok.EncodeToIds("the cat"), enc.InputIds);
        Assert.Equal([(0, 5), (5, 11)], enc.Offsets);
        Assert.Empty(tok.EncodeToIds("   "));
        Assert.Empty(tok.EncodeToIds(""));
    }

    [Fact]
    public void UnknownCharacters_AreFusedIntoOneUnk()
    {
        var tok = Tiny();
        var enc = tok.Encode("the xyz", options: new EncodeOptions { AddSpecialTokens = false });
        Assert.Equal(["▁the", "▁", "<unk>"], enc.Tokens);
        Assert.Equal((4, 7), enc.Offsets[2]);
    }

    [Fact]
    public void ByteFallback_EncodesUnknownCharactersAsUtf8Bytes()
    {
        var pieces = TinyT5Pieces().Concat(Enumerable.Range(0, 256).Select(b => ($"<0x{b:X2}>", 0f, BytePiece)));
        var tok = SentencePieceTransformerTokenizer.FromBytes(Write(pieces, byteFallback: true));
        var enc = tok.Encode("é", options: new EncodeOptions { AddSpecialTokens = false });
        Assert.Equal(["▁", "<0xC3>", "<0xA9>"], enc.Tokens);
        Assert.Equal((0, 1), enc.Offsets[2]);
        Assert.Equal("é", tok.Decode(enc.InputIds));
    }

    [Fact]
    public void Pairs_AreJoinedWithEos()
    {
        var tok = Tiny();
        var enc = tok.Encode("the cat", "on the mat");
        int eos = tok.EndOfSequenceTokenId;
        Assert.Equal([.. tok.EncodeToIds("the cat"), eos, .. tok.EncodeToIds("on the mat"), eos], enc.InputIds);
        Assert.Equal([0, 0, -1, 1, 1, 1, -1], enc.SequenceIds);
    }

    [Fact]
    public void Truncation_KeepsEos()
    {
        var enc = Tiny().Encode("the cat sat on", options: new EncodeOptions { MaxLength = 4 });
        Assert.Equal(["▁the", "▁cat", "▁sat", "</s>"], enc.Tokens);
    }

    [Fact]
    public void Decode_RestoresText_AndSkipsSpecials()
    {
        var tok = Tiny();
        var enc = tok.Encode("the cat sat on the mat.");
        Assert.Equal("the cat sat on the mat.", tok.Decode(enc.InputIds));
        Assert.Equal("the cat sat on the mat.</s>", tok.Decode(enc.InputIds, skipSpecialTokens: false));
    }

    [Fact]
    public void ExtraIds_AreSpecialTokensWithT5Numbering()
    {
        var tok = Tiny(new SentencePieceTokenizerOptions { ExtraIds = 2 });
        int n = TinyT5Pieces().Length;
        Assert.Equal(n + 2, tok.VocabularySize);
        Assert.Equal(n + 1, tok.TokenToId("<extra_id_0>"));
        Assert.Equal(n, tok.TokenToId("<extra_id_1>"));
        var enc = tok.Encode("the <extra_id_0> cat", options: new EncodeOptions { AddSpecialTokens = false });
        Assert.Equal(["▁the", "<extra_id_0>", "▁cat"], enc.Tokens);
        Assert.Equal((4, 16), enc.Offsets[1]);
    }

    [Fact]
    public void PrecompiledRules_AreAppliedWithLongestMatch_AndOffsetsFollowThem()
    {
        var rules = new Dictionary<string, string> { ["\t"] = " ", ["\u3000"] = " ", ["ｃａｔ"] = "cat", ["ｃ"] = "c", ["ａ"] = "a" };
        var tok = SentencePieceTransformerTokenizer.FromBytes(Write(TinyT5Pieces(), normalizer: "test", charsMap: CharsMap(rules)));
        var enc = tok.Encode("the\tｃａｔ", options: new EncodeOptions { AddSpecialTokens = false });
        Assert.Equal(["▁the", "▁cat"], enc.Tokens);
        Assert.Equal([(0, 3), (3, 7)], enc.Offsets);
        // ｃ + ａ (two rules) + t: the same pieces; ideographic space and tab collapse with spaces
        Assert.Equal(tok.EncodeToIds("the cat"), tok.EncodeToIds("the \u3000\t ｃａt \t"));
        // without the rules the full-width letters are unknown
        Assert.Contains(tok.UnknownTokenId, Tiny().EncodeToIds("the ｃａｔ"));
    }

    [Fact]
    public void BadModels_FailWithClearErrors()
    {
        Assert.Equal("TK357", Assert.Throws<TextKitFormatException>(() => SentencePieceTransformerTokenizer.FromBytes([0x0A, 0x50, 0x01])).Code);
        Assert.Equal("TK357", Assert.Throws<TextKitFormatException>(() => SentencePieceTransformerTokenizer.FromBytes([])).Code);
        Assert.Equal("TK357", Assert.Throws<TextKitFormatException>(() => SentencePieceTransformerTokenizer.FromBytes("not a model"u8.ToArray())).Code);
        Assert.Equal("TK358", Assert.Throws<TextKitModelException>(() => SentencePieceTransformerTokenizer.FromBytes(Write(TinyT5Pieces(), modelType: 2))).Code);
        var badMap = Write(TinyT5Pieces(), charsMap: [0xFF, 0xFF, 0, 0, 1, 2]);
        Assert.Equal("TK357", Assert.Throws<TextKitFormatException>(() => SentencePieceTransformerTokenizer.FromBytes(badMap)).Code);
        var truncated = Write(TinyT5Pieces())[..40];
        Assert.Equal("TK357", Assert.Throws<TextKitFormatException>(() => SentencePieceTransformerTokenizer.FromBytes(truncated)).Code);
    }
}
