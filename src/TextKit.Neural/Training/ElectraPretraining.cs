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
    /// <summary>
    /// Vocabulary (trained, or <see cref="MaskedLmPretrainingOptions.VocabularyFolder"/>), discriminator shape and the
    /// <see cref="TransformerTrainer"/> loop (learning rate, epochs, batch size, seed, clipping, schedule, checkpoints,
    /// resume, CSV log, progress; its DynamicMasking is set by the run). ValidationFraction is not used.
    /// </summary>
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

/// <summary>One optimizer step of <see cref="ElectraPretraining"/> (the <see cref="ReplacedTokenDetection"/> figures of the trainer's step, mean over its micro-batches).</summary>
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
/// <param name="VocabularySize">WordPiece entries.</param>
/// <param name="TrainLines">Training lines (non-blank).</param>
/// <param name="GeneratorHidden">The generator's hidden size.</param>
/// <param name="Training">The trainer's result: losses (generator + λ · discriminator) and, in
/// <see cref="TrainingResult.StepMetrics"/>, the <see cref="ReplacedTokenDetection.Metrics"/> of every step run in this call.</param>
public sealed record ElectraPretrainingResult(int VocabularySize, int TrainLines, int GeneratorHidden, TrainingResult Training)
{
    /// <summary>The steps run in this call (after a resume: those after the checkpoint), with ELECTRA's figures.</summary>
    public IReadOnlyList<ElectraStep> Steps { get; } = StepsOf(Training);

    /// <summary>Wall time of the training.</summary>
    public TimeSpan Elapsed => Training.Elapsed;

    private static List<ElectraStep> StepsOf(TrainingResult training)
    {
        ArgumentNullException.ThrowIfNull(training);
        var figures = ReplacedTokenDetection.Metrics.Select(name => training.StepMetrics[name]).ToArray();
        long first = training.Steps - training.StepLosses.Count + 1;
        return Enumerable.Range(0, training.StepLosses.Count)
            .Select(i => new ElectraStep(first + i, figures[0][i], figures[1][i], figures[2][i], figures[3][i])).ToList();
    }
}

/// <summary>
/// ELECTRA pre-training from scratch (Clark et al. 2020, replaced-token detection): a WordPiece vocabulary
/// (<see cref="WordPieceTrainer"/>, or <see cref="MaskedLmPretrainingOptions.VocabularyFolder"/>), a small generator
/// (ElectraForMaskedLM, hidden = discriminator hidden / <see cref="ElectraPretrainingOptions.GeneratorSizeDivisor"/>)
/// and a discriminator trained together on <see cref="TransformerTrainer"/> with BERT's dynamic masking and the
/// <see cref="ReplacedTokenDetection"/> objective (loss = generator MLM loss + λ · discriminator BCE, one AdamW step on
/// both networks), so the run has the trainer's schedule, accumulation, seeding, checkpoint/resume
/// (<see cref="TransformerTrainerOptions.CheckpointFolder"/>, <see cref="TransformerTrainerOptions.ResumeFrom"/>),
/// progress and CSV log (with the objective's columns). The generator and discriminator have separate embeddings (the
/// paper shares them; TextKit's ELECTRA model does not expose that yet). Writes the discriminator as a Hugging Face
/// ELECTRA folder (config.json, model.safetensors, vocab.txt, tokenizer_config.json) that TransformerClassification
/// fine-tunes; the generator is discarded, as in the paper. No lines are held out
/// (<see cref="MaskedLmPretrainingOptions.ValidationFraction"/> is not used).
/// </summary>
public static class ElectraPretraining
{
    /// <summary>Pre-trains on <paramref name="lines"/> (one text per line; blank lines skipped) into <paramref name="outputFolder"/>.</summary>
    /// <exception cref="TextKitException">TK800: the corpus has no text, or the given vocabulary is not WordPiece;
    /// TK803: the loss is not finite; TK806: the resume checkpoint does not fit.</exception>
    public static ElectraPretrainingResult Run(IEnumerable<string> lines, string outputFolder, ElectraPretrainingOptions options, CancellationToken cancellationToken = default)
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

        var tokenizer = MaskedLmPretraining.PrepareVocabulary(texts, outputFolder, m, cancellationToken);
        int vocab = tokenizer.VocabularySize;

        int genHeads = Math.Max(1, m.Heads / options.GeneratorSizeDivisor);
        int genHidden = Math.Max(genHeads, m.Hidden / options.GeneratorSizeDivisor / genHeads * genHeads);
        var discConfig = Config(vocab, m.Hidden, m.Hidden, m.Layers, m.Heads, m.Intermediate > 0 ? m.Intermediate : 4 * m.Hidden, m.MaxLength, tokenizer.PadTokenId, "ElectraForPreTraining", outputFolder);
        var genConfig = Config(vocab, genHidden, genHidden, m.Layers, genHeads, 4 * genHidden, m.MaxLength, tokenizer.PadTokenId, "ElectraForMaskedLM", outputFolder);

        TransformerModel discriminator;
        ReplacedTokenDetection objective;
        lock (TransformerTrainer.s_generatorLock)
        {
            torch.random.manual_seed(o.Seed);
            var generator = TransformerModels.Create(genConfig, ModelTask.MaskedLM);
            discriminator = TransformerModels.Create(discConfig, ModelTask.Base);
            // Every parameter is "missing" from an empty checkpoint, so the loader gives all of them HF's initialisation.
            CheckpointLoader.Load(generator, new Dictionary<string, Tensor>(), strict: false, "<new generator>", o.Seed);
            CheckpointLoader.Load(discriminator, new Dictionary<string, Tensor>(), strict: false, "<new discriminator>", o.Seed + 1);
            objective = new ReplacedTokenDetection(generator, new ElectraDiscriminatorPredictions(m.Hidden, o.Seed + 2), options.DiscriminatorWeight);
        }
        using var disposeDiscriminator = discriminator;
        using var disposeObjective = objective;

        var train = MaskedLanguageModeling.Examples(tokenizer, texts, m.MaxLength);
        var training = o.Clone();
        training.DynamicMasking = MaskedLanguageModeling.ForBert(tokenizer);
        training.PadTokenId = tokenizer.PadTokenId;
        var result = new TransformerTrainer(training).Train(discriminator, objective, train, null, cancellationToken);

        CheckpointWriter.Save(discriminator, outputFolder);
        // Add the replaced-token-detection head under HF's ElectraForPreTraining keys, and name that architecture.
        var state = discriminator.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value);
        foreach (var (name, tensor) in objective.Head.state_dict())
            state["discriminator_predictions." + name] = tensor;
        SafeTensors.Save(Path.Combine(outputFolder, "model.safetensors"), state, new Dictionary<string, string> { ["format"] = "pt" });
        var configPath = Path.Combine(outputFolder, "config.json");
        var json = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        json["architectures"] = new JsonArray("ElectraForPreTraining");
        File.WriteAllText(configPath, json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return new ElectraPretrainingResult(vocab, train.Count, genHidden, result);
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
