using TextKit.Neural.Generation;
using TextKit.Neural.Models;
using TextKit.Neural.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace TextKit.Neural.Tests.Models;

/// <summary>GPT-2 and T5 parity: logits within 1e-4, greedy decoding identical to HF generate.</summary>
public class DecoderParityTests
{
    [Fact]
    public void Gpt2_PromptLogits_MatchTransformers()
    {
        var inputs = Fixtures.Inputs("gpt2-lm");
        var reference = Fixtures.Reference("gpt2-lm");
        using var model = TransformerModels.Load(Fixtures.Folder("gpt2-lm"));
        using var grad = torch.no_grad();
        var generations = inputs["generations"]!.AsArray();
        for (int i = 0; i < generations.Count; i++)
        {
            var prompt = generations[i]!["prompt_ids"]!.AsArray().Select(v => v!.GetValue<long>()).ToArray();
            using var ids = torch.tensor(prompt, [1, prompt.Length]);
            using var output = model.call(new ModelInput { InputIds = ids });
            Fixtures.AssertClose(reference[$"prompt{i}_logits"], output.Logits!, 1e-4, $"prompt{i}_logits");
        }
    }

    [Fact]
    public void Gpt2_GreedyWithKvCache_IdenticalToTransformers()
    {
        var inputs = Fixtures.Inputs("gpt2-lm");
        using var model = TransformerModels.Load(Fixtures.Folder("gpt2-lm"));
        foreach (var g in inputs["generations"]!.AsArray())
        {
            var prompt = g!["prompt_ids"]!.AsArray().Select(v => v!.GetValue<long>()).ToArray();
            var expected = g["greedy_ids"]!.AsArray().Select(v => v!.GetValue<long>()).ToArray();
            using var ids = torch.tensor(prompt, [1, prompt.Length]);
            var result = TextGenerator.Generate((IGenerativeModel)model, ids, null, new GenerationOptions { MaxNewTokens = 20 });
            Assert.Equal(expected, result[0]);
        }
    }

    [Fact]
    public void T5_LogitsAndEncoderStates_MatchTransformers()
    {
        var inputs = Fixtures.Inputs("t5-tiny");
        var reference = Fixtures.Reference("t5-tiny");
        using var model = TransformerModels.Load(Fixtures.Folder("t5-tiny"));
        using var ids = Fixtures.Ids(inputs["input_ids"]);
        using var mask = Fixtures.Ids(inputs["attention_mask"]);
        using var dec = Fixtures.Ids(inputs["decoder_input_ids"]);
        using var grad = torch.no_grad();
        using var output = model.call(new ModelInput { InputIds = ids, AttentionMask = mask, DecoderInputIds = dec });
        Fixtures.AssertClose(reference["logits"], output.Logits!, 1e-4, "logits");
        Fixtures.AssertClose(reference["encoder_last_hidden_state"], output.EncoderLastHiddenState!, 1e-4, "encoder_last_hidden_state");
    }

    [Fact]
    public void T5_Greedy_IdenticalToTransformers()
    {
        var inputs = Fixtures.Inputs("t5-tiny");
        using var model = TransformerModels.Load(Fixtures.Folder("t5-tiny"));
        using var ids = Fixtures.Ids(inputs["input_ids"]);
        using var mask = Fixtures.Ids(inputs["attention_mask"]);
        var result = TextGenerator.Generate((IGenerativeModel)model, ids, mask, new GenerationOptions { MaxNewTokens = 10 });
        var expected = inputs["greedy_ids"]!.AsArray().Select(r => r!.AsArray().Select(v => v!.GetValue<long>()).ToArray()).ToArray();
        Assert.Equal(expected, result);
    }
}
