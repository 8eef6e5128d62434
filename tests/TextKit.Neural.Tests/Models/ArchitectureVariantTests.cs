using System.Text.Json.Nodes;
using TextKit.Neural.Checkpoints;
using TextKit.Neural.Generation;
using TextKit.Neural.Models;
using TextKit.Neural.Modules;
using TextKit.Neural.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace TextKit.Neural.Tests.Models;

/// <summary>Config variants the fixtures do not cover: gated-GELU and untied T5, sinusoidal DistilBERT, batched GPT-2 decoding.</summary>
public class ArchitectureVariantTests
{
    private static ModelConfig T5Config(string proj, bool tied) => ModelConfig.Parse(new JsonObject
    {
        ["model_type"] = "t5", ["vocab_size"] = 50, ["d_model"] = 16, ["d_kv"] = 4, ["d_ff"] = 24, ["num_layers"] = 2,
        ["num_decoder_layers"] = 1, ["num_heads"] = 4, ["feed_forward_proj"] = proj, ["tie_word_embeddings"] = tied,
        ["decoder_start_token_id"] = 0, ["eos_token_id"] = 1, ["pad_token_id"] = 0,
    }.ToJsonString());

    [Fact]
    public void T5_GatedGeluUntied_HasHfKeysAndRoundTrips()
    {
        torch.manual_seed(1);
        using var model = TransformerModels.Create(T5Config("gated-gelu", tied: false), ModelTask.Seq2SeqLM);
        model.eval(); // dropout_rate defaults to 0.1
        var keys = model.state_dict().Keys.ToHashSet();
        Assert.Contains("encoder.block.0.layer.1.DenseReluDense.wi_0.weight", keys);
        Assert.Contains("encoder.block.0.layer.1.DenseReluDense.wi_1.weight", keys);
        Assert.DoesNotContain("encoder.block.0.layer.1.DenseReluDense.wi.weight", keys);
        Assert.Contains("lm_head.weight", keys);
        Assert.Contains("decoder.block.0.layer.2.DenseReluDense.wo.weight", keys);
        Assert.Single(keys, k => k.EndsWith("relative_attention_bias.weight") && k.StartsWith("decoder"));
        var folder = Fixtures.TempFolder();
        CheckpointWriter.Save(model, folder);
        using var reloaded = TransformerModels.Load(folder);
        using var ids = torch.tensor(new long[] { 5, 6, 7, 1 }, [1, 4]);
        using var dec = torch.tensor(new long[] { 0, 9 }, [1, 2]);
        using var grad = torch.no_grad();
        using var a = model.call(new ModelInput { InputIds = ids, DecoderInputIds = dec });
        using var b = reloaded.call(new ModelInput { InputIds = ids, DecoderInputIds = dec });
        Assert.Equal(0, Fixtures.MaxAbsDiff(a.Logits!, b.Logits!));
    }

    [Fact]
    public void T5_GatedFfn_ComputesGeluNewTimesLinear()
    {
        var c = TextKit.Neural.Models.T5.T5Config.From(T5Config("gated-gelu", tied: true));
        Assert.True(c.Gated);
        Assert.Equal("gelu_new", c.Activation);
        torch.manual_seed(2);
        using var ffn = new TextKit.Neural.Models.T5.T5DenseActDense(c, "test");
        ffn.eval();
        var p = ffn.state_dict();
        using var x = torch.randn(3, 16);
        using var grad = torch.no_grad();
        using var expected = torch.matmul(nn.functional.gelu(torch.matmul(x, p["wi_0.weight"].t()), TorchSharp.Modules.GELU.Approximate.tanh) * torch.matmul(x, p["wi_1.weight"].t()), p["wo.weight"].t());
        using var actual = ffn.Forward(x);
        Assert.True(Fixtures.MaxAbsDiff(actual, expected) < 1e-5);
    }

    [Fact]
    public void T5_UnknownFeedForwardProj_TK313()
    {
        var e = Assert.Throws<TextKitModelException>(() => TransformerModels.Create(T5Config("gated-gelu-extra", tied: true)));
        Assert.Equal("TK313", e.Code);
    }

    [Fact]
    public void DistilBert_Sinusoidal_PositionsFilledAndFrozen()
    {
        var config = ModelConfig.Parse(new JsonObject
        {
            ["model_type"] = "distilbert", ["vocab_size"] = 30, ["dim"] = 8, ["n_layers"] = 1, ["n_heads"] = 2, ["hidden_dim"] = 16,
            ["max_position_embeddings"] = 10, ["sinusoidal_pos_embds"] = true,
        }.ToJsonString());
        using var model = TransformerModels.Create(config, ModelTask.Base);
        var positions = model.state_dict()["distilbert.embeddings.position_embeddings.weight"];
        using var expected = PositionEncodings.Sinusoidal(10, 8);
        Assert.Equal(0, Fixtures.MaxAbsDiff(positions, expected));
        Assert.Equal(MathF.Cos(3 / MathF.Pow(10000, 2f / 8)), positions[3, 3].ToSingle(), 5);
        Assert.False(model.named_parameters().Single(p => p.name.EndsWith("position_embeddings.weight")).parameter.requires_grad);
    }

    [Fact]
    public void Gpt2_LeftPaddedBatch_GreedyEqualsOneByOne()
    {
        using var model = TransformerModels.Load(Fixtures.Folder("gpt2-lm"));
        var generative = (IGenerativeModel)model;
        long[] a = [545, 335, 264, 1964, 272, 717], b = [575, 266, 1582, 765];
        var options = new GenerationOptions { MaxNewTokens = 6, StopAtEos = false };
        var singleA = TextGenerator.Generate(generative, torch.tensor(a, [1, a.Length]), null, options)[0];
        var singleB = TextGenerator.Generate(generative, torch.tensor(b, [1, b.Length]), null, options)[0];
        long pad = 5;
        using var ids = torch.tensor(a.Concat(new[] { pad, pad }).Concat(b).ToArray(), [2, 6]);
        using var mask = torch.tensor(new long[] { 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1 }, [2, 6]);
        var both = TextGenerator.Generate(generative, ids, mask, options);
        Assert.Equal(singleA, both[0]);
        Assert.Equal(singleB.Skip(b.Length), both[1].Skip(6));
    }
}
