namespace TextKit.LanguageModels;

/// <summary>
/// Streaming training: add sentences one at a time (memory grows with distinct n-grams, not with the corpus), then
/// <see cref="Build"/> once. With <see cref="NgramModelOptions.MinCount"/> &gt; 1 the rare words are mapped to the unknown
/// word after counting and the affected n-grams merged, so one pass over the data suffices.
/// </summary>
public sealed class NgramModelTrainer
{
    private readonly NgramModelOptions _options;
    private readonly NgramCounter _counter;
    private bool _built;

    public NgramModelTrainer(NgramModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options.Clone();
        _counter = new NgramCounter(options.Order, options.Padding, options.Vocabulary, options.UnknownToken);
    }

    /// <summary>The counts so far (read-only use: type counts, count-of-counts, raw counts).</summary>
    public NgramCounter Counts => _counter;

    /// <summary>Adds one sentence (tokens without boundary symbols).</summary>
    public void Add(IReadOnlyList<string> tokens)
    {
        EnsureNotBuilt();
        _counter.Add(tokens);
    }

    /// <summary>Adds one sentence given as memory slices.</summary>
    public void Add(ReadOnlySpan<ReadOnlyMemory<char>> tokens)
    {
        EnsureNotBuilt();
        _counter.Add(tokens);
    }

    /// <summary>Adds sentences of word ids of <see cref="Counts"/> (see <see cref="NgramCounter.AddCorpus"/>).</summary>
    internal void AddCorpus(ReadOnlySpan<int> ids, ReadOnlySpan<int> lengths)
    {
        EnsureNotBuilt();
        _counter.AddCorpus(ids, lengths);
    }

    /// <summary>Estimates the model. Can be called once.</summary>
    public NgramLanguageModel Build()
    {
        EnsureNotBuilt();
        _built = true;
        if (_options.Vocabulary is null && _options.MinCount > 1)
            _counter.ReplaceRare(_options.MinCount);
        var result = NgramEstimation.Estimate(_counter, _options);
        var store = NgramStore.Create(_options.Precision, _options.Order, result.UniProb, result.UniBow, result.Orders, result.DefaultBow);
        var info = new NgramModelInfo(_options.Smoothing, result.Discounts.Skip(1).ToArray(), _counter.SentenceCount, _counter.TokenCount);
        return new NgramLanguageModel(result.Vocabulary, store, _options.Padding, info);
    }

    private void EnsureNotBuilt()
    {
        if (_built)
            throw new InvalidOperationException("Build was already called; create a new trainer.");
    }
}
