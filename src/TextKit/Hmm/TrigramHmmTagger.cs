using TextKit.Tagging;

namespace TextKit.Hmm;

/// <summary>Training options of <see cref="TrigramHmmTagger"/>.</summary>
public sealed class TrigramHmmTaggerOptions
{
    /// <summary>Layers to learn (UPOS, XPOS or both jointly); None (default) = UPOS and XPOS where present.</summary>
    public TagLayers Layers { get; set; } = TagLayers.None;

    /// <summary>Words seen at most this often feed the suffix model for unknown words (TnT: 10).</summary>
    public int RareWordMaxCount { get; set; } = 10;

    /// <summary>Longest suffix used by the unknown-word model (TnT: 10).</summary>
    public int MaxSuffixLength { get; set; } = 10;

    /// <summary>Split every tag by whether its word is capitalized (TnT's capitalization handling). Default true.</summary>
    public bool Capitalization { get; set; } = true;

    /// <summary>Beam: states whose log score is this far below the position's best are dropped (TnT: ln 1000). Default 12.</summary>
    public double Beam { get; set; } = 12;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(RareWordMaxCount, nameof(RareWordMaxCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSuffixLength, 0, nameof(MaxSuffixLength));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Beam, nameof(Beam));
        if ((Layers & TagLayers.Feats) != 0)
            throw new ArgumentException("The HMM tagger predicts UPOS and/or XPOS, not FEATS.", nameof(Layers));
    }
}

/// <summary>
/// A second-order (trigram) HMM tagger after TnT (Brants 2000, "TnT: a statistical part-of-speech tagger"):
/// transitions P(t3 | t1, t2) smoothed by deleted interpolation of uni-, bi- and trigram estimates; emissions
/// P(w | t) from counts for known words and, for unknown words, from suffix models (P(t | suffix) by successive
/// abstraction, separately for capitalized and lower-case words); tags split by capitalization; beam-pruned Viterbi
/// decoding in log space. Immutable and thread-safe.
/// </summary>
public sealed partial class TrigramHmmTagger : IPosTagger
{
    private readonly string[] _labels;      // joint UPOS/XPOS labels
    private readonly string[] _upos, _xpos;
    private readonly int _tagCount;         // extended tags (label × capitalization)
    private readonly int _bos;              // boundary state id (before the sentence and after it)
    private readonly bool _capitalization;
    private readonly double _beam;
    private readonly float[] _bigramRows;   // [t2 * S + t3]: log(λ1 P(t3) + λ2 P(t3|t2)), S = tagCount + 1
    private readonly Dictionary<int, float[]> _trigramRows; // context t1 * S + t2 → log P(t3 | t1, t2) over t3
    private readonly Dictionary<string, (int Tag, float LogP)[]> _lexicon; // word → (extended tag, log P(w|t))
    private readonly SuffixModel _upperSuffixes, _lowerSuffixes;
    private (int Tag, float LogP)[]? _uniform;

    private TrigramHmmTagger(TagLayers layers, string[] labels, bool capitalization, double beam, float[] bigramRows,
        Dictionary<int, float[]> trigramRows, Dictionary<string, (int Tag, float LogP)[]> lexicon, SuffixModel upper, SuffixModel lower,
        double[] lambdas)
    {
        Layers = layers;
        _labels = labels;
        _upos = new string[labels.Length];
        _xpos = new string[labels.Length];
        for (int i = 0; i < labels.Length; i++)
            (_upos[i], _xpos[i]) = PerceptronTagger.SplitLabel(layers, labels[i]);
        _capitalization = capitalization;
        _tagCount = labels.Length * (capitalization ? 2 : 1);
        _bos = _tagCount;
        _beam = beam;
        _bigramRows = bigramRows;
        _trigramRows = trigramRows;
        _lexicon = lexicon;
        _upperSuffixes = upper;
        _lowerSuffixes = lower;
        Lambdas = lambdas;
    }

    /// <inheritdoc />
    public TagLayers Layers { get; }

    /// <summary>The deleted-interpolation weights (λ1 unigram, λ2 bigram, λ3 trigram).</summary>
    public IReadOnlyList<double> Lambdas { get; }

    private int States => _tagCount + 1;

    private int LabelOf(int extended) => _capitalization ? extended >> 1 : extended;

    private static bool IsCapitalized(string word) => word.Length > 0 && char.IsUpper(word[0]);

