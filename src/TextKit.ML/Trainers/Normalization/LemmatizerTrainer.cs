using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.ML.DataView;
using TextKit.ML.Transforms;
using TextKit.Morphology;

namespace TextKit.ML.Trainers;

/// <summary>
/// Learns a lemmatizer (and morphological analyzer) from annotated sentences, e.g. <c>mlContext.TextKit().Data.LoadConllU</c>
/// output: vector columns of tokens, UPOS, XPOS, lemmas and features, aligned word by word. The fitted transformer
/// lemmatizes the token column with the tag columns (see <see cref="LemmatizeWordsTransformer"/>); its
/// <c>Lemmatizer.Model</c> also serves <see cref="MorphologicalAnalyzer"/>.
/// </summary>
/// <remarks>
/// <para>Estimator characteristics: trains (reads every row once); inputs vectors of text; output vector of text; the
/// trained model is saved inside the TextKit model file. Deterministic (no randomness).</para>
/// <seealso cref="NormalizationCatalog.Lemmatizer(TextKitTrainers, LemmatizerTrainer.Options)"/>
/// </remarks>
public sealed class LemmatizerTrainer : TextKitEstimator<LemmatizeWordsTransformer>
{
    /// <summary>Options of <see cref="LemmatizerTrainer"/>. Column defaults match <c>LoadConllU</c>.</summary>
    public sealed class Options
    {
        /// <summary>Token column (vector of text). Default "Tokens".</summary>
        public string TokensColumnName { get; set; } = "Tokens";

        /// <summary>UPOS column (vector of text). Default "Upos".</summary>
        public string UposColumnName { get; set; } = "Upos";

        /// <summary>XPOS column (vector of text), or null when the data has none. Default "Xpos".</summary>
        public string? XposColumnName { get; set; } = "Xpos";

        /// <summary>Gold lemma column (vector of text). Default "Lemmas".</summary>
        public string LemmasColumnName { get; set; } = "Lemmas";

        /// <summary>UD features column (vector of text), or null. Default "Feats".</summary>
        public string? FeatsColumnName { get; set; } = "Feats";

        /// <summary>Output column of the fitted transformer. Default "PredictedLemmas".</summary>
        public string OutputColumnName { get; set; } = "PredictedLemmas";

        /// <summary>
        /// WordNet lexicon that validates candidate lemmas. Null (default) uses the lexicon inside the shipped English
        /// model (WordNet 3.0 + 3.1); <see cref="WordNetLexicon.Empty"/> trains without one (e.g. for other languages).
        /// </summary>
        public WordNetLexicon? Lexicon { get; set; }

        /// <summary>Longest word ending the suffix rules use. Default 8.</summary>
        public int MaxSuffixLength { get; set; } = MorphologyTrainingOptions.Defaults.MaxSuffixLength;

        /// <summary>Word types an ending needs before its rules are used. Default 2.</summary>
        public int MinSuffixCount { get; set; } = MorphologyTrainingOptions.Defaults.MinSuffixCount;

        /// <summary>Score bonus of candidate lemmas found in the lexicon. Default 3.</summary>
        public double LexiconWeight { get; set; } = MorphologyTrainingOptions.Defaults.LexiconWeight;
    }

    private readonly Options _options;

    internal LemmatizerTrainer(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.TokensColumnName, nameof(options.TokensColumnName));
        ArgumentException.ThrowIfNullOrEmpty(options.UposColumnName, nameof(options.UposColumnName));
        ArgumentException.ThrowIfNullOrEmpty(options.LemmasColumnName, nameof(options.LemmasColumnName));
        ArgumentException.ThrowIfNullOrEmpty(options.OutputColumnName, nameof(options.OutputColumnName));
        if (options.XposColumnName is "" || options.FeatsColumnName is "")
            throw new ArgumentException("Use null, not an empty name, for an absent XPOS or FEATS column.", nameof(options));
        TrainingOptions(options).Validate();
        _options = options;
    }

    private static MorphologyTrainingOptions TrainingOptions(Options o) => new()
    {
        MaxSuffixLength = o.MaxSuffixLength,
        MinSuffixCount = o.MinSuffixCount,
        LexiconWeight = o.LexiconWeight,
        Source = "ML.NET data view",
    };

    private DataViewSchema.Column[] CheckInput(DataViewSchema schema)
    {
        var (tokens, upos, xpos) = LemmatizeWordsTransformer.CheckInput(schema, _options.TokensColumnName, _options.UposColumnName, _options.XposColumnName);
        var lemmas = SchemaChecks.RequireColumn(schema, _options.LemmasColumnName, SchemaChecks.IsTextVector, "vector of Text (gold lemmas, one per token)");
        var columns = new List<DataViewSchema.Column> { tokens, upos!.Value, lemmas };
        if (xpos is { } x)
            columns.Add(x);
        if (_options.FeatsColumnName is { } featsName)
            columns.Add(SchemaChecks.RequireColumn(schema, featsName, SchemaChecks.IsTextVector, "vector of Text (UD features, one per token)"));
        return columns.ToArray();
    }

    /// <inheritdoc />
    public override LemmatizeWordsTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var columns = CheckInput(input.Schema);
        var lexicon = _options.Lexicon ?? EnglishModels.Morphology.WordNet;
        var model = MorphologyModel.Train(Examples(input, columns), lexicon, TrainingOptions(_options));
        return new LemmatizeWordsTransformer(_options.OutputColumnName, _options.TokensColumnName, _options.UposColumnName, _options.XposColumnName, model);
    }

    private IEnumerable<MorphologyExample> Examples(IDataView input, DataViewSchema.Column[] columns)
    {
        bool hasXpos = _options.XposColumnName is not null;
        bool hasFeats = _options.FeatsColumnName is not null;
        using var cursor = input.GetRowCursor(columns);
        var getters = columns.Select(c => cursor.GetGetter<VBuffer<ReadOnlyMemory<char>>>(c)).ToArray();
        var buffers = new VBuffer<ReadOnlyMemory<char>>[columns.Length];
        while (cursor.MoveNext())
        {
            var values = new ReadOnlyMemory<char>[columns.Length][];
            for (int i = 0; i < columns.Length; i++)
            {
                getters[i](ref buffers[i]);
                values[i] = buffers[i].DenseValues().ToArray();
                if (values[i].Length != values[0].Length)
                    throw new TextKitException("TK504", $"Training row {cursor.Position}: column '{columns[0].Name}' has {values[0].Length} tokens but '{columns[i].Name}' has {values[i].Length} values; every column needs one value per token.");
            }
            for (int w = 0; w < values[0].Length; w++)
            {
                int next = 3;
                var xpos = hasXpos ? values[next++][w].ToString() : "_";
                var feats = hasFeats ? values[next][w].ToString() : "_";
                yield return new MorphologyExample(values[0][w].ToString(), values[2][w].ToString(), values[1][w].ToString(), xpos, feats);
            }
        }
    }

    /// <inheritdoc />
    protected override DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        CheckInput(inputSchema);
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        builder.AddColumn(_options.OutputColumnName, TextVectors.TextVectorType);
        return builder.ToSchema();
    }
}
