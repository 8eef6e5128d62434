using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.ML.DataView;
using TextKit.ML.Persistence;
using TextKit.Neural.Models;
using TextKit.Neural.Tokenizers;

namespace TextKit.Neural.ML.Training;

/// <summary>
/// The fitted <see cref="TransformerClassificationTrainer"/>: adds <c>Score</c> (label probabilities, slot names = labels)
/// and <c>PredictedLabel</c> (key with the labels as key values); trained on a Boolean label it adds ML.NET's binary
/// columns instead: <c>Score</c> (Single, the log-odds of true), <c>Probability</c> (Single) and
/// <c>PredictedLabel</c> (Boolean), as <c>mlContext.BinaryClassification.Evaluate</c> reads them. <c>Transform</c> scores rows in batches;
/// PredictionEngine scores row by row. An empty text is scored as the model sees it (special tokens only).
/// </summary>
public sealed class TransformerClassificationTransformer : TextKitTransformer, ITransformer, IDisposable
{
    internal const string Type = "TextKit.TransformerClassification";

    // Artifact versions:
    //   1: options.json (columns, prediction batch size, max length, labels) + model/ (config.json with id2label,
    //      model.safetensors in HF layout, tokenizer files).
    internal const int Version = 1;

    /// <summary>Column names; <paramref name="Probability"/> is set exactly when the classifier is binary (Boolean label).</summary>
    internal sealed record Columns(string Text, string? TextPair, string Score, string PredictedLabel, string? Probability = null);

    /// <summary>The class names of a binary classifier (class 0 = false, class 1 = true).</summary>
    internal static readonly string[] BinaryLabels = ["False", "True"];

    private readonly Columns _columns;
    private readonly TransformerClassifier _classifier;
    private readonly string _tokenizerFolder;

    internal TransformerClassificationTransformer(Columns columns, int batchSize, TransformerClassifier classifier, string tokenizerFolder)
    {
        _columns = columns;
        BatchSize = batchSize;
        _classifier = classifier;
        _tokenizerFolder = tokenizerFolder;
    }

    /// <summary>The classifier (model, tokenizer, labels).</summary>
    public TransformerClassifier Classifier => _classifier;

    /// <summary>Label names in class order (key value i+1 = label i).</summary>
    public IReadOnlyList<string> Labels => _classifier.Labels;

    /// <summary>Rows per forward pass in <c>Transform</c>.</summary>
    public int BatchSize { get; }

    /// <inheritdoc />
    public override string ComponentType => Type;

    /// <inheritdoc />
    public override int ComponentVersion => Version;

    /// <inheritdoc />
    public override Type LoaderType => typeof(TransformerClassificationLoader);

