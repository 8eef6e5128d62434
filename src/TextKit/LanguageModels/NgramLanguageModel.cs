using System.Buffers;

namespace TextKit.LanguageModels;

/// <summary>
/// A trained n-gram language model in backoff form (the representation of ARPA files): every stored n-gram has a
/// log10 probability and every stored context a log10 backoff weight. Queries walk a reversed trie kept in
/// linear-probing hash tables (KenLM's probing layout), so scoring a token costs at most order − 1 lookups.
/// Immutable and thread-safe.
/// </summary>
/// <remarks>
/// Train with <see cref="Train(IEnumerable{IReadOnlyList{string}}, NgramModelOptions)"/> or
/// <see cref="NgramModelTrainer"/> (streaming), load with <see cref="Load(string, LmPrecision)"/> (binary <c>.tklm</c> or ARPA),
/// score with <see cref="Score(IReadOnlyList{string})"/> and <see cref="Evaluate"/>, sample with <see cref="Generate"/>.
/// </remarks>
public sealed partial class NgramLanguageModel
{
    private readonly NgramStore _store;
    private readonly LmState _begin;

    internal NgramLanguageModel(LmVocabulary vocabulary, NgramStore store, SentencePadding padding, NgramModelInfo info)
    {
        Vocabulary = vocabulary;
        _store = store;
        Padding = padding;
        Info = info;
        int pads = padding == SentencePadding.Full ? Math.Max(0, store.Order - 1) : 1;
        Span<int> context = stackalloc int[Math.Max(1, pads)];
        context.Fill(LmVocabulary.BeginId);
        _begin = store.Order == 1 ? default : store.StateOf(context[..pads]);
    }

    /// <summary>The model's words (ids 0, 1, 2 = unknown word, &lt;s&gt;, &lt;/s&gt;).</summary>
    public LmVocabulary Vocabulary { get; }

    /// <summary>The n-gram order.</summary>
    public int Order => _store.Order;

    /// <summary>How sentences are padded when scored (fixed at training time).</summary>
    public SentencePadding Padding { get; }

    /// <summary>How the model was built (smoothing, discounts, corpus size); <see cref="NgramModelInfo.Smoothing"/> is null for imported ARPA files.</summary>
    public NgramModelInfo Info { get; }

    /// <summary>Storage precision of probabilities and backoff weights.</summary>
    public LmPrecision Precision => _store.Precision;

    /// <summary>False for stupid backoff, whose scores do not sum to one.</summary>
    public bool IsNormalized => Info.Smoothing != Smoothing.StupidBackoff;

    /// <summary>Number of stored n-grams of order <paramref name="order"/> (order 1: the vocabulary size).</summary>
    public int NgramCount(int order)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(order, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(order, Order);
        return _store.EntryCount(order);
    }

    /// <summary>Bytes of the in-memory query structure (hash tables with their empty slots, unigram arrays).</summary>
    public long MemoryBytes => _store.MemoryBytes;

    internal NgramStore Store => _store;