    /// <summary>Trains on tagged sentences (counts only: one pass).</summary>
    public static TrigramHmmTagger Train(IEnumerable<AnnotatedSentence> train, TrigramHmmTaggerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        options ??= new TrigramHmmTaggerOptions();
        options.Validate();
        var requested = options.Layers == TagLayers.None ? TagLayers.None : options.Layers;
        var data = new TrainingData(train, requested == TagLayers.None ? TagLayers.None : requested);
        var layers = data.Layers & (TagLayers.Upos | TagLayers.Xpos);
        // Labels must be recomputed when TrainingData included FEATS: the joint label only covers UPOS/XPOS.
        var labels = data.Sentences.SelectMany(s => Enumerable.Range(0, s.Words.Count).Select(i => PerceptronTagger.JoinLabel(layers, s.Upos?[i], s.Xpos?[i])))
            .Distinct().Order(StringComparer.Ordinal).ToArray();
        var index = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        bool cap = options.Capitalization;
        int tags = labels.Length * (cap ? 2 : 1);
        int states = tags + 1, bos = tags;

        var uni = new long[states];
        var bi = new long[states * states];
        var tri = new Dictionary<long, long>();
        var wordTag = new Dictionary<string, Dictionary<int, int>>(StringComparer.Ordinal);
        var wordCount = new Dictionary<string, int>(StringComparer.Ordinal);
        long tokens = 0;
        foreach (var s in data.Sentences)
        {
            int n = s.Words.Count;
            var ext = new int[n + 3];
            ext[0] = ext[1] = bos;
            for (int i = 0; i < n; i++)
            {
                int label = index[PerceptronTagger.JoinLabel(layers, s.Upos?[i], s.Xpos?[i])];
                ext[i + 2] = cap ? label * 2 + (IsCapitalized(s.Words[i]) ? 1 : 0) : label;
                var w = s.Words[i];
                wordCount[w] = wordCount.GetValueOrDefault(w) + 1;
                if (!wordTag.TryGetValue(w, out var byTag))
                    wordTag[w] = byTag = new Dictionary<int, int>();
                byTag[ext[i + 2]] = byTag.GetValueOrDefault(ext[i + 2]) + 1;
                tokens++;
            }
            ext[n + 2] = bos; // end of sentence
            for (int k = 2; k < ext.Length; k++)
            {
                uni[ext[k]]++;
                bi[ext[k - 1] * states + ext[k]]++;
                long key = ((long)ext[k - 2] * states + ext[k - 1]) * states + ext[k];
                tri[key] = tri.GetValueOrDefault(key) + 1;
            }
            // Contexts: the boundary pair (bos, bos) and (bos, t1) must count as seen histories.
            uni[bos]++;
            bi[bos * states + bos]++;
        }
        long uniTotal = uni.Sum();

        // Deleted interpolation (Brants 2000, figure 1).
        var biContext = new long[states];   // f(t2) as a history = uni
        double l1 = 0, l2 = 0, l3 = 0;
        foreach (var (key, f) in tri)
        {
            int t3 = (int)(key % states), t2 = (int)(key / states % states), t1 = (int)(key / states / states);
            double c3 = bi[t1 * states + t2] > 1 ? (f - 1.0) / (bi[t1 * states + t2] - 1) : 0;
            double c2 = uni[t2] > 1 ? (bi[t2 * states + t3] - 1.0) / (uni[t2] - 1) : 0;
            double c1 = uniTotal > 1 ? (uni[t3] - 1.0) / (uniTotal - 1) : 0;
            if (c3 >= c2 && c3 >= c1) l3 += f;
            else if (c2 >= c1) l2 += f;
            else l1 += f;
        }
        double lsum = Math.Max(1e-12, l1 + l2 + l3);
        l1 /= lsum; l2 /= lsum; l3 /= lsum;
        if (l1 == 0)
        {
            // Keep every transition possible, then renormalise so the λs still sum to 1.
            l1 = 1e-6;
            double sum = l1 + l2 + l3;
            l1 /= sum; l2 /= sum; l3 /= sum;
        }

        var bigramRows = new float[states * states];
        for (int t2 = 0; t2 < states; t2++)
            for (int t3 = 0; t3 < states; t3++)
            {
                double p1 = (double)uni[t3] / uniTotal;
                double p2 = uni[t2] > 0 ? (double)bi[t2 * states + t3] / uni[t2] : 0;
                bigramRows[t2 * states + t3] = (float)Math.Log(l1 * p1 + l2 * p2 + 1e-12);
            }
        var trigramRows = new Dictionary<int, float[]>();
        foreach (var group in tri.GroupBy(kv => (int)(kv.Key / states)))
        {
            int context = group.Key; // t1 * states + t2
            int t2 = context % states;
            long contextCount = bi[context];
            var row = new float[states];
            var triCounts = group.ToDictionary(kv => (int)(kv.Key % states), kv => kv.Value);
            for (int t3 = 0; t3 < states; t3++)
            {
                double p1 = (double)uni[t3] / uniTotal;
                double p2 = uni[t2] > 0 ? (double)bi[t2 * states + t3] / uni[t2] : 0;
                double p3 = contextCount > 0 ? (double)triCounts.GetValueOrDefault(t3) / contextCount : 0;
                row[t3] = (float)Math.Log(l1 * p1 + l2 * p2 + l3 * p3 + 1e-12);
            }
            trigramRows[context] = row;
        }

        var lexicon = new Dictionary<string, (int Tag, float LogP)[]>(StringComparer.Ordinal);
        foreach (var (word, byTag) in wordTag)
            lexicon[word] = byTag.OrderBy(kv => kv.Key).Select(kv => (kv.Key, (float)Math.Log((double)kv.Value / uni[kv.Key]))).ToArray();

        // Suffix models from rare words, separately for capitalized and lower-case words.
        var upper = new SuffixModel(options.MaxSuffixLength, states);
        var lower = new SuffixModel(options.MaxSuffixLength, states);
        foreach (var (word, count) in wordCount)
        {
            if (count > options.RareWordMaxCount)
                continue;
            var model = IsCapitalized(word) ? upper : lower;
            foreach (var (tag, c) in wordTag[word])
                model.Add(word, tag, c);
        }
        upper.Finish(uni, bos);
        lower.Finish(uni, bos);
        return new TrigramHmmTagger(layers, labels, cap, options.Beam, bigramRows, trigramRows, lexicon, upper, lower, [l1, l2, l3]) { _unigram = uni };
    }

