using Microsoft.ML;
using TextKit.Hmm;
using TextKit.ML.DataView;
using TextKit.ML.Transforms;
using TextKit.Tagging;

namespace TextKit.ML.Trainers;

/// <summary>
/// Trains a TnT-style trigram HMM tagger (<see cref="TrigramHmmTagger"/>) from a token vector column and aligned gold
/// UPOS and/or XPOS vector columns. The fitted transformer tags the token column.
/// </summary>
/// <remarks>
/// <para>Estimator characteristics: trains (one counting pass over the rows); inputs vectors of text; outputs vectors
/// of text; the trained model is saved inside the TextKit model file. Deterministic (counting only).</para>
/// </remarks>
public sealed class HmmTaggerEstimator : TextKitEstimator<TagPartsOfSpeechTransformer>
{
    /// <summary>Options of <see cref="HmmTaggerEstimator"/>. Column defaults match <c>LoadConllU</c>.</summary>
    public sealed class Options
    {
        /// <summary>Token column (vector of text). Default "Tokens".</summary>
        public string TokensColumnName { get; set; } = "Tokens";

        /// <summary>Gold UPOS column, or null. Default "Upos".</summary>
        public string? UposColumnName { get; set; } = "Upos";

        /// <summary>Gold XPOS column, or null. Default "Xpos".</summary>
        public string? XposColumnName { get; set; } = "Xpos";

        /// <summary>Output UPOS column of the fitted transformer. Default "PredictedUpos".</summary>
        public string PredictedUposColumnName { get; set; } = "PredictedUpos";

        /// <summary>Output XPOS column. Default "PredictedXpos".</summary>
        public string PredictedXposColumnName { get; set; } = "PredictedXpos";

        /// <summary>Words seen at most this often feed the suffix model for unknown words (TnT: 10).</summary>
        public int RareWordMaxCount { get; set; } = 10;

        /// <summary>Longest suffix of the unknown-word model (TnT: 10).</summary>
        public int MaxSuffixLength { get; set; } = 10;

        /// <summary>Split tags by capitalization (TnT). Default true.</summary>
        public bool Capitalization { get; set; } = true;

        /// <summary>Viterbi beam in log units. Default 12.</summary>
        public double Beam { get; set; } = 12;
    }

    private readonly Options _options;

    internal HmmTaggerEstimator(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.TokensColumnName, nameof(options.TokensColumnName));
        if (options.UposColumnName is "" || options.XposColumnName is "")
            throw new ArgumentException("Use null, not an empty name, for a layer not to learn.", nameof(options));
        if (options.UposColumnName is null && options.XposColumnName is null)
            throw new ArgumentException("Name a UPOS or an XPOS column.", nameof(options));
        ArgumentException.ThrowIfNullOrEmpty(options.PredictedUposColumnName, nameof(options.PredictedUposColumnName));
        ArgumentException.ThrowIfNullOrEmpty(options.PredictedXposColumnName, nameof(options.PredictedXposColumnName));
        TrainingOptions(options).Validate();
        _options = options;
    }

    private static TrigramHmmTaggerOptions TrainingOptions(Options o) => new()
    {
        Layers = TaggerTrainingData.Layers(o.UposColumnName, o.XposColumnName, null),
        RareWordMaxCount = o.RareWordMaxCount,
        MaxSuffixLength = o.MaxSuffixLength,
        Capitalization = o.Capitalization,
        Beam = o.Beam,
    };

    private DataViewSchema.Column[] CheckInput(DataViewSchema schema)
        => TaggerTrainingData.CheckInput(schema, _options.TokensColumnName, _options.UposColumnName, _options.XposColumnName, null);

    /// <inheritdoc />
    public override TagPartsOfSpeechTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var options = TrainingOptions(_options);
        var data = TaggerTrainingData.Read(input, CheckInput(input.Schema), options.Layers);
        var tagger = TrigramHmmTagger.Train(data, options);
        return new TagPartsOfSpeechTransformer(_options.TokensColumnName, _options.PredictedUposColumnName, _options.PredictedXposColumnName, null, tagger);
    }

    /// <inheritdoc />
    protected override DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        CheckInput(inputSchema);
        return TagPartsOfSpeechEstimator.OutputSchema(inputSchema, TrainingOptions(_options).Layers, _options.PredictedUposColumnName, _options.PredictedXposColumnName, null);
    }
}
