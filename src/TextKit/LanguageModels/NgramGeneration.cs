namespace TextKit.LanguageModels;

/// <summary>Options of <see cref="NgramLanguageModel.Generate"/>.</summary>
public sealed class GenerationOptions
{
    /// <summary>Random seed; the same seed, model and options give the same text. Default 0.</summary>
    public int Seed { get; set; }

    /// <summary>Stop after this many tokens even without &lt;/s&gt;. Default 30.</summary>
    public int MaxTokens { get; set; } = 30;

    /// <summary>Sampling temperature: p^(1/T), renormalized. 1 = the model's distribution; near 0 = greedy. Default 1.</summary>
    public double Temperature { get; set; } = 1.0;

    /// <summary>Sample only among the k most probable words (0 = all). Default 0.</summary>
    public int TopK { get; set; }

    /// <summary>Allow the unknown word in the output. Default false.</summary>
    public bool AllowUnknown { get; set; }

    /// <summary>Tokens the sentence starts with (scored as context, not repeated in the output).</summary>
    public IReadOnlyList<string>? Prefix { get; set; }
}

public sealed partial class NgramLanguageModel
{
    /// <summary>Samples one sentence word by word from the model (ancestral sampling with temperature and top-k).</summary>
    public IReadOnlyList<string> Generate(GenerationOptions? options = null)
    {
        options ??= new GenerationOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxTokens, nameof(options.MaxTokens));
        ArgumentOutOfRangeException.ThrowIfNegative(options.TopK, nameof(options.TopK));
        if (!(options.Temperature > 0) || double.IsInfinity(options.Temperature))
            throw new ArgumentOutOfRangeException(nameof(options), options.Temperature, "Temperature must be a positive finite number.");
        var random = new Random(options.Seed);
        var state = _begin;
        foreach (var token in options.Prefix ?? [])
        {
            int id = Vocabulary.IdOf(token ?? throw new ArgumentException("A prefix token is null.", nameof(options)));
            if (id is LmVocabulary.BeginId or LmVocabulary.EndId)
                throw Reserved(token);
            _store.Score(ref state, id);
        }
        int v = Vocabulary.Count;
        var logits = new double[v];
        var weights = new double[v];
        var order = options.TopK > 0 ? new double[v] : null;
        var output = new List<string>();
        while (output.Count < options.MaxTokens)
        {
            double max = double.NegativeInfinity;
            for (int w = 0; w < v; w++)
            {
                if (w == LmVocabulary.BeginId || (w == LmVocabulary.UnknownId && !options.AllowUnknown))
                {
                    logits[w] = double.NegativeInfinity;
                    continue;
                }
                var copy = state;
                logits[w] = _store.Score(ref copy, w) / options.Temperature;
                max = Math.Max(max, logits[w]);
            }
            if (double.IsNegativeInfinity(max))
                break; // nothing can follow (e.g. an MLE model in a dead end)
            double cutoff = double.NegativeInfinity;
            if (order is not null && options.TopK < v)
            {
                logits.CopyTo(order, 0);
                Array.Sort(order);
                cutoff = order[v - options.TopK];
            }
            double sum = 0;
            for (int w = 0; w < v; w++)
            {
                double x = logits[w] >= cutoff && !double.IsNegativeInfinity(logits[w]) ? Math.Pow(10, logits[w] - max) : 0;
                weights[w] = x;
                sum += x;
            }
            double r = random.NextDouble() * sum;
            int chosen = -1;
            for (int w = 0; w < v; w++)
            {
                if (weights[w] == 0)
                    continue;
                chosen = w;
                r -= weights[w];
                if (r < 0)
                    break;
            }
            if (chosen < 0 || chosen == LmVocabulary.EndId)
                break;
            output.Add(Vocabulary[chosen]);
            _store.Score(ref state, chosen);
        }
        return output;
    }
}
