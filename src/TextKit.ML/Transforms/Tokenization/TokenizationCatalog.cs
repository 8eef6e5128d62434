using TextKit.ML.Transforms;

namespace TextKit.ML;

/// <summary>Word tokenization on <c>mlContext.TextKit().Transforms</c>.</summary>
public static class TokenizationCatalog
{
    /// <summary>
    /// Splits <paramref name="inputColumnName"/> into words (UD English conventions: <c>don't</c> → <c>do</c>, <c>n't</c>;
    /// punctuation split; URLs, e-mails, emoticons and emoji kept whole).
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Output column: vector of text.</param>
    /// <param name="inputColumnName">Input text column; null means <paramref name="outputColumnName"/>.</param>
    /// <param name="offsetsColumnName">When set, an Int32 vector column of [start, end) pairs into the input text.</param>
    public static TokenizeWordsEstimator TokenizeWords(this TextKitTransforms catalog, string outputColumnName,
        string? inputColumnName = null, string? offsetsColumnName = null)
        => TokenizeWords(catalog, new TokenizeWordsEstimator.Options
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            OffsetsColumnName = offsetsColumnName,
        });

    /// <summary>Word tokenization with all options.</summary>
    public static TokenizeWordsEstimator TokenizeWords(this TextKitTransforms catalog, TokenizeWordsEstimator.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TokenizeWordsEstimator(options);
    }
}
