using TorchSharp;
using static TorchSharp.torch;

namespace TextKit.Neural.Generation;

/// <summary>Decoding options (HF <c>GenerationConfig</c> names in parentheses).</summary>
public sealed class GenerationOptions
{
    /// <summary>New tokens to generate at most (max_new_tokens).</summary>
    public int MaxNewTokens { get; set; } = 20;

    /// <summary>Sample instead of choosing the most likely token (do_sample). Greedy or beam search when false.</summary>
    public bool DoSample { get; set; }

    /// <summary>Divides the logits before sampling (temperature); must be &gt; 0.</summary>
    public double Temperature { get; set; } = 1.0;

    /// <summary>Keep only the k most likely tokens when sampling (top_k); 0 = all.</summary>
    public int TopK { get; set; }

    /// <summary>Keep the smallest set of tokens whose probability reaches p (top_p, nucleus sampling); 1 = all.</summary>
    public double TopP { get; set; } = 1.0;

    /// <summary>Beam width (num_beams); 1 = greedy/sampling.</summary>
    public int NumBeams { get; set; } = 1;

    /// <summary>Exponent of the length normalisation of beam scores (length_penalty).</summary>
    public double LengthPenalty { get; set; } = 1.0;

    /// <summary>Stop a sequence when it emits the end-of-sequence token.</summary>
    public bool StopAtEos { get; set; } = true;

    /// <summary>Override of the model's eos_token_id.</summary>
    public int? EosTokenId { get; set; }

    /// <summary>Id written after a sequence has finished (pad_token_id; defaults to the EOS id).</summary>
    public int? PadTokenId { get; set; }

    /// <summary>Seed of the sampling generator; the same seed gives the same output.</summary>
    public int Seed { get; set; }

    /// <summary>Validates the options (ArgumentOutOfRangeException naming the option).</summary>
    public void Validate()
    {
        if (MaxNewTokens < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxNewTokens), MaxNewTokens, "must be at least 1.");
        if (!(Temperature > 0) || double.IsInfinity(Temperature))
            throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "must be a positive number.");
        if (TopK < 0)
            throw new ArgumentOutOfRangeException(nameof(TopK), TopK, "must be 0 (off) or positive.");
        if (!(TopP > 0 && TopP <= 1))
            throw new ArgumentOutOfRangeException(nameof(TopP), TopP, "must be in (0, 1].");
        if (NumBeams < 1)
            throw new ArgumentOutOfRangeException(nameof(NumBeams), NumBeams, "must be at least 1.");
        if (NumBeams > 1 && DoSample)
            throw new ArgumentException("Beam search with sampling is not supported: use NumBeams = 1 with DoSample, or DoSample = false.", nameof(DoSample));
    }
}

