using Microsoft.ML;
using TextKit.ML.DataView;
using TextKit.ML.Transforms;
using TextKit.Tagging;

namespace TextKit.ML.Trainers;

/// <summary>
/// Trains an averaged-perceptron POS tagger (<see cref="PerceptronTagger"/>) from annotated sentences, e.g.
/// <c>mlContext.TextKit().Data.LoadConllU</c> output: a token vector column and aligned gold tag vector columns (UPOS,
/// XPOS, FEATS; the layers whose column is named are learned). The fitted transformer tags the token column.
/// </summary>
/// <remarks>
/// <para>Estimator characteristics: trains (reads every row, then several passes in memory); inputs vectors of text;
/// outputs vectors of text; the trained model is saved inside the TextKit model file. Deterministic for a seed.</para>
/// </remarks>
public sealed class PerceptronTaggerEstimator : TextKitEstimator<TagPartsOfSpeechTransformer>
{
    /// <summary>Options of <see cref="PerceptronTaggerEstimator"/>. Column defaults match <c>LoadConllU</c>.</summary>
    public sealed class Options
    {
        /// <summary>Token column (vector of text). Default "Tokens".</summary>
        public string TokensColumnName { get; set; } = "Tokens";

        /// <summary>Gold UPOS column, or null not to learn UPOS. Default "Upos".</summary>
        public string? UposColumnName { get; set; } = "Upos";

        /// <summary>Gold XPOS column, or null. Default "Xpos".</summary>
        public string? XposColumnName { get; set; } = "Xpos";

        /// <summary>Gold FEATS column, or null. Default "Feats".</summary>
        public string? FeatsColumnName { get; set; } = "Feats";

        /// <summary>Output UPOS column of the fitted transformer. Default "PredictedUpos".</summary>
        public string PredictedUposColumnName { get; set; } = "PredictedUpos";

        /// <summary>Output XPOS column. Default "PredictedXpos".</summary>
        public string PredictedXposColumnName { get; set; } = "PredictedXpos";

        /// <summary>Output FEATS column. Default "PredictedFeats".</summary>
        public string PredictedFeatsColumnName { get; set; } = "PredictedFeats";

        /// <summary>Training options (iterations, seed, lexicon, clusters, ...); null for the defaults.</summary>
        public PerceptronTaggerOptions? Training { get; set; }
    }

    private readonly Options _options;

    internal PerceptronTaggerEstimator(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.TokensColumnName, nameof(options.TokensColumnName));
        if (options.UposColumnName is "" || options.XposColumnName is "" || options.FeatsColumnName is "")
            throw new ArgumentException("Use null, not an empty name, for a layer not to learn.", nameof(options));
        if (options.UposColumnName is null && options.XposColumnName is null)
            throw new ArgumentException("Name a UPOS or an XPOS column: the tagger needs at least one of them.", nameof(options));
        ArgumentException.ThrowIfNullOrEmpty(options.PredictedUposColumnName, nameof(options.PredictedUposColumnName));
        ArgumentException.ThrowIfNullOrEmpty(options.PredictedXposColumnName, nameof(options.PredictedXposColumnName));
        ArgumentException.ThrowIfNullOrEmpty(options.PredictedFeatsColumnName, nameof(options.PredictedFeatsColumnName));
        (options.Training ?? new PerceptronTaggerOptions()).Validate();
        _options = options;
    }

    private TagLayers Layers => TaggerTrainingData.Layers(_options.UposColumnName, _options.XposColumnName, _options.FeatsColumnName);

    private DataViewSchema.Column[] CheckInput(DataViewSchema schema)
        => TaggerTrainingData.CheckInput(schema, _options.TokensColumnName, _options.UposColumnName, _options.XposColumnName, _options.FeatsColumnName);

    /// <inheritdoc />
    public override TagPartsOfSpeechTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var columns = CheckInput(input.Schema);
        var data = TaggerTrainingData.Read(input, columns, Layers);
        var source = _options.Training ?? new PerceptronTaggerOptions();
        var training = new PerceptronTaggerOptions
        {
            Iterations = source.Iterations,
            Seed = source.Seed,
            Ensemble = source.Ensemble,
            Layers = Layers,
            FrequentWordMinCount = source.FrequentWordMinCount,
            FrequentWordMinRatio = source.FrequentWordMinRatio,
            CandidateMinCount = source.CandidateMinCount,
            FeatsShortcutMinCount = source.FeatsShortcutMinCount,
            JackknifeFolds = source.JackknifeFolds,
            TwoPass = source.TwoPass,
            BeamWidth = source.BeamWidth,
            BeamTemperature = source.BeamTemperature,
            MinAbsWeight = source.MinAbsWeight,
            Lexicon = source.Lexicon,
            Clusters = source.Clusters,
            Morphology = source.Morphology,
            TrainingDataDescription = string.IsNullOrEmpty(source.TrainingDataDescription) ? "ML.NET data view" : source.TrainingDataDescription,
            Command = string.IsNullOrEmpty(source.Command) ? "mlContext.TextKit().Trainers.PerceptronTagger" : source.Command,
        };
        var tagger = PerceptronTaggerTrainer.Train(data, training);
        return new TagPartsOfSpeechTransformer(_options.TokensColumnName, _options.PredictedUposColumnName, _options.PredictedXposColumnName, _options.PredictedFeatsColumnName, tagger);
    }

    /// <inheritdoc />
    protected override DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        CheckInput(inputSchema);
        return TagPartsOfSpeechEstimator.OutputSchema(inputSchema, Layers, _options.PredictedUposColumnName, _options.PredictedXposColumnName, _options.PredictedFeatsColumnName);
    }
}
