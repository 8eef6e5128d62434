using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.LanguageModels;
using TextKit.ML.DataView;

namespace TextKit.ML.Trainers;

/// <summary>
/// Trains an n-gram language model on a token-vector column (one sentence per row) and returns a transformer that adds
/// per-row language-model features: log10 probability, perplexity and out-of-vocabulary rate.
/// </summary>
/// <remarks>
/// <para>Estimator characteristics: trains (counts n-grams, one pass); input vector of text; outputs three Single columns;
/// saved in one file with <c>TextKitModel.Save</c> (the model travels in TextKit's binary LM format).</para>
/// <seealso cref="LanguageModelCatalog.TrainNgramLanguageModel(TextKitTrainers, Options)"/>
/// </remarks>
public sealed class NgramLanguageModelTrainer : TextKitEstimator<NgramLanguageModelTransformer>
{
    /// <summary>Options of <see cref="NgramLanguageModelTrainer"/>.</summary>
    public sealed class Options
    {
        /// <summary>The token column (vector of text, one sentence per row). Default "Tokens".</summary>
        public string InputColumnName { get; set; } = Defaults.InputColumnName;

        /// <summary>Output: log10 probability of the row's tokens and the sentence end. Default "LmLog10Probability".</summary>
        public string LogProbabilityColumnName { get; set; } = Defaults.LogProbabilityColumnName;

        /// <summary>Output: per-token perplexity of the row. Default "LmPerplexity".</summary>
        public string PerplexityColumnName { get; set; } = Defaults.PerplexityColumnName;

        /// <summary>Output: share of the row's tokens outside the vocabulary. Default "LmOovRate".</summary>
        public string OovRateColumnName { get; set; } = Defaults.OovRateColumnName;

        /// <summary>N-gram order, 1 to 5. Default 3.</summary>
        public int Order { get; set; } = Defaults.Order;

        /// <summary>Smoothing method. Default interpolated modified Kneser-Ney.</summary>
        public Smoothing Smoothing { get; set; } = Smoothing.ModifiedKneserNey;

        /// <summary>Sentence padding. Default single (KenLM/SRILM).</summary>
        public SentencePadding Padding { get; set; } = SentencePadding.Single;

        /// <summary>Tokens seen fewer times become the unknown word. Default 1.</summary>
        public int MinCount { get; set; } = 1;

        /// <summary>k of add-k smoothing. Default 1.</summary>
        public double AddK { get; set; } = 1.0;

        /// <summary>Fixed discount for Kneser-Ney / absolute discounting; null = estimated.</summary>
        public double? Discount { get; set; }

        /// <summary>Count pruning thresholds per order (see <see cref="NgramModelOptions.PruneThresholds"/>).</summary>
        public int[]? PruneThresholds { get; set; }

        /// <summary>Storage precision. Default double.</summary>
        public LmPrecision Precision { get; set; } = LmPrecision.Double;

        internal NgramModelOptions ToModelOptions() => new()
        {
            Order = Order,
            Smoothing = Smoothing,
            Padding = Padding,
            MinCount = MinCount,
            AddK = AddK,
            Discount = Discount,
            PruneThresholds = PruneThresholds,
            Precision = Precision,
        };
    }

    internal static class Defaults
    {
        public const string InputColumnName = "Tokens";
        public const string LogProbabilityColumnName = "LmLog10Probability";
        public const string PerplexityColumnName = "LmPerplexity";
        public const string OovRateColumnName = "LmOovRate";
        public const int Order = 3;
    }

    private readonly Options _options;
    private readonly NgramLanguageModelTransformer.Columns _columns;

    internal NgramLanguageModelTrainer(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.InputColumnName, nameof(options.InputColumnName));
        _columns = new NgramLanguageModelTransformer.Columns(options.InputColumnName, options.LogProbabilityColumnName,
            options.PerplexityColumnName, options.OovRateColumnName);
        _columns.Validate();
        try
        {
            options.ToModelOptions().Validate();
        }
        catch (TextKitException e)
        {
            throw new ArgumentException(e.Message, nameof(options), e);
        }
        _options = options;
    }

    /// <inheritdoc />
    public override NgramLanguageModelTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var column = NgramLanguageModelTransformer.CheckInput(input.Schema, _options.InputColumnName);
        var trainer = new NgramModelTrainer(_options.ToModelOptions());
        using (var cursor = input.GetRowCursor([column]))
        {
            var getter = cursor.GetGetter<VBuffer<ReadOnlyMemory<char>>>(column);
            var tokens = default(VBuffer<ReadOnlyMemory<char>>);
            ReadOnlyMemory<char>[] dense = [];
            while (cursor.MoveNext())
            {
                getter(ref tokens);
                if (tokens.IsDense)
                {
                    trainer.Add(tokens.GetValues());
                }
                else
                {
                    if (dense.Length < tokens.Length)
                        dense = new ReadOnlyMemory<char>[tokens.Length];
                    tokens.CopyTo(dense);
                    trainer.Add(dense.AsSpan(0, tokens.Length));
                }
            }
        }
        return new NgramLanguageModelTransformer(_columns, trainer.Build());
    }

    /// <inheritdoc />
    protected override DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        NgramLanguageModelTransformer.CheckInput(inputSchema, _options.InputColumnName);
        return NgramLanguageModelTransformer.OutputSchema(inputSchema, _columns);
    }
}

/// <summary>
/// Adds language-model features of a given (already trained or loaded) model to a token-vector column. Fit does not
/// train; it validates the schema and returns the scoring transformer.
/// </summary>
public sealed class NgramLanguageModelScorer : TextKitEstimator<NgramLanguageModelTransformer>
{
    private readonly NgramLanguageModelTransformer _transformer;

    internal NgramLanguageModelScorer(NgramLanguageModel model, NgramLanguageModelTransformer.Columns columns)
    {
        ArgumentNullException.ThrowIfNull(model);
        columns.Validate();
        _transformer = new NgramLanguageModelTransformer(columns, model);
    }

    /// <inheritdoc />
    public override NgramLanguageModelTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        NgramLanguageModelTransformer.CheckInput(input.Schema, _transformer.ColumnNames.Input);
        return _transformer;
    }

    /// <inheritdoc />
    protected override DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => _transformer.GetOutputSchema(inputSchema);
}
