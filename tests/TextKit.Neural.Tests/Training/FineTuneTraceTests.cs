using TextKit.Neural.Checkpoints;
using TextKit.Neural.Models;
using TextKit.Neural.Tests.TestSupport;
using TextKit.Neural.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TextKit.Neural.Tests.Training;

public class FineTuneTraceTests
{
    [Fact]
    public void BertFineTune_TenAdamWSteps_ReproduceTransformersLossesAndWeights()
    {
        var inputs = Fixtures.Inputs("bert-finetune-trace");
        using var model = TransformerModels.Load(Fixtures.Folder("bert-finetune-trace"));
        using var ids = Fixtures.Ids(inputs["input_ids"]);
        using var mask = Fixtures.Ids(inputs["attention_mask"]);
        using var types = Fixtures.Ids(inputs["token_type_ids"]);
        using var labels = torch.tensor(inputs["labels"]!.AsArray().Select(v => v!.GetValue<long>()).ToArray());
        var expectedLosses = inputs["losses"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        // torch.optim.AdamW(lr=1e-3, betas=(0.9,0.999), eps=1e-8, weight_decay=0.01) over model.parameters()
        using var optimizer = new AdamW(model.parameters(), new AdamWOptions { LearningRate = 1e-3, Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8, WeightDecay = 0.01 });
        var input = new ModelInput { InputIds = ids, AttentionMask = mask, TokenTypeIds = types };
        for (int step = 0; step < expectedLosses.Length; step++)
        {
            float loss = TrainingStep.Run(model, input, labels, optimizer);
            double relative = Math.Abs(loss - expectedLosses[step]) / Math.Abs(expectedLosses[step]);
            Assert.True(relative <= 1e-4, $"step {step}: loss {loss} vs {expectedLosses[step]} (relative {relative:E2})");
        }
        var final = Fixtures.Reference("bert-finetune-trace", "final-weights.safetensors");
        var state = model.state_dict();
        Assert.Equal(final.Keys.OrderBy(k => k), state.Keys.OrderBy(k => k));
        foreach (var (key, expected) in final)
            Fixtures.AssertClose(expected, state[key], 1e-4, key);
    }
}
