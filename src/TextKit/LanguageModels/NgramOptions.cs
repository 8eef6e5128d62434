namespace TextKit.LanguageModels;

/// <summary>How sentence boundaries are added around each training and test sentence.</summary>
public enum SentencePadding
{
    /// <summary>
    /// One <c>&lt;s&gt;</c> before and one <c>&lt;/s&gt;</c> after the sentence; contexts at the sentence start are
    /// shorter (KenLM, SRILM).
    /// </summary>
    Single,

    /// <summary><c>order − 1</c> copies of <c>&lt;s&gt;</c> before and one <c>&lt;/s&gt;</c> after (NLTK's <c>padded_everygram_pipeline</c>).</summary>
    Full,
}

/// <summary>The estimator that turns counts into probabilities.</summary>
public enum Smoothing
{
    /// <summary>Maximum likelihood (relative frequencies). Unseen n-grams get 0; unseen contexts use the longest seen one.</summary>
    Mle,

    /// <summary>Add-k (Lidstone; Laplace when k = 1) on the full context, uniform below it (as NLTK's <c>Laplace</c>/<c>Lidstone</c>).</summary>
    AddK,

    /// <summary>Interpolated Witten-Bell (Witten &amp; Bell 1991; Chen &amp; Goodman 1998 §2.5).</summary>
    WittenBell,

    /// <summary>Interpolated absolute discounting with D = n1/(n1+2 n2) per order (Ney, Essen &amp; Kneser 1994).</summary>
    AbsoluteDiscounting,

    /// <summary>Interpolated Kneser-Ney with one discount per order (Kneser &amp; Ney 1995; Chen &amp; Goodman 1998).</summary>
    KneserNey,

    /// <summary>Interpolated modified Kneser-Ney with three discounts per order (Chen &amp; Goodman 1998).</summary>
    ModifiedKneserNey,

    /// <summary>Stupid backoff (Brants et al. 2007): relative frequency, else α × lower order. A score, not a distribution.</summary>
    StupidBackoff,
}

/// <summary>How probabilities and backoff weights are stored in memory (and in the binary format).</summary>
public enum LmPrecision
{
    /// <summary>64-bit log10 values: exact sums, 24 bytes per middle-order entry and 16 per top-order entry before hashing slack.</summary>
    Double,

    /// <summary>32-bit log10 values (KenLM's probing layout): 16 and 12 bytes per entry; probabilities round to ~7 digits.</summary>
    Single,
}

/// <summary>Options of an n-gram language model: counting, vocabulary, smoothing and storage.</summary>
public sealed class NgramModelOptions
{
    /// <summary>N-gram order, 1 to 5. Default 3.</summary>
    public int Order { get; set; } = 3;

    /// <summary>The smoothing method. Default interpolated modified Kneser-Ney.</summary>
    public Smoothing Smoothing { get; set; } = Smoothing.ModifiedKneserNey;

    /// <summary>Sentence boundary padding. Default <see cref="SentencePadding.Single"/> (KenLM/SRILM).</summary>
    public SentencePadding Padding { get; set; } = SentencePadding.Single;

    /// <summary>Tokens seen fewer times than this in training become the unknown word. Default 1 (keep all).</summary>
    public int MinCount { get; set; } = 1;

    /// <summary>A fixed vocabulary: when set, every other token becomes the unknown word (and <see cref="MinCount"/> is not used).</summary>
    public IEnumerable<string>? Vocabulary { get; set; }

    /// <summary>Spelling of the unknown word. Default <c>&lt;unk&gt;</c>.</summary>
    public string UnknownToken { get; set; } = LmVocabulary.DefaultUnknownToken;

    /// <summary>k of add-k smoothing (1 = Laplace). Default 1.</summary>
    public double AddK { get; set; } = 1.0;

    /// <summary>
    /// A fixed discount for <see cref="Smoothing.KneserNey"/> and <see cref="Smoothing.AbsoluteDiscounting"/> (e.g. 0.75,
    /// NLTK's default). Null (default): estimated per order as n1/(n1+2 n2).
    /// </summary>
    public double? Discount { get; set; }

    /// <summary>The backoff factor of stupid backoff. Default 0.4 (Brants et al. 2007).</summary>
    public double StupidBackoffAlpha { get; set; } = 0.4;

    /// <summary>
    /// Count pruning per order (index 0 = order 1, ignored): n-grams of order k seen at most <c>PruneThresholds[k-1]</c>
    /// times are dropped and their probability mass goes to the context's backoff weight. N-grams that a kept higher
    /// order needs as context or suffix stay. Null (default): no pruning.
    /// </summary>
    public int[]? PruneThresholds { get; set; }

    /// <summary>Storage precision. Default <see cref="LmPrecision.Double"/>.</summary>
    public LmPrecision Precision { get; set; } = LmPrecision.Double;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Order, 1, nameof(Order));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Order, NgramCounter.MaxOrder, nameof(Order));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinCount, 1, nameof(MinCount));
        if (!Enum.IsDefined(Smoothing))
            throw new ArgumentOutOfRangeException(nameof(Smoothing), Smoothing, "Unknown smoothing method.");
        if (!Enum.IsDefined(Padding))
            throw new ArgumentOutOfRangeException(nameof(Padding), Padding, "Unknown padding.");
        if (!Enum.IsDefined(Precision))
            throw new ArgumentOutOfRangeException(nameof(Precision), Precision, "Unknown precision.");
        ArgumentException.ThrowIfNullOrEmpty(UnknownToken, nameof(UnknownToken));
        LmVocabulary.ValidateToken(UnknownToken, nameof(UnknownToken));
        if (UnknownToken is LmVocabulary.BeginToken or LmVocabulary.EndToken)
            throw new ArgumentException("The unknown word cannot be spelled <s> or </s>.", nameof(UnknownToken));
        if (!(AddK > 0) || double.IsInfinity(AddK))
            throw new ArgumentOutOfRangeException(nameof(AddK), AddK, "k must be a positive finite number.");
        if (Discount is { } d && !(d > 0 && d < 1))
            throw new ArgumentOutOfRangeException(nameof(Discount), d, "A fixed discount must lie strictly between 0 and 1.");
        if (!(StupidBackoffAlpha > 0 && StupidBackoffAlpha <= 1))
            throw new ArgumentOutOfRangeException(nameof(StupidBackoffAlpha), StupidBackoffAlpha, "The stupid-backoff factor must lie in (0, 1].");
        if (PruneThresholds is { } p)
        {
            if (p.Length > Order)
                throw new ArgumentException($"PruneThresholds has {p.Length} entries for an order-{Order} model.", nameof(PruneThresholds));
            if (p.Any(t => t < 0))
                throw new ArgumentOutOfRangeException(nameof(PruneThresholds), "Prune thresholds cannot be negative.");
        }
    }

    internal NgramModelOptions Clone() => (NgramModelOptions)MemberwiseClone();
}
