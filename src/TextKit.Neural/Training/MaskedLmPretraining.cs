using System.Text.Json;
using System.Text.Json.Nodes;
using TextKit.Neural.Checkpoints;
using TextKit.Neural.Models;
using TextKit.Neural.Tokenizers;

namespace TextKit.Neural.Training;

/// <summary>Options of <see cref="MaskedLmPretraining.Run"/>: vocabulary, model shape and training loop.</summary>
public sealed class MaskedLmPretrainingOptions
{
    /// <summary>WordPiece vocabulary size (special tokens included).</summary>
    public int VocabularySize { get; set; } = 8000;

    /// <summary>
    /// A folder with an existing WordPiece vocabulary (vocab.txt, tokenizer_config.json, e.g. from
    /// <c>textkit pretrain vocab</c> or an earlier run being resumed) to use instead of training one; null = train.
    /// </summary>
    public string? VocabularyFolder { get; set; }

    /// <summary>Words seen fewer times do not make merges.</summary>
    public int MinFrequency { get; set; } = 2;

    /// <summary>Encoder layers.</summary>
    public int Layers { get; set; } = 4;

    /// <summary>Hidden size (a multiple of <see cref="Heads"/>).</summary>
    public int Hidden { get; set; } = 256;

    /// <summary>Attention heads.</summary>
    public int Heads { get; set; } = 4;

    /// <summary>Feed-forward size; 0 = 4 × hidden.</summary>
    public int Intermediate { get; set; }

    /// <summary>Maximum sub-words per line (longer lines are truncated); also the position count.</summary>
    public int MaxLength { get; set; } = 128;

    /// <summary>Fraction of lines held out to measure masked-token accuracy (rounded up: at least 1 line when the corpus has 2; at most 2,000).</summary>
    public double ValidationFraction { get; set; } = 0.01;

    /// <summary>The training loop (its <see cref="TransformerTrainerOptions.DynamicMasking"/> is set here).</summary>
    public TransformerTrainerOptions Training { get; set; } = new() { LearningRate = 5e-4, Epochs = 1, BatchSize = 32 };

    /// <summary>Validates the values.</summary>
    public void Validate()
    {
        if (VocabularySize < 10)
            throw new ArgumentOutOfRangeException(nameof(VocabularySize), VocabularySize, "must be at least 10.");
        if (MinFrequency < 1)
            throw new ArgumentOutOfRangeException(nameof(MinFrequency), MinFrequency, "must be at least 1.");
        if (Layers < 1 || Heads < 1 || Hidden < 1 || Hidden % Heads != 0)
            throw new ArgumentOutOfRangeException(nameof(Hidden), Hidden, "layers, heads and hidden must be positive, and hidden a multiple of heads.");
        if (Intermediate < 0)
            throw new ArgumentOutOfRangeException(nameof(Intermediate), Intermediate, "must be 0 (4 × hidden) or positive.");
        if (MaxLength < 4)
            throw new ArgumentOutOfRangeException(nameof(MaxLength), MaxLength, "must be at least 4.");
        if (!(ValidationFraction is >= 0 and < 0.5))
            throw new ArgumentOutOfRangeException(nameof(ValidationFraction), ValidationFraction, "must be in [0, 0.5).");
        ArgumentNullException.ThrowIfNull(Training);
        Training.Validate();
    }
}

/// <summary>What <see cref="MaskedLmPretraining.Run"/> produced.</summary>
public sealed record MaskedLmPretrainingResult(int VocabularySize, int TrainLines, int ValidationLines, TrainingResult Training);

