using TextKit.Cleaning;
using TextKit.ML.Transforms;

namespace TextKit.ML;

/// <summary>Text cleaning on <c>mlContext.TextKit().Transforms</c>.</summary>
public static class CleaningCatalog
{
    /// <summary>
    /// Cleans <paramref name="inputColumnName"/> into <paramref name="outputColumnName"/>. Null options mean the defaults
    /// (<see cref="TextCleanerOptions"/>); presets: <see cref="TextCleanerOptions.WebText"/>, <see cref="TextCleanerOptions.SocialMedia"/>.
    /// </summary>
    public static CleanTextEstimator CleanText(this TextKitTransforms catalog, string outputColumnName, string? inputColumnName = null,
        TextCleanerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new CleanTextEstimator(outputColumnName, inputColumnName, options);
    }
}
