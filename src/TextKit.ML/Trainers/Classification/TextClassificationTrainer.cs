using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms;
using Microsoft.ML.Transforms.Text;
using TextKit.Cleaning;
using TextKit.ML.DataView;

namespace TextKit.ML.Trainers;

/// <summary>Linear learner behind <see cref="TextClassificationTrainer"/>.</summary>
public enum TextClassifierAlgorithm
{
    /// <summary>ML.NET <c>SdcaMaximumEntropy</c> (multinomial logistic regression, SDCA), one thread so runs repeat exactly. Default.</summary>
    Sdca,

    /// <summary>ML.NET <c>LbfgsMaximumEntropy</c> (multinomial logistic regression, L-BFGS).</summary>
    Lbfgs,

    /// <summary>One-versus-all over ML.NET <c>SdcaNonCalibrated</c> with hinge loss (a linear SVM); scores are margins, not probabilities.</summary>
    LinearSvm,
}

/// <summary>
/// A classical text classifier in one estimator: TextKit cleaning (<c>CleanText</c>) and word tokenization
/// (<c>TokenizeWords</c>), ML.NET word n-grams (<c>MapValueToKey</c> + <c>ProduceNgrams</c>, TF-IDF by default) with L2
/// normalization, then an ML.NET multiclass linear trainer. <see cref="Fit"/> returns the fitted ML.NET chain, so the
/// result works with <c>Transform</c>, <c>PredictionEngine</c>, <c>mlContext.MulticlassClassification.Evaluate</c> and
/// one-file persistence (<c>TextKitModel.Save</c>).
/// </summary>
/// <remarks>
/// <para>Input: a text column and a label column (text or key). A text label is mapped to a key inside the model
/// (labels in ordinal order), so the label column must also be present when the model is applied; any value works for
/// unlabeled rows (unknown values become the missing key). Output: <c>Score</c> (one float per class),
/// <c>PredictedLabel</c> (key whose KeyValues are the label strings) and <see cref="Options.PredictedLabelValueColumnName"/>
/// (the label string), plus the intermediate feature columns.</para>
/// <para>Defaults (word 1–2-grams, TF-IDF, L2 norm, SDCA with L2 = 1e-6 and 30 passes) give 83.37% on SST-2 dev with
/// the full training set (docs/classification.md). Training rows need a non-empty text and a label; fewer than two
/// classes is an error (TK801–TK803).</para>
/// </remarks>
public sealed class TextClassificationTrainer : IEstimator<TransformerChain<ITransformer>>
{
    /// <summary>Options of <see cref="TextClassificationTrainer"/>. Column defaults match <c>LoadClassification</c>.</summary>
    public sealed class Options
    {
        /// <summary>Input text column. Default "Text".</summary>
        public string TextColumnName { get; set; } = "Text";

        /// <summary>Label column: text (mapped to a key inside the model) or key. Default "Label".</summary>
        public string LabelColumnName { get; set; } = "Label";

        /// <summary>Output column holding the predicted label as text (from the key's values). Default "PredictedLabelValue".</summary>
        public string PredictedLabelValueColumnName { get; set; } = Defaults.PredictedLabelValueColumnName;

        /// <summary>Cleaning applied before tokenizing. Default: <see cref="TextCleanerOptions"/> defaults plus lower-casing.</summary>
        public TextCleanerOptions Cleaning { get; set; } = new() { LowerCase = true };

        /// <summary>Longest word n-gram (1 = bag of words). Default 2.</summary>
        public int NgramLength { get; set; } = Defaults.NgramLength;

        /// <summary>N-gram weighting. Default TF-IDF.</summary>
        public NgramExtractingEstimator.WeightingCriteria Weighting { get; set; } = NgramExtractingEstimator.WeightingCriteria.TfIdf;

        /// <summary>Most n-grams kept (by count). Default 10,000,000 (in practice: all).</summary>
        public int MaximumNgrams { get; set; } = Defaults.MaximumNgrams;

        /// <summary>The learner. Default <see cref="TextClassifierAlgorithm.Sdca"/>.</summary>
        public TextClassifierAlgorithm Algorithm { get; set; } = TextClassifierAlgorithm.Sdca;

        /// <summary>L2 regularization; null uses the algorithm's default here (SDCA and SVM 1e-6, L-BFGS 0.03).</summary>
        public float? L2Regularization { get; set; }

