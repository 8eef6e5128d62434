using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.Corpora;
using TextKit.ML.DataView;
using TextKit.Sequence;

namespace TextKit.ML.Trainers;

/// <summary>
/// Trains the averaged-perceptron NER tagger (<see cref="PerceptronNerModel"/>) from sentences with a token column
/// and an aligned tag column (vectors of text), e.g. <c>mlContext.TextKit().Data.LoadConllNer</c> output. The fitted
/// <see cref="NerTaggerTransformer"/> maps the token column to a predicted-tag column.
/// </summary>
/// <remarks>
/// <para>Estimator characteristics: trains (reads the rows once, then iterates in memory); input vectors of text;
/// output vector of text (one tag per token); saved inside the TextKit model file. Deterministic for a seed.</para>
/// <para>Errors: a row whose tag count differs from its token count is TK811; a tag outside the scheme TK813; an
/// <c>I-X</c> after <c>O</c> (IOB2) TK814 unless <see cref="PerceptronNerOptions.InvalidTags"/> is Repair.</para>
/// </remarks>
public sealed class NerPerceptronTrainer : TextKitEstimator<NerTaggerTransformer>
{
    /// <summary>Options of <see cref="NerPerceptronTrainer"/>. Column defaults match <c>LoadConllNer</c>.</summary>
    public sealed class Options
    {
        /// <summary>Token column (vector of text). Default "Tokens".</summary>
        public string TokensColumnName { get; set; } = "Tokens";

        /// <summary>Gold tag column (vector of text, one tag per token). Default "Tags".</summary>
        public string TagsColumnName { get; set; } = "Tags";

        /// <summary>Output column of the fitted transformer. Default "PredictedTags".</summary>
        public string OutputColumnName { get; set; } = "PredictedTags";

        /// <summary>Training options (epochs, seed, scheme, invalid-tag handling).</summary>
        public PerceptronNerOptions Training { get; set; } = new();
    }

    private readonly Options _options;

    internal NerPerceptronTrainer(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.TokensColumnName, nameof(options.TokensColumnName));
        ArgumentException.ThrowIfNullOrEmpty(options.TagsColumnName, nameof(options.TagsColumnName));
        ArgumentException.ThrowIfNullOrEmpty(options.OutputColumnName, nameof(options.OutputColumnName));
        ArgumentNullException.ThrowIfNull(options.Training, nameof(options.Training));
        options.Training.Validate();
        _options = options;
    }

    private (DataViewSchema.Column Tokens, DataViewSchema.Column Tags) CheckInput(DataViewSchema schema)
        => (SchemaChecks.RequireColumn(schema, _options.TokensColumnName, SchemaChecks.IsTextVector, "vector of Text (tokens)"),
            SchemaChecks.RequireColumn(schema, _options.TagsColumnName, SchemaChecks.IsTextVector, "vector of Text (tags, one per token)"));

    /// <inheritdoc />
    public override NerTaggerTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (tokens, tags) = CheckInput(input.Schema);
        PerceptronNerModel model;
        try
        {
            model = PerceptronNerTrainer.Train(Rows(input, tokens, tags), _options.Training);
        }
        catch (InvalidOperationException e) when (e.InnerException is TextKitException inner)
        {
            // A cached view (mlContext.Data.Cache) wraps reader errors; surface the TextKit error itself.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(inner);
            throw;
        }
        return new NerTaggerTransformer(_options.OutputColumnName, _options.TokensColumnName, model);
    }

    private static IEnumerable<TaggedTokens> Rows(IDataView input, DataViewSchema.Column tokens, DataViewSchema.Column tags)
    {
        using var cursor = input.GetRowCursor([tokens, tags]);
        var getTokens = cursor.GetGetter<VBuffer<ReadOnlyMemory<char>>>(tokens);
        var getTags = cursor.GetGetter<VBuffer<ReadOnlyMemory<char>>>(tags);
        VBuffer<ReadOnlyMemory<char>> t = default, g = default;
        while (cursor.MoveNext())
        {
            getTokens(ref t);
            getTags(ref g);
            yield return new TaggedTokens(
                t.DenseValues().Select(v => v.ToString()).ToArray(),
                g.DenseValues().Select(v => v.ToString()).ToArray(),
                $"Training row {cursor.Position + 1} (columns '{tokens.Name}'/'{tags.Name}')");
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
