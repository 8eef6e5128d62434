using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.Corpora;
using TextKit.ML.DataView;
using TextKit.Neural.Checkpoints;
using TextKit.Neural.Models;
using TextKit.Neural.Tokenizers;
using TextKit.Neural.Training;

namespace TextKit.Neural.ML.Training;

/// <summary>
/// Fine-tunes a transformer checkpoint for token classification (NER): a token column (vector of text, one sentence
/// per row, e.g. from <c>LoadConllNer</c>) + a tag column (vector of text, IOB2/IOB1/BILOU/BIOES) → a predicted tag
/// column (vector of text, one tag per token). Entity-level scores: <c>TextKit.Evaluation.EntityScorer</c>.
/// </summary>
/// <remarks>
/// | Estimator characteristics | |
/// | -- | -- |
/// | Does this estimator need to look at the data to train its parameters? | Yes |
/// | Input columns | Tokens (vector of text), Tags (vector of text, same length) |
/// | Output column | PredictedTags (vector of text) |
/// | Saved with | <c>TextKitModel.Save</c> (config, weights, tokenizer files and tag set in the one model file) |
/// Created by <c>mlContext.TextKit().Trainers.TransformerTokenClassification</c>.
/// </remarks>
public sealed class TransformerTokenClassificationTrainer : TextKitEstimator<TransformerTokenClassificationTransformer>
{
    /// <summary>Defaults shared with the catalog.</summary>
    public static class Defaults
    {
        /// <summary>Window size in sub-words, special tokens included.</summary>
        public const int MaxLength = 128;

        /// <summary>Sub-words shared by consecutive windows of a long sentence.</summary>
        public const int Stride = 32;

        /// <summary>Sentences per forward pass when predicting.</summary>
        public const int PredictionBatchSize = 16;
    }

    /// <summary>All options.</summary>
    public sealed class Options
    {
        /// <summary>Checkpoint folder in HF layout (config.json, model.safetensors, tokenizer files).</summary>
        public string ModelFolder { get; set; } = "";

        /// <summary>Input token column (vector of text).</summary>
        public string TokensColumnName { get; set; } = "Tokens";

        /// <summary>Gold tag column (vector of text), one tag per token.</summary>
        public string LabelColumnName { get; set; } = "Tags";

        /// <summary>Output tag column (vector of text).</summary>
        public string OutputColumnName { get; set; } = "PredictedTags";

        /// <summary>Optional output column of predicted entity spans, "TYPE start end" (token indices, end exclusive); null = none.</summary>
        public string? EntitiesColumnName { get; set; }

        /// <summary>The tag scheme of the label column.</summary>
        public TagScheme Scheme { get; set; } = TagScheme.Iob2;

        /// <summary>Training tags with a transition the scheme forbids (e.g. I-X after O): error (TK815, default), repair, or keep.</summary>
        public InvalidTagHandling InvalidTags { get; set; } = InvalidTagHandling.Error;

        /// <summary>Window size in sub-words, special tokens included; 0 = the model's maximum.</summary>
        public int MaxLength { get; set; } = Defaults.MaxLength;

        /// <summary>Sub-words shared by consecutive windows of a long sentence.</summary>
        public int Stride { get; set; } = Defaults.Stride;

        /// <summary>Sentences per forward pass in <c>Transform</c>.</summary>
        public int PredictionBatchSize { get; set; } = Defaults.PredictionBatchSize;

        /// <summary>The training loop's options; the validation metric defaults to accuracy over labelled sub-words.</summary>
        public TransformerTrainerOptions Training { get; set; } = new();

        /// <summary>Validation sentences (same columns) for early stopping; null = none.</summary>
        public IDataView? ValidationData { get; set; }
    }

    private readonly Options _options;

