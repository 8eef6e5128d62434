using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.ML.DataView;
using TextKit.Neural.Checkpoints;
using TextKit.Neural.Models;
using TextKit.Neural.Tokenizers;
using TextKit.Neural.Training;

namespace TextKit.Neural.ML.Training;

/// <summary>
/// Fine-tunes a transformer checkpoint (HF folder: BERT, RoBERTa, ELECTRA, DistilBERT) for text classification:
/// text (and optional second text) + key label → <c>Score</c> (label probabilities) and <c>PredictedLabel</c> (key with
/// the label column's key values), the columns <c>mlContext.MulticlassClassification.Evaluate</c> reads.
/// </summary>
/// <remarks>
/// | Estimator characteristics | |
/// | -- | -- |
/// | Does this estimator need to look at the data to train its parameters? | Yes |
/// | Input columns | Text (text), optional text pair (text), Label (key; or Boolean for a binary classifier) |
/// | Output columns | key label: Score (known-size vector of Single), PredictedLabel (key, same key values as Label); Boolean label: Score (Single, log-odds), Probability (Single), PredictedLabel (Boolean) |
/// | Saved with | <c>TextKitModel.Save</c> (config, weights, tokenizer files and labels in the one model file) |
/// Created by <c>mlContext.TextKit().Trainers.TransformerClassification</c>. Training runs <see cref="TransformerTrainer"/>.
/// </remarks>
public sealed class TransformerClassificationTrainer : TextKitEstimator<TransformerClassificationTransformer>
{
    /// <summary>Defaults shared with the catalog.</summary>
    public static class Defaults
    {
        /// <summary>Maximum tokens per input (longer inputs are truncated).</summary>
        public const int MaxLength = 128;

        /// <summary>Rows per forward pass when predicting.</summary>
        public const int PredictionBatchSize = 32;
    }

    /// <summary>All options.</summary>
    public sealed class Options
    {
        /// <summary>Checkpoint folder in HF layout (config.json, model.safetensors, tokenizer files).</summary>
        public string ModelFolder { get; set; } = "";

        /// <summary>Input text column.</summary>
        public string TextColumnName { get; set; } = "Text";

        /// <summary>Optional second text column (sentence pairs); null = single texts.</summary>
        public string? TextPairColumnName { get; set; }

        /// <summary>
        /// Label column: a key (e.g. from <c>MapValueToKey</c>) for <c>MulticlassClassification.Evaluate</c>, or a Boolean
        /// for a binary classifier that <c>BinaryClassification.Evaluate</c> reads.
        /// </summary>
        public string LabelColumnName { get; set; } = "Label";

        /// <summary>Output probability-of-true column of a binary classifier (Boolean label); unused otherwise.</summary>
        public string ProbabilityColumnName { get; set; } = "Probability";

        /// <summary>Output probabilities column.</summary>
        public string ScoreColumnName { get; set; } = "Score";

        /// <summary>Output predicted key column.</summary>
        public string PredictedLabelColumnName { get; set; } = "PredictedLabel";

        /// <summary>Maximum tokens per input, special tokens included; 0 = the model's maximum. Longer inputs are truncated.</summary>
        public int MaxLength { get; set; } = Defaults.MaxLength;

        /// <summary>Rows per forward pass in <c>Transform</c>.</summary>
        public int PredictionBatchSize { get; set; } = Defaults.PredictionBatchSize;

        /// <summary>The training loop's options (epochs, batch size, learning rate, schedule, seed, early stopping, checkpoints, progress, CSV log).</summary>
        public TransformerTrainerOptions Training { get; set; } = new();

        /// <summary>Validation rows (same columns) for early stopping and the per-epoch metric (accuracy); null = none.</summary>
        public IDataView? ValidationData { get; set; }
    }

    private readonly Options _options;

