using System.Numerics;
using System.Runtime.CompilerServices;

namespace TextKit.Tagging;

/// <summary>
/// Beam search over the output pass. The greedy decoder commits to the best tag of each word in turn; when two tags of a
/// word are nearly tied, the one that makes the following words more confident may be the better choice. The beam keeps
/// up to <see cref="BeamWidth"/> tag histories (the previous two tags are the only state the features read, so
/// histories that agree on them are merged) and scores a history by the sum of its words' log-probabilities under a
/// softmax of the perceptron scores divided by <see cref="BeamTemperature"/> (a locally normalised, MEMM-style path
/// score: summing the raw scores instead, as Collins' structured perceptron does, was worse here because the weights
/// were trained greedily).
/// </summary>
public sealed partial class PerceptronTagger
{
    /// <summary>The widest beam <see cref="WithBeam"/> accepts.</summary>
    public const int MaxBeamWidth = 16;

    /// <summary>
    /// The softmax temperature used when none is given: 40 score units. Chosen on UD EWT dev with the shipped model
    /// (docs/tagging.md, "Beam search"): with a beam of 3, 33–100 give the same gain there; 14 (the temperature that
    /// fits dev's gold tags best) and 20 give almost none: the beam needs distributions flatter than calibrated ones.
    /// </summary>
    public const double DefaultBeamTemperature = 40;

    // Histories whose path score falls this far below the best one (ln 5: at least five times less likely) are
    // dropped, for speed: with a beam of 4 on EWT dev, margins of 1 and 2 kept 1.3 and 1.8 histories per word instead of
    // 3.2 without pruning, and margins from 0.3 to 8 moved the dev scores by at most 0.03.
    private const double PruneMargin = 1.6094379124341003;

    /// <summary>Tag histories kept by the beam search of the output pass; 1 is greedy decoding.</summary>
    public int BeamWidth { get; }

    /// <summary>The softmax temperature of the beam's per-word distributions (used when <see cref="BeamWidth"/> &gt; 1).</summary>
    public double BeamTemperature { get; }

    /// <summary>
    /// This model decoding with another beam: <paramref name="width"/> 1 is greedy decoding (the fastest), wider beams
    /// reconsider near-ties. Shares the weights and the word cache with this instance.
    /// </summary>
    public PerceptronTagger WithBeam(int width, double temperature = DefaultBeamTemperature)
    {
        CheckBeam(width, temperature);
        return new PerceptronTagger(this, width, temperature);
    }

    /// <summary>Whether a stored beam setting is usable (model files, saved ML.NET transformers).</summary>
    internal static bool IsValidBeam(int width, double temperature)
        => width is >= 1 and <= MaxBeamWidth && double.IsFinite(temperature) && temperature > 0;

    internal static void CheckBeam(int width, double temperature)
    {
        if (width is < 1 or > MaxBeamWidth)
            throw new ArgumentOutOfRangeException(nameof(width), width, $"The beam width must be in 1..{MaxBeamWidth}.");
        if (!double.IsFinite(temperature) || temperature <= 0)
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The beam temperature must be a finite number above 0.");
    }

    /// <summary>Tests only: decode through the beam search even at width 1, which must then equal the greedy decoder.</summary>
    internal bool ForceBeamDecoder { get; private init; }

    /// <summary>Tests only: this model with <see cref="ForceBeamDecoder"/> set.</summary>
    internal PerceptronTagger WithForcedBeamDecoder(int width, double temperature = DefaultBeamTemperature)
        => new(this, width, temperature) { ForceBeamDecoder = true };