    /// <inheritdoc />
    public PosTags Tag(IReadOnlyList<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var path = Decode(words);
        var upos = (Layers & TagLayers.Upos) != 0 ? path.Select(t => _upos[LabelOf(t)]).ToArray() : null;
        var xpos = (Layers & TagLayers.Xpos) != 0 ? path.Select(t => _xpos[LabelOf(t)]).ToArray() : null;
        return new PosTags(upos, xpos, null);
    }

    /// <summary>Candidate extended tags of a word with log P(w | t) (up to a constant per position for unknown words).</summary>
    private (int Tag, float LogP)[] Emissions(string word)
    {
        if (word is null)
            throw new ArgumentException("A word is null.", "words");
        if (_lexicon.TryGetValue(word, out var known))
            return known;
        bool capitalized = IsCapitalized(word);
        var model = capitalized && _capitalization ? _upperSuffixes : _lowerSuffixes;
        var candidates = model.Emissions(word);
        if (candidates.Length == 0)
            candidates = (ReferenceEquals(model, _upperSuffixes) ? _lowerSuffixes : _upperSuffixes).Emissions(word);
        if (candidates.Length == 0)
            candidates = _uniform ??= Enumerable.Range(0, _tagCount).Select(t => (t, 0f)).ToArray(); // no rare words at all in training
        if (!_capitalization)
            return candidates;
        // Only tags with the word's capitalization flag can emit it.
        int flag = capitalized ? 1 : 0;
        var filtered = candidates.Where(c => (c.Tag & 1) == flag).ToArray();
        if (filtered.Length > 0)
            return filtered;
        // The suffix model of the other case knows tags this case never had: move them to this case's flag.
        return candidates.Select(c => ((c.Tag & ~1) | flag, c.LogP)).GroupBy(c => c.Item1).Select(g => (g.Key, g.Max(x => x.LogP))).ToArray();
    }

    private int[] Decode(IReadOnlyList<string> words)
    {
        int n = words.Count;
        if (n == 0)
            return [];
        int states = States;
        // Each column holds the live (previous tag, tag) states with their best score and back-pointer.
        var columns = new List<Column>(n + 1);
        var start = new Column();
        start.Add(_bos, _bos, 0, -1);
        columns.Add(start);
        var index = new Dictionary<int, int>();
        for (int i = 0; i <= n; i++)
        {
            var prev = columns[^1];
            var emissions = i < n ? Emissions(words[i]) : [(_bos, 0f)];
            var next = new Column();
            index.Clear();
            for (int s = 0; s < prev.Count; s++)
            {
                int t1 = prev.Prev[s], t2 = prev.Tag[s];
                double baseScore = prev.Score[s];
                var row = _trigramRows.TryGetValue(t1 * states + t2, out var tr) ? tr : null;
                foreach (var (t3, logE) in emissions)
                {
                    double score = baseScore + (row is not null ? row[t3] : _bigramRows[t2 * states + t3]) + logE;
                    int key = t2 * states + t3;
                    if (index.TryGetValue(key, out int at))
                    {
                        if (score > next.Score[at])
                        {
                            next.Score[at] = score;
                            next.Back[at] = s;
                        }
                    }
                    else
                    {
                        index[key] = next.Count;
                        next.Add(t2, t3, score, s);
                    }
                }
            }
            columns.Add(next.Prune(_beam));
        }
        // The last column holds (t_n, bos) states: the sentence end.
        var last = columns[^1];
        int best = 0;
        for (int s = 1; s < last.Count; s++)
            if (last.Score[s] > last.Score[best])
                best = s;
        var path = new int[n];
        int state = last.Back[best];
        for (int i = n - 1; i >= 0; i--)
        {
            var column = columns[i + 1];
            path[i] = column.Tag[state];
            state = column.Back[state];
        }
        return path;
    }

