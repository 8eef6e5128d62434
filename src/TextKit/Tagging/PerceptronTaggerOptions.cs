namespace TextKit.Tagging;

/// <summary>Training options of <see cref="PerceptronTaggerTrainer"/>.</summary>
public sealed class PerceptronTaggerOptions
{
    /// <summary>Passes over the training data. Default 8.</summary>
    public int Iterations { get; set; } = 8;

    /// <summary>Seed of the per-iteration shuffle; training is deterministic for a given seed. Default 1.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>
    /// Layers to learn; <see cref="TagLayers.None"/> (default) learns every layer present in all training sentences.
    /// At least one of UPOS and XPOS is needed.
    /// </summary>
    public TagLayers Layers { get; set; } = TagLayers.None;

    /// <summary>
    /// Frequent-word shortcut: a word seen at least this many times with one tag in at least
    /// <see cref="FrequentWordMinRatio"/> of its occurrences is tagged by lookup, skipping the perceptron. 0 disables it.
    /// Default 20.
    /// </summary>
    public int FrequentWordMinCount { get; set; } = 20;

    /// <summary>See <see cref="FrequentWordMinCount"/>. Default 0.99.</summary>
    public double FrequentWordMinRatio { get; set; } = 0.99;

    /// <summary>
    /// At tagging time, a word seen at least this many times in training is only given one of the tags it was seen
    /// with (a tag dictionary, which also makes scoring cheaper). 0 disables it. Default 20.
    /// </summary>
    public int CandidateMinCount { get; set; } = 20;

    /// <summary>
    /// FEATS shortcut: a (lower-cased word, UPOS/XPOS tag) pair seen at least this many times in training, always with
    /// the same FEATS value, is given that value by lookup instead of the FEATS perceptron ("dogs" + NNS →
    /// Number=Plur). On EWT it covers ~60 % of the words the FEATS head would score and changes ~3 of 25k dev
    /// words. 0 disables it. Default 10.
    /// </summary>
    public int FeatsShortcutMinCount { get; set; } = 10;

    /// <summary>
    /// Folds for the ambiguity-class features: the tag sets of training words are computed from the other folds
    /// (jackknifing), so that rare training words look like unseen words do at test time. 1 disables it. Default 10.
    /// </summary>
    public int JackknifeFolds { get; set; } = 10;

    /// <summary>
    /// Tag each sentence twice: the second left-to-right pass also sees the first pass's tags of the next two words
    /// (right context), which fixes errors like VBD/VBN and IN/RP at about twice the tagging cost. Default true.
    /// </summary>
    public bool TwoPass { get; set; } = true;

    /// <summary>
    /// Tag histories kept by the beam search of the model's output pass (stored in the model; see
    /// <see cref="PerceptronTagger.WithBeam"/>). 1, the default, is greedy decoding. The shipped English model uses 3: on
    /// EWT dev +0.08 UPOS / +0.07 XPOS for 0.8× the tagging speed; on Brown test no change (docs/tagging.md).
    /// </summary>
    public int BeamWidth { get; set; } = 1;

    /// <summary>The softmax temperature of the beam's per-word distributions. Default <see cref="PerceptronTagger.DefaultBeamTemperature"/>.</summary>
    public double BeamTemperature { get; set; } = PerceptronTagger.DefaultBeamTemperature;

    /// <summary>
    /// Number of models trained with seeds Seed, Seed + 1, ... whose weights are averaged into one model (parameter
    /// mixing): more accurate than any member on EWT, at the same tagging cost; training takes this many times longer
    /// and the model is larger. Default 1.
    /// </summary>
    public int Ensemble { get; set; } = 1;

    /// <summary>Averaged weights with a smaller absolute value are dropped when the model is frozen (model size). Default 0.</summary>
    public float MinAbsWeight { get; set; }

    /// <summary>External lexicon (word → classes, e.g. tags in another corpus) for unknown-word features; optional.</summary>
    public TagLexicon? Lexicon { get; set; }

    /// <summary>
    /// Morphological analyser whose unknown-word guesser (suffixes checked against WordNet) gives features to words
    /// the tagger has not seen; null disables them. Default: the shipped English model
    /// (<see cref="TextKit.Morphology.EnglishModels.Morphology"/>); a saved tagger records whether it used it.
    /// </summary>
    public TextKit.Morphology.MorphologyModel? Morphology { get; set; } = TextKit.Morphology.EnglishModels.Morphology;

    /// <summary>Word clusters learned from unlabelled text (e.g. Brown clusters); optional.</summary>
    public WordClusters? Clusters { get; set; }

    /// <summary>Description of the training data stored in the model's <see cref="ModelInfo"/>.</summary>
    public string TrainingDataDescription { get; set; } = "";

    /// <summary>Training command stored in the model's <see cref="ModelInfo"/>.</summary>
    public string Command { get; set; } = "";

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Iterations, 1, nameof(Iterations));
        ArgumentOutOfRangeException.ThrowIfLessThan(Ensemble, 1, nameof(Ensemble));
        ArgumentOutOfRangeException.ThrowIfNegative(FrequentWordMinCount, nameof(FrequentWordMinCount));
        if (FrequentWordMinRatio is <= 0.5 or > 1)
            throw new ArgumentOutOfRangeException(nameof(FrequentWordMinRatio), FrequentWordMinRatio, "must be in (0.5, 1].");
        ArgumentOutOfRangeException.ThrowIfNegative(CandidateMinCount, nameof(CandidateMinCount));
        ArgumentOutOfRangeException.ThrowIfNegative(FeatsShortcutMinCount, nameof(FeatsShortcutMinCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(JackknifeFolds, 1, nameof(JackknifeFolds));
        ArgumentOutOfRangeException.ThrowIfNegative(MinAbsWeight, nameof(MinAbsWeight));
        if (BeamWidth is < 1 or > PerceptronTagger.MaxBeamWidth)
            throw new ArgumentOutOfRangeException(nameof(BeamWidth), BeamWidth, $"must be in 1..{PerceptronTagger.MaxBeamWidth}.");
        if (!double.IsFinite(BeamTemperature) || BeamTemperature <= 0)
            throw new ArgumentOutOfRangeException(nameof(BeamTemperature), BeamTemperature, "must be a finite number above 0.");
    }
}

/// <summary>Progress of a tagger training run, reported once per iteration.</summary>
public sealed class TrainingProgress
{
    /// <summary>1-based iteration just finished.</summary>
    public int Iteration { get; init; }

    /// <summary>Total iterations.</summary>
    public int Iterations { get; init; }

    /// <summary>1-based ensemble member being trained; 0 for the final report of the averaged ensemble.</summary>
    public int Member { get; init; } = 1;

    /// <summary>Ensemble members (<see cref="PerceptronTaggerOptions.Ensemble"/>).</summary>
    public int Members { get; init; } = 1;

    /// <summary>Accuracy of the primary (UPOS/XPOS) head on the training data during this pass, in percent.</summary>
    public double TrainAccuracy { get; init; }

    /// <summary>Dev-set scores with the averaged weights after this iteration (null without a dev set).</summary>
    public TagAccuracy? Dev { get; init; }

    /// <summary>Time since training started.</summary>
    public TimeSpan Elapsed { get; init; }
}
