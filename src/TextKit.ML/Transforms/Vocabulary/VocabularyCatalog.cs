using TextKit.ML.Transforms;

namespace TextKit.ML;

/// <summary>Vocabulary transforms on <c>mlContext.TextKit().Transforms</c>.</summary>
public static class VocabularyCatalog
{
    /// <summary>
    /// Learns the tokens seen at least <paramref name="minCount"/> times in <paramref name="inputColumnName"/> and
    /// replaces all others with <paramref name="unknownToken"/>.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Name of the output token column.</param>
    /// <param name="inputColumnName">Name of the input token column (vector of text); null means <paramref name="outputColumnName"/>.</param>
    /// <param name="minCount">Minimum training count for a token to stay.</param>
    /// <param name="unknownToken">Replacement for the others.</param>
    public static ReplaceRareTokensEstimator ReplaceRareTokens(this TextKitTransforms catalog, string outputColumnName,
        string? inputColumnName = null, int minCount = ReplaceRareTokensEstimator.Defaults.MinCount,
        string unknownToken = ReplaceRareTokensEstimator.Defaults.UnknownToken)
        => ReplaceRareTokens(catalog, new ReplaceRareTokensEstimator.Options
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            MinCount = minCount,
            UnknownToken = unknownToken,
        });

    /// <summary>Learns a vocabulary and replaces rare tokens, with all options.</summary>
    public static ReplaceRareTokensEstimator ReplaceRareTokens(this TextKitTransforms catalog, ReplaceRareTokensEstimator.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ReplaceRareTokensEstimator(options);
    }
}
