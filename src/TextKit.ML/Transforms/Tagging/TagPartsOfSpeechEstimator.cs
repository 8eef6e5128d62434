using Microsoft.ML;
using TextKit.ML.DataView;
using TextKit.Tagging;

namespace TextKit.ML.Transforms;

/// <summary>
/// Estimator for <see cref="TagPartsOfSpeechTransformer"/> with a ready tagger (by default the shipped English EWT
/// perceptron model: UPOS, PTB XPOS and UD FEATS): <c>Fit</c> only validates the schema. To learn a tagger from
/// annotated data use the <c>PerceptronTagger</c> or <c>HmmTagger</c> trainers.
/// </summary>
public sealed class TagPartsOfSpeechEstimator : TextKitEstimator<TagPartsOfSpeechTransformer>
{
    /// <summary>Options of <see cref="TagPartsOfSpeechEstimator"/>.</summary>
    public sealed class Options
    {
        /// <summary>Token column (vector of text, one sentence per row). Default "Tokens".</summary>
        public string TokensColumnName { get; set; } = Defaults.TokensColumnName;

        /// <summary>UPOS output column, or null to skip it. Default "PredictedUpos".</summary>
        public string? UposColumnName { get; set; } = Defaults.UposColumnName;

        /// <summary>XPOS output column, or null to skip it. Default "PredictedXpos".</summary>
        public string? XposColumnName { get; set; } = Defaults.XposColumnName;

        /// <summary>FEATS output column, or null to skip it. Default "PredictedFeats".</summary>
        public string? FeatsColumnName { get; set; } = Defaults.FeatsColumnName;

        /// <summary>The tagger; null means the shipped English model (<see cref="PerceptronTagger.LoadDefault"/>).</summary>
        public IPosTagger? Model { get; set; }
    }

    internal static class Defaults
    {
        public const string TokensColumnName = "Tokens";
        public const string UposColumnName = "PredictedUpos";
        public const string XposColumnName = "PredictedXpos";
        public const string FeatsColumnName = "PredictedFeats";
    }

    private readonly Options _options;

    internal TagPartsOfSpeechEstimator(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.TokensColumnName, nameof(options.TokensColumnName));
        CheckOutputNames(options.UposColumnName, options.XposColumnName, options.FeatsColumnName);
        _options = options;
    }

    internal static void CheckOutputNames(string? upos, string? xpos, string? feats)
    {
        if (upos is "" || xpos is "" || feats is "")
            throw new ArgumentException("Use null, not an empty name, to skip an output column.");
        if (upos is null && xpos is null && feats is null)
            throw new ArgumentException("At least one of the UPOS, XPOS and FEATS output columns must be named.");
    }

    private IPosTagger Tagger => _options.Model ?? PerceptronTagger.LoadDefault();

    /// <inheritdoc />
    public override TagPartsOfSpeechTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        TagPartsOfSpeechTransformer.CheckInput(input.Schema, _options.TokensColumnName);
        return new TagPartsOfSpeechTransformer(_options.TokensColumnName, _options.UposColumnName, _options.XposColumnName, _options.FeatsColumnName, Tagger);
    }

    /// <inheritdoc />
    protected override DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        TagPartsOfSpeechTransformer.CheckInput(inputSchema, _options.TokensColumnName);
        return OutputSchema(inputSchema, Tagger.Layers, _options.UposColumnName, _options.XposColumnName, _options.FeatsColumnName);
    }

    internal static DataViewSchema OutputSchema(DataViewSchema inputSchema, TagLayers layers, string? upos, string? xpos, string? feats)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        if ((layers & TagLayers.Upos) != 0 && upos is not null)
            builder.AddColumn(upos, TextVectors.TextVectorType);
        if ((layers & TagLayers.Xpos) != 0 && xpos is not null)
            builder.AddColumn(xpos, TextVectors.TextVectorType);
        if ((layers & TagLayers.Feats) != 0 && feats is not null)
            builder.AddColumn(feats, TextVectors.TextVectorType);
        return builder.ToSchema();
    }
}