    private sealed class Column
    {
        public List<int> Prev = [], Tag = [], Back = [];
        public List<double> Score = [];

        public int Count => Prev.Count;

        public void Add(int prev, int tag, double score, int back)
        {
            Prev.Add(prev);
            Tag.Add(tag);
            Score.Add(score);
            Back.Add(back);
        }

        public Column Prune(double beam)
        {
            if (Count <= 1)
                return this;
            double best = Score.Max();
            var kept = new Column();
            for (int s = 0; s < Count; s++)
                if (Score[s] >= best - beam)
                    kept.Add(Prev[s], Tag[s], Score[s], Back[s]);
            return kept;
        }
    }

    /// <summary>
    /// TnT's unknown-word model: P(t | last i letters) estimated from rare words and combined by successive abstraction,
    /// P(t | l_{n-i+1..n}) = (P̂(t | l_{n-i+1..n}) + θ P(t | l_{n-i+2..n})) / (1 + θ), θ = the standard deviation of the
    /// unconditioned tag probabilities. Emission scores are P(t | suffix) / P(t) (Bayes, dropping P(suffix)).
    /// </summary>
    internal sealed class SuffixModel(int maxLength, int states)
    {
        private readonly Dictionary<string, Dictionary<int, int>> _counts = new(StringComparer.Ordinal);
        private double _theta;
        private double[] _prior = [];
        private (int Tag, float LogP)[] _fallback = [];

        public int MaxLength => maxLength;

        public int StateCount => states;

        /// <summary>The suffix → tag counts (saved with the model; <see cref="Finish"/> recomputes the rest).</summary>
        public Dictionary<string, Dictionary<int, int>> Counts => _counts;

        public void Add(string word, int tag, int count)
        {
            for (int length = 0; length <= Math.Min(maxLength, word.Length); length++)
            {
                var suffix = word[^length..];
                if (!_counts.TryGetValue(suffix, out var byTag))
                    _counts[suffix] = byTag = new Dictionary<int, int>();
                byTag[tag] = byTag.GetValueOrDefault(tag) + count;
            }
        }

        public void Finish(long[] unigram, int bos)
        {
            long total = unigram.Where((_, t) => t != bos).Sum();
            _prior = new double[states];
            for (int t = 0; t < states; t++)
                _prior[t] = t == bos || total == 0 ? 0 : (double)unigram[t] / total;
            // θ from the tags the suffix model can produce (Brants: over all tags, unconditioned MLE).
            var tags = _counts.TryGetValue("", out var all) ? all.Keys.ToArray() : [];
            var probs = tags.Select(t => _prior[t]).ToArray();
            double mean = probs.Length > 0 ? probs.Average() : 0;
            _theta = probs.Length > 1 ? Math.Sqrt(probs.Sum(p => (p - mean) * (p - mean)) / (probs.Length - 1)) : 0;
            _fallback = Emit(tags.Length == 0 ? [] : Estimate(""), tags);
        }

        private Dictionary<int, double> Estimate(string word)
        {
            var result = new Dictionary<int, double>();
            for (int length = 0; length <= Math.Min(maxLength, word.Length); length++)
            {
                if (!_counts.TryGetValue(word[^length..], out var byTag))
                    break;
                double sum = byTag.Values.Sum();
                var tags = result.Keys.Union(byTag.Keys).ToArray();
                var next = new Dictionary<int, double>();
                foreach (int t in tags)
                {
                    double ml = byTag.GetValueOrDefault(t) / sum;
                    double previous = length == 0 ? 0 : result.GetValueOrDefault(t);
                    next[t] = length == 0 ? ml : (ml + _theta * previous) / (1 + _theta);
                }
                result = next;
            }
            return result;
        }

        private (int Tag, float LogP)[] Emit(Dictionary<int, double> posterior, IEnumerable<int> _)
            => posterior.Where(kv => kv.Value > 0 && _prior[kv.Key] > 0).OrderBy(kv => kv.Key)
                .Select(kv => (kv.Key, (float)Math.Log(kv.Value / _prior[kv.Key]))).ToArray();

        public (int Tag, float LogP)[] Emissions(string word)
        {
            var estimate = Estimate(word);
            return estimate.Count == 0 ? _fallback : Emit(estimate, estimate.Keys);
        }
    }
}