    /// <summary>Trains a model on tokenized sentences (tokens without boundary symbols).</summary>
    public static NgramLanguageModel Train(IEnumerable<IReadOnlyList<string>> sentences, NgramModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        options ??= new NgramModelOptions();
        options.Validate();
        if (options.Vocabulary is null && options.MinCount > 1 && sentences is IReadOnlyCollection<IReadOnlyList<string>> collection)
        {
            // The data can be read twice: find the vocabulary first, so n-grams are counted once with final ids
            // (same model as the one-pass path, which merges n-grams after mapping rare words). Each token is hashed
            // once: the first pass keeps provisional ids, which are then mapped to the final ones.
            long total = 0;
            foreach (var sentence in collection)
            {
                ArgumentNullException.ThrowIfNull(sentence, nameof(sentences));
                total += sentence.Count;
            }
            if (total <= Array.MaxLength)
                return TrainTwoPass(collection, options, (int)total);
        }
        var trainer = new NgramModelTrainer(options);
        foreach (var sentence in sentences)
            trainer.Add(sentence);
        return trainer.Build();
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static NgramLanguageModel TrainTwoPass(IReadOnlyCollection<IReadOnlyList<string>> sentences, NgramModelOptions options, int total)
    {
        const int NullToken = -1;
        var words = new TokenInterner();
        var counts = new long[1024];
        var ids = new int[total];
        var lengths = new int[sentences.Count];
        int at = 0, s = 0;
        foreach (var sentence in sentences)
        {
            ArgumentNullException.ThrowIfNull(sentence, nameof(sentences));
            int count = sentence.Count;
            if (s == lengths.Length || at + count > ids.Length)
                throw new InvalidOperationException("The sentence collection changed while it was read.");
            lengths[s++] = count;
            for (int i = 0; i < count; i++)
            {
                var token = sentence[i];
                if (token is null)
                {
                    ids[at++] = NullToken;
                    continue;
                }
                int id = words.GetOrAdd(token, out bool added);
                if (added && id == counts.Length)
                    Array.Resize(ref counts, id * 2);
                counts[id]++;
                ids[at++] = id;
            }
        }
        if (s != lengths.Length || at != ids.Length)
            throw new InvalidOperationException("The sentence collection changed while it was read.");

        var fixedOptions = options.Clone();
        var vocabulary = new List<string>();
        for (int i = 0; i < words.Count; i++)
        {
            var w = words[i];
            if (counts[i] >= options.MinCount && !w.SequenceEqual(options.UnknownToken) && !w.SequenceEqual(LmVocabulary.BeginToken) && !w.SequenceEqual(LmVocabulary.EndToken) && w.Length > 0)
                vocabulary.Add(w.ToString());
        }
        fixedOptions.Vocabulary = vocabulary;
        var fixedTrainer = new NgramModelTrainer(fixedOptions);
        var wordIndex = fixedTrainer.Counts.Words;
        var map = new int[words.Count];
        for (int i = 0; i < map.Length; i++)
            map[i] = wordIndex.MapFrozen(words[i]);
        // Provisional → final ids, failing at the first bad token in reading order as sentence-by-sentence counting does.
        at = 0;
        for (s = 0; s < lengths.Length; s++)
        {
            for (int i = 0; i < lengths[s]; i++, at++)
            {
                int p = ids[at];
                if (p == NullToken)
                    throw new ArgumentException($"Token {i} is null.", "tokens");
                int f = map[p];
                if (f < 0)
                {
                    wordIndex.GetOrAdd(words[p], "training data"); // throws the error of this token
                    throw new InvalidOperationException($"Token '{words[p].ToString()}' has no id.");
                }
                ids[at] = f;
            }
        }
        fixedTrainer.AddCorpus(ids, lengths);
        return fixedTrainer.Build();
    }

    /// <summary>log10 p(<paramref name="word"/> | <paramref name="context"/>); the context is oldest-first and may include &lt;s&gt;.</summary>
    public double Log10Prob(IReadOnlyList<string> context, string word)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(word);
        Span<int> ids = stackalloc int[Math.Min(context.Count, NgramCounter.MaxOrder)];
        for (int i = 0; i < ids.Length; i++)
            ids[i] = Vocabulary.IdOf(context[context.Count - ids.Length + i]);
        return Log10Prob(ids, Vocabulary.IdOf(word));
    }

    /// <summary>p(<paramref name="word"/> | <paramref name="context"/>) (see <see cref="Log10Prob(IReadOnlyList{string}, string)"/>).</summary>
    public double Prob(IReadOnlyList<string> context, string word) => Math.Pow(10, Log10Prob(context, word));

    /// <summary>log10 p(word | context) by ids (context oldest first).</summary>
    public double Log10Prob(ReadOnlySpan<int> context, int word)
    {
        if ((uint)word >= (uint)Vocabulary.Count)
            throw new ArgumentOutOfRangeException(nameof(word), word, "Not a word id of this model.");
        foreach (var id in context)
            if ((uint)id >= (uint)Vocabulary.Count)
                throw new ArgumentOutOfRangeException(nameof(context), id, "Not a word id of this model.");
        var state = _store.StateOf(context);
        return _store.Score(ref state, word);
    }

