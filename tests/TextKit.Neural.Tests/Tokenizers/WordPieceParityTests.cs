using System.Text;
using System.Text.Json;
using TextKit.Neural.Tokenizers;
using static TextKit.Neural.Tests.Tokenizers.TokenizerFixtures;

namespace TextKit.Neural.Tests.Tokenizers;

/// <summary>Every row of hf-tiny's vocab-wordpiece-uncased/tokenizer-reference.json (HF tokenizers 0.23.2) must match.</summary>
public class WordPieceParityTests
{
    private static BertWordPieceTokenizer Create(bool lowerCase) =>
        BertWordPieceTokenizer.FromVocabFile(File("wordpiece", "vocab.txt"), new BertTokenizerOptions { LowerCase = lowerCase });

    [Theory]
    [InlineData("uncased")]
    [InlineData("cased")]
    public void SingleTexts_MatchReferenceIdsTokensAndOffsets(string mode)
    {
        var reference = Json("wordpiece", "tokenizer-reference.json").GetProperty(mode);
        Assert.Equal(mode == "uncased", reference.GetProperty("do_lower_case").GetBoolean());
        var tok = Create(mode == "uncased");
        var report = new StringBuilder();
        int rows = 0, mismatches = 0;
        foreach (var row in reference.GetProperty("single").EnumerateArray())
        {
            rows++;
            string text = row.GetProperty("text").GetString()!;
            int[] ids = Ints(row.GetProperty("ids"));
            string[] tokens = row.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()!).ToArray();
            var offsets = row.GetProperty("offsets").EnumerateArray()
                .Select(o => (CodePointToUtf16(text, o[0].GetInt32()), CodePointToUtf16(text, o[1].GetInt32()))).ToArray();
            var enc = tok.Encode(text, options: new EncodeOptions { Truncate = false });
            if (!enc.InputIds.SequenceEqual(ids) || !enc.Tokens.SequenceEqual(tokens) || !enc.Offsets.SequenceEqual(offsets))
            {
                mismatches++;
                report.AppendLine($"{JsonSerializer.Serialize(text)}\n  expected {string.Join(' ', tokens.Zip(offsets, (t, o) => $"{t}{o}"))}" +
                                  $"\n  actual   {string.Join(' ', enc.Tokens.Zip(enc.Offsets, (t, o) => $"{t}{o}"))}");
            }
        }
        Assert.Equal(176, rows);
        Assert.True(mismatches == 0, $"{mismatches}/{rows} rows differ:\n{report}");
    }

    [Theory]
    [InlineData("uncased")]
    [InlineData("cased")]
    public void Pairs_MatchReferenceIdsAndTokenTypes(string mode)
    {
        var reference = Json("wordpiece", "tokenizer-reference.json").GetProperty(mode);
        var tok = Create(mode == "uncased");
        int rows = 0;
        foreach (var row in reference.GetProperty("pairs").EnumerateArray())
        {
            rows++;
            var enc = tok.Encode(row.GetProperty("a").GetString()!, row.GetProperty("b").GetString()!);
            Assert.Equal(Ints(row.GetProperty("ids")), enc.InputIds);
            Assert.Equal(Ints(row.GetProperty("token_type_ids")), enc.TokenTypeIds);
        }
        Assert.Equal(2, rows);
    }

    [Theory]
    [InlineData("uncased")]
    [InlineData("cased")]
    public void Truncation_To16_MatchesReference(string mode)
    {
        var row = Json("wordpiece", "tokenizer-reference.json").GetProperty(mode).GetProperty("truncated_max16");
        var enc = Create(mode == "uncased").Encode(row.GetProperty("text").GetString()!, options: new EncodeOptions { MaxLength = 16 });
        Assert.Equal(Ints(row.GetProperty("ids")), enc.InputIds);
    }

    [Fact]
    public void ModelInputs_OfBertCheckpoints_AreReproduced()
    {
        // the ids the hf-tiny BERT checkpoints were run on (padded batches of the WP tokenizer, max_length 32 / 24)
        foreach (string folder in new[] { "bert-seqcls", "bert-finetune-trace" })
        {
            var tok = TransformerTokenizers.FromFolder(Dir(folder));
            var inputs = Json(folder, "inputs.json");
            var texts = inputs.GetProperty("texts").EnumerateArray().Select(t => t.GetString()!).ToArray();
            var expected = inputs.GetProperty("input_ids").EnumerateArray().Select(Ints).ToArray();
            for (int i = 0; i < texts.Length; i++)
            {
                var enc = tok.Encode(texts[i], options: new EncodeOptions { MaxLength = 32 });
                var padded = enc.InputIds.Concat(Enumerable.Repeat(tok.PadTokenId, expected[i].Length - enc.Length)).ToArray();
                Assert.Equal(expected[i], padded);
            }
            if (!inputs.TryGetProperty("pairs", out var pairs)) continue;
            var pairIds = inputs.GetProperty("pairs_input_ids").EnumerateArray().Select(Ints).ToArray();
            var pairTypes = inputs.GetProperty("pairs_token_type_ids").EnumerateArray().Select(Ints).ToArray();
            int p = 0;
            foreach (var pair in pairs.EnumerateArray())
            {
                var enc = tok.Encode(pair[0].GetString()!, pair[1].GetString()!, new EncodeOptions { MaxLength = 24 });
                Assert.Equal(pairIds[p].Take(enc.Length), enc.InputIds);
                Assert.Equal(pairTypes[p].Take(enc.Length), enc.TokenTypeIds);
                Assert.All(pairIds[p].Skip(enc.Length), id => Assert.Equal(tok.PadTokenId, id));
                p++;
            }
        }
    }
}
