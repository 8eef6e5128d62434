using Microsoft.ML;
using TextKit.ML.DataView;
using TextKit.Morphology;

namespace TextKit.ML.Transforms;

/// <summary>Estimator for <see cref="AnalyzeMorphologyTransformer"/> (nothing to learn: <c>Fit</c> validates the schema).</summary>
public sealed class AnalyzeMorphologyEstimator : TextKitEstimator<AnalyzeMorphologyTransformer>
{
    /// <summary>Options of <see cref="AnalyzeMorphologyEstimator"/>.</summary>
    public sealed class Options
    {
        /// <summary>Output column of UD features (vector of text; <c>_</c> for none).</summary>
        public string OutputColumnName { get; set; } = "";

        /// <summary>Token column (vector of text). Default "Tokens".</summary>
        public string TokensColumnName { get; set; } = "Tokens";

        /// <summary>UPOS column to agree with (e.g. a tagger's output), or null to take each word's most likely reading.</summary>
        public string? UposColumnName { get; set; }

        /// <summary>XPOS column to agree with, or null.</summary>
        public string? XposColumnName { get; set; }

        /// <summary>Optional output column for the analysis' UPOS tag.</summary>
        public string? OutputUposColumnName { get; set; }

        /// <summary>Optional output column for the analysis' XPOS tag.</summary>
        public string? OutputXposColumnName { get; set; }

        /// <summary>Optional output column for the analysis' lemma.</summary>
        public string? OutputLemmaColumnName { get; set; }

        /// <summary>The model; null means the shipped English model.</summary>
        public MorphologyModel? Model { get; set; }
    }

    private readonly Options _options;

    internal AnalyzeMorphologyEstimator(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.OutputColumnName, nameof(options.OutputColumnName));
        ArgumentException.ThrowIfNullOrEmpty(options.TokensColumnName, nameof(options.TokensColumnName));
        string?[] optional = [options.UposColumnName, options.XposColumnName, options.OutputUposColumnName, options.OutputXposColumnName, options.OutputLemmaColumnName];
        if (optional.Any(n => n is ""))
            throw new ArgumentException("Use null, not an empty name, for a column that is not used.", nameof(options));
        var outputs = AnalyzeMorphologyTransformer.Outputs(options).Select(o => o.Name).ToArray();
        if (outputs.Distinct(StringComparer.Ordinal).Count() != outputs.Length)
            throw new ArgumentException($"Output column names must differ: {string.Join(", ", outputs)}.", nameof(options));
        _options = options;
    }

    /// <inheritdoc />
    public override AnalyzeMorphologyTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        LemmatizeWordsTransformer.CheckInput(input.Schema, _options.TokensColumnName, _options.UposColumnName, _options.XposColumnName);
        return new AnalyzeMorphologyTransformer(_options, _options.Model ?? EnglishModels.Morphology);
    }

    /// <inheritdoc />
    protected override DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        LemmatizeWordsTransformer.CheckInput(inputSchema, _options.TokensColumnName, _options.UposColumnName, _options.XposColumnName);
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        foreach (var (name, _) in AnalyzeMorphologyTransformer.Outputs(_options))
            builder.AddColumn(name, TextVectors.TextVectorType);
        return builder.ToSchema();
    }
}
