using TextKit.Neural.Tokenizers;
using static TextKit.Neural.Tests.Tokenizers.TokenizerFixtures;

namespace TextKit.Neural.Tests.Tokenizers;

public class TransformerTokenizersTests
{
    private static string Copy(string fixture, params string[] files)
    {
        string d = TempFolder();
        foreach (var f in files) System.IO.File.Copy(File(fixture, f), Path.Combine(d, f));
        return d;
    }

    [Fact]
    public void FromFolder_PicksTheTokenizerOfEachCheckpoint()
    {
        var bert = Assert.IsType<BertWordPieceTokenizer>(TransformerTokenizers.FromFolder(Dir("bert-seqcls")));
        Assert.Equal(128, bert.ModelMaxLength);
        Assert.True(bert.Options.LowerCase);
        var roberta = Assert.IsType<ByteLevelBpeTokenizer>(TransformerTokenizers.FromFolder(Dir("roberta-seqcls")));
        Assert.Equal(ByteLevelBpeStyle.Roberta, roberta.Options.Style);
        Assert.Equal(128, roberta.ModelMaxLength); // max_position_embeddings 130 minus RoBERTa's padding offset
        Assert.Equal(1, roberta.PadTokenId);
        var gpt2 = Assert.IsType<ByteLevelBpeTokenizer>(TransformerTokenizers.FromFolder(Dir("gpt2-lm")));
        Assert.Equal(ByteLevelBpeStyle.Gpt2, gpt2.Options.Style);
        Assert.Equal(5, gpt2.PadTokenId); // no pad token: pads with <|endoftext|>
        Assert.Equal(128, gpt2.ModelMaxLength);
    }

    [Fact]
    public void FromFolder_ReadsTokenizerConfigOptions()
    {
        string d = Copy("wordpiece", "vocab.txt");
        System.IO.File.WriteAllText(Path.Combine(d, "tokenizer_config.json"),
            """{"do_lower_case": false, "model_max_length": 1e30, "unk_token": {"content": "[UNK]", "lstrip": false}, "tokenize_chinese_chars": false}""");
        var tok = Assert.IsType<BertWordPieceTokenizer>(TransformerTokenizers.FromFolder(d));
        Assert.False(tok.Options.LowerCase);
        Assert.False(tok.Options.HandleChineseChars);
        Assert.Equal(1 << 20, tok.ModelMaxLength);
        Assert.Equal("[UNK]", tok.Encode("Hello").Tokens[1]); // cased: 'H' is not in the uncased vocabulary
    }

    [Fact]
    public void FromFolder_ReadsSpiece()
    {
        string d = TempFolder();
        System.IO.File.WriteAllBytes(Path.Combine(d, "spiece.model"), SentencePieceModelWriter.Write(SentencePieceModelWriter.TinyT5Pieces()));
        System.IO.File.Copy(File("t5-tiny", "config.json"), Path.Combine(d, "config.json"));
        var tok = Assert.IsType<SentencePieceTransformerTokenizer>(TransformerTokenizers.FromFolder(d));
        Assert.Equal(SentencePieceModelWriter.TinyT5Pieces().Length + 100, tok.VocabularySize); // T5 default: 100 sentinels
        Assert.Equal(["▁the", "▁cat", "</s>"], tok.Encode("the cat").Tokens);
    }