    internal TransformerClassificationTrainer(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ModelFolder))
            throw new ArgumentException("ModelFolder must be set.", nameof(options));
        foreach (var (name, value) in new[] { ("TextColumnName", options.TextColumnName), ("LabelColumnName", options.LabelColumnName), ("ScoreColumnName", options.ScoreColumnName), ("PredictedLabelColumnName", options.PredictedLabelColumnName), ("ProbabilityColumnName", options.ProbabilityColumnName) })
        {
            if (string.IsNullOrWhiteSpace(value))
                throw new ArgumentException($"{name} must be set.", nameof(options));
        }
        if (options.MaxLength < 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxLength, "MaxLength must be 0 (model maximum) or positive.");
        if (options.PredictionBatchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.PredictionBatchSize, "PredictionBatchSize must be at least 1.");
        ArgumentNullException.ThrowIfNull(options.Training);
        options.Training.Validate();
        _options = options;
    }

    /// <inheritdoc />
    public override TransformerClassificationTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(input.Schema);
        bool binary = input.Schema[_options.LabelColumnName].Type is BooleanDataViewType;
        RequireLabel(input.Schema, binary);
        var labels = binary ? TransformerClassificationTransformer.BinaryLabels : LabelColumns.Names(input.Schema[_options.LabelColumnName]);
        if (labels.Length < 2)
            throw new TextKitException("TK812", $"the label column '{_options.LabelColumnName}' has {labels.Length} key value(s); a classifier needs at least 2 labels.");
        var tokenizer = TransformerTokenizers.FromFolder(_options.ModelFolder);
        var model = FineTuneModels.Load(_options.ModelFolder, ModelTask.SequenceClassification, labels, _options.Training.Seed, out _);
        var classifier = new TransformerClassifier(model, tokenizer, labels, _options.MaxLength);
        try
        {
            var train = ReadExamples(input, classifier, labels, "training");
            List<TrainingExample>? validation = null;
            if (_options.ValidationData is { } v)
            {
                GetOutputSchema(v.Schema);
                RequireLabel(v.Schema, binary);
                validation = ReadExamples(v, classifier, labels, "validation");
            }
            var options = _options.Training.Clone();
            options.PadTokenId ??= tokenizer.PadTokenId;
            new TransformerTrainer(options).Train(model, train, validation);
        }
        catch
        {
            classifier.Dispose();
            throw;
        }
        return new TransformerClassificationTransformer(Columns(binary), _options.PredictionBatchSize, classifier, _options.ModelFolder);
    }

    /// <summary>Reads and tokenizes every row; labels map by name onto the training labels.</summary>
    private List<TrainingExample> ReadExamples(IDataView data, TransformerClassifier classifier, string[] trainingLabels, string what)
    {
        var schema = data.Schema;
        var textColumn = schema[_options.TextColumnName];
        var pairColumn = _options.TextPairColumnName is null ? (DataViewSchema.Column?)null : schema[_options.TextPairColumnName];
        var labelColumn = schema[_options.LabelColumnName];
        bool binary = labelColumn.Type is BooleanDataViewType;
        var names = binary ? TransformerClassificationTransformer.BinaryLabels : LabelColumns.Names(labelColumn);
        var index = trainingLabels.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        var needed = new List<DataViewSchema.Column> { textColumn, labelColumn };
        if (pairColumn is { } pc)
            needed.Add(pc);
        var examples = new List<TrainingExample>();
        using var cursor = data.GetRowCursor(needed);
        var textGetter = cursor.GetGetter<ReadOnlyMemory<char>>(textColumn);
        var pairGetter = pairColumn is { } p2 ? cursor.GetGetter<ReadOnlyMemory<char>>(p2) : null;
        // A Boolean label reads as key 1 (false) or 2 (true) over BinaryLabels.
        var keyGetter = binary ? null : cursor.GetGetter<uint>(labelColumn);
        var boolGetter = binary ? cursor.GetGetter<bool>(labelColumn) : null;
        ReadOnlyMemory<char> text = default, pair = default;
        uint key = 0;
        bool flag = false;
        long row = 0;
        while (cursor.MoveNext())
        {
            row++;
            textGetter(ref text);
            if (boolGetter is not null)
            {
                boolGetter(ref flag);
                key = flag ? 2u : 1u;
            }
            else
            {
                keyGetter!(ref key);
            }
            if (text.Span.IsWhiteSpace())
                throw new TextKitException("TK811", $"{what} row {row}: the text in column '{_options.TextColumnName}' is empty; remove empty rows before training.");
            string? pairText = null;
            if (pairGetter is not null)
            {
                pairGetter(ref pair);
                if (pair.Span.IsWhiteSpace())
                    throw new TextKitException("TK811", $"{what} row {row}: the text in column '{_options.TextPairColumnName}' is empty; remove empty rows before training.");
                pairText = pair.ToString();
            }
            if (key == 0 || key > names.Length)
                throw new TextKitException("TK810", $"{what} row {row}: the label is missing (key 0 in column '{_options.LabelColumnName}'): its value was not seen when the label keys were built. Fit MapValueToKey on data with every label, or drop the row.");
            if (!index.TryGetValue(names[key - 1], out int id))
                throw new TextKitException("TK810", $"{what} row {row}: label '{names[key - 1]}' was not seen in training (training labels: {string.Join(", ", trainingLabels)}).");
            examples.Add(classifier.Encode(text.ToString(), pairText, id));
        }
        if (examples.Count == 0)
            throw new TextKitException("TK800", $"the {what} data has no rows.");
        return examples;
    }

    private const string KeyExpected = "Key (map the label with MapValueToKey) or Boolean (binary classification)";

    /// <summary>A key label, or — for a binary classifier, in training and validation alike — a Boolean one.</summary>
    private void RequireLabel(DataViewSchema schema, bool binary)
        => SchemaChecks.RequireColumn(schema, _options.LabelColumnName, binary ? t => t is BooleanDataViewType : LabelColumns.IsKey,
            binary ? "Boolean (the training label is Boolean)" : "Key (map the label with MapValueToKey; the training label is a key)");

    private TransformerClassificationTransformer.Columns Columns(bool binary)
        => new(_options.TextColumnName, _options.TextPairColumnName, _options.ScoreColumnName, _options.PredictedLabelColumnName, binary ? _options.ProbabilityColumnName : null);

    /// <inheritdoc />
    protected override DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        SchemaChecks.RequireColumn(inputSchema, _options.TextColumnName, SchemaChecks.IsText, "Text");
        if (_options.TextPairColumnName is not null)
            SchemaChecks.RequireColumn(inputSchema, _options.TextPairColumnName, SchemaChecks.IsText, "Text");
        // A SchemaShape keeps "is a key" but not the key count, so a shape-derived schema shows keys as UInt32; Fit
        // checks for a real key type.
        var label = SchemaChecks.RequireColumn(inputSchema, _options.LabelColumnName, t => LabelColumns.IsKey(t) || t == NumberDataViewType.UInt32 || t is BooleanDataViewType, KeyExpected);
        bool binary = label.Type is BooleanDataViewType;
        var names = binary ? TransformerClassificationTransformer.BinaryLabels : LabelColumns.IsKey(label.Type) ? LabelColumns.Names(label) : ["1", "2"];
        if (!File.Exists(Path.Combine(_options.ModelFolder, "config.json")))
            throw new TextKitModelException("TK310", $"'{_options.ModelFolder}' is not a model folder: config.json is missing.");
        return TransformerClassificationTransformer.OutputSchema(inputSchema, Columns(binary), names);
    }
}
