using TextKit.Data;

namespace TextKit.LanguageModels;

/// <summary>
/// Turns counts into the backoff form of an interpolated model. Every method is written as
/// p_k(w|h) = α_k(h,w) + γ_k(h) · p_{k−1}(w|h′) with p_0 uniform over the predictable words (all but &lt;s&gt;), so each
/// stored n-gram gets p = α + γ(prefix) · p(suffix) and each context gets backoff γ (Chen &amp; Goodman 1998, §2;
/// the ARPA representation of interpolated models as in SRILM and KenLM).
/// </summary>
internal static class NgramEstimation
{
    public sealed record Result(LmVocabulary Vocabulary, double[] UniProb, double[] UniBow, DenseOrder[] Orders, double DefaultBow, double[][] Discounts);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static Result Estimate(NgramCounter counter, NgramModelOptions options)
    {
        // The loops below read per-context arrays at the n-grams' random prefix and suffix ids: each such read starts
        // this many n-grams ahead so that the misses overlap.
        const int Ahead = 16;
        int n = counter.Order;
        var vocabulary = counter.BuildVocabulary();
        int v = vocabulary.Count;
        const int Bos = LmVocabulary.BeginId;
        var smoothing = options.Smoothing;
        bool continuation = smoothing is Smoothing.KneserNey or Smoothing.ModifiedKneserNey;

        // Per order k: raw counts, first/last word, suffix and prefix (dense ids of order k − 1; for k = 2 word ids).
        var raw = new long[n + 1][];
        var first = new int[n + 1][];
        var last = new int[n + 1][];
        var suffix = new int[n + 1][];
        var prefix = new int[n + 1][];
        var size = new int[n + 1];
        raw[1] = counter.UnigramCounts.AsSpan(0, v).ToArray();
        size[1] = v;
        last[1] = Enumerable.Range(0, v).ToArray();
        first[1] = last[1];
        for (int k = 2; k <= n; k++)
        {
            var t = counter.Table(k);
            int c = t.Count;
            size[k] = c;
            raw[k] = t.Counts;
            prefix[k] = t.Prefix;
            first[k] = new int[c];
            last[k] = new int[c];
            suffix[k] = new int[c];
            var keys = t.Keys;
            var lastBelow = last[k - 1];
            for (int i = 0; i < c; i++)
            {
                if (i + Ahead < c)
                    CacheHint.At(in lastBelow[(int)(keys[i + Ahead] >> 32)]);
                ulong key = keys[i];
                int s = (int)(key >> 32);
                suffix[k][i] = s;
                first[k][i] = (int)(uint)key;
                last[k][i] = lastBelow[s];
            }
        }

        // Level counts: raw at the top; for Kneser-Ney the continuation counts N1+(• g) over the level above's types,
        // except (Single padding, as KenLM) n-grams that start with <s>, which nothing can precede: they keep raw counts.
        var a = new long[n + 1][];
        a[n] = raw[n];
        for (int k = n - 1; k >= 1; k--)
        {
            if (!continuation)
            {
                a[k] = raw[k];
                continue;
            }
            var cont = new long[size[k]];
            var (above, aboveSuffix) = (a[k + 1], suffix[k + 1]);
            for (int i = 0; i < size[k + 1]; i++)
            {
                if (i + Ahead < aboveSuffix.Length)
                    CacheHint.At(in cont[aboveSuffix[i + Ahead]]);
                if (above[i] > 0)
                    cont[aboveSuffix[i]]++;
            }
            if (options.Padding == SentencePadding.Single)
                for (int i = 0; i < size[k]; i++)
                    if (first[k][i] == Bos)
                        cont[i] = raw[k][i];
            a[k] = cont;
        }

        // Pruning (top-down): drop rare n-grams unless a kept higher-order n-gram needs them as prefix or suffix.
        var kept = new bool[n + 1][];
        kept[1] = Enumerable.Repeat(true, v).ToArray();
        var required = new bool[size[n]];
        int Threshold(int k) => options.PruneThresholds is { } p && p.Length >= k ? p[k - 1] : 0;
        for (int k = n; k >= 2; k--)
        {
            int threshold = Threshold(k);
            // Marks only matter where the order below prunes (raw counts are ≥ 1, so threshold 0 keeps everything).
            bool mark = k > 2 && Threshold(k - 1) > 0;
            kept[k] = new bool[size[k]];
            var lowerRequired = new bool[size[k - 1]];
            for (int i = 0; i < size[k]; i++)
            {
                bool keep = raw[k][i] > threshold || required[i];
                kept[k][i] = keep;
                if (keep && mark)
                {
                    lowerRequired[suffix[k][i]] = true;
                    lowerRequired[prefix[k][i]] = true;
                }
            }
            required = lowerRequired;
        }

