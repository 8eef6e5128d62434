using TextKit.Neural.Models;
using TextKit.Neural.Tests.TestSupport;
using TextKit.Neural.Tokenizers;
using TextKit.Neural.Training;

namespace TextKit.Neural.Tests.Training;

[Collection("TorchGenerator")]
public class MaskedLanguageModelingTests
{
    [Fact]
    public void Masking_Selects15Percent_Then80MaskTenRandomTenKept_NeverSpecialTokens()
    {
        var masking = new MaskedLanguageModeling(maskTokenId: 4, vocabularySize: 2000, specialTokenIds: [0, 1, 2, 3, 4]);
        var random = new Random(5);
        long selected = 0, masked = 0, kept = 0, total = 0;
        for (int n = 0; n < 400; n++)
        {
            var ids = new int[250];
            ids[0] = 2;
            ids[^1] = 3;
            for (int i = 1; i < ids.Length - 1; i++)
                ids[i] = 5 + random.Next(1995);
            var e = masking.Apply(new TrainingExample(ids, new int[ids.Length], []), random);
            Assert.Equal(-100, e.Labels[0]);
            Assert.Equal(-100, e.Labels[^1]);
            Assert.Equal(2, e.InputIds[0]);
            for (int i = 1; i < ids.Length - 1; i++)
            {
                total++;
                if (e.Labels[i] == -100)
                {
                    Assert.Equal(ids[i], e.InputIds[i]);
                    continue;
                }
                Assert.Equal(ids[i], e.Labels[i]);
                selected++;
                if (e.InputIds[i] == 4)
                    masked++;
                else if (e.InputIds[i] == ids[i])
                    kept++;
            }
        }
        Assert.InRange((double)selected / total, 0.145, 0.155);
        Assert.InRange((double)masked / selected, 0.78, 0.82);
        Assert.InRange((double)kept / selected, 0.085, 0.115); // 10% kept (+ the rare random draw of the same id)
        Assert.InRange((double)(selected - masked - kept) / selected, 0.085, 0.115);
    }

