using TextKit.Corpora;

namespace TextKit.Sequence;

/// <summary>Options of <see cref="PerceptronNerTrainer"/>.</summary>
public sealed class PerceptronNerOptions
{
    /// <summary>Passes over the training sentences. Default 10.</summary>
    public int Epochs { get; set; } = Defaults.Epochs;

    /// <summary>Seed of the per-epoch shuffle. Default 1.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Tag scheme of the training tags (default IOB2; IOB2 enables constrained decoding).</summary>
    public TagScheme Scheme { get; set; } = TagScheme.Iob2;

    /// <summary>What to do with a forbidden transition (I-X after O in IOB2) in the training tags: error (TK814, default) or repair.</summary>
    public InvalidTagHandling InvalidTags { get; set; } = InvalidTagHandling.Error;

    internal static class Defaults
    {
        public const int Epochs = 10;
    }

    internal void Validate()
    {
        if (Epochs is < 1 or > 1000)
            throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Use 1 to 1000 epochs.");
        if (!Enum.IsDefined(Scheme))
            throw new ArgumentOutOfRangeException(nameof(Scheme), Scheme, "Unknown tag scheme.");
        if (!Enum.IsDefined(InvalidTags))
            throw new ArgumentOutOfRangeException(nameof(InvalidTags), InvalidTags, "Unknown handling.");
    }
}

/// <summary>One training sentence: tokens and one tag per token; <see cref="Source"/> names it in errors ("file:line", "row 3").</summary>
public readonly record struct TaggedTokens(IReadOnlyList<string> Tokens, IReadOnlyList<string> Tags, string Source);

/// <summary>
/// Trains a <see cref="PerceptronNerModel"/>: for each epoch, sentences in a seeded shuffled order, each token
/// predicted greedily with the model's own previous predictions as history; on a mistake the gold tag's weights gain
/// +1 and the predicted tag's lose 1 for every active feature. The returned weights are the averages over all steps
/// (computed lazily with per-weight timestamps). Deterministic for a seed. Errors: TK810 no training sentences or
/// only O tags; TK811 token/tag count mismatch; TK813 a tag outside the scheme; TK814 a forbidden transition.
/// </summary>
public static class PerceptronNerTrainer
{
    public static PerceptronNerModel Train(IEnumerable<TaggedTokens> sentences, PerceptronNerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        options ??= new PerceptronNerOptions();
        options.Validate();
        var data = new List<(NerFeatures.Sentence Sentence, int[] Gold)>();
        var tagIndex = new SortedSet<string>(StringComparer.Ordinal);
        var raw = new List<(IReadOnlyList<string> Tokens, string[] Tags)>();
        foreach (var s in sentences)
        {
            if (s.Tokens is null || s.Tags is null)
                throw new ArgumentException($"{s.Source}: tokens and tags must not be null.", nameof(sentences));
            if (s.Tokens.Count != s.Tags.Count)
                throw new TextKitException("TK811", $"{s.Source}: {s.Tokens.Count} tokens but {s.Tags.Count} tags; every token needs exactly one tag.");
            var tags = s.Tags.ToArray();
            for (int i = 0; i < tags.Length; i++)
            {
                if (!EntityTags.TryParse(tags[i] ?? "", options.Scheme, out _, out _))
                    throw new TextKitException("TK813", $"{s.Source}, token {i + 1}: {EntityTags.InvalidTagMessage(tags[i] ?? "", options.Scheme)}");
            }
            int bad = EntityTags.FindInvalidTransition(tags, options.Scheme);
            if (bad >= 0)
            {
                if (options.InvalidTags == InvalidTagHandling.Error)
                    throw new TextKitException("TK814", $"{s.Source}, token {bad + 1}: tag '{tags[bad]}' after '{(bad > 0 ? tags[bad - 1] : "the sentence start")}' is not a valid {options.Scheme} sequence. Fix the data or train with InvalidTags = Repair.");
                if (options.InvalidTags == InvalidTagHandling.Repair)
                    tags = EntityTags.Repair(tags, options.Scheme);
            }
            if (tags.Length == 0)
                continue;
            foreach (var t in tags)
                tagIndex.Add(t);
            raw.Add((s.Tokens, tags));
        }
        if (raw.Count == 0)
            throw new TextKitException("TK810", "No training sentences with tokens.");
        if (tagIndex.All(t => t == EntityTags.Outside))
            throw new TextKitException("TK810", "Every training tag is 'O'; the model would never find an entity.");
        // O is always a tag, so decoding can always fall back to it.
        tagIndex.Add(EntityTags.Outside);
        var tagList = tagIndex.ToArray();
        var indexOf = tagList.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i, StringComparer.Ordinal);
        foreach (var (tokens, tags) in raw)
            data.Add((new NerFeatures.Sentence(tokens), tags.Select(t => indexOf[t]).ToArray()));

        var state = new AveragedWeights(tagList.Length);
        var scratch = new PerceptronNerModel(tagList, options.Scheme, state.Current);
        var order = Enumerable.Range(0, data.Count).ToArray();
        var random = new Random(options.Seed);
        var features = new List<ulong>(32);
        var scores = new float[tagList.Length];
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var index in order)
            {
                var (sentence, gold) = data[index];
                string prev = "<s>", prev2 = "<s>";
                for (int i = 0; i < sentence.Count; i++)
                {
                    NerFeatures.Extract(sentence, i, prev, prev2, features);
                    scratch.Score(features, scores);
                    int guess = scratch.Best(scores, prev);
                    state.Tick();
                    if (guess != gold[i])
                    {
                        foreach (var f in features)
                        {
                            state.Update(f, gold[i], 1f);
                            state.Update(f, guess, -1f);
                        }
                    }
                    prev2 = prev;
                    prev = tagList[guess];
                }
            }
        }
        return new PerceptronNerModel(tagList, options.Scheme, state.Averaged());
    }

    /// <summary>Perceptron weights with lazy averaging: totals accumulate weight × time since the last change.</summary>
    private sealed class AveragedWeights(int tags)
    {
        private readonly Dictionary<ulong, (float[] W, double[] Total, long[] Stamp)> _entries = new();
        private long _time;

        public Dictionary<ulong, float[]> Current { get; } = new();

        public void Tick() => _time++;

        public void Update(ulong feature, int tag, float delta)
        {
            if (!_entries.TryGetValue(feature, out var e))
            {
                e = (new float[tags], new double[tags], new long[tags]);
                _entries[feature] = e;
                Current[feature] = e.W;
            }
            e.Total[tag] += (_time - e.Stamp[tag]) * (double)e.W[tag];
            e.Stamp[tag] = _time;
            e.W[tag] += delta;
        }

        public Dictionary<ulong, float[]> Averaged()
        {
            var result = new Dictionary<ulong, float[]>(_entries.Count);
            foreach (var (feature, e) in _entries)
            {
                var avg = new float[tags];
                bool any = false;
                for (int k = 0; k < tags; k++)
                {
                    double total = e.Total[k] + (_time - e.Stamp[k]) * (double)e.W[k];
                    avg[k] = (float)(total / Math.Max(1, _time));
                    any |= avg[k] != 0;
                }
                if (any)
                    result[feature] = avg;
            }
            return result;
        }
    }
}