    internal TransformerTokenClassificationTrainer(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ModelFolder))
            throw new ArgumentException("ModelFolder must be set.", nameof(options));
        if (options.EntitiesColumnName is not null && (options.EntitiesColumnName.Length == 0 || options.EntitiesColumnName == options.OutputColumnName))
            throw new ArgumentException("EntitiesColumnName must be null or a name other than OutputColumnName.", nameof(options));
        if (string.IsNullOrWhiteSpace(options.TokensColumnName) || string.IsNullOrWhiteSpace(options.LabelColumnName) || string.IsNullOrWhiteSpace(options.OutputColumnName))
            throw new ArgumentException("TokensColumnName, LabelColumnName and OutputColumnName must be set.", nameof(options));
        if (options.MaxLength < 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxLength, "MaxLength must be 0 (model maximum) or positive.");
        if (options.Stride < 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.Stride, "Stride must be >= 0.");
        if (options.PredictionBatchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.PredictionBatchSize, "PredictionBatchSize must be at least 1.");
        if (!Enum.IsDefined(options.Scheme) || !Enum.IsDefined(options.InvalidTags))
            throw new ArgumentOutOfRangeException(nameof(options), "Unknown Scheme or InvalidTags value.");
        ArgumentNullException.ThrowIfNull(options.Training);
        options.Training.Validate();
        _options = options;
    }

    /// <inheritdoc />
    public override TransformerTokenClassificationTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(input.Schema);
        var train = ReadSentences(input, "training");
        List<(string[] Tokens, string[] Tags)>? validation = null;
        if (_options.ValidationData is { } v)
        {
            GetOutputSchema(v.Schema);
            validation = ReadSentences(v, "validation");
        }
        var labels = LabelSet(train);
        var tokenizer = TransformerTokenizers.FromFolder(_options.ModelFolder);
        var model = FineTuneModels.Load(_options.ModelFolder, ModelTask.TokenClassification, labels, _options.Training.Seed, out _);
        TransformerTokenTagger? tagger = null;
        try
        {
            tagger = new TransformerTokenTagger(model, tokenizer, labels, _options.MaxLength, _options.Stride);
            var index = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
            var trainExamples = train.SelectMany(s => tagger.Encode(s.Tokens, s.Tags.Select(t => index[t]).ToArray())).ToList();
            List<TrainingExample>? validationExamples = null;
            if (validation is not null)
            {
                validationExamples = [];
                for (int r = 0; r < validation.Count; r++)
                {
                    var ids = new int[validation[r].Tags.Length];
                    for (int t = 0; t < ids.Length; t++)
                    {
                        if (!index.TryGetValue(validation[r].Tags[t], out ids[t]))
                            throw new TextKitException("TK810", $"validation row {r + 1}, token {t + 1}: tag '{validation[r].Tags[t]}' was not seen in training (training tags: {string.Join(", ", labels)}).");
                    }
                    validationExamples.AddRange(tagger.Encode(validation[r].Tokens, ids));
                }
            }
            var options = _options.Training.Clone();
            options.PadTokenId ??= tokenizer.PadTokenId;
            new TransformerTrainer(options).Train(model, trainExamples, validationExamples);
        }
        catch
        {
            if (tagger is not null)
                tagger.Dispose();
            else
                model.Dispose();
            throw;
        }
        return new TransformerTokenClassificationTransformer(_options.TokensColumnName, _options.OutputColumnName, _options.EntitiesColumnName, _options.Scheme, _options.PredictionBatchSize, tagger, _options.ModelFolder);
    }

    /// <summary>
    /// The tag set: the checkpoint's id2label when it contains every training tag (its head is kept), else "O" then
    /// the training tags in ordinal order (a new head).
    /// </summary>
    private string[] LabelSet(List<(string[] Tokens, string[] Tags)> train)
    {
        var seen = train.SelectMany(s => s.Tags).ToHashSet(StringComparer.Ordinal);
        var config = ModelConfig.Load(Path.Combine(_options.ModelFolder, "config.json"));
        if (TransformerModels.TaskOf(config) == ModelTask.TokenClassification && config.Labels() is { } existing && seen.All(existing.Contains))
            return existing;
        return [.. seen.OrderBy(t => t == EntityTags.Outside ? 0 : 1).ThenBy(t => t, StringComparer.Ordinal)];
    }

    private List<(string[] Tokens, string[] Tags)> ReadSentences(IDataView data, string what)
    {
        var tokensColumn = data.Schema[_options.TokensColumnName];
        var tagsColumn = data.Schema[_options.LabelColumnName];
        var rows = new List<(string[], string[])>();
        using var cursor = data.GetRowCursor([tokensColumn, tagsColumn]);
        var tokensGetter = cursor.GetGetter<VBuffer<ReadOnlyMemory<char>>>(tokensColumn);
        var tagsGetter = cursor.GetGetter<VBuffer<ReadOnlyMemory<char>>>(tagsColumn);
        VBuffer<ReadOnlyMemory<char>> tokens = default, tags = default;
        long row = 0;
        while (cursor.MoveNext())
        {
            row++;
            tokensGetter(ref tokens);
            tagsGetter(ref tags);
            var words = tokens.DenseValues().Select(t => t.ToString()).ToArray();
            var labels = tags.DenseValues().Select(t => t.ToString()).ToArray();
            if (words.Length == 0)
                throw new TextKitException("TK811", $"{what} row {row}: the sentence in column '{_options.TokensColumnName}' has no tokens; remove empty rows before training.");
            if (words.Length != labels.Length)
                throw new TextKitException("TK814", $"{what} row {row}: {words.Length} tokens but {labels.Length} tags; every token needs exactly one tag.");
            for (int t = 0; t < labels.Length; t++)
            {
                if (!EntityTags.TryParse(labels[t], _options.Scheme, out _, out _))
                    throw new TextKitException("TK815", $"{what} row {row}, token {t + 1}: '{labels[t]}' is not a {_options.Scheme} tag.");
            }
            int invalid = EntityTags.FindInvalidTransition(labels, _options.Scheme);
            if (invalid >= 0)
            {
                switch (_options.InvalidTags)
                {
                    case InvalidTagHandling.Error:
                        throw new TextKitException("TK815", $"{what} row {row}, token {invalid + 1}: tag '{labels[invalid]}' is not allowed there in {_options.Scheme} (e.g. I-X after O). Fix the data or set InvalidTags = Repair.");
                    case InvalidTagHandling.Repair:
                        labels = EntityTags.Repair(labels, _options.Scheme);
                        break;
                }
            }
            rows.Add((words, labels));
        }
        if (rows.Count == 0)
            throw new TextKitException("TK800", $"the {what} data has no rows.");
        return rows;
    }

    /// <inheritdoc />
    protected override DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        SchemaChecks.RequireColumn(inputSchema, _options.TokensColumnName, SchemaChecks.IsTextVector, "Vector<Text> (tokens)");
        SchemaChecks.RequireColumn(inputSchema, _options.LabelColumnName, SchemaChecks.IsTextVector, "Vector<Text> (tags)");
        if (!File.Exists(Path.Combine(_options.ModelFolder, "config.json")))
            throw new TextKitModelException("TK310", $"'{_options.ModelFolder}' is not a model folder: config.json is missing.");
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        builder.AddColumn(_options.OutputColumnName, TextVectors.TextVectorType);
        if (_options.EntitiesColumnName is not null)
            builder.AddColumn(_options.EntitiesColumnName, TextVectors.TextVectorType);
        return builder.ToSchema();
    }
}
