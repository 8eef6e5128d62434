namespace TextKit.Morphology;

/// <summary>
/// One reading of a word: its lemma, Universal POS tag, language-specific tag (PTB tags for English), UD features
/// (<c>Number=Plur|...</c>, or <c>_</c>) and the model's probability for it.
/// </summary>
public readonly record struct MorphAnalysis(string Lemma, string Upos, string Xpos, string Feats, double Probability)
{
    /// <summary>CoNLL-U style: <c>lemma UPOS XPOS FEATS p</c>.</summary>
    public override string ToString() => $"{Lemma} {Upos} {Xpos} {Feats} {Probability:0.###}";
}

/// <summary>One annotated word to learn from: the FORM, LEMMA, UPOS, XPOS and FEATS columns of CoNLL-U.</summary>
public readonly record struct MorphologyExample(string Form, string Lemma, string Upos, string Xpos = "_", string Feats = "_");

/// <summary>Options for <see cref="MorphologyModel.Train(IEnumerable{MorphologyExample}, WordNetLexicon?, MorphologyTrainingOptions?)"/>.</summary>
public sealed class MorphologyTrainingOptions
{
    /// <summary>Longest word ending (in characters) the suffix rules look at. Default 8.</summary>
    public int MaxSuffixLength { get; set; } = Defaults.MaxSuffixLength;

    /// <summary>A word ending is used only when at least this many training word types end with it. Default 2.</summary>
    public int MinSuffixCount { get; set; } = Defaults.MinSuffixCount;

    /// <summary>
    /// Log-score bonus of a candidate lemma found in the lexicon (WordNet or the training lemmas) over one that is
    /// not. Default 3: a lexicon word wins unless its rule is about 20 times less likely.
    /// </summary>
    public double LexiconWeight { get; set; } = Defaults.LexiconWeight;

    /// <summary>A description of the training data, kept in the model's metadata.</summary>
    public string? Source { get; set; }

    internal static class Defaults
    {
        public const int MaxSuffixLength = 8;
        public const int MinSuffixCount = 2;
        public const double LexiconWeight = 3.0;
    }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSuffixLength, 1, nameof(MaxSuffixLength));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxSuffixLength, 32, nameof(MaxSuffixLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinSuffixCount, 1, nameof(MinSuffixCount));
        if (!double.IsFinite(LexiconWeight) || LexiconWeight < 0)
            throw new ArgumentOutOfRangeException(nameof(LexiconWeight), LexiconWeight, "Must be a finite number ≥ 0.");
    }
}
