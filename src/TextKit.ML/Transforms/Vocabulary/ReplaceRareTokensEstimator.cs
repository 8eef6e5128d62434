using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.ML.DataView;
using TextKit.Text;

namespace TextKit.ML.Transforms;

/// <summary>
/// Learns a vocabulary from a token-vector column and replaces every token outside it with an unknown token
/// (the <c>&lt;unk&gt;</c> step of n-gram models and count-based featurizers).
/// </summary>
/// <remarks>
/// <para>Estimator characteristics: trains (counts tokens); input vector of text; output vector of text;
/// saved in one file with <c>TextKitModel.Save</c> (stateful TextKit component).</para>
/// <seealso cref="VocabularyCatalog.ReplaceRareTokens(TextKitTransforms, string, string?, int, string)"/>
/// </remarks>
public sealed class ReplaceRareTokensEstimator : TextKitEstimator<ReplaceRareTokensTransformer>
{
    /// <summary>Options of <see cref="ReplaceRareTokensEstimator"/>.</summary>
    public sealed class Options
    {
        /// <summary>Name of the output column (vector of text).</summary>
        public string OutputColumnName { get; set; } = "";

        /// <summary>Name of the input token column; null means the output column name.</summary>
        public string? InputColumnName { get; set; }

        /// <summary>Keep tokens seen at least this many times in the training data. Default 2.</summary>
        public int MinCount { get; set; } = Defaults.MinCount;

        /// <summary>When positive, keep only this many most frequent tokens. Default 0 (no limit).</summary>
        public int MaxVocabularySize { get; set; }

        /// <summary>The replacement for tokens outside the vocabulary. Default <c>&lt;unk&gt;</c>.</summary>
        public string UnknownToken { get; set; } = Defaults.UnknownToken;
    }

    internal static class Defaults
    {
        public const int MinCount = 2;
        public const string UnknownToken = "<unk>";
    }

    private readonly Options _options;

    internal ReplaceRareTokensEstimator(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.OutputColumnName, nameof(options.OutputColumnName));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MinCount, 1, nameof(options.MinCount));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxVocabularySize, nameof(options.MaxVocabularySize));
        ArgumentNullException.ThrowIfNull(options.UnknownToken, nameof(options.UnknownToken));
        _options = options;
    }

    private string InputColumnName => _options.InputColumnName ?? _options.OutputColumnName;

    /// <inheritdoc />
    public override ReplaceRareTokensTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var column = ReplaceRareTokensTransformer.CheckInput(input.Schema, InputColumnName);
        var builder = new VocabularyBuilder();
        using (var cursor = input.GetRowCursor([column]))
        {
            var getter = cursor.GetGetter<VBuffer<ReadOnlyMemory<char>>>(column);
            var tokens = default(VBuffer<ReadOnlyMemory<char>>);
            while (cursor.MoveNext())
            {
                getter(ref tokens);
                foreach (var token in tokens.DenseValues())
                    builder.Add(token.Span);
            }
        }
        var vocabulary = builder.Build(_options.MinCount, _options.MaxVocabularySize);
        return new ReplaceRareTokensTransformer(_options.OutputColumnName, InputColumnName, _options.UnknownToken, vocabulary);
    }

    /// <inheritdoc />
    protected override DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ReplaceRareTokensTransformer.CheckInput(inputSchema, InputColumnName);
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        builder.AddColumn(_options.OutputColumnName, TextVectors.TextVectorType);
        return builder.ToSchema();
    }
}
