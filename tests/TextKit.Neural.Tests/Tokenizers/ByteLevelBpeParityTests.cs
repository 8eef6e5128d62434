using System.Text;
using System.Text.Json;
using TextKit.Neural.Tokenizers;
using static TextKit.Neural.Tests.Tokenizers.TokenizerFixtures;

namespace TextKit.Neural.Tests.Tokenizers;

/// <summary>Every row of hf-tiny's vocab-bytelevel-bpe/tokenizer-reference.json (HF ByteLevelBPETokenizer, no prefix space) must match.</summary>
public class ByteLevelBpeParityTests
{
    internal static ByteLevelBpeTokenizer Create(ByteLevelBpeOptions? options = null) =>
        ByteLevelBpeTokenizer.FromFiles(File("bytelevel-bpe", "vocab.json"), File("bytelevel-bpe", "merges.txt"), options);

    [Fact]
    public void Ids_MatchReferenceOnEveryRow()
    {
        var tok = Create();
        var report = new StringBuilder();
        int rows = 0, mismatches = 0;
        foreach (var row in Json("bytelevel-bpe", "tokenizer-reference.json").GetProperty("byte_level_bpe_no_prefix_space").EnumerateArray())
        {
            rows++;
            string text = row.GetProperty("text").GetString()!;
            int[] expected = Ints(row.GetProperty("ids"));
            int[] actual = tok.EncodeToIds(text);
            var viaEncode = tok.Encode(text, options: new EncodeOptions { AddSpecialTokens = false, Truncate = false }).InputIds;
            if (!actual.SequenceEqual(expected) || !viaEncode.SequenceEqual(expected))
            {
                mismatches++;
                report.AppendLine($"{JsonSerializer.Serialize(text)}\n  expected {string.Join(',', expected)}\n  actual   {string.Join(',', actual)}");
            }
        }
        Assert.Equal(176, rows);
        Assert.True(mismatches == 0, $"{mismatches}/{rows} rows differ:\n{report}");
    }

    [Fact]
    public void Offsets_CoverExactlyTheBytesOfEachToken()
    {
        // no reference offsets exist for BPE: check that each token's bytes decode to the text it points at
        var tok = Create(new ByteLevelBpeOptions { TrimOffsets = false });
        foreach (var row in Json("bytelevel-bpe", "tokenizer-reference.json").GetProperty("byte_level_bpe_no_prefix_space").EnumerateArray())
        {
            string text = row.GetProperty("text").GetString()!;
            var enc = tok.Encode(text, options: new EncodeOptions { AddSpecialTokens = false, Truncate = false });
            int prevEnd = 0;
            var pieces = new StringBuilder();
            for (int i = 0; i < enc.Length; i++)
            {
                var (s, e) = enc.Offsets[i];
                Assert.InRange(s, 0, text.Length);
                Assert.InRange(e, s, text.Length);
                Assert.True(s >= prevEnd || s == enc.Offsets[i - 1].Start, $"offsets go back in {JsonSerializer.Serialize(text)} at {i}");
                string decoded = tok.Decode([enc.InputIds[i]]);
                if (!decoded.Contains('\uFFFD')) Assert.Equal(text[s..e], decoded);
                if (s >= prevEnd) pieces.Append(text[s..e]);
                prevEnd = e;
            }
            Assert.Equal(text, pieces.ToString());
        }
    }