    internal static DataViewSchema OutputSchema(DataViewSchema input, Columns columns, IReadOnlyList<string> labels)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(input);
        foreach (var c in Outputs(columns, labels))
            builder.AddColumn(c.Name, c.Type, c.Annotations);
        return builder.ToSchema();
    }

    private static OutputColumn[] Outputs(Columns columns, IReadOnlyList<string> labels)
    {
        var (score, predicted) = (columns.Score, columns.PredictedLabel);
        if (columns.Probability is { } probability)
        {
            return
            [
                new OutputColumn(score, NumberDataViewType.Single, null),
                new OutputColumn(probability, NumberDataViewType.Single, null),
                new OutputColumn(predicted, BooleanDataViewType.Instance, null),
            ];
        }
        var (keyType, keyAnnotations) = LabelColumns.KeyWithValues(labels);
        return
        [
            new OutputColumn(score, new VectorDataViewType(NumberDataViewType.Single, labels.Count), LabelColumns.SlotNames(labels)),
            new OutputColumn(predicted, keyType, keyAnnotations),
        ];
    }

    /// <inheritdoc />
    protected override ColumnMapper Bind(DataViewSchema inputSchema)
    {
        var text = SchemaChecks.RequireColumn(inputSchema, _columns.Text, SchemaChecks.IsText, "Text");
        var pair = _columns.TextPair is null ? (DataViewSchema.Column?)null : SchemaChecks.RequireColumn(inputSchema, _columns.TextPair, SchemaChecks.IsText, "Text");
        return new Mapper(inputSchema, this, text, pair);
    }

    /// <summary>Scores <paramref name="input"/> lazily in batches of <see cref="BatchSize"/>.</summary>
    IDataView ITransformer.Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var mapper = (Mapper)Bind(input.Schema);
        var inputs = new List<DataViewSchema.Column> { input.Schema[_columns.Text] };
        if (_columns.TextPair is not null)
            inputs.Add(input.Schema[_columns.TextPair]);
        return new BatchedScoringView(input, mapper.OutputSchema, inputs, BatchSize, (rows, _) =>
        {
            var batch = rows.Select(r => ((string)r[0], r.Length > 1 ? (string?)r[1] : null)).ToList();
            return _classifier.Predict(batch).Select(Row).ToArray();
        });
    }

    /// <summary>The output values of one row, in output-column order.</summary>
    private object[] Row(float[] probabilities)
        => _columns.Probability is null
            ? [probabilities, (uint)(ArgMax(probabilities) + 1)]
            : [LogOdds(probabilities[1]), probabilities[1], probabilities[1] > 0.5f];

    /// <summary>log(p / (1 − p)), clamped so that certain predictions stay finite.</summary>
    internal static float LogOdds(float p)
    {
        double q = Math.Clamp((double)p, 1e-7, 1 - 1e-7);
        return (float)Math.Log(q / (1 - q));
    }

    internal static int ArgMax(float[] values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
                best = i;
        }
        return best;
    }

    /// <inheritdoc />
    public override void SaveArtifact(ArtifactWriter writer)
    {
        writer.WriteJson("options.json", new SavedOptions(_columns.Text, _columns.TextPair, _columns.Score, _columns.PredictedLabel, BatchSize, _classifier.MaxLength, [.. _classifier.Labels], _columns.Probability));
        FineTuneModels.WriteArtifact(writer, _classifier.Model, _tokenizerFolder);
    }

    /// <summary>Frees the model's native memory.</summary>
    public void Dispose() => _classifier.Dispose();

    // Probability: binary classifiers only (absent in multiclass artifacts and in those written before it existed).
    internal sealed record SavedOptions(string Text, string? TextPair, string Score, string PredictedLabel, int BatchSize, int MaxLength, string[] Labels, string? Probability = null);

    private sealed class Mapper : ColumnMapper
    {
        private readonly TransformerClassificationTransformer _owner;
        private readonly DataViewSchema.Column _text;
        private readonly DataViewSchema.Column? _pair;
        private readonly OutputColumn[] _outputs;

        public Mapper(DataViewSchema input, TransformerClassificationTransformer owner, DataViewSchema.Column text, DataViewSchema.Column? pair)
            : base(input)
        {
            _owner = owner;
            _text = text;
            _pair = pair;
            _outputs = Outputs(owner._columns, owner.Labels);
        }

        public override IReadOnlyList<OutputColumn> OutputColumns => _outputs;

        public override IEnumerable<int> GetInputDependencies(int outputIndex) => _pair is { } p ? [_text.Index, p.Index] : [_text.Index];

        public override Delegate?[] CreateGetters(DataViewRow input, Func<int, bool> isOutputActive)
        {
            var text = input.GetGetter<ReadOnlyMemory<char>>(_text);
            var pair = _pair is { } p ? input.GetGetter<ReadOnlyMemory<char>>(p) : null;
            long cachedPosition = -1;
            float[] probabilities = [];
            ReadOnlyMemory<char> t = default, u = default;
            void Compute()
            {
                if (cachedPosition == input.Position)
                    return;
                text(ref t);
                string? second = null;
                if (pair is not null)
                {
                    pair(ref u);
                    second = u.ToString();
                }
                probabilities = _owner._classifier.Predict([(t.ToString(), second)])[0];
                cachedPosition = input.Position;
            }
            if (_owner._columns.Probability is not null)
            {
                ValueGetter<float> logOdds = (ref float destination) => { Compute(); destination = LogOdds(probabilities[1]); };
                ValueGetter<float> probability = (ref float destination) => { Compute(); destination = probabilities[1]; };
                ValueGetter<bool> isTrue = (ref bool destination) => { Compute(); destination = probabilities[1] > 0.5f; };
                return [isOutputActive(0) ? logOdds : null, isOutputActive(1) ? probability : null, isOutputActive(2) ? isTrue : null];
            }
            ValueGetter<VBuffer<float>> score = (ref VBuffer<float> destination) =>
            {
                Compute();
                TextVectors.Write(ref destination, probabilities.Length, i => probabilities[i]);
            };
            ValueGetter<uint> predicted = (ref uint destination) =>
            {
                Compute();
                destination = (uint)(ArgMax(probabilities) + 1);
            };
            return [isOutputActive(0) ? score : null, isOutputActive(1) ? predicted : null];
        }
    }
}

/// <summary>Reads <see cref="TransformerClassificationTransformer"/> artifacts.</summary>
public sealed class TransformerClassificationLoader : ITextKitComponentLoader
{
    /// <inheritdoc />
    public string ComponentType => TransformerClassificationTransformer.Type;

    /// <inheritdoc />
    public int MaxVersion => TransformerClassificationTransformer.Version;

    /// <inheritdoc />
    public ITransformer Load(ArtifactReader reader, ComponentLoadContext context)
    {
        var o = reader.ReadJson<TransformerClassificationTransformer.SavedOptions>("options.json");
        if (string.IsNullOrEmpty(o.Text) || string.IsNullOrEmpty(o.Score) || string.IsNullOrEmpty(o.PredictedLabel) || o.BatchSize < 1 || o.Labels is not { Length: >= 2 })
            throw reader.Invalid("options.json is incomplete (columns, batch size or labels).");
        if (o.Probability is not null && (o.Probability.Length == 0 || o.Labels.Length != 2))
            throw reader.Invalid("options.json names a Probability column but the classifier is not binary (2 labels).");
        var folder = ModelFolderArtifact.Restore(reader);
        var model = TransformerModels.Load(folder, new LoadOptions { Task = ModelTask.SequenceClassification });
        var classifier = new TransformerClassifier(model, TransformerTokenizers.FromFolder(folder), o.Labels, o.MaxLength);
        return new TransformerClassificationTransformer(new TransformerClassificationTransformer.Columns(o.Text, o.TextPair, o.Score, o.PredictedLabel, o.Probability), o.BatchSize, classifier, folder);
    }
}