        // Discounts per level from the count-of-counts of that level's events (n-grams not ending in <s> with a > 0).
        var discounts = new double[n + 1][];
        for (int k = 1; k <= n; k++)
        {
            var coc = new long[5];
            for (int i = 0; i < size[k]; i++)
                if (a[k][i] is > 0 and <= 4 && last[k][i] != Bos)
                    coc[a[k][i]]++;
            discounts[k] = Discounts(smoothing, options.Discount, coc);
        }

        // Context statistics per level: context space = order k − 1 (dense ids), or one empty context at level 1.
        int predictable = v - 1;
        double uniform = 1.0 / predictable;
        var gamma = new double[n + 1][];   // γ_k(h), NaN where the level passes through
        var total = new double[n + 1][];   // T_k(h)
        var alpha = new double[n + 1][];   // α_k(g) per n-gram (0 for non-events and pruned)
        bool discounting = smoothing is Smoothing.KneserNey or Smoothing.ModifiedKneserNey or Smoothing.AbsoluteDiscounting;
        for (int k = 1; k <= n; k++)
        {
            int contexts = k == 1 ? 1 : size[k - 1];
            // T, types and removed mass of a context side by side: one cache line per (random) context access.
            var stats = new ContextStats[contexts];
            var d = discounts[k];
            var ak = a[k];
            var lastK = last[k];
            var prefixK = k == 1 ? null : prefix[k];
            var keptK = kept[k];
            int count = size[k];
            for (int i = 0; i < count; i++)
            {
                if (prefixK is not null && i + Ahead < count)
                    CacheHint.At(in stats[prefixK[i + Ahead]]);
                long c = ak[i];
                if (c <= 0 || lastK[i] == Bos)
                    continue;
                ref var st = ref stats[prefixK is null ? 0 : prefixK[i]];
                st.T += c;
                st.Types += 1;
                if (d.Length > 0)
                    st.Removed += Math.Min(d[Math.Min(c, d.Length) - 1], c);
            }
            var g = new double[contexts];
            var al = new double[count];
            for (int h = 0; h < contexts; h++)
            {
                ref var st = ref stats[h];
                g[h] = st.T > 0 && LevelIsActive(options, k, n, k == 1 ? -1 : first[k - 1][h])
                    ? Gamma(smoothing, options, st.T, st.Types, st.Removed, predictable)
                    : double.NaN;
                st.G = g[h];
            }
            for (int i = 0; i < count; i++)
            {
                if (prefixK is not null && i + Ahead < count)
                    CacheHint.At(in stats[prefixK[i + Ahead]]);
                long c = ak[i];
                if (c <= 0 || lastK[i] == Bos)
                    continue;
                int h = prefixK is null ? 0 : prefixK[i];
                ref var st = ref stats[h];
                if (double.IsNaN(st.G))
                    continue;
                double value = discounting
                    ? Math.Max(c - d[(int)Math.Min(c, d.Length) - 1], 0) / st.T
                    : Alpha(smoothing, options, c, st.T, st.Types, d, predictable);
                if (keptK[i])
                {
                    al[i] = value;
                }
                else if (smoothing != Smoothing.StupidBackoff)
                {
                    g[h] += value; // a pruned n-gram's share moves to its context's backoff
                    st.G = g[h];
                }
            }
            gamma[k] = g;
            if (k == 1)
                total[k] = [stats[0].T];
            alpha[k] = al;
        }

        // Compile: p(g) = α(g) + γ(prefix) p(suffix); backoff of a context = γ of the level above (1 when it passes through).
        bool stupid = smoothing == Smoothing.StupidBackoff;
        double sbBow = Math.Log10(options.StupidBackoffAlpha);
        var prob = new double[n + 1][];
        var uniP = new double[v];
        {
            double g = gamma[1][0];
            for (int w = 0; w < v; w++)
            {
                double u = w == Bos ? 0 : uniform;
                double pw;
                if (double.IsNaN(g))
                    pw = stupid && total[1][0] > 0 ? 0 : u;
                else if (stupid)
                    pw = alpha[1][w];
                else
                    pw = alpha[1][w] + g * u;
                uniP[w] = pw;
            }
            prob[1] = uniP;
        }
        for (int k = 2; k <= n; k++)
        {
            var pk = new double[size[k]];
            var g = gamma[k];
            var (keptK, alphaK, lowerProb, suffixK, prefixK) = (kept[k], alpha[k], prob[k - 1], suffix[k], prefix[k]);
            for (int i = 0; i < pk.Length; i++)
            {
                if (i + Ahead < pk.Length)
                {
                    CacheHint.At(in lowerProb[suffixK[i + Ahead]]);
                    CacheHint.At(in g[prefixK[i + Ahead]]);
                }
                if (!keptK[i])
                    continue;
                double lower = lowerProb[suffixK[i]];
                double gh = g[prefixK[i]];
                if (stupid)
                    pk[i] = alphaK[i] > 0 ? alphaK[i] : options.StupidBackoffAlpha * lower;
                else
                    pk[i] = alphaK[i] + (double.IsNaN(gh) ? 1.0 : gh) * lower;
            }
            prob[k] = pk;
        }

