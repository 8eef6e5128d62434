using System.Diagnostics;
using System.Text.Json.Nodes;
using TextKit.Neural.Checkpoints;
using TextKit.Neural.Models;
using TextKit.Neural.Tokenizers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TextKit.Neural.Training;

/// <summary>Options of <see cref="ElectraPretraining.Run"/>: the discriminator's shape (vocabulary, layers, hidden size,
/// ... from <see cref="MaskedLmPretrainingOptions"/>), the generator's size and the loss weight.</summary>
public sealed class ElectraPretrainingOptions
{
    /// <summary>Vocabulary, discriminator shape and training loop (learning rate, epochs, batch size, seed, clipping, schedule).</summary>
    public MaskedLmPretrainingOptions Model { get; set; } = new();

    /// <summary>Generator hidden size = discriminator hidden / this (ELECTRA: generator 1/4 to 1/2 of the discriminator).</summary>
    public int GeneratorSizeDivisor { get; set; } = 4;

    /// <summary>λ: weight of the discriminator's binary cross-entropy in the total loss (ELECTRA: 50).</summary>
    public double DiscriminatorWeight { get; set; } = 50;

    /// <summary>Validates the values.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Model);
        Model.Validate();
        if (GeneratorSizeDivisor < 1 || Model.Hidden / GeneratorSizeDivisor < 1)
            throw new ArgumentOutOfRangeException(nameof(GeneratorSizeDivisor), GeneratorSizeDivisor, "must be at least 1 and at most the hidden size.");
        if (!(DiscriminatorWeight > 0) || double.IsInfinity(DiscriminatorWeight))
            throw new ArgumentOutOfRangeException(nameof(DiscriminatorWeight), DiscriminatorWeight, "must be positive and finite.");
    }
}

/// <summary>One optimizer step of <see cref="ElectraPretraining"/>.</summary>
/// <param name="Step">1-based step.</param>
/// <param name="GeneratorLoss">Generator masked-LM cross-entropy.</param>
/// <param name="DiscriminatorLoss">Discriminator binary cross-entropy (per real token).</param>
/// <param name="DiscriminatorAccuracy">Fraction of real tokens the discriminator labels right (replaced vs original).</param>
/// <param name="OriginalBaseline">Fraction of real tokens that are original (accuracy of always answering "original").</param>
public sealed record ElectraStep(long Step, double GeneratorLoss, double DiscriminatorLoss, double DiscriminatorAccuracy, double OriginalBaseline)
{
    /// <summary>Generator loss + λ · discriminator loss.</summary>
    public double TotalLoss(double lambda) => GeneratorLoss + lambda * DiscriminatorLoss;
}

/// <summary>What <see cref="ElectraPretraining.Run"/> produced.</summary>
public sealed record ElectraPretrainingResult(int VocabularySize, int TrainLines, int GeneratorHidden, IReadOnlyList<ElectraStep> Steps, TimeSpan Elapsed);

