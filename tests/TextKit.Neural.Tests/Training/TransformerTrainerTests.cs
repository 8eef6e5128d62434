using System.Text.Json.Nodes;
using TextKit.Neural.Models;
using TextKit.Neural.Tests.TestSupport;
using TextKit.Neural.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TextKit.Neural.Tests.Training;

[Collection("TorchGenerator")]
public class TransformerTrainerTests
{
    private sealed class Recorder : IProgress<TrainingProgress>
    {
        public List<TrainingProgress> Reports { get; } = [];

        public Action<TrainingProgress>? OnReport { get; init; }

        public void Report(TrainingProgress value)
        {
            Reports.Add(value);
            OnReport?.Invoke(value);
        }
    }

    /// <summary>The 16 trace examples, unpadded (attention mask strips the padding).</summary>
    private static List<TrainingExample> TraceExamples()
    {
        var inputs = Fixtures.Inputs("bert-finetune-trace");
        var ids = inputs["input_ids"]!.AsArray();
        var mask = inputs["attention_mask"]!.AsArray();
        var types = inputs["token_type_ids"]!.AsArray();
        var labels = inputs["labels"]!.AsArray();
        var examples = new List<TrainingExample>();
        for (int i = 0; i < ids.Count; i++)
        {
            int length = mask[i]!.AsArray().Count(v => v!.GetValue<int>() == 1);
            examples.Add(new TrainingExample(
                ids[i]!.AsArray().Take(length).Select(v => v!.GetValue<int>()).ToArray(),
                types[i]!.AsArray().Take(length).Select(v => v!.GetValue<int>()).ToArray(),
                [labels[i]!.GetValue<int>()]));
        }
        return examples;
    }