    /// <summary>
    /// Decodes the output pass with a beam (see the class remarks). <paramref name="first"/> holds the first pass's tags
    /// when this is the second pass; its previous-tag sums (<c>AfterPrevious</c>) are reused for histories that match
    /// the first pass's.
    /// </summary>
    private void DecodeBeam(Scratch scratch, ReadOnlySpan<TokenInfo> infos, int[] tags, int n, int[]? first, Span<ulong> features, Span<float> scores)
    {
        int width = BeamWidth;
        int stride = _cache.Stride;
        int labels = Labels.Length;
        double scale = 1 / BeamTemperature;
        scratch.EnsureBeam(n, width);
        int[] backs = scratch.BeamBack, steps = scratch.BeamTag;
        Span<int> prev1 = stackalloc int[width], prev2 = stackalloc int[width];
        Span<int> newPrev2 = stackalloc int[width];
        Span<double> pathScore = stackalloc double[width];
        var next = new Expansions(stackalloc double[width], stackalloc int[width], stackalloc int[width], stackalloc int[width]);
        int live = 1;
        prev1[0] = -1;
        prev2[0] = -1;
        pathScore[0] = 0;
        for (int i = 0; i < n; i++)
        {
            next.Clear();
            int forced = infos[i + 2].FrequentTag;
            for (int h = 0; h < live; h++)
            {
                if (forced >= 0)
                {
                    next.Offer(pathScore[h], forced, h, prev1[h]);
                    continue;
                }
                var candidates = infos[i + 2].Candidates;
                if (first is not null && prev1[h] == scratch.FirstPrev1[i] && prev2[h] == scratch.FirstPrev2[i])
                {
                    scratch.AfterPrevious.AsSpan(i * stride, stride).CopyTo(scores);
                }
                else
                {
                    scratch.Static.AsSpan(i * stride, stride).CopyTo(scores);
                    int previous = TaggerFeatures.Previous(infos, i, prev1[h], prev2[h], features);
                    Score(features[..previous], scores, candidates);
                }
                if (first is not null)
                {
                    int next1 = i + 1 < n ? first[i + 1] : -1;
                    int next2 = i + 2 < n ? first[i + 2] : -1;
                    int count = TaggerFeatures.Next(infos, i, prev1[h], next1, next2, features);
                    Score(features[..count], scores, candidates);
                }
                // With one live history the normaliser is the same for every extension and cannot change any ranking
                // from here on: it is only computed when histories compete.
                double offset = pathScore[h] - (live > 1 ? LogNormaliser(scores, candidates, labels, scale) : 0);
                // Most extensions cannot enter a full list: they are turned away here, before the call, by the same
                // test Offer starts with (the call itself was ~5 % of tagging time with 102 labels per unknown word).
                if (candidates is null)
                {
                    for (int t = 0; t < labels; t++)
                    {
                        double value = offset + (scale * scores[t]);
                        if (!next.TurnsAway(value))
                            next.Offer(value, t, h, prev1[h]);
                    }
                }
                else
                {
                    foreach (int t in candidates)
                    {
                        double value = offset + (scale * scores[t]);
                        if (!next.TurnsAway(value))
                            next.Offer(value, t, h, prev1[h]);
                    }
                }
            }
            live = 0;
            double floor = next.Score[0] - PruneMargin;
            for (int j = 0; j < next.Count && next.Score[j] >= floor; j++)
            {
                backs[(i * width) + j] = next.From[j];
                steps[(i * width) + j] = next.Tag[j];
                newPrev2[j] = prev1[next.From[j]];
                live++;
            }
            for (int j = 0; j < live; j++)
            {
                prev1[j] = next.Tag[j];
                prev2[j] = newPrev2[j];
                pathScore[j] = next.Score[j];
            }
        }
        for (int i = n - 1, h = 0; i >= 0; i--)
        {
            tags[i] = steps[(i * width) + h];
            h = backs[(i * width) + h];
        }
    }

    /// <summary>
    /// log Σ exp(scale · s) over the candidate tags (all labels when null), written as scale · max + log Σ exp(scale ·
    /// (s − max)) so that nothing overflows.
    /// </summary>
    private static double LogNormaliser(ReadOnlySpan<float> scores, int[]? candidates, int labels, double scale)
    {
        float max = float.NegativeInfinity;
        double sum = 0;
        if (candidates is not null)
        {
            foreach (int t in candidates)
                max = Math.Max(max, scores[t]);
            foreach (int t in candidates)
                sum += Math.Exp(scale * (scores[t] - max));
            return (scale * max) + Math.Log(sum);
        }
        var all = scores[..labels];
        int width = Vector<float>.Count, c = 0;
        for (; c < all.Length; c++)
            max = Math.Max(max, all[c]);
        var shift = new Vector<float>(max);
        var factor = new Vector<float>((float)scale);
        var total = Vector<float>.Zero;
        for (c = 0; c + width <= all.Length; c += width)
            total += Vector.Exp((new Vector<float>(all[c..]) - shift) * factor);
        sum = Vector.Sum(total);
        for (; c < all.Length; c++)
            sum += Math.Exp(scale * (all[c] - max));
        return (scale * max) + Math.Log(sum);
    }

    /// <summary>
    /// The best extensions of the live histories, best first (ties keep the order offered), at most one per state
    /// (the new tag and the previous one).
    /// </summary>
    internal ref struct Expansions(Span<double> score, Span<int> tag, Span<int> from, Span<int> previous)
    {
        public readonly Span<double> Score = score;
        public readonly Span<int> Tag = tag;
        public readonly Span<int> From = from;
        private readonly Span<int> _previous = previous;
        public int Count;

        public void Clear() => Count = 0;

        /// <summary>Whether <see cref="Offer"/> would drop an extension of this score at once (the list is full of better ones).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly bool TurnsAway(double score) => Count == Score.Length && score <= Score[Count - 1];

        public void Offer(double score, int tag, int from, int previous)
        {
            int capacity = Score.Length;
            if (TurnsAway(score))
                return;
            // The same state reached from another history: keep the better of the two.
            int at = -1;
            for (int j = 0; j < Count; j++)
            {
                if (Tag[j] == tag && _previous[j] == previous)
                {
                    at = j;
                    break;
                }
            }
            if (at >= 0)
            {
                if (score <= Score[at])
                    return;
            }
            else
            {
                at = Count < capacity ? Count++ : Count - 1;
            }
            // Move up past the worse entries above position `at`.
            while (at > 0 && score > Score[at - 1])
            {
                Score[at] = Score[at - 1];
                Tag[at] = Tag[at - 1];
                From[at] = From[at - 1];
                _previous[at] = _previous[at - 1];
                at--;
            }
            Score[at] = score;
            Tag[at] = tag;
            From[at] = from;
            _previous[at] = previous;
        }
    }
}