/// <summary>
/// ELECTRA pre-training from scratch (Clark et al. 2020, replaced-token detection): a WordPiece vocabulary
/// (<see cref="WordPieceTrainer"/>), a small generator (ElectraForMaskedLM, hidden = discriminator hidden /
/// <see cref="ElectraPretrainingOptions.GeneratorSizeDivisor"/>) trained with BERT's dynamic masking
/// (<see cref="MaskedLanguageModeling"/>), masked positions filled with tokens sampled from the generator's softmax
/// (seeded), and a discriminator (ElectraForPreTraining: per-token replaced/original logit) trained on the result; loss =
/// generator MLM loss + λ · discriminator BCE, one AdamW step on both networks. The generator and discriminator have
/// separate embeddings (the paper shares them; TextKit's ELECTRA model does not expose that yet). Writes the
/// discriminator as a Hugging Face ELECTRA folder (config.json, model.safetensors, vocab.txt, tokenizer_config.json)
/// that TransformerClassification fine-tunes; the generator is discarded, as in the paper.
/// </summary>
public static class ElectraPretraining
{
    /// <summary>Pre-trains on <paramref name="lines"/> (one text per line; blank lines skipped) into <paramref name="outputFolder"/>.</summary>
    /// <exception cref="TextKitException">TK800: the corpus has no text; TK803: the loss is not finite.</exception>
    public static ElectraPretrainingResult Run(IEnumerable<string> lines, string outputFolder, ElectraPretrainingOptions options, IProgress<ElectraStep>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(outputFolder);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        TorchRuntime.EnsureInitialized();
        var m = options.Model;
        var o = m.Training;
        var texts = lines.Where(l => !string.IsNullOrWhiteSpace(l)).ToList();
        if (texts.Count == 0)
            throw new TextKitException("TK800", "the corpus has no text (every line is blank).");

        var vocabulary = new WordPieceTrainer(new WordPieceTrainerOptions { VocabularySize = m.VocabularySize, MinFrequency = m.MinFrequency }).Train(texts, cancellationToken);
        vocabulary.SaveFolder(outputFolder, m.MaxLength);
        var tokenizer = (BertWordPieceTokenizer)TransformerTokenizers.FromFolder(outputFolder);
        int vocab = vocabulary.Count;

        int genHeads = Math.Max(1, m.Heads / options.GeneratorSizeDivisor);
        int genHidden = Math.Max(genHeads, m.Hidden / options.GeneratorSizeDivisor / genHeads * genHeads);
        var discConfig = Config(vocab, m.Hidden, m.Hidden, m.Layers, m.Heads, m.Intermediate > 0 ? m.Intermediate : 4 * m.Hidden, m.MaxLength, tokenizer.PadTokenId, "ElectraForPreTraining", outputFolder);
        var genConfig = Config(vocab, genHidden, genHidden, m.Layers, genHeads, 4 * genHidden, m.MaxLength, tokenizer.PadTokenId, "ElectraForMaskedLM", outputFolder);

        TransformerModel generator, discriminator;
        ElectraDiscriminatorPredictions head;
        lock (TransformerTrainer.s_generatorLock)
        {
            torch.random.manual_seed(o.Seed);
            generator = TransformerModels.Create(genConfig, ModelTask.MaskedLM);
            discriminator = TransformerModels.Create(discConfig, ModelTask.Base);
            // Every parameter is "missing" from an empty checkpoint, so the loader gives all of them HF's initialisation.
            CheckpointLoader.Load(generator, new Dictionary<string, Tensor>(), strict: false, "<new generator>", o.Seed);
            CheckpointLoader.Load(discriminator, new Dictionary<string, Tensor>(), strict: false, "<new discriminator>", o.Seed + 1);
            head = new ElectraDiscriminatorPredictions(m.Hidden, o.Seed + 2);
        }
        using var disposeGenerator = generator;
        using var disposeDiscriminator = discriminator;
        using var disposeHead = head;

        var train = MaskedLanguageModeling.Examples(tokenizer, texts, m.MaxLength);
        var masking = MaskedLanguageModeling.ForBert(tokenizer);
        var named = generator.named_parameters().Select(p => ("generator." + p.name, p.parameter))
            .Concat(discriminator.named_parameters().Select(p => (p.name, p.parameter)))
            .Concat(head.named_parameters().Select(p => ("discriminator_predictions." + p.name, p.parameter)))
            .ToList();
        using var optimizer = new AdamW(named, new AdamWOptions { LearningRate = o.LearningRate, Beta1 = o.Beta1, Beta2 = o.Beta2, Epsilon = o.Epsilon, WeightDecay = o.WeightDecay },
            o.NoDecayForBiasAndNorm ? AdamW.BiasAndNormNoDecay : null);

        int batchesPerEpoch = (train.Count + o.BatchSize - 1) / o.BatchSize;
        long totalSteps = (long)batchesPerEpoch * o.Epochs;
        long warmup = o.WarmupSteps > 0 ? o.WarmupSteps : (long)Math.Ceiling(o.WarmupRatio * totalSteps);
        var steps = new List<ElectraStep>();
        var clock = Stopwatch.StartNew();
        generator.train();
        discriminator.train();
        head.train();
        long step = 0;
        for (int epoch = 0; epoch < o.Epochs; epoch++)
        {
            var order = Enumerable.Range(0, train.Count).ToArray();
            new Random((int)(TransformerTrainer.MixSeed(o.Seed, -1 - epoch) & int.MaxValue)).Shuffle(order);
            for (int b = 0; b < batchesPerEpoch; b++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var random = new Random((int)(TransformerTrainer.MixSeed(o.Seed ^ 0x5bd1e995, step) & int.MaxValue));
                var indices = order.Skip(b * o.BatchSize).Take(o.BatchSize).ToArray();
                var masked = indices.Select(i => masking.Apply(train[i], random)).ToList();
                ElectraStep record;
                using (var scope = NewDisposeScope())
                {
                    var (input, labels, _) = TransformerTrainer.Collate(masked, Enumerable.Range(0, masked.Count).ToArray(), tokenizer.PadTokenId, ModelTask.MaskedLM);
                    ModelOutput genOutput;
                    Tensor discLogits;
                    lock (TransformerTrainer.s_generatorLock)
                    {
                        torch.random.manual_seed(TransformerTrainer.MixSeed(o.Seed, step));
                        genOutput = generator.call(input);
                        var genLoss0 = Losses.CrossEntropy(genOutput.Logits!, labels);
                        // Sample replacements at the masked positions from the generator's softmax (no gradient flows back).
                        var corrupted = Corrupt(masked, genOutput.Logits!, labels, random, out var replaced);
                        var discInput = new ModelInput { InputIds = corrupted, AttentionMask = input.AttentionMask, TokenTypeIds = input.TokenTypeIds };
                        discLogits = head.call(discriminator.Encode(discInput));
                        var attention = input.AttentionMask!.to_type(ScalarType.Float32);
                        var bce = nn.functional.binary_cross_entropy_with_logits(discLogits, replaced, reduction: nn.Reduction.None);
                        var discLoss = (bce * attention).sum() / attention.sum();
                        var loss = genLoss0 + options.DiscriminatorWeight * discLoss;
                        double g = genLoss0.item<float>(), d = discLoss.item<float>();
                        if (!double.IsFinite(g) || !double.IsFinite(d))
                            throw new TextKitException("TK803", FormattableString.Invariant($"the ELECTRA loss is not finite at step {step + 1} (generator {g}, discriminator {d}); lower the learning rate."));
                        loss.backward();
                        var predicted = (discLogits > 0).to_type(ScalarType.Float32);
                        double real = attention.sum().item<float>();
                        double correct = ((predicted == replaced).to_type(ScalarType.Float32) * attention).sum().item<float>();
                        double original = ((1 - replaced) * attention).sum().item<float>();
                        record = new ElectraStep(step + 1, g, d, correct / real, original / real);
                    }
                    genOutput.Dispose();
                }
                if (o.MaxGradNorm > 0)
                    nn.utils.clip_grad_norm_(named.Select(p => p.Item2), o.MaxGradNorm);
                optimizer.LearningRate = o.LearningRate * TransformerTrainer.LearningRateFactor(o.Schedule, step, totalSteps, warmup);
                optimizer.Step();
                optimizer.ZeroGrad();
                step++;
                steps.Add(record);
                progress?.Report(record);
            }
        }
        generator.eval();
        discriminator.eval();
        CheckpointWriter.Save(discriminator, outputFolder);
        // Add the replaced-token-detection head under HF's ElectraForPreTraining keys, and name that architecture.
        var state = discriminator.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value);
        foreach (var (name, tensor) in head.state_dict())
            state["discriminator_predictions." + name] = tensor;
        SafeTensors.Save(Path.Combine(outputFolder, "model.safetensors"), state, new Dictionary<string, string> { ["format"] = "pt" });
        var configPath = Path.Combine(outputFolder, "config.json");
        var json = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        json["architectures"] = new JsonArray("ElectraForPreTraining");
        File.WriteAllText(configPath, json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return new ElectraPretrainingResult(vocab, train.Count, genHidden, steps, clock.Elapsed);
    }