    /// <summary>The trace model with dropout 0.1 (so that seeding matters), in a temporary folder.</summary>
    private static string DropoutModelFolder()
    {
        var folder = Fixtures.TempFolder();
        foreach (var file in Directory.GetFiles(Fixtures.Folder("bert-finetune-trace")))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "config.json")))!.AsObject();
        config["hidden_dropout_prob"] = 0.1;
        config["attention_probs_dropout_prob"] = 0.1;
        File.WriteAllText(Path.Combine(folder, "config.json"), config.ToJsonString());
        return folder;
    }

    private static TransformerTrainerOptions SmallRun(int seed = 1) => new()
    {
        Epochs = 3,
        BatchSize = 4,
        GradientAccumulationSteps = 2,
        LearningRate = 1e-3,
        WarmupSteps = 2,
        MaxGradNorm = 1.0,
        Seed = seed,
    };

    private static Dictionary<string, Tensor> Weights(TransformerModel model)
        => model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());

    private static double MaxDifference(Dictionary<string, Tensor> a, Dictionary<string, Tensor> b)
        => a.Keys.Max(k => Fixtures.MaxAbsDiff(a[k], b[k]));

    [Fact]
    public void FixtureTrace_ThroughTrainer_ReproducesTransformersLossesAndWeights()
    {
        var expected = Fixtures.Inputs("bert-finetune-trace")["losses"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        using var model = TransformerModels.Load(Fixtures.Folder("bert-finetune-trace"));
        var recorder = new Recorder();
        // The reference: one batch of all 16 examples, torch.optim.AdamW(lr=1e-3, wd=0.01 on every parameter), constant lr, no clipping.
        var trainer = new TransformerTrainer(new TransformerTrainerOptions
        {
            Epochs = 10,
            BatchSize = 16,
            LearningRate = 1e-3,
            WeightDecay = 0.01,
            NoDecayForBiasAndNorm = false,
            Schedule = LearningRateSchedule.Constant,
            WarmupSteps = 0,
            WarmupRatio = 0,
            MaxGradNorm = 0,
            Shuffle = false,
            Progress = recorder,
        });
        var result = trainer.Train(model, TraceExamples());
        Assert.Equal(10, result.Steps);
        Assert.Equal(expected.Length, result.StepLosses.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            double relative = Math.Abs(result.StepLosses[i] - expected[i]) / expected[i];
            Assert.True(relative <= 1e-4, $"step {i}: loss {result.StepLosses[i]} vs {expected[i]} (relative {relative:E2})");
        }
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), recorder.Reports.Select(r => r.Step));
        Assert.All(recorder.Reports, r => Assert.Equal(1e-3, r.LearningRate));
        var final = Fixtures.Reference("bert-finetune-trace", "final-weights.safetensors");
        var state = model.state_dict();
        foreach (var (key, value) in final)
            Fixtures.AssertClose(value, state[key], 1e-4, key);
    }

    [Fact]
    public void SameSeed_SameWeights_OtherSeed_DifferentWeights()
    {
        var folder = DropoutModelFolder();
        var data = TraceExamples();
        Dictionary<string, Tensor> Run(int seed)
        {
            using var model = TransformerModels.Load(folder);
            new TransformerTrainer(SmallRun(seed)).Train(model, data);
            return Weights(model);
        }
        var a = Run(1);
        var b = Run(1);
        var c = Run(2);
        Assert.Equal(0, MaxDifference(a, b));
        Assert.True(MaxDifference(a, c) > 1e-4, "a different seed should change shuffling and dropout");
    }

    [Fact]
    public void Resume_FromCheckpointAfterCancellation_EqualsUninterruptedRun()
    {
        var folder = DropoutModelFolder();
        var data = TraceExamples();
        Dictionary<string, Tensor> uninterrupted;
        List<double> uninterruptedLosses;
        using (var model = TransformerModels.Load(folder))
        {
            var result = new TransformerTrainer(SmallRun()).Train(model, data, validation: data.Take(8).ToList());
            uninterrupted = Weights(model);
            uninterruptedLosses = [.. result.StepLosses];
        }
        Assert.Equal(6, uninterruptedLosses.Count); // 16 examples / 4 per batch / 2 accumulated = 2 steps x 3 epochs

        var checkpoint = Fixtures.TempFolder();
        var log = Path.Combine(checkpoint, "log.csv");
        using var cts = new CancellationTokenSource();
        using (var model = TransformerModels.Load(folder))
        {
            var options = SmallRun();
            options.CheckpointFolder = checkpoint;
            options.LogCsvPath = log;
            options.Progress = new Recorder { OnReport = p => { if (p.Step == 3 && !p.IsValidation) cts.Cancel(); } };
            Assert.Throws<OperationCanceledException>(() => new TransformerTrainer(options).Train(model, data, data.Take(8).ToList(), cts.Token));
        }
        using (var model = TransformerModels.Load(folder))
        {
            var options = SmallRun();
            options.ResumeFrom = checkpoint;
            options.LogCsvPath = log;
            var result = new TransformerTrainer(options).Train(model, data, data.Take(8).ToList());
            Assert.Equal(6, result.Steps);
            Assert.Equal(uninterruptedLosses.Skip(3), result.StepLosses);
            Assert.Equal(0, MaxDifference(uninterrupted, Weights(model)));
        }
        var lines = File.ReadAllLines(log);
        Assert.Equal("epoch,step,loss,learning_rate,validation_metric,elapsed_seconds", lines[0]);
        Assert.Equal(6 + 3, lines.Length - 1); // six steps and three validations, header once
    }

    [Fact]
    public void LinearSchedule_WarmsUpThenDecaysToZero()
    {
        Assert.Equal(0, TransformerTrainer.LearningRateFactor(LearningRateSchedule.Linear, 0, 10, 2));
        Assert.Equal(0.5, TransformerTrainer.LearningRateFactor(LearningRateSchedule.Linear, 1, 10, 2));
        Assert.Equal(1, TransformerTrainer.LearningRateFactor(LearningRateSchedule.Linear, 2, 10, 2));
        Assert.Equal(0.5, TransformerTrainer.LearningRateFactor(LearningRateSchedule.Linear, 6, 10, 2));
        Assert.Equal(1, TransformerTrainer.LearningRateFactor(LearningRateSchedule.Constant, 9, 10, 2));
    }

    [Fact]
    public void LengthBucketing_BatchesHoldSimilarLengthsAndCoverEveryExampleOnce()
    {
        var data = Enumerable.Range(0, 64).Select(i => new TrainingExample(new int[1 + (i * 37 % 64)], new int[1 + (i * 37 % 64)], [0])).ToList();
        var trainer = new TransformerTrainer(new TransformerTrainerOptions { BatchSize = 8, BucketPoolBatches = 8, Seed = 3 });
        var batches = trainer.PlanEpoch(data, 0);
        Assert.Equal(Enumerable.Range(0, 64), batches.SelectMany(b => b).Order());
        Assert.All(batches, b => Assert.True(b.Max(i => data[i].Length) - b.Min(i => data[i].Length) < 8));
        var unbucketed = new TransformerTrainer(new TransformerTrainerOptions { BatchSize = 8, Seed = 3, LengthBucketing = false }).PlanEpoch(data, 0);
        Assert.Contains(unbucketed, b => b.Max(i => data[i].Length) - b.Min(i => data[i].Length) >= 8);
    }

    [Fact]
    public void EarlyStopping_StopsWhenTheMetricDoesNotImprove()
    {
        using var model = TransformerModels.Load(Fixtures.Folder("bert-finetune-trace"));
        var options = SmallRun();
        options.Epochs = 10;
        options.EarlyStoppingPatience = 2;
        options.ValidationMetric = (_, _) => 0.5; // never improves after the first epoch
        var result = new TransformerTrainer(options).Train(model, TraceExamples(), TraceExamples());
        Assert.True(result.StoppedEarly);
        Assert.Equal(3, result.EpochsCompleted);
        Assert.Equal(1, result.BestEpoch);
    }

    [Fact]
    public void BadExamples_GiveClearErrors()
    {
        using var model = TransformerModels.Load(Fixtures.Folder("bert-finetune-trace"));
        var trainer = new TransformerTrainer(SmallRun());
        Assert.Equal("TK800", Assert.Throws<TextKitException>(() => trainer.Train(model, [])).Code);
        var error = Assert.Throws<TextKitException>(() => trainer.Train(model, [new TrainingExample([2, 5, 3], [0, 0, 0], [7])]));
        Assert.Equal("TK801", error.Code);
        Assert.Contains("label 7", error.Message);
        Assert.Equal("TK801", Assert.Throws<TextKitException>(() => trainer.Train(model, [new TrainingExample([], [], [0])])).Code);
        Assert.Equal("TK801", Assert.Throws<TextKitException>(() => trainer.Train(model, [new TrainingExample([2, 99999], [0, 0], [0])])).Code);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TransformerTrainer(new TransformerTrainerOptions { BatchSize = 0 }));
        var resumeError = Assert.Throws<TextKitException>(() => new TransformerTrainer(new TransformerTrainerOptions { ResumeFrom = Fixtures.TempFolder() }).Train(model, TraceExamples()));
        Assert.Equal("TK806", resumeError.Code);
    }
}