        double[] Bows(int k)
        {
            var bows = new double[size[k]];
            if (k == n)
                return bows;
            var g = gamma[k + 1];
            for (int i = 0; i < size[k]; i++)
                bows[i] = stupid ? sbBow : double.IsNaN(g[i]) ? 0 : Math.Log10(g[i]);
            return bows;
        }

        var uniBow = Bows(1);
        var uniLog = uniP.Select(Math.Log10).ToArray();

        // Dense kept n-grams per order; suffix indexes renumbered to the kept n-grams of the order below.
        var orders = new DenseOrder[n + 1];
        var newIndex = new int[]?[n + 1];
        static bool IsIdentity(int[]? map) => map is null;
        newIndex[1] = null; // null: identity
        for (int k = 2; k <= n; k++)
        {
            int count = 0;
            foreach (var keep in kept[k])
                if (keep)
                    count++;
            var bows = Bows(k);
            if (count == size[k] && IsIdentity(newIndex[k - 1]))
            {
                // Nothing pruned here or below: dense ids are the counting ids.
                var logProb = new double[count];
                var pk = prob[k];
                for (int i = 0; i < count; i++)
                    logProb[i] = Math.Log10(pk[i]);
                orders[k] = new DenseOrder(first[k], suffix[k], logProb, bows);
                newIndex[k] = null;
                continue;
            }
            var dense = new DenseOrder(count);
            var map = new int[size[k]];
            int j = 0;
            for (int i = 0; i < size[k]; i++)
            {
                if (!kept[k][i])
                {
                    map[i] = -1;
                    continue;
                }
                map[i] = j;
                dense.First[j] = first[k][i];
                dense.Suffix[j] = newIndex[k - 1] is { } lowerMap ? lowerMap[suffix[k][i]] : suffix[k][i];
                dense.Prob[j] = Math.Log10(prob[k][i]);
                dense.Bow[j] = bows[i];
                j++;
            }
            newIndex[k] = map;
            orders[k] = dense;
        }
        return new Result(vocabulary, uniLog, uniBow, orders, stupid ? sbBow : 0, discounts);
    }

    private struct ContextStats
    {
        public double T;        // Σ counts of the context's events
        public double Types;    // number of distinct events
        public double Removed;  // discount mass taken from them
        public double G;        // γ(h)
    }

    /// <summary>Add-k only smooths the full context (and, with single padding, the shorter contexts that start with &lt;s&gt;).</summary>
    private static bool LevelIsActive(NgramModelOptions options, int k, int n, int contextFirstWord)
        => options.Smoothing != Smoothing.AddK || k == n
           || (options.Padding == SentencePadding.Single && contextFirstWord == LmVocabulary.BeginId);

    private static double[] Discounts(Smoothing smoothing, double? fixedDiscount, long[] coc)
    {
        switch (smoothing)
        {
            case Smoothing.KneserNey or Smoothing.AbsoluteDiscounting:
                if (fixedDiscount is { } d)
                    return [d];
                double y = coc[1] + 2 * coc[2] > 0 ? (double)coc[1] / (coc[1] + 2 * coc[2]) : double.NaN;
                return [y is > 0 and < 1 ? y : 0.75]; // degenerate count-of-counts (tiny data): the usual 0.75
            case Smoothing.ModifiedKneserNey:
            {
                // Chen & Goodman (1998), eq. 26: Y = n1/(n1 + 2 n2), Dk = k − (k + 1) Y n(k+1)/nk.
                double yy = (double)coc[1] / (coc[1] + 2 * coc[2]);
                var result = new double[3];
                double[] fallback = [0.5, 1.0, 1.5];
                for (int k = 1; k <= 3; k++)
                {
                    double dk = k - (k + 1) * yy * coc[k + 1] / coc[k];
                    result[k - 1] = double.IsFinite(dk) && dk > 0 && dk <= k ? dk : fallback[k - 1];
                }
                return result;
            }
            default:
                return [];
        }
    }

    private static double Gamma(Smoothing smoothing, NgramModelOptions options, double t, double types, double removed, int predictable)
        => smoothing switch
        {
            Smoothing.Mle => 0,
            Smoothing.AddK => options.AddK * predictable / (t + options.AddK * predictable),
            Smoothing.WittenBell => types / (t + types),
            Smoothing.StupidBackoff => options.StupidBackoffAlpha,
            _ => removed / t,
        };

    private static double Alpha(Smoothing smoothing, NgramModelOptions options, long c, double t, double types, double[] d, int predictable)
        => smoothing switch
        {
            Smoothing.Mle or Smoothing.StupidBackoff => c / t,
            Smoothing.AddK => c / (t + options.AddK * predictable),
            Smoothing.WittenBell => c / (t + types),
            _ => Math.Max(c - d[(int)Math.Min(c, d.Length) - 1], 0) / t,
        };
}