    [Fact]
    public void SurrogateFreeFastPath_AgreesWithThePerPreTokenPath()
    {
        // text without surrogates goes through MLT's own pre-tokenizer in one call; an emoji appended forces the
        // per-pre-token path: both must give the same ids, offsets and word ids for the original text
        var tok = Create();
        foreach (var row in Json("bytelevel-bpe", "tokenizer-reference.json").GetProperty("byte_level_bpe_no_prefix_space").EnumerateArray())
        {
            string text = row.GetProperty("text").GetString()!;
            if (text.Length == 0 || text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF') || char.IsWhiteSpace(text[^1])) continue;
            var fast = tok.Encode(text, options: new EncodeOptions { AddSpecialTokens = false, Truncate = false });
            var slow = tok.Encode(text + " 😀", options: new EncodeOptions { AddSpecialTokens = false, Truncate = false });
            int n = fast.Length;
            Assert.Equal(fast.InputIds, slow.InputIds[..n]);
            Assert.Equal(fast.Offsets, slow.Offsets[..n]);
            Assert.Equal(fast.WordIds, slow.WordIds[..n]);
            Assert.True(slow.Offsets[n].Start >= text.Length);
        }
    }

    [Fact]
    public void AstralCharacters_GetBothUtf16Units()
    {
        var tok = Create(new ByteLevelBpeOptions { TrimOffsets = false });
        var enc = tok.Encode("a 😀", options: new EncodeOptions { AddSpecialTokens = false });
        // 'Ġ' + the 4 bytes of U+1F600 in byte-level pieces: every piece of the emoji points at both surrogates
        Assert.Equal((0, 1), enc.Offsets[0]);
        Assert.All(enc.Offsets.Skip(1).Where(o => o.Start > 1), o => Assert.Equal((2, 4), o));
        Assert.Equal("a 😀", tok.Decode(enc.InputIds));
    }

    [Fact]
    public void RobertaInputs_OfCheckpoint_AreReproduced()
    {
        var tok = TransformerTokenizers.FromFolder(Dir("roberta-seqcls"));
        var inputs = Json("roberta-seqcls", "inputs.json");
        var texts = inputs.GetProperty("texts").EnumerateArray().Select(t => t.GetString()!).ToArray();
        var expected = inputs.GetProperty("input_ids").EnumerateArray().Select(Ints).ToArray();
        for (int i = 0; i < texts.Length; i++)
        {
            // the generator used <s> + ids[:30] + </s>, i.e. truncation to 32 with the specials
            var enc = tok.Encode(texts[i], options: new EncodeOptions { MaxLength = 32 });
            var padded = enc.InputIds.Concat(Enumerable.Repeat(tok.PadTokenId, expected[i].Length - enc.Length)).ToArray();
            Assert.Equal(expected[i], padded);
            Assert.All(enc.TokenTypeIds, t => Assert.Equal(0, t));
        }
    }

    [Fact]
    public void Gpt2Prompts_OfCheckpoint_AreReproduced()
    {
        var tok = TransformerTokenizers.FromFolder(Dir("gpt2-lm"));
        foreach (var g in Json("gpt2-lm", "inputs.json").GetProperty("generations").EnumerateArray())
        {
            var enc = tok.Encode(g.GetProperty("prompt").GetString()!);
            Assert.Equal(Ints(g.GetProperty("prompt_ids")), enc.InputIds);
        }
    }

    [Fact]
    public void RobertaPairs_UseDoubleSeparator()
    {
        var tok = Create();
        var enc = tok.Encode("Hello", "world");
        int s = tok.BeginningOfSequenceTokenId, e = tok.EndOfSequenceTokenId;
        int[] a = tok.EncodeToIds("Hello"), b = tok.EncodeToIds("world");
        Assert.Equal([s, .. a, e, e, .. b, e], enc.InputIds);
        Assert.Equal([-1, .. a.Select(_ => 0), -1, -1, .. b.Select(_ => 1), -1], enc.SequenceIds);
        Assert.All(enc.TokenTypeIds, t => Assert.Equal(0, t));
        Assert.Equal("Helloworld", tok.Decode(enc.InputIds));
        Assert.Equal("<s>Hello</s></s>world</s>", tok.Decode(enc.InputIds, skipSpecialTokens: false));
    }

    [Fact]
    public void SpecialTokensInText_AreKeptWhole_AndMaskAbsorbsSpace()
    {
        var tok = Create();
        var enc = tok.Encode("Hello <mask> world</s>", options: new EncodeOptions { AddSpecialTokens = false });
        Assert.Contains(tok.MaskTokenId, enc.InputIds);
        int m = Array.IndexOf(enc.InputIds, tok.MaskTokenId);
        Assert.Equal((6, 12), enc.Offsets[m]);
        Assert.NotEqual("Ġ", enc.Tokens[m - 1]);
        Assert.Equal(tok.EndOfSequenceTokenId, enc.InputIds[^1]);
    }

    [Fact]
    public void AddPrefixSpace_EncodesFirstWordLikeTheOthers()
    {
        var plain = Create();
        var prefixed = Create(new ByteLevelBpeOptions { AddPrefixSpace = true });
        var a = prefixed.Encode("Hello world", options: new EncodeOptions { AddSpecialTokens = false });
        Assert.Equal(plain.EncodeToIds(" Hello world"), a.InputIds);
        Assert.Equal(0, a.Offsets[0].Start);
        Assert.Equal("Hello world", prefixed.Decode(a.InputIds).TrimStart());
    }

    [Fact]
    public void TrimOffsets_ExcludeLeadingSpace()
    {
        var enc = Create().Encode("Hello world", options: new EncodeOptions { AddSpecialTokens = false });
        Assert.Equal("Ġworld", enc.Tokens[^1]);
        Assert.Equal((6, 11), enc.Offsets[^1]);
        var untrimmed = Create(new ByteLevelBpeOptions { TrimOffsets = false }).Encode("Hello world", options: new EncodeOptions { AddSpecialTokens = false });
        Assert.Equal((5, 11), untrimmed.Offsets[^1]);
    }
}