        /// <summary>Passes over the data (SDCA, SVM). Default 30.</summary>
        public int MaximumIterations { get; set; } = Defaults.MaximumIterations;
    }

    internal static class Defaults
    {
        public const string PredictedLabelValueColumnName = "PredictedLabelValue";
        public const int NgramLength = 2;
        public const int MaximumNgrams = 10_000_000;
        public const int MaximumIterations = 30;
        public const float SdcaL2 = 1e-6f;
        public const float LbfgsL2 = 0.03f;
    }

    // Internal column names; prefixed so they do not collide with user columns.
    internal const string CleanColumn = "TextKitCleanText";
    internal const string TokensColumn = "TextKitTokens";
    internal const string TokenKeysColumn = "TextKitTokenKeys";
    internal const string NgramsColumn = "TextKitNgrams";
    internal const string FeaturesColumn = "Features";

    private readonly MLContext _mlContext;
    private readonly Options _options;

    internal TextClassificationTrainer(MLContext mlContext, Options options)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.TextColumnName, nameof(options.TextColumnName));
        ArgumentException.ThrowIfNullOrEmpty(options.LabelColumnName, nameof(options.LabelColumnName));
        ArgumentException.ThrowIfNullOrEmpty(options.PredictedLabelValueColumnName, nameof(options.PredictedLabelValueColumnName));
        ArgumentNullException.ThrowIfNull(options.Cleaning, nameof(options.Cleaning));
        if (options.NgramLength is < 1 or > 5)
            throw new ArgumentOutOfRangeException(nameof(options.NgramLength), options.NgramLength, "Use 1 to 5.");
        if (options.MaximumNgrams < 1)
            throw new ArgumentOutOfRangeException(nameof(options.MaximumNgrams), options.MaximumNgrams, "Must be positive.");
        if (options.MaximumIterations < 1)
            throw new ArgumentOutOfRangeException(nameof(options.MaximumIterations), options.MaximumIterations, "Must be positive.");
        if (options.L2Regularization is { } l2 && !(l2 >= 0 && float.IsFinite(l2)))
            throw new ArgumentOutOfRangeException(nameof(options.L2Regularization), l2, "Must be a finite number >= 0.");
        if (!Enum.IsDefined(options.Algorithm))
            throw new ArgumentOutOfRangeException(nameof(options.Algorithm), options.Algorithm, "Unknown algorithm.");
        _mlContext = mlContext;
        _options = options;
    }

    /// <summary>The options this trainer was created with.</summary>
    public Options TrainerOptions => _options;

    private (DataViewSchema.Column Text, DataViewSchema.Column Label) CheckInput(DataViewSchema schema)
    {
        var text = SchemaChecks.RequireColumn(schema, _options.TextColumnName, SchemaChecks.IsText, "Text");
        var label = SchemaChecks.RequireColumn(schema, _options.LabelColumnName,
            t => t is TextDataViewType || (t is KeyDataViewType k && k.RawType == typeof(uint)), "Text or a UInt32 key (the class label)");
        return (text, label);
    }

    private IEstimator<ITransformer> Pipeline(bool labelIsText)
    {
        var t = _mlContext.Transforms;
        IEstimator<ITransformer> pipeline = new EstimatorChain<ITransformer>();
        if (labelIsText)
            pipeline = pipeline.Append(t.Conversion.MapValueToKey(_options.LabelColumnName, keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue));
        pipeline = pipeline
            .Append(_mlContext.TextKit().Transforms.CleanText(CleanColumn, _options.TextColumnName, _options.Cleaning))
            .Append(_mlContext.TextKit().Transforms.TokenizeWords(TokensColumn, CleanColumn))
            .Append(t.Conversion.MapValueToKey(TokenKeysColumn, TokensColumn))
            .Append(t.Text.ProduceNgrams(NgramsColumn, TokenKeysColumn, ngramLength: _options.NgramLength, useAllLengths: true,
                maximumNgramsCount: _options.MaximumNgrams, weighting: _options.Weighting))
            .Append(t.NormalizeLpNorm(FeaturesColumn, NgramsColumn))
            .Append(Learner())
            .Append(t.Conversion.MapKeyToValue(_options.PredictedLabelValueColumnName, "PredictedLabel"));
        return pipeline;
    }

    private IEstimator<ITransformer> Learner()
    {
        var trainers = _mlContext.MulticlassClassification.Trainers;
        var label = _options.LabelColumnName;
        switch (_options.Algorithm)
        {
            case TextClassifierAlgorithm.Lbfgs:
                return trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
                {
                    LabelColumnName = label,
                    FeatureColumnName = FeaturesColumn,
                    L2Regularization = _options.L2Regularization ?? Defaults.LbfgsL2,
                    L1Regularization = 0,
                });
            case TextClassifierAlgorithm.LinearSvm:
                var binary = _mlContext.BinaryClassification.Trainers.SdcaNonCalibrated(new SdcaNonCalibratedBinaryTrainer.Options
                {
                    LabelColumnName = label,
                    FeatureColumnName = FeaturesColumn,
                    LossFunction = new HingeLoss(),
                    L2Regularization = _options.L2Regularization ?? Defaults.SdcaL2,
                    MaximumNumberOfIterations = _options.MaximumIterations,
                    NumberOfThreads = 1,
                    Shuffle = true,
                });
                return trainers.OneVersusAll(binary, labelColumnName: label);
            default:
                return trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
                {
                    LabelColumnName = label,
                    FeatureColumnName = FeaturesColumn,
                    L2Regularization = _options.L2Regularization ?? Defaults.SdcaL2,
                    MaximumNumberOfIterations = _options.MaximumIterations,
                    // SDCA with several threads is not reproducible run to run.
                    NumberOfThreads = 1,
                    Shuffle = true,
                });
        }
    }

    /// <summary>Checks the training rows (TK801–TK803), then fits cleaning, features and the learner.</summary>
    public TransformerChain<ITransformer> Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (text, label) = CheckInput(input.Schema);
        try
        {
            CheckRows(input, text, label);
        }
        catch (InvalidOperationException e) when (e.InnerException is TextKitException inner)
        {
            // A cached view (mlContext.Data.Cache) wraps reader errors; surface the TextKit error itself.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(inner);
        }
        var fitted = Pipeline(label.Type is TextDataViewType).Fit(input);
        // The typed chain ends with the key-to-value mapper; expose it as a plain chain of transformers.
        return new TransformerChain<ITransformer>(((IEnumerable<ITransformer>)fitted).ToArray());
    }

    private static void CheckRows(IDataView input, DataViewSchema.Column text, DataViewSchema.Column label)
    {
        using var cursor = input.GetRowCursor([text, label]);
        var getText = cursor.GetGetter<ReadOnlyMemory<char>>(text);
        var labels = new HashSet<string>(StringComparer.Ordinal);
        ReadOnlyMemory<char> value = default;
        Func<string?> readLabel;
        if (label.Type is TextDataViewType)
        {
            var getLabel = cursor.GetGetter<ReadOnlyMemory<char>>(label);
            readLabel = () =>
            {
                getLabel(ref value);
                var s = value.ToString().Trim();
                return s.Length == 0 ? null : s;
            };
        }
        else
        {
            var getKey = cursor.GetGetter<uint>(label);
            uint key = 0;
            readLabel = () =>
            {
                getKey(ref key);
                return key == 0 ? null : key.ToString(System.Globalization.CultureInfo.InvariantCulture);
            };
        }
        long rows = 0;
        while (cursor.MoveNext())
        {
            rows++;
            getText(ref value);
            if (value.Span.Trim().IsEmpty)
                throw new TextKitException("TK802", $"Training row {cursor.Position + 1}: the text column '{text.Name}' is empty; a classifier cannot learn from it. Remove empty rows before training.");
            var l = readLabel() ?? throw new TextKitException("TK803", $"Training row {cursor.Position + 1}: the label column '{label.Name}' is empty or missing.");
            labels.Add(l);
        }
        if (labels.Count < 2)
            throw new TextKitException("TK801", rows == 0
                ? "The training data has no rows."
                : $"The training data has {labels.Count} class ('{labels.Single()}'); a classifier needs at least two.");
    }

    /// <summary>The output shape: the input plus the feature, score and predicted-label columns.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var (_, label) = CheckInput(SchemaChecks.ToSchema(inputSchema));
        return Pipeline(label.Type is TextDataViewType).GetOutputSchema(inputSchema);
    }
}