    private static Tensor Corrupt(List<TrainingExample> masked, Tensor logits, Tensor labels, Random random, out Tensor replaced)
    {
        int batch = (int)labels.shape[0], length = (int)labels.shape[1];
        var original = labels.data<long>().ToArray();
        var ids = new long[batch * length];
        var isReplaced = new float[batch * length];
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < length; t++)
                ids[b * length + t] = t < masked[b].Length ? masked[b].InputIds[t] : 0;
        }
        var positions = Enumerable.Range(0, batch * length).Where(i => original[i] != -100).ToArray();
        if (positions.Length > 0)
        {
            using var no = torch.no_grad();
            using var index = torch.tensor(positions.Select(p => (long)p).ToArray());
            using var flat = logits.detach().reshape(batch * length, -1).index_select(0, index);
            using var probs = nn.functional.softmax(flat, 1).contiguous();
            int vocab = (int)probs.shape[1];
            var p = probs.data<float>().ToArray();
            for (int k = 0; k < positions.Length; k++)
            {
                double u = random.NextDouble(), acc = 0;
                int chosen = vocab - 1;
                for (int v = 0; v < vocab; v++)
                {
                    acc += p[k * vocab + v];
                    if (u < acc) { chosen = v; break; }
                }
                int pos = positions[k];
                ids[pos] = chosen;
                // As in ELECTRA, a sampled token equal to the original counts as original.
                isReplaced[pos] = chosen == original[pos] ? 0 : 1;
            }
        }
        replaced = torch.tensor(isReplaced, [batch, length]);
        return torch.tensor(ids, [batch, length]);
    }

    private static ModelConfig Config(int vocab, int embedding, int hidden, int layers, int heads, int intermediate, int maxLength, int padId, string architecture, string folder)
        => ModelConfig.Parse(new JsonObject
        {
            ["model_type"] = "electra",
            ["architectures"] = new JsonArray(architecture),
            ["vocab_size"] = vocab,
            ["embedding_size"] = embedding,
            ["hidden_size"] = hidden,
            ["num_hidden_layers"] = layers,
            ["num_attention_heads"] = heads,
            ["intermediate_size"] = intermediate,
            ["hidden_act"] = "gelu",
            ["hidden_dropout_prob"] = 0.1,
            ["attention_probs_dropout_prob"] = 0.1,
            ["max_position_embeddings"] = maxLength,
            ["type_vocab_size"] = 2,
            ["initializer_range"] = 0.02,
            ["layer_norm_eps"] = 1e-12,
            ["pad_token_id"] = padId,
            ["tie_word_embeddings"] = true,
        }.ToJsonString(), Path.Combine(folder, "config.json"));
}

/// <summary>HF <c>ElectraDiscriminatorPredictions</c>: dense (hidden → hidden), GELU, dense_prediction (hidden → 1); one replaced/original logit per token.</summary>
public sealed class ElectraDiscriminatorPredictions : nn.Module<Tensor, Tensor>
{
    private readonly Linear dense;
    private readonly Linear dense_prediction;

    /// <summary>Creates the head with HF's initialisation (normal(0, 0.02) weights, zero biases).</summary>
    public ElectraDiscriminatorPredictions(int hidden, int seed) : base(nameof(ElectraDiscriminatorPredictions))
    {
        dense = nn.Linear(hidden, hidden);
        dense_prediction = nn.Linear(hidden, 1);
        RegisterComponents();
        using var generator = new torch.Generator((ulong)seed);
        using var no = torch.no_grad();
        foreach (var layer in new[] { dense, dense_prediction })
        {
            nn.init.normal_(layer.weight, 0, 0.02, generator);
            nn.init.zeros_(layer.bias!);
        }
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor sequence)
        => dense_prediction.call(nn.functional.gelu(dense.call(sequence))).squeeze(-1);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            dense.Dispose();
            dense_prediction.Dispose();
        }
        base.Dispose(disposing);
    }
}
