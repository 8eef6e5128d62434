using Microsoft.ML;
using TextKit.ML.DataView;
using TextKit.Morphology;

namespace TextKit.ML.Transforms;

/// <summary>
/// Estimator for <see cref="LemmatizeWordsTransformer"/> with a ready model (by default the shipped English one):
/// <c>Fit</c> only validates the schema. To learn a model from annotated data use the <c>Lemmatizer</c> trainer.
/// </summary>
public sealed class LemmatizeWordsEstimator : TextKitEstimator<LemmatizeWordsTransformer>
{
    /// <summary>Options of <see cref="LemmatizeWordsEstimator"/>.</summary>
    public sealed class Options
    {
        /// <summary>Name of the output column (vector of text, one lemma per token).</summary>
        public string OutputColumnName { get; set; } = "";

        /// <summary>Name of the token column (vector of text).</summary>
        public string TokensColumnName { get; set; } = Defaults.TokensColumnName;

        /// <summary>Name of the UPOS column (vector of text, one tag per token), or null to lemmatize without tags.</summary>
        public string? UposColumnName { get; set; }

        /// <summary>Name of the XPOS column (e.g. PTB tags), or null. Sharpens the choice when present.</summary>
        public string? XposColumnName { get; set; }

        /// <summary>The model; null means the shipped English model (<see cref="EnglishModels.Morphology"/>).</summary>
        public MorphologyModel? Model { get; set; }
    }

    internal static class Defaults
    {
        public const string TokensColumnName = "Tokens";
    }

    private readonly Options _options;

    internal LemmatizeWordsEstimator(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.OutputColumnName, nameof(options.OutputColumnName));
        ArgumentException.ThrowIfNullOrEmpty(options.TokensColumnName, nameof(options.TokensColumnName));
        if (options.UposColumnName is "")
            throw new ArgumentException("Use null, not an empty name, for no UPOS column.", nameof(options));
        if (options.XposColumnName is "")
            throw new ArgumentException("Use null, not an empty name, for no XPOS column.", nameof(options));
        _options = options;
    }

    /// <inheritdoc />
    public override LemmatizeWordsTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        LemmatizeWordsTransformer.CheckInput(input.Schema, _options.TokensColumnName, _options.UposColumnName, _options.XposColumnName);
        return new LemmatizeWordsTransformer(_options.OutputColumnName, _options.TokensColumnName, _options.UposColumnName, _options.XposColumnName,
            _options.Model ?? EnglishModels.Morphology);
    }

    /// <inheritdoc />
    protected override DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        LemmatizeWordsTransformer.CheckInput(inputSchema, _options.TokensColumnName, _options.UposColumnName, _options.XposColumnName);
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        builder.AddColumn(_options.OutputColumnName, TextVectors.TextVectorType);
        return builder.ToSchema();
    }
}