    [Fact]
    public void MlmPretraining_OnTheSharedLoop_LowersTheLossAndIsReproducible()
    {
        var tokenizer = (BertWordPieceTokenizer)TransformerTokenizers.FromFolder(Fixtures.Folder("bert-finetune-trace"));
        var texts = Fixtures.Inputs("bert-finetune-trace")["texts"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
        var examples = MaskedLanguageModeling.Examples(tokenizer, [.. texts, "", "  "], 48);
        Assert.Equal(texts.Count, examples.Count); // empty texts skipped
        TrainingResult Run()
        {
            // The trace checkpoint's encoder (initializer_range 0.02) with a new, seeded MLM head (tied to the embeddings).
            using var model = TransformerModels.Load(Fixtures.Folder("bert-finetune-trace"), new LoadOptions { Task = ModelTask.MaskedLM, Strict = false, Seed = 1 });
            Assert.Equal(ModelTask.MaskedLM, model.Task);
            var trainer = new TransformerTrainer(new TransformerTrainerOptions
            {
                Epochs = 40,
                BatchSize = 8,
                LearningRate = 5e-3,
                Schedule = LearningRateSchedule.Constant,
                WarmupRatio = 0.1,
                Seed = 3,
                DynamicMasking = MaskedLanguageModeling.ForBert(tokenizer),
            });
            return trainer.Train(model, examples, examples.Take(4).ToList());
        }
        var first = Run();
        double early = first.StepLosses.Take(4).Average(), late = first.StepLosses.TakeLast(4).Average();
        Assert.True(late < 0.7 * early, $"loss {early:F3} -> {late:F3}; validation {string.Join(" ", first.ValidationMetrics.Select(m => m.ToString("F3")))}");
        Assert.Equal(40, first.ValidationMetrics.Count);
        Assert.True(first.ValidationMetrics[^1] > first.ValidationMetrics[0], "masked-token accuracy on the fixed validation masks should rise");
        Assert.Equal(first.StepLosses, Run().StepLosses);
    }

    [Fact]
    public void Pretraining_FromScratch_WritesAFolderThatLoadsStrictlyAndTrainsDown()
    {
        var texts = Fixtures.Inputs("bert-finetune-trace")["texts"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
        var folder = Fixtures.TempFolder();
        var result = MaskedLmPretraining.Run([.. texts, .. texts, "", "   "], folder, new MaskedLmPretrainingOptions
        {
            VocabularySize = 300,
            MinFrequency = 1,
            Layers = 1,
            Hidden = 32,
            Heads = 2,
            MaxLength = 64,
            ValidationFraction = 0.1,
            Training = new TransformerTrainerOptions { Epochs = 25, BatchSize = 8, LearningRate = 5e-3, Schedule = LearningRateSchedule.Constant, Seed = 2 },
        });
        Assert.InRange(result.VocabularySize, 100, 300);
        Assert.Equal(4, result.ValidationLines);
        Assert.Equal(28, result.TrainLines);
        Assert.True(result.Training.StepLosses.TakeLast(4).Average() < 0.8 * result.Training.StepLosses.Take(4).Average(),
            $"loss {result.Training.StepLosses[0]:F3} -> {result.Training.StepLosses[^1]:F3}");
        using var model = TransformerModels.Load(folder); // strict: every weight present, config consistent
        Assert.Equal(ModelTask.MaskedLM, model.Task);
        Assert.Equal(result.VocabularySize, model.VocabSize);
        var tokenizer = TransformerTokenizers.FromFolder(folder);
        Assert.Equal(result.VocabularySize, tokenizer.VocabularySize);
        Assert.Equal("TK800", Assert.Throws<TextKitException>(() => MaskedLmPretraining.Run(["", " "], Fixtures.TempFolder(), new MaskedLmPretrainingOptions())).Code);
    }

    [Fact]
    public void DynamicMasking_OnAClassificationModel_IsRejected()
    {
        using var model = TransformerModels.Load(Fixtures.Folder("bert-finetune-trace"));
        var trainer = new TransformerTrainer(new TransformerTrainerOptions { DynamicMasking = new MaskedLanguageModeling(4, 2000, [0]) });
        Assert.Equal("TK802", Assert.Throws<TextKitException>(() => trainer.Train(model, [new TrainingExample([2, 7, 3], [0, 0, 0], [])])).Code);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MaskedLanguageModeling(4, 2000, [0], maskProbability: 1.5));
    }

    [Fact]
    public void MaskedPositions_GiveTheFullLogitsRowsAtThosePositions()
    {
        // The pre-training loop scores only masked positions; the rows must equal the full head's output there.
        using var model = TransformerModels.Load(Fixtures.Folder("bert-mlm"));
        using var ids = TorchSharp.torch.tensor(new long[] { 2, 10, 11, 12, 3, 2, 13, 14, 3, 0 }, [2, 5]);
        using var mask = TorchSharp.torch.tensor(new long[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 0 }, [2, 5]);
        using var positions = TorchSharp.torch.tensor(new long[] { 1, 3, 7 });
        using var full = model.call(new ModelInput { InputIds = ids, AttentionMask = mask });
        using var some = model.call(new ModelInput { InputIds = ids, AttentionMask = mask, MaskedPositions = positions });
        Assert.Equal(new long[] { 3, model.VocabSize }, some.Logits!.shape);
        using var expected = full.Logits!.reshape(10, -1).index_select(0, positions);
        Assert.True(expected.allclose(some.Logits!, rtol: 1e-5, atol: 1e-5));
    }

    [Fact]
    public void Pretraining_WithAGivenVocabulary_CopiesItAndResumesFromACheckpoint()
    {
        var texts = Fixtures.Inputs("bert-finetune-trace")["texts"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
        var vocabulary = Fixtures.TempFolder();
        new WordPieceTrainer(new WordPieceTrainerOptions { VocabularySize = 200, MinFrequency = 1 }).Train(texts).SaveFolder(vocabulary, 64);
        MaskedLmPretrainingOptions Options(string output, string? resume) => new()
        {
            VocabularyFolder = vocabulary,
            Layers = 1,
            Hidden = 32,
            Heads = 2,
            MaxLength = 64,
            ValidationFraction = 0,
            Training = new TransformerTrainerOptions { Epochs = 2, BatchSize = 8, LearningRate = 5e-3, Seed = 3, CheckpointFolder = Path.Combine(output, "checkpoint"), ResumeFrom = resume },
        };
        var straight = Fixtures.TempFolder();
        var full = MaskedLmPretraining.Run(texts, straight, Options(straight, null));
        Assert.Equal(File.ReadAllText(Path.Combine(vocabulary, "vocab.txt")), File.ReadAllText(Path.Combine(straight, "vocab.txt")));
        // Resuming after the run's last checkpoint (written at the end of epoch 2) replays nothing and keeps the weights.
        var resumed = MaskedLmPretraining.Run(texts, straight, Options(straight, Path.Combine(straight, "checkpoint")));
        Assert.Equal(full.Training.Steps, resumed.Training.Steps);
        Assert.Empty(resumed.Training.StepLosses);
        Assert.Equal("TK800", Assert.Throws<TextKitException>(() => MaskedLmPretraining.Run(texts, Fixtures.TempFolder(), new MaskedLmPretrainingOptions { VocabularyFolder = Fixtures.Folder("gpt2-lm") })).Code);
    }
}
