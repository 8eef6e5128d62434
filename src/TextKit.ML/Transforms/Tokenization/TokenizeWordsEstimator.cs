using Microsoft.ML;
using TextKit.ML.DataView;
using TextKit.Tokenization;

namespace TextKit.ML.Transforms;

/// <summary>
/// Splits a text column into words with <see cref="WordTokenizer"/> (UD English / Penn Treebank conventions as in UD
/// EWT): a variable-length vector of text (slices of the input, no copies) and, optionally, an Int32 offsets vector
/// <c>[start0, end0, start1, end1, …]</c> into the input text (exclusive ends).
/// </summary>
/// <remarks>
/// <para>Estimator characteristics: does not train; input Text; outputs vector of Text (+ optional vector of Int32);
/// saved with <c>TextKitModel.Save</c> (options only).</para>
/// <seealso cref="TokenizationCatalog.TokenizeWords(TextKitTransforms, string, string?, string?)"/>
/// </remarks>
public sealed class TokenizeWordsEstimator : TextKitEstimator<TokenizeWordsTransformer>
{
    /// <summary>Options of <see cref="TokenizeWordsEstimator"/>.</summary>
    public sealed class Options
    {
        /// <summary>Name of the output column (vector of text).</summary>
        public string OutputColumnName { get; set; } = "";

        /// <summary>Name of the input text column; null means the output column name.</summary>
        public string? InputColumnName { get; set; }

        /// <summary>When set, also output the character offsets of each token in this column (Int32 pairs).</summary>
        public string? OffsetsColumnName { get; set; }

        /// <summary>
        /// Output syntactic words (<c>do</c>, <c>n't</c>) rather than surface tokens (<c>don't</c>). Default true: what
        /// taggers, lemmatizers and bag-of-words features expect. Set false for surface tokens (e.g. to feed a subword
        /// tokenizer or to reproduce the text).
        /// </summary>
        public bool OutputWords { get; set; } = Defaults.OutputWords;

        /// <summary>See <see cref="WordTokenizerOptions.SplitHyphens"/>. Default true.</summary>
        public bool SplitHyphens { get; set; } = true;

        /// <summary>See <see cref="WordTokenizerOptions.KeepUrlsAndEmails"/>. Default true.</summary>
        public bool KeepUrlsAndEmails { get; set; } = true;
    }

    internal static class Defaults
    {
        public const bool OutputWords = true;
    }

    private readonly Options _options;

    internal TokenizeWordsEstimator(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.OutputColumnName, nameof(options.OutputColumnName));
        if (options.OffsetsColumnName is not null)
        {
            ArgumentException.ThrowIfNullOrEmpty(options.OffsetsColumnName, nameof(options.OffsetsColumnName));
            if (options.OffsetsColumnName == options.OutputColumnName)
                throw new ArgumentException("The offsets column must differ from the output column.", nameof(options.OffsetsColumnName));
        }
        _options = options;
    }

    /// <inheritdoc />
    public override TokenizeWordsTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var transformer = Create();
        transformer.GetOutputSchema(input.Schema);
        return transformer;
    }

    /// <inheritdoc />
    protected override DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => Create().GetOutputSchema(inputSchema);

    private TokenizeWordsTransformer Create() => new(new TokenizeWordsTransformer.Settings(
        _options.OutputColumnName, _options.InputColumnName ?? _options.OutputColumnName, _options.OffsetsColumnName,
        _options.OutputWords, _options.SplitHyphens, _options.KeepUrlsAndEmails));
}
