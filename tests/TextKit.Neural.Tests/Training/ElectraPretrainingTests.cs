using TextKit.Neural.Checkpoints;
using TextKit.Neural.Models;
using TextKit.Neural.Tests.TestSupport;
using TextKit.Neural.Tokenizers;
using TextKit.Neural.Training;

namespace TextKit.Neural.Tests.Training;

[Collection("TorchGenerator")]
public class ElectraPretrainingTests
{
    private static List<string> Corpus()
    {
        string[] subjects = ["the house", "the book", "the street", "the table", "this town", "the man", "our school", "the car"];
        string[] adjectives = ["good", "bad", "great", "old", "new", "small"];
        return subjects.SelectMany(s => adjectives.Select(a => $"{s} was very {a} today .")).ToList();
    }

    private static ElectraPretrainingOptions Options(int epochs, int seed) => new()
    {
        Model = new MaskedLmPretrainingOptions
        {
            VocabularySize = 80,
            MinFrequency = 1,
            Layers = 1,
            Hidden = 32,
            Heads = 2,
            MaxLength = 16,
            Training = new TransformerTrainerOptions { Epochs = epochs, BatchSize = 16, LearningRate = 5e-3, Schedule = LearningRateSchedule.Constant, Seed = seed },
        },
    };

    [Fact]
    public void Pretraining_ToyCorpus_LossFallsAndDiscriminatorBeatsTheAllOriginalBaseline()
    {
        var folder = Fixtures.TempFolder();
        var options = Options(epochs: 20, seed: 3);
        var result = ElectraPretraining.Run([.. Corpus(), "", " "], folder, options);
        Assert.Equal(48, result.TrainLines);
        Assert.Equal(8, result.GeneratorHidden);
        Assert.Equal(60, result.Steps.Count);
        double lambda = options.DiscriminatorWeight;
        double first = result.Steps.Take(3).Average(s => s.TotalLoss(lambda));
        double last = result.Steps.TakeLast(3).Average(s => s.TotalLoss(lambda));
        Assert.True(last < 0.8 * first, $"loss {first:F3} -> {last:F3}");
        Assert.True(result.Steps.TakeLast(3).Average(s => s.GeneratorLoss) < result.Steps.Take(3).Average(s => s.GeneratorLoss));
        // Accuracy over the last steps against answering "original" everywhere (with ~15% masked, some replaced).
        var tail = result.Steps.TakeLast(6).ToList();
        Assert.True(tail.Average(s => s.OriginalBaseline) < 1.0);
        Assert.True(tail.Average(s => s.DiscriminatorAccuracy) > tail.Average(s => s.OriginalBaseline),
            $"accuracy {tail.Average(s => s.DiscriminatorAccuracy):F4} vs baseline {tail.Average(s => s.OriginalBaseline):F4}");

        foreach (var file in new[] { "config.json", "model.safetensors", "vocab.txt", "tokenizer_config.json" })
            Assert.True(File.Exists(Path.Combine(folder, file)), file);
        var config = ModelConfig.Load(Path.Combine(folder, "config.json"));
        Assert.Equal("electra", config.ModelType);
        var weights = SafeTensors.Load(Path.Combine(folder, "model.safetensors"));
        Assert.Contains("discriminator_predictions.dense_prediction.weight", weights.Keys);
        Assert.DoesNotContain(weights.Keys, k => k.StartsWith("generator", StringComparison.Ordinal));
        foreach (var t in weights.Values)
            t.Dispose();

        // Fine-tunes: a classification head on the pre-trained encoder, trained on a toy task.
        using var model = TransformerModels.Load(folder, new LoadOptions { Task = ModelTask.SequenceClassification, Strict = false, Seed = 1 });
        var tokenizer = TransformerTokenizers.FromFolder(folder);
        var examples = Corpus().Select(t => (Text: t, Label: t.Contains("good") || t.Contains("great") ? 1 : 0))
            .Select(x => { var e = tokenizer.Encode(x.Text, null, new EncodeOptions { MaxLength = 16, Truncate = true }); return new TrainingExample(e.InputIds, e.TokenTypeIds, [x.Label]); }).ToList();
        var trained = new TransformerTrainer(new TransformerTrainerOptions { Epochs = 3, BatchSize = 8, LearningRate = 2e-3, Seed = 1 }).Train(model, examples);
        Assert.True(trained.StepLosses.All(double.IsFinite));
        Assert.True(trained.StepLosses.TakeLast(3).Average() < trained.StepLosses.Take(3).Average());
    }