/// <summary>
/// BERT pre-training from scratch on a text corpus: trains a WordPiece vocabulary (<see cref="WordPieceTrainer"/>),
/// builds a BertForMaskedLM of the requested shape with HF's initialisation (normal(0, 0.02)), trains it with dynamic
/// 80/10/10 masking on <see cref="TransformerTrainer"/>, and writes a Hugging Face folder (config.json,
/// model.safetensors, vocab.txt, tokenizer_config.json) that TextKit's trainers and <c>from_pretrained</c> load.
/// </summary>
public static class MaskedLmPretraining
{
    /// <summary>Pre-trains on <paramref name="lines"/> (one text per line; blank lines skipped) into <paramref name="outputFolder"/>.</summary>
    /// <exception cref="TextKitException">TK800: the corpus has no text.</exception>
    public static MaskedLmPretrainingResult Run(IEnumerable<string> lines, string outputFolder, MaskedLmPretrainingOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(outputFolder);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var texts = lines.Where(l => !string.IsNullOrWhiteSpace(l)).ToList();
        if (texts.Count == 0)
            throw new TextKitException("TK800", "the corpus has no text (every line is blank).");

        var tokenizer = PrepareVocabulary(texts, outputFolder, options, cancellationToken);

        var config = ModelConfig.Parse(new JsonObject
        {
            ["model_type"] = "bert",
            ["architectures"] = new JsonArray("BertForMaskedLM"),
            ["vocab_size"] = tokenizer.VocabularySize,
            ["hidden_size"] = options.Hidden,
            ["num_hidden_layers"] = options.Layers,
            ["num_attention_heads"] = options.Heads,
            ["intermediate_size"] = options.Intermediate > 0 ? options.Intermediate : 4 * options.Hidden,
            ["hidden_act"] = "gelu",
            ["hidden_dropout_prob"] = 0.1,
            ["attention_probs_dropout_prob"] = 0.1,
            ["max_position_embeddings"] = options.MaxLength,
            ["type_vocab_size"] = 2,
            ["initializer_range"] = 0.02,
            ["layer_norm_eps"] = 1e-12,
            ["pad_token_id"] = tokenizer.PadTokenId,
            ["tie_word_embeddings"] = true,
        }.ToJsonString(), Path.Combine(outputFolder, "config.json"));
        using var model = TransformerModels.Create(config, ModelTask.MaskedLM);
        // Every parameter is "missing" from an empty checkpoint, so the loader gives all of them HF's initialisation.
        CheckpointLoader.Load(model, new Dictionary<string, TorchSharp.torch.Tensor>(), strict: false, "<new model>", options.Training.Seed);

        var examples = MaskedLanguageModeling.Examples(tokenizer, texts, options.MaxLength);
        int validationCount = options.ValidationFraction > 0 && examples.Count >= 2
            ? Math.Clamp((int)Math.Ceiling(examples.Count * options.ValidationFraction), 1, 2000)
            : 0;
        // Hold out every k-th line (deterministic, spread over the corpus).
        var validation = new List<TrainingExample>();
        var train = new List<TrainingExample>();
        int stride = validationCount > 0 ? examples.Count / validationCount : int.MaxValue;
        for (int i = 0; i < examples.Count; i++)
        {
            if (validationCount > 0 && i % stride == stride - 1 && validation.Count < validationCount)
                validation.Add(examples[i]);
            else
                train.Add(examples[i]);
        }
        var training = options.Training.Clone();
        training.DynamicMasking = MaskedLanguageModeling.ForBert(tokenizer);
        training.PadTokenId = tokenizer.PadTokenId;
        var result = new TransformerTrainer(training).Train(model, train, validation, cancellationToken);
        CheckpointWriter.Save(model, outputFolder);
        return new MaskedLmPretrainingResult(tokenizer.VocabularySize, train.Count, validation.Count, result);
    }

    /// <summary>Trains the vocabulary into <paramref name="outputFolder"/>, or copies the given one there; returns its tokenizer.</summary>
    internal static BertWordPieceTokenizer PrepareVocabulary(List<string> texts, string outputFolder, MaskedLmPretrainingOptions options, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(outputFolder);
        if (options.VocabularyFolder is { } source)
        {
            if (TransformerTokenizers.FromFolder(source) is not BertWordPieceTokenizer)
                throw new TextKitException("TK800", $"'{source}' does not hold a WordPiece (BERT) vocabulary.");
            if (!Path.GetFullPath(source).Equals(Path.GetFullPath(outputFolder), StringComparison.Ordinal))
            {
                foreach (var name in new[] { "vocab.txt", "tokenizer_config.json", "special_tokens_map.json" })
                {
                    var file = Path.Combine(source, name);
                    if (File.Exists(file))
                        File.Copy(file, Path.Combine(outputFolder, name), overwrite: true);
                }
            }
        }
        else
        {
            var vocabulary = new WordPieceTrainer(new WordPieceTrainerOptions { VocabularySize = options.VocabularySize, MinFrequency = options.MinFrequency }).Train(texts, cancellationToken);
            vocabulary.SaveFolder(outputFolder, options.MaxLength);
        }
        return (BertWordPieceTokenizer)TransformerTokenizers.FromFolder(outputFolder);
    }
}