    /// <summary>Scores one sentence (tokens without boundary symbols): log10 probability of its tokens and &lt;/s&gt;.</summary>
    public SentenceScore Score(IReadOnlyList<string> tokens) => Score(tokens, default);

    /// <summary>
    /// Scores one sentence and writes the log10 probability of every prediction (each token, then &lt;/s&gt;) into
    /// <paramref name="log10Probs"/> when it is not empty (length ≥ tokens + 1). Surprisal in bits is −log10p / log10 2.
    /// </summary>
    public SentenceScore Score(IReadOnlyList<string> tokens, Span<double> log10Probs)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (!log10Probs.IsEmpty && log10Probs.Length < tokens.Count + 1)
            throw new ArgumentException($"log10Probs needs {tokens.Count + 1} elements.", nameof(log10Probs));
        var ids = ArrayPool<int>.Shared.Rent(tokens.Count + 1);
        try
        {
            int oov = 0;
            for (int i = 0; i < tokens.Count; i++)
            {
                var token = tokens[i] ?? throw new ArgumentException($"Token {i} is null.", nameof(tokens));
                int id = Vocabulary.IdOf(token);
                if (id == LmVocabulary.UnknownId && token != Vocabulary.UnknownToken)
                    oov++;
                else if (id is LmVocabulary.BeginId or LmVocabulary.EndId)
                    throw Reserved(token);
                ids[i] = id;
            }
            ids[tokens.Count] = LmVocabulary.EndId;
            double total = ScoreIds(ids.AsSpan(0, tokens.Count + 1), log10Probs);
            return new SentenceScore(total, tokens.Count + 1, oov);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(ids);
        }
    }

    /// <summary>Scores a sentence given as memory slices (ML.NET token vectors).</summary>
    public SentenceScore Score(ReadOnlySpan<ReadOnlyMemory<char>> tokens)
    {
        var ids = ArrayPool<int>.Shared.Rent(tokens.Length + 1);
        try
        {
            int oov = 0;
            for (int i = 0; i < tokens.Length; i++)
            {
                var token = tokens[i].Span;
                int id = Vocabulary.IdOf(token);
                if (id == LmVocabulary.UnknownId && !token.SequenceEqual(Vocabulary.UnknownToken))
                    oov++;
                else if (id is LmVocabulary.BeginId or LmVocabulary.EndId)
                    throw Reserved(token.ToString());
                ids[i] = id;
            }
            ids[tokens.Length] = LmVocabulary.EndId;
            return new SentenceScore(ScoreIds(ids.AsSpan(0, tokens.Length + 1), default), tokens.Length + 1, oov);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(ids);
        }
    }

    /// <summary>Sums log10 p over <paramref name="ids"/> (a sentence's word ids followed by &lt;/s&gt;), starting at the sentence start.</summary>
    internal double ScoreIds(ReadOnlySpan<int> ids, Span<double> perToken)
    {
        var state = _begin;
        double total = 0;
        var store = _store;
        if (perToken.IsEmpty)
        {
            foreach (var id in ids)
                total += store.Score(ref state, id);
        }
        else
        {
            for (int i = 0; i < ids.Length; i++)
                total += perToken[i] = store.Score(ref state, ids[i]);
        }
        return total;
    }

    /// <summary>
    /// Total log10 probability of sentences given as word ids (see <see cref="LmVocabulary.IdOf"/>); each array holds
    /// one sentence's predictions, normally its tokens followed by <see cref="LmVocabulary.EndId"/>. The fast path for
    /// scoring many sentences: several are walked in lock-step so their memory accesses overlap.
    /// </summary>
    public double ScoreCorpus(IReadOnlyList<int[]> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        int v = Vocabulary.Count;
        foreach (var s in sentences)
        {
            ArgumentNullException.ThrowIfNull(s, nameof(sentences));
            foreach (var id in s)
                if ((uint)id >= (uint)v)
                    throw new ArgumentOutOfRangeException(nameof(sentences), id, "Not a word id of this model.");
        }
        return _store.Order == 1 ? sentences.Sum(s => ScoreIds(s, default)) : _store.ScoreBatch(sentences, _begin);
    }

    /// <summary>Scores a corpus: perplexity over every prediction (tokens and &lt;/s&gt;), unknown words included.</summary>
    public CorpusScore Evaluate(IEnumerable<IReadOnlyList<string>> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        double log10 = 0, log10Known = 0;
        long predictions = 0, oov = 0, sentencesCount = 0;
        double[] buffer = new double[256];
        foreach (var sentence in sentences)
        {
            ArgumentNullException.ThrowIfNull(sentence, nameof(sentences));
            if (buffer.Length < sentence.Count + 1)
                buffer = new double[sentence.Count * 2 + 1];
            var score = Score(sentence, buffer);
            log10 += score.Log10Prob;
            predictions += score.Predictions;
            oov += score.OovCount;
            sentencesCount++;
            log10Known += score.Log10Prob;
            if (score.OovCount > 0)
                for (int i = 0; i < sentence.Count; i++)
                    if (Vocabulary.IdOf(sentence[i]) == LmVocabulary.UnknownId && sentence[i] != Vocabulary.UnknownToken)
                        log10Known -= buffer[i];
        }
        return new CorpusScore(sentencesCount, predictions, oov, log10, log10Known);
    }

    private static TextKitException Reserved(string token)
        => new("TK702", $"The sentence contains the reserved token '{token}'. Sentence boundaries are added by the model; pass sentences without <s> and </s>.");

    /// <summary>The begin-of-sentence state (for generation).</summary>
    internal LmState BeginState => _begin;
}