    private sealed class Recorder(Action<TrainingProgress> onReport) : IProgress<TrainingProgress>
    {
        public List<TrainingProgress> Reports { get; } = [];

        public void Report(TrainingProgress value)
        {
            Reports.Add(value);
            onReport(value);
        }
    }

    private static Dictionary<string, float[]> Tensors(string file)
    {
        var loaded = SafeTensors.Load(file);
        try
        {
            return loaded.ToDictionary(kv => kv.Key, kv => kv.Value.to_type(TorchSharp.torch.ScalarType.Float32).data<float>().ToArray());
        }
        finally
        {
            foreach (var t in loaded.Values)
                t.Dispose();
        }
    }

    private static void AssertSameTensors(string expectedFile, string actualFile)
    {
        var expected = Tensors(expectedFile);
        var actual = Tensors(actualFile);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (key, values) in expected)
            Assert.True(values.SequenceEqual(actual[key]), $"{Path.GetFileName(actualFile)}: tensor '{key}' differs");
    }

    [Fact]
    public void Resume_FromAMidRunCheckpoint_GivesTheWeightsOfTheUninterruptedRun_AndLogsElectrasColumns()
    {
        var corpus = Corpus().Take(16).ToList();
        ElectraPretrainingOptions Run(string output, string? log)
        {
            var options = Options(epochs: 2, seed: 7);
            options.Model.Training.BatchSize = 4; // 4 steps per epoch, 8 in all
            options.Model.Training.CheckpointFolder = Path.Combine(output, "checkpoint");
            options.Model.Training.LogCsvPath = log;
            return options;
        }

        var straight = Fixtures.TempFolder();
        var progress = new Recorder(_ => { });
        var straightOptions = Run(straight, null);
        straightOptions.Model.Training.Progress = progress;
        var full = ElectraPretraining.Run(corpus, straight, straightOptions);
        Assert.Equal(8, full.Training.Steps);
        Assert.Equal(8, full.Steps.Count);
        Assert.Equal(full.Training.StepLosses, full.Steps.Select(s => s.TotalLoss(straightOptions.DiscriminatorWeight)), (a, b) => Math.Abs(a - b) < 1e-4 * Math.Max(1, Math.Abs(a)));
        // The trainer's progress carries ELECTRA's figures.
        Assert.Equal(8, progress.Reports.Count);
        Assert.Equal(ReplacedTokenDetection.Metrics, progress.Reports[0].StepMetrics!.Keys);
        Assert.Equal(full.Steps[^1].DiscriminatorAccuracy, progress.Reports[^1].StepMetrics!["discriminator_accuracy"]);

        // Cancelled after step 3 (mid-epoch 1): the trainer writes a checkpoint, then the run continues from it.
        var interrupted = Fixtures.TempFolder();
        var log = Path.Combine(interrupted, "log.csv");
        using var cts = new CancellationTokenSource();
        var first = Run(interrupted, log);
        first.Model.Training.Progress = new Recorder(p => { if (p.Step == 3) cts.Cancel(); });
        Assert.Throws<OperationCanceledException>(() => ElectraPretraining.Run(corpus, interrupted, first, cts.Token));
        Assert.True(File.Exists(Path.Combine(interrupted, "checkpoint", "objective-state.safetensors")));
        var second = Run(interrupted, log);
        second.Model.Training.ResumeFrom = Path.Combine(interrupted, "checkpoint");
        second.Model.VocabularyFolder = interrupted;
        var resumed = ElectraPretraining.Run(corpus, interrupted, second);
        Assert.Equal(8, resumed.Training.Steps);
        Assert.Equal(Enumerable.Range(4, 5).Select(i => (long)i), resumed.Steps.Select(s => s.Step));
        Assert.Equal(full.Steps.Skip(3), resumed.Steps);
        AssertSameTensors(Path.Combine(straight, "model.safetensors"), Path.Combine(interrupted, "model.safetensors"));
        // The generator and the discriminator's head resumed too.
        AssertSameTensors(Path.Combine(straight, "checkpoint", "objective-state.safetensors"), Path.Combine(interrupted, "checkpoint", "objective-state.safetensors"));

        // One header with ELECTRA's columns, then one row per step across both runs.
        var lines = File.ReadAllLines(log);
        Assert.Equal("epoch,step,loss,learning_rate,validation_metric,elapsed_seconds,generator_loss,discriminator_loss,discriminator_accuracy,original_baseline", lines[0]);
        Assert.Equal(Enumerable.Range(1, 8).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), lines.Skip(1).Select(l => l.Split(',')[1]));
        var last = lines[^1].Split(',');
        Assert.Equal(10, last.Length);
        Assert.Equal(full.Steps[^1].DiscriminatorAccuracy, double.Parse(last[8], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(full.Steps[^1].OriginalBaseline, double.Parse(last[9], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Resume_WithoutACheckpoint_OrFromAMaskedLmCheckpoint_IsAClearError()
    {
        var corpus = Corpus().Take(8).ToList();
        var options = Options(epochs: 1, seed: 2);
        options.Model.Training.ResumeFrom = Fixtures.TempFolder();
        var missing = Assert.Throws<TextKitException>(() => ElectraPretraining.Run(corpus, Fixtures.TempFolder(), options));
        Assert.Equal("TK806", missing.Code);
        Assert.Contains("trainer-state.json is missing", missing.Message);

        // A masked-LM run with the same data and loop options writes a checkpoint of another objective.
        var mlm = Fixtures.TempFolder();
        var mlmOptions = Options(epochs: 1, seed: 2).Model;
        mlmOptions.ValidationFraction = 0;
        mlmOptions.Training.CheckpointFolder = Path.Combine(mlm, "checkpoint");
        MaskedLmPretraining.Run(corpus, mlm, mlmOptions);
        var wrong = Options(epochs: 1, seed: 2);
        wrong.Model.VocabularyFolder = mlm;
        wrong.Model.Training.ResumeFrom = Path.Combine(mlm, "checkpoint");
        var mismatch = Assert.Throws<TextKitException>(() => ElectraPretraining.Run(corpus, Fixtures.TempFolder(), wrong));
        Assert.Equal("TK806", mismatch.Code);
        Assert.Contains("ReplacedTokenDetection", mismatch.Message);
    }

    [Fact]
    public void Pretraining_IsReproducibleForASeed_AndRejectsBadInput()
    {
        var corpus = Corpus().Take(16).ToList();
        var a = ElectraPretraining.Run(corpus, Fixtures.TempFolder(), Options(epochs: 2, seed: 5));
        var b = ElectraPretraining.Run(corpus, Fixtures.TempFolder(), Options(epochs: 2, seed: 5));
        var c = ElectraPretraining.Run(corpus, Fixtures.TempFolder(), Options(epochs: 2, seed: 6));
        Assert.Equal(a.Steps.Select(s => (s.GeneratorLoss, s.DiscriminatorLoss)), b.Steps.Select(s => (s.GeneratorLoss, s.DiscriminatorLoss)));
        Assert.NotEqual(a.Steps.Select(s => s.DiscriminatorLoss), c.Steps.Select(s => s.DiscriminatorLoss));
        Assert.Equal("TK800", Assert.Throws<TextKitException>(() => ElectraPretraining.Run(["", " "], Fixtures.TempFolder(), new ElectraPretrainingOptions())).Code);
        Assert.Throws<ArgumentOutOfRangeException>(() => ElectraPretraining.Run(corpus, Fixtures.TempFolder(), new ElectraPretrainingOptions { DiscriminatorWeight = 0 }));
    }
}