/// <summary>
/// Greedy, sampling (temperature, top-k, top-p) and beam-search decoding over any <see cref="IGenerativeModel"/>,
/// following HF <c>generate</c>: logits are warped in the order temperature → top-k → top-p, finished rows are
/// padded, and beam hypotheses are ranked by sum of log-probabilities / length^length_penalty.
/// </summary>
public static class TextGenerator
{
    /// <summary>
    /// Generates for a batch of prompts ([batch, tokens] int64, left-padded with a 0/1 mask when lengths differ).
    /// Returns one id sequence per prompt: prompt + new tokens for decoder-only models; decoder start + new tokens for
    /// encoder-decoders (HF's layout).
    /// </summary>
    public static long[][] Generate(IGenerativeModel model, Tensor inputIds, Tensor? attentionMask, GenerationOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputIds);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (inputIds.dim() != 2 || inputIds.shape[1] == 0)
            throw new TextKitException("TK340", $"the prompt must be a non-empty [batch, tokens] id matrix; got [{string.Join(", ", inputIds.shape)}] (empty prompt?).");
        using var grad = torch.no_grad();
        return options.NumBeams > 1 ? Beam(model, inputIds, attentionMask, options) : GreedyOrSample(model, inputIds, attentionMask, options);
    }

    private static long[][] GreedyOrSample(IGenerativeModel model, Tensor inputIds, Tensor? mask, GenerationOptions o)
    {
        int? eos = o.EosTokenId ?? model.EosTokenId;
        long pad = o.PadTokenId ?? eos ?? 0;
        using var initial = model.InitialOutput(inputIds);
        var outputs = ToRows(initial);
        int batch = outputs.Length;
        var finished = new bool[batch];
        var generator = o.DoSample ? new Generator((ulong)o.Seed) : null;
        using var state = model.Begin(inputIds, mask);
        for (int step = 0; step < o.MaxNewTokens; step++)
        {
            using var scope = NewDisposeScope();
            Tensor next = o.DoSample ? Sample(state.NextLogits, o, generator!) : state.NextLogits.argmax(-1);
            var chosen = next.to_type(ScalarType.Int64).data<long>().ToArray();
            for (int b = 0; b < batch; b++)
            {
                if (finished[b])
                    chosen[b] = pad;
                outputs[b].Add(chosen[b]);
                if (o.StopAtEos && eos is int e && chosen[b] == e)
                    finished[b] = true;
            }
            if (finished.All(f => f) || step == o.MaxNewTokens - 1)
                break;
            model.Advance(state, torch.tensor(chosen, device: inputIds.device));
        }
        return outputs.Select(r => r.ToArray()).ToArray();
    }

    /// <summary>Samples one token per row after temperature, top-k and top-p warping.</summary>
    internal static Tensor Sample(Tensor logits, GenerationOptions o, Generator generator)
    {
        var scores = logits.to_type(ScalarType.Float32);
        if (o.Temperature != 1.0)
            scores = scores / o.Temperature;
        if (o.TopK > 0 && o.TopK < scores.shape[^1])
        {
            var kth = scores.topk(o.TopK).values.select(-1, o.TopK - 1).unsqueeze(-1);
            scores = scores.masked_fill(scores.lt(kth), float.NegativeInfinity);
        }
        if (o.TopP < 1.0)
        {
            var (sorted, indices) = scores.sort(-1, descending: false);
            var cumulative = sorted.softmax(-1).cumsum(-1);
            var removeSorted = cumulative.le(1 - o.TopP);
            removeSorted[TensorIndex.Ellipsis, -1] = torch.tensor(false); // always keep the most likely token
            var remove = removeSorted.scatter(-1, indices, removeSorted);
            scores = scores.masked_fill(remove, float.NegativeInfinity);
        }
        var probs = scores.softmax(-1);
        return torch.multinomial(probs, 1, generator: generator).squeeze(-1);
    }

    private static List<long>[] ToRows(Tensor t)
    {
        var flat = t.to_type(ScalarType.Int64).contiguous().data<long>().ToArray();
        int rows = (int)t.shape[0], cols = (int)t.shape[1];
        return Enumerable.Range(0, rows).Select(r => flat.AsSpan(r * cols, cols).ToArray().ToList()).ToArray();
    }

    private sealed record Hypothesis(long[] Tokens, double Score);

    private static long[][] Beam(IGenerativeModel model, Tensor inputIds, Tensor? mask, GenerationOptions o)
    {
        int beams = o.NumBeams;
        int batch = (int)inputIds.shape[0];
        int? eos = o.StopAtEos ? o.EosTokenId ?? model.EosTokenId : null;
        long pad = o.PadTokenId ?? o.EosTokenId ?? model.EosTokenId ?? 0;
        // Each prompt is replicated num_beams times; only the first copy starts live so that the beams diverge.
        using var rows = torch.arange(batch, dtype: ScalarType.Int64).repeat_interleave(beams);
        using var ids = inputIds.index_select(0, rows);
        using var m = mask?.index_select(0, rows);
        using var initial = model.InitialOutput(ids);
        var sequences = ToRows(initial);
        int promptLength = sequences[0].Count;
        var beamScores = new double[batch * beams];
        for (int i = 0; i < beamScores.Length; i++)
            beamScores[i] = i % beams == 0 ? 0 : -1e9;
        var finished = Enumerable.Range(0, batch).Select(_ => new List<Hypothesis>()).ToArray();
        var done = new bool[batch];
        using var state = model.Begin(ids, m);
        for (int step = 0; step < o.MaxNewTokens; step++)
        {
            using var scope = NewDisposeScope();
            var logProbs = state.NextLogits.to_type(ScalarType.Float32).log_softmax(-1);
            long vocab = logProbs.shape[1];
            var total = logProbs + torch.tensor(beamScores.Select(s => (float)s).ToArray()).unsqueeze(1);
            var perBatch = total.view(batch, beams * vocab);
            var (topScores, topIndices) = perBatch.topk(2 * beams, -1);
            var scores = topScores.data<float>().ToArray();
            var indices = topIndices.data<long>().ToArray();
            var nextRows = new long[batch * beams];
            var nextTokens = new long[batch * beams];
            var nextScores = new double[batch * beams];
            var nextSequences = new List<long>[batch * beams];
            int curLength = sequences[0].Count - promptLength + 1;
            for (int b = 0; b < batch; b++)
            {
                int filled = 0;
                for (int j = 0; j < 2 * beams && filled < beams; j++)
                {
                    double score = scores[b * 2 * beams + j];
                    long flat = indices[b * 2 * beams + j];
                    int beam = (int)(flat / vocab);
                    long token = flat % vocab;
                    int row = b * beams + beam;
                    if (done[b])
                    {
                        nextRows[b * beams + filled] = b * beams;
                        nextTokens[b * beams + filled] = pad;
                        nextScores[b * beams + filled] = 0;
                        nextSequences[b * beams + filled] = [.. sequences[b * beams], pad];
                        filled++;
                        continue;
                    }
                    if (eos is int e && token == e)
                    {
                        if (j < beams)
                            AddHypothesis(finished[b], [.. sequences[row], token], score / Math.Pow(curLength, o.LengthPenalty), beams);
                        continue;
                    }
                    nextRows[b * beams + filled] = row;
                    nextTokens[b * beams + filled] = token;
                    nextScores[b * beams + filled] = score;
                    nextSequences[b * beams + filled] = [.. sequences[row], token];
                    filled++;
                }
                if (!done[b] && finished[b].Count >= beams)
                {
                    double best = nextScores.Skip(b * beams).Take(beams).Max() / Math.Pow(curLength, o.LengthPenalty);
                    if (finished[b].Min(h => h.Score) >= best)
                        done[b] = true;
                }
            }
            sequences = nextSequences;
            beamScores = nextScores;
            if (done.All(d => d) || step == o.MaxNewTokens - 1)
                break;
            model.Reorder(state, torch.tensor(nextRows));
            model.Advance(state, torch.tensor(nextTokens));
        }
        var result = new long[batch][];
        for (int b = 0; b < batch; b++)
        {
            int curLength = sequences[b * beams].Count - promptLength;
            if (!done[b])
                for (int k = 0; k < beams; k++)
                    AddHypothesis(finished[b], sequences[b * beams + k].ToArray(), beamScores[b * beams + k] / Math.Pow(curLength, o.LengthPenalty), beams);
            result[b] = finished[b].OrderByDescending(h => h.Score).First().Tokens;
        }
        return result;
    }

    private static void AddHypothesis(List<Hypothesis> list, long[] tokens, double score, int beams)
    {
        if (list.Count < beams)
        {
            list.Add(new Hypothesis(tokens, score));
            return;
        }
        var worst = list.MinBy(h => h.Score)!;
        if (score > worst.Score)
        {
            list.Remove(worst);
            list.Add(new Hypothesis(tokens, score));
        }
    }
}