/// <summary>The score of one sentence.</summary>
/// <param name="Log10Prob">log10 probability of all predictions (tokens and &lt;/s&gt;).</param>
/// <param name="Predictions">Number of predictions: tokens + 1.</param>
/// <param name="OovCount">Tokens outside the vocabulary (scored as the unknown word).</param>
public readonly record struct SentenceScore(double Log10Prob, int Predictions, int OovCount)
{
    /// <summary>Natural-log probability.</summary>
    public double LogProb => Log10Prob * Math.Log(10);

    /// <summary>10^(−log10p / predictions).</summary>
    public double Perplexity => Math.Pow(10, -Log10Prob / Predictions);

    /// <summary>Share of tokens outside the vocabulary (0 for an empty sentence).</summary>
    public double OovRate => Predictions > 1 ? (double)OovCount / (Predictions - 1) : 0;
}

/// <summary>The score of a corpus.</summary>
/// <param name="Sentences">Number of sentences.</param>
/// <param name="Predictions">Number of predictions (tokens + one &lt;/s&gt; per sentence).</param>
/// <param name="OovCount">Tokens outside the vocabulary.</param>
/// <param name="Log10Prob">Total log10 probability.</param>
/// <param name="Log10ProbWithoutOov">Total log10 probability without the predictions of out-of-vocabulary tokens (SRILM's convention).</param>
public readonly record struct CorpusScore(long Sentences, long Predictions, long OovCount, double Log10Prob, double Log10ProbWithoutOov)
{
    /// <summary>exp(−mean ln p) over all predictions, unknown words included.</summary>
    public double Perplexity => Math.Pow(10, -Log10Prob / Predictions);

    /// <summary>Perplexity without out-of-vocabulary predictions (SRILM <c>ppl</c>).</summary>
    public double PerplexityWithoutOov => Math.Pow(10, -Log10ProbWithoutOov / (Predictions - OovCount));

    /// <summary>Mean surprisal in bits per prediction.</summary>
    public double BitsPerToken => -Log10Prob / Predictions / Math.Log10(2);
}

/// <summary>How a model was built.</summary>
/// <param name="Smoothing">The smoothing method, or null for a model imported from ARPA.</param>
/// <param name="Discounts">Per order (index 0 = order 1): the discounts used (empty for methods without discounts).</param>
/// <param name="TrainingSentences">Sentences counted.</param>
/// <param name="TrainingTokens">Tokens counted (without boundaries).</param>
public sealed record NgramModelInfo(Smoothing? Smoothing, IReadOnlyList<double[]> Discounts, long TrainingSentences, long TrainingTokens);
