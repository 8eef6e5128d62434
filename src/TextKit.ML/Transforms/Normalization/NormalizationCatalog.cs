using TextKit.ML.Trainers;
using TextKit.ML.Transforms;
using TextKit.Stemming;

namespace TextKit.ML;

/// <summary>Stemming, lemmatization and morphological analysis on <c>mlContext.TextKit()</c>.</summary>
public static class NormalizationCatalog
{
    /// <summary>
    /// Stems every token of <paramref name="inputColumnName"/> (vector of text, or text for one word) with Porter or
    /// Porter2, exactly as Snowball does.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Output column (same shape as the input).</param>
    /// <param name="inputColumnName">Input column; null means <paramref name="outputColumnName"/>.</param>
    /// <param name="algorithm">Porter, Porter2 (Snowball english, classic; default) or Porter2Revised (Snowball 3).</param>
    /// <param name="lowerCase">Lower-case tokens first (default true).</param>
    public static StemWordsEstimator StemWords(this TextKitTransforms catalog, string outputColumnName, string? inputColumnName = null,
        StemmerAlgorithm algorithm = StemWordsEstimator.Defaults.Algorithm, bool lowerCase = StemWordsEstimator.Defaults.LowerCase)
        => StemWords(catalog, new StemWordsEstimator.Options
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            Algorithm = algorithm,
            LowerCase = lowerCase,
        });

    /// <summary>Stems tokens, with all options.</summary>
    public static StemWordsEstimator StemWords(this TextKitTransforms catalog, StemWordsEstimator.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new StemWordsEstimator(options);
    }

    /// <summary>
    /// Lemmatizes the tokens of <paramref name="tokensColumnName"/> with the shipped English model, guided by the UPOS
    /// tags of <paramref name="posColumnName"/> (one per token; null: each word's most likely reading).
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Output column (vector of text, one lemma per token).</param>
    /// <param name="tokensColumnName">Token column (vector of text).</param>
    /// <param name="posColumnName">UPOS tag column (vector of text), or null.</param>
    public static LemmatizeWordsEstimator LemmatizeWords(this TextKitTransforms catalog, string outputColumnName, string tokensColumnName = "Tokens", string? posColumnName = null)
        => LemmatizeWords(catalog, new LemmatizeWordsEstimator.Options
        {
            OutputColumnName = outputColumnName,
            TokensColumnName = tokensColumnName,
            UposColumnName = posColumnName,
        });

    /// <summary>Lemmatizes tokens, with all options (XPOS column, another model).</summary>
    public static LemmatizeWordsEstimator LemmatizeWords(this TextKitTransforms catalog, LemmatizeWordsEstimator.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new LemmatizeWordsEstimator(options);
    }

    /// <summary>
    /// UD features (and optionally UPOS, XPOS, lemma) of every token, agreeing with the given tag columns when set.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Output column of features (vector of text).</param>
    /// <param name="tokensColumnName">Token column (vector of text).</param>
    /// <param name="uposColumnName">UPOS column to agree with, or null.</param>
    /// <param name="xposColumnName">XPOS column to agree with, or null.</param>
    public static AnalyzeMorphologyEstimator AnalyzeMorphology(this TextKitTransforms catalog, string outputColumnName, string tokensColumnName = "Tokens",
        string? uposColumnName = null, string? xposColumnName = null)
        => AnalyzeMorphology(catalog, new AnalyzeMorphologyEstimator.Options
        {
            OutputColumnName = outputColumnName,
            TokensColumnName = tokensColumnName,
            UposColumnName = uposColumnName,
            XposColumnName = xposColumnName,
        });

    /// <summary>Morphological analysis, with all options.</summary>
    public static AnalyzeMorphologyEstimator AnalyzeMorphology(this TextKitTransforms catalog, AnalyzeMorphologyEstimator.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new AnalyzeMorphologyEstimator(options);
    }

    /// <summary>
    /// Trains a lemmatizer on annotated sentences (token, UPOS, XPOS, lemma, feature columns, as <c>LoadConllU</c> gives).
    /// </summary>
    public static LemmatizerTrainer Lemmatizer(this TextKitTrainers catalog, LemmatizerTrainer.Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new LemmatizerTrainer(options ?? new LemmatizerTrainer.Options());
    }
}
