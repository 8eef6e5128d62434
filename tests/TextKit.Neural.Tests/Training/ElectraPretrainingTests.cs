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