    [Fact]
    public void FromFolder_BadFolders_FailWithCodes()
    {
        Assert.Equal("TK350", Assert.Throws<TextKitModelException>(() => TransformerTokenizers.FromFolder("/nonexistent/model")).Code);
        Assert.Equal("TK351", Assert.Throws<TextKitModelException>(() => TransformerTokenizers.FromFolder(TempFolder(("config.json", "{}")))).Code);

        var badJson = Copy("wordpiece", "vocab.txt");
        System.IO.File.WriteAllText(Path.Combine(badJson, "tokenizer_config.json"), "{\n \"do_lower_case\": tru\n}");
        var e = Assert.Throws<TextKitFormatException>(() => TransformerTokenizers.FromFolder(badJson));
        Assert.Equal("TK353", e.Code);
        Assert.Equal(2, e.Line);

        var wrongType = Copy("wordpiece", "vocab.txt");
        System.IO.File.WriteAllText(Path.Combine(wrongType, "tokenizer_config.json"), """{"do_lower_case": "yes"}""");
        Assert.Equal("TK353", Assert.Throws<TextKitFormatException>(() => TransformerTokenizers.FromFolder(wrongType)).Code);

        var empty = TempFolder(("vocab.txt", ""));
        Assert.Equal("TK352", Assert.Throws<TextKitModelException>(() => TransformerTokenizers.FromFolder(empty)).Code);
        var noUnk = TempFolder(("vocab.txt", "[PAD]\n[CLS]\n[SEP]\nhello\n"));
        Assert.Contains("[UNK]", Assert.Throws<TextKitModelException>(() => TransformerTokenizers.FromFolder(noUnk)).Message);

        var badMerges = Copy("bytelevel-bpe", "vocab.json", "merges.txt");
        System.IO.File.AppendAllText(Path.Combine(badMerges, "merges.txt"), "a b c\n");
        var m = Assert.Throws<TextKitFormatException>(() => TransformerTokenizers.FromFolder(badMerges));
        Assert.Equal("TK356", m.Code);
        Assert.Equal(System.IO.File.ReadAllLines(Path.Combine(badMerges, "merges.txt")).Length, m.Line);

        var unknownMerge = Copy("bytelevel-bpe", "vocab.json", "merges.txt");
        System.IO.File.AppendAllText(Path.Combine(unknownMerge, "merges.txt"), "qq zz\n");
        Assert.Equal("TK356", Assert.Throws<TextKitFormatException>(() => TransformerTokenizers.FromFolder(unknownMerge)).Code);

        var badVocab = TempFolder(("vocab.json", "[1, 2]"), ("merges.txt", "#version: 0.2\n"));
        Assert.Equal("TK353", Assert.Throws<TextKitFormatException>(() => TransformerTokenizers.FromFolder(badVocab)).Code);

        var missingMerges = Copy("bytelevel-bpe", "vocab.json");
        Assert.Equal("TK351", Assert.Throws<TextKitModelException>(() => TransformerTokenizers.FromFolder(missingMerges)).Code);

        var badSpiece = TempFolder(("spiece.model", "garbage"));
        Assert.Equal("TK357", Assert.Throws<TextKitFormatException>(() => TransformerTokenizers.FromFolder(badSpiece)).Code);
    }

    [Fact]
    public void Encode_OverlongWithoutTruncation_Throws_AndTooSmallMaxLengthThrows()
    {
        var tok = TransformerTokenizers.FromFolder(Dir("bert-seqcls"));
        var text = string.Join(' ', Enumerable.Repeat("the", 200));
        Assert.Equal(128, tok.Encode(text).Length);
        Assert.Equal("TK354", Assert.Throws<TextKitException>(() => tok.Encode(text, options: new EncodeOptions { Truncate = false })).Code);
        Assert.Equal("TK355", Assert.Throws<TextKitException>(() => tok.Encode("the cat", "a dog", new EncodeOptions { MaxLength = 2 })).Code);
    }

    [Theory]
    [InlineData(5, 5, 7, 3, 4)]   // both long: half each, the second gets the odd one (HF tokenizers)
    [InlineData(2, 8, 7, 2, 5)]   // only the longer one is cut
    [InlineData(8, 2, 7, 5, 2)]
    [InlineData(4, 4, 7, 3, 4)]
    [InlineData(8, 8, 7, 3, 4)]
    [InlineData(3, 3, 7, 3, 3)]
    public void LongestFirst_MatchesHfTokenizers(int n1, int n2, int max, int e1, int e2)
    {
        Assert.Equal((e1, e2), Internal_Truncate(n1, n2, max));
    }

    private static (int, int) Internal_Truncate(int n1, int n2, int max) =>
        TextKit.Neural.Tokenizers.Internal.PostProcessor.TruncatedLengths(n1, n2, pair: true, max);

    [Fact]
    public void EncodeBatch_KeepsOrderAndMatchesEncode()
    {
        ITransformerTokenizer tok = TransformerTokenizers.FromFolder(Dir("bert-seqcls"));
        var texts = Enumerable.Range(0, 50).Select(i => $"sentence number {i} is here").ToArray();
        var batch = tok.EncodeBatch(texts);
        for (int i = 0; i < texts.Length; i++) Assert.Equal(tok.Encode(texts[i]).InputIds, batch[i].InputIds);
        Assert.Throws<ArgumentException>(() => tok.EncodeBatch(texts, texts[..3]));
    }
}
