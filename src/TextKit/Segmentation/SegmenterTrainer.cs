using TextKit.Corpora;
using TextKit.Tokenization;

namespace TextKit.Segmentation;

/// <summary>Options of <see cref="SegmenterTrainer"/>.</summary>
public sealed class SegmenterTrainerOptions
{
    /// <summary>Passes over the training gaps. Default 10.</summary>
    public int Epochs { get; set; } = 10;

    /// <summary>Seed of the per-epoch shuffle (training is deterministic for a seed). Default 1.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Features seen fewer times than this in training are dropped (keeps the model small). Default 2.</summary>
    public int MinFeatureCount { get; set; } = 2;

    /// <summary>Word types seen fewer times than this get no orthographic statistics. Default 3.</summary>
    public int MinOrthographicCount { get; set; } = 3;

    /// <summary>Provenance and licence lines stored in the model (e.g. the corpus and its licence).</summary>
    public IList<string> Notes { get; } = new List<string>();
}

/// <summary>
/// Trains a <see cref="SegmenterModel"/> from sentence-segmented text (CoNLL-U): the raw text of each document is
/// rebuilt (<see cref="ConllURawText"/>), tokenized with the tokenizer that will be used at prediction time, and an
/// averaged perceptron (Collins 2002) learns whether each token gap is a sentence boundary from lexical, shape,
/// whitespace and orthographic features. Orthographic contexts and sentence starters are counted from the gold
/// sentences (the supervised counterpart of Punkt's statistics).
/// </summary>
public static class SegmenterTrainer
{
    /// <summary>Trains from CoNLL-U sentences (documents and paragraphs from <c># newdoc</c>/<c># newpar</c>).</summary>
    public static SegmenterModel Train(IEnumerable<ConllUSentence> sentences, SegmenterTrainerOptions? options = null, WordTokenizer? tokenizer = null)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        return Train(ConllURawText.Documents(sentences).Select(d => (d.Text, d.Sentences)), options, tokenizer);
    }

    /// <summary>Trains from documents given as raw text plus gold sentence spans.</summary>
    public static SegmenterModel Train(IEnumerable<(string Text, IReadOnlyList<(int Start, int End)> Sentences)> documents,
        SegmenterTrainerOptions? options = null, WordTokenizer? tokenizer = null)
    {
        ArgumentNullException.ThrowIfNull(documents);
        options ??= new SegmenterTrainerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Epochs, 1, nameof(options.Epochs));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MinFeatureCount, 1, nameof(options.MinFeatureCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MinOrthographicCount, 1, nameof(options.MinOrthographicCount));
        tokenizer ??= WordTokenizer.English;
        var rules = TokenizerRules.English;

        // Pass 1: tokenize, label gaps, count orthographic contexts and sentence starters from the gold sentences.
        var docs = new List<(string Text, Token[] Tokens, bool[] Boundary)>();
        var ortho = new Dictionary<string, (OrthographicContext Flags, int Count)>(StringComparer.Ordinal);
        var starterCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var typeCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        int sentenceCount = 0;
        var list = new TokenList();
        foreach (var (text, sentences) in documents)
        {
            if (text is null || sentences is null)
                throw new ArgumentException("A training document has a null text or sentence list.", nameof(documents));
            tokenizer.Tokenize(text, list);
            var tokens = list.Tokens.ToArray();
            var ends = new HashSet<int>(sentences.Select(s => s.End));
            var starts = new HashSet<int>(sentences.Select(s => s.Start));
            var boundary = new bool[tokens.Length];
            for (int i = 0; i < tokens.Length; i++)
            {
                boundary[i] = ends.Contains(tokens[i].End);
                var form = text[tokens[i].Start..tokens[i].End];
                if (!form.Any(char.IsLetter))
                    continue;
                var lower = form.ToLowerInvariant();
                bool first = starts.Contains(tokens[i].Start);
                bool upper = char.IsUpper(form[0]);
                var flag = first ? (upper ? OrthographicContext.UpperFirst : OrthographicContext.LowerFirst)
                    : (upper ? OrthographicContext.UpperMiddle : OrthographicContext.LowerMiddle);
                ortho[lower] = ortho.TryGetValue(lower, out var o) ? (o.Flags | flag, o.Count + 1) : (flag, 1);
                typeCounts[lower] = typeCounts.GetValueOrDefault(lower) + 1;
                if (first)
                    starterCounts[lower] = starterCounts.GetValueOrDefault(lower) + 1;
            }
            sentenceCount += sentences.Count;
            docs.Add((text, tokens, boundary));
        }
        var orthography = ortho.Where(kv => kv.Value.Count >= options.MinOrthographicCount).ToDictionary(kv => kv.Key, kv => kv.Value.Flags, StringComparer.Ordinal);
        // A starter: at least 5 sentence starts and at least half of its occurrences at a sentence start.
        var starters = starterCounts.Where(kv => kv.Value >= 5 && kv.Value * 2 >= typeCounts[kv.Key]).Select(kv => kv.Key).ToArray();
        var statsModel = new SegmenterModel(null, orthography, starters);
        var rulesSegmenter = new SentenceSegmenter(new SentenceSegmenterOptions { Model = statsModel });

        // Pass 2: features of every non-paragraph gap.
        var featureIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var featureCounts = new List<int>();
        var examples = new List<(int[] Features, bool Label)>();
        foreach (var (text, tokens, boundary) in docs)
        {
            int sentenceStart = 0;
            for (int i = 0; i + 1 < tokens.Length; i++)
            {
                var gap = BoundaryFeatures.Gap(text, tokens[i].End, tokens[i + 1].Start);
                if (gap != GapKind.Paragraph && BoundaryFeatures.IsCandidate(text.AsSpan(tokens[i].Start, tokens[i].Length), text.AsSpan(tokens[i + 1].Start, tokens[i + 1].Length), gap))
                {
                    var sink = new NameSink(featureIndex, featureCounts);
                    BoundaryFeatureExtractor.Extract(text, tokens, i, gap, i - sentenceStart + 1, rulesSegmenter.RuleBoundary(text, tokens, i, gap),
                        statsModel, rules, ref sink);
                    examples.Add((sink.Features.ToArray(), boundary[i]));
                }
                if (boundary[i] || gap == GapKind.Paragraph)
                    sentenceStart = i + 1;
            }
        }

        // Averaged perceptron with lazy averaging (timestamps).
        int dim = featureIndex.Count;
        var w = new double[dim];
        var total = new double[dim];
        var stamp = new int[dim];
        int t = 0;
        var rng = new Random(options.Seed);
        var order = Enumerable.Range(0, examples.Count).ToArray();
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            rng.Shuffle(order);
            foreach (int e in order)
            {
                t++;
                var (features, label) = examples[e];
                double score = 0;
                foreach (int f in features)
                    score += w[f];
                // a mistake is y·score ≤ 0 (ties count, or the all-zero start would never learn the negatives)
                if ((label ? score : -score) > 0)
                    continue;
                double delta = label ? 1 : -1;
                foreach (int f in features)
                {
                    total[f] += (t - stamp[f]) * w[f];
                    stamp[f] = t;
                    w[f] += delta;
                }
            }
        }
        var names = new string[dim];
        foreach (var (name, index) in featureIndex)
            names[index] = name;
        var weights = new Dictionary<string, float>(StringComparer.Ordinal);
        for (int f = 0; f < dim; f++)
        {
            total[f] += (t - stamp[f]) * w[f];
            double average = total[f] / Math.Max(1, t);
            if (featureCounts[f] >= options.MinFeatureCount && Math.Abs(average) >= 1e-4)
                weights[names[f]] = (float)average;
        }
        var notes = new List<string>(options.Notes)
        {
            $"trained by TextKit SegmenterTrainer on {docs.Count} documents, {sentenceCount} sentences, {examples.Count} token gaps, {options.Epochs} epochs, seed {options.Seed}",
        };
        return new SegmenterModel(null, orthography, starters, weights, notes);
    }

    private struct NameSink : IFeatureSink
    {
        private readonly Dictionary<string, int> _index;
        private readonly List<int> _counts;

        public NameSink(Dictionary<string, int> index, List<int> counts)
        {
            _index = index;
            _counts = counts;
            Features = new List<int>(24);
        }

        public List<int> Features { get; }

        public void Add(string template, ReadOnlySpan<char> value, ReadOnlySpan<char> value2)
        {
            var name = BoundaryFeatures.Name(template, value, value2);
            if (!_index.TryGetValue(name, out int id))
            {
                id = _index.Count;
                _index[name] = id;
                _counts.Add(0);
            }
            _counts[id]++;
            Features.Add(id);
        }
    }
}
