using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.ML.DataView;
using TextKit.Stemming;

namespace TextKit.ML.Transforms;

/// <summary>Estimator for <see cref="StemWordsTransformer"/> (nothing to learn: <c>Fit</c> validates the schema).</summary>
public sealed class StemWordsEstimator : TextKitEstimator<StemWordsTransformer>
{
    /// <summary>Options of <see cref="StemWordsEstimator"/>.</summary>
    public sealed class Options
    {
        /// <summary>Name of the output column (same shape as the input).</summary>
        public string OutputColumnName { get; set; } = "";

        /// <summary>Name of the input column (vector of text, or text); null means the output column name.</summary>
        public string? InputColumnName { get; set; }

        /// <summary>Porter, Porter2 (classic Snowball english; default) or Porter2Revised (Snowball 3).</summary>
        public StemmerAlgorithm Algorithm { get; set; } = Defaults.Algorithm;

        /// <summary>Lower-case tokens before stemming (default true; Snowball treats capitals as consonants).</summary>
        public bool LowerCase { get; set; } = Defaults.LowerCase;
    }

    internal static class Defaults
    {
        public const StemmerAlgorithm Algorithm = StemmerAlgorithm.Porter2;
        public const bool LowerCase = true;
    }

    private readonly Options _options;

    internal StemWordsEstimator(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.OutputColumnName, nameof(options.OutputColumnName));
        if (!Enum.IsDefined(options.Algorithm))
            throw new ArgumentOutOfRangeException(nameof(options), options.Algorithm, "Unknown stemming algorithm.");
        _options = options;
    }

    private string InputColumnName => _options.InputColumnName ?? _options.OutputColumnName;

    /// <inheritdoc />
    public override StemWordsTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        StemWordsTransformer.CheckInput(input.Schema, InputColumnName);
        return new StemWordsTransformer(_options);
    }

    /// <inheritdoc />
    protected override DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        var column = StemWordsTransformer.CheckInput(inputSchema, InputColumnName);
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        builder.AddColumn(_options.OutputColumnName, column.Type is TextDataViewType ? TextDataViewType.Instance : TextVectors.TextVectorType);
        return builder.ToSchema();
    }
}
