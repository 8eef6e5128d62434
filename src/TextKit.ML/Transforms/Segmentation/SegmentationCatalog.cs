using TextKit.ML.Transforms;

namespace TextKit.ML;

/// <summary>Sentence segmentation on <c>mlContext.TextKit().Transforms</c>.</summary>
public static class SegmentationCatalog
{
    /// <summary>Splits <paramref name="inputColumnName"/> into sentences with the shipped English model.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Output column: vector of sentence texts.</param>
    /// <param name="inputColumnName">Input text column; null means <paramref name="outputColumnName"/>.</param>
    /// <param name="offsetsColumnName">When set, an Int32 vector column of [start, end) pairs.</param>
    public static SplitSentencesEstimator SplitSentences(this TextKitTransforms catalog, string outputColumnName,
        string? inputColumnName = null, string? offsetsColumnName = null)
        => SplitSentences(catalog, new SplitSentencesEstimator.Options
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            OffsetsColumnName = offsetsColumnName,
        });

    /// <summary>Sentence splitting with all options (line breaks, a custom model).</summary>
    public static SplitSentencesEstimator SplitSentences(this TextKitTransforms catalog, SplitSentencesEstimator.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new SplitSentencesEstimator(options);
    }

    /// <summary>
    /// A sentence splitter that learns in <c>Fit</c>: supervised from a gold-sentences column, or Punkt-style from the
    /// text alone; the learned model is saved with the pipeline.
    /// </summary>
    public static TrainSentenceSplitterEstimator TrainSentenceSplitter(this TextKitTransforms catalog, TrainSentenceSplitterEstimator.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TrainSentenceSplitterEstimator(options);
    }
}
