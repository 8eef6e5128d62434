using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TextKit.Data;

namespace TextKit.LanguageModels;

/// <summary>One stored n-gram: 64-bit key (suffix slot, first word), log10 probability and (below the top order) log10 backoff.</summary>
internal interface IStoredEntry<TSelf> where TSelf : unmanaged, IStoredEntry<TSelf>
{
    ulong Key { get; }

    double Prob { get; }

    double Bow { get; }

    static abstract TSelf Create(ulong key, double prob, double bow);
}

internal struct MiddleDouble : IStoredEntry<MiddleDouble>
{
    public ulong Key;
    public double P;
    public double B;
    readonly ulong IStoredEntry<MiddleDouble>.Key => Key;
    public readonly double Prob => P;
    public readonly double Bow => B;
    public static MiddleDouble Create(ulong key, double prob, double bow) => new() { Key = key, P = prob, B = bow };
}

internal struct TopDouble : IStoredEntry<TopDouble>
{
    public ulong Key;
    public double P;
    readonly ulong IStoredEntry<TopDouble>.Key => Key;
    public readonly double Prob => P;
    public readonly double Bow => 0;
    public static TopDouble Create(ulong key, double prob, double bow) => new() { Key = key, P = prob };
}

internal struct MiddleSingle : IStoredEntry<MiddleSingle>
{
    public ulong Key;
    public float P;
    public float B;
    readonly ulong IStoredEntry<MiddleSingle>.Key => Key;
    public readonly double Prob => P;
    public readonly double Bow => B;
    public static MiddleSingle Create(ulong key, double prob, double bow) => new() { Key = key, P = (float)prob, B = (float)bow };
}

[StructLayout(LayoutKind.Sequential, Pack = 4)]
internal struct TopSingle : IStoredEntry<TopSingle>
{
    public ulong Key;
    public float P;
    readonly ulong IStoredEntry<TopSingle>.Key => Key;
    public readonly double Prob => P;
    public readonly double Bow => 0;
    public static TopSingle Create(ulong key, double prob, double bow) => new() { Key = key, P = (float)prob };
}

/// <summary>
/// Fixed-size linear-probing hash table whose slots are the entries themselves (one cache line per probe), sized
/// 2 × the entry count. KenLM's probing structure uses 1.5 ×; most queries of a language model are misses (unseen
/// n-grams), and an unsuccessful linear-probing search reads ½(1 + 1/(1 − α)²) slots: 5 at load α = 2/3, 2.5 at
/// α = 1/2. Measured on the Brown trigram model: 2 × answers ~12% more queries per second for 33% more table memory.
/// A slot index is the n-gram's id for the next order's keys.
/// </summary>
internal sealed class ProbingTable<T> where T : unmanaged, IStoredEntry<T>
{
    public const ulong EmptyKey = ulong.MaxValue;
    private readonly T[] _entries;
    private readonly ulong _size;

    public ProbingTable(int count)
    {
        long size = Math.Max(4, 2L * count + 1);
        if (size > int.MaxValue / 2)
            throw new TextKitException("TK705", $"{count:N0} n-grams of one order exceed what one table holds.");
        _entries = HugePages.Allocate<T>((int)size);
        var empty = T.Create(EmptyKey, 0, 0);
        _entries.AsSpan().Fill(empty);
        _size = (ulong)size;
    }

    public int Count { get; private set; }

    public int Capacity => _entries.Length;

    public long Bytes => (long)_entries.Length * Unsafe.SizeOf<T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Home(ulong key) => (int)(((CountTable.Hash(key) >> 32) * _size) >> 32);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(ulong key)
    {
        ref T start = ref MemoryMarshal.GetArrayDataReference(_entries);
        int n = _entries.Length;
        int i = Home(key);
        while (true)
        {
            ulong k = Unsafe.Add(ref start, i).Key;
            if (k == key)
                return i;
            if (k == EmptyKey)
                return -1;
            if (++i == n)
                i = 0;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref readonly T At(int slot) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_entries), slot);

    /// <summary>Inserts an entry; returns its slot, or −1 when the key is already present.</summary>
    public int Insert(in T entry)
    {
        if (Count + 1 >= _entries.Length)
            throw new InvalidOperationException("Probing table is full.");
        int i = Home(entry.Key);
        while (true)
        {
            ulong k = _entries[i].Key;
            if (k == entry.Key)
                return -1;
            if (k == EmptyKey)
                break;
            if (++i == _entries.Length)
                i = 0;
        }
        _entries[i] = entry;
        Count++;
        return i;
    }

    public bool IsUsed(int slot) => _entries[slot].Key != EmptyKey;

    /// <summary>
    /// Asks the CPU to start loading the home slot of <paramref name="key"/> and the cache line after it (batched
    /// scoring overlaps these misses). The probe often runs on into the next line: at load 1/2 a search of 16-byte
    /// entries reads two lines in about 11% (found) to 28% (not found) of lookups, of 24-byte entries in 38% to 55%; unprefetched,
    /// that second line is a miss the loop waits for alone.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(ulong key)
    {
        ref T home = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_entries), Home(key));
        CacheHint.At(in home);
        CacheHint.NextLine(in home); // may be past the array: a prefetch reads nothing
    }
}

/// <summary>The n-grams of one order in dense form: first word, dense index of the suffix, log10 prob, log10 backoff.</summary>
internal sealed class DenseOrder
{
    public readonly int[] First;
    public readonly int[] Suffix;
    public readonly double[] Prob;
    public readonly double[] Bow;

    public DenseOrder(int count)
        : this(new int[count], new int[count], new double[count], new double[count])
    {
    }

    public DenseOrder(int[] first, int[] suffix, double[] prob, double[] bow)
    {
        if (suffix.Length != first.Length || prob.Length != first.Length || bow.Length != first.Length)
            throw new ArgumentException("The arrays of an order have different lengths.");
        (First, Suffix, Prob, Bow) = (first, suffix, prob, bow);
    }

    public int Count => First.Length;
}

/// <summary>Scoring state: the stored context words (most recent first) and their backoff weights.</summary>
internal struct LmState
{
    public Ints Words;
    public Doubles Bows;
    public int Length;   // number of stored context n-grams (words) in the state, ≤ order − 1
    public int History;  // number of real history words (≤ order − 1), used by stupid backoff's constant backoff

    [InlineArray(NgramCounter.MaxOrder)]
    public struct Ints
    {
        private int _e;
    }

    [InlineArray(NgramCounter.MaxOrder)]
    public struct Doubles
    {
        private double _e;
    }
}

/// <summary>A word's log10 probability and log10 backoff.</summary>
internal readonly record struct UnigramEntry(double Prob, double Bow);

/// <summary>The query structure of a compiled model (backoff form, as in ARPA files), in one of two precisions.</summary>
internal abstract class NgramStore
{
    protected NgramStore(int order, double[] uniProb, double[] uniBow, double defaultBow)
    {
        if (uniBow.Length != uniProb.Length)
            throw new ArgumentException("The unigram probabilities and backoffs have different lengths.");
        Order = order;
        DefaultBow = defaultBow;
        Unigrams = new UnigramEntry[uniProb.Length];
        for (int i = 0; i < Unigrams.Length; i++)
            Unigrams[i] = new UnigramEntry(uniProb[i], uniBow[i]);
    }

    public int Order { get; }

    /// <summary>
    /// Each word's log10 probability and backoff side by side: the query reads both from one cache line. As two arrays
    /// they cost the batch loop two lines per word (0.2 MB each for Brown's vocabulary, often evicted by the n-gram
    /// tables' misses); one array measured 1.03–1.09× faster on Brown test in one process (docs/language-models.md).
    /// </summary>
    public UnigramEntry[] Unigrams { get; }

    /// <summary>log10 backoff applied for history words with no stored context (0, except stupid backoff).</summary>
    public double DefaultBow { get; }

    public abstract LmPrecision Precision { get; }

    public abstract int EntryCount(int order);

    public abstract long MemoryBytes { get; }

    /// <summary>log10 p(word | state) and the state after the word.</summary>
    public abstract double Score(ref LmState state, int word);

    /// <summary>
    /// Σ log10 p over sentences of word ids (each starting from <paramref name="begin"/>). Several sentences are scored
    /// in lock-step so that the hash-table cache misses of different sentences overlap.
    /// </summary>
    public abstract double ScoreBatch(IReadOnlyList<int[]> sentences, LmState begin);

    /// <summary>The state after reading <paramref name="context"/> (oldest first; only the last order − 1 words matter).</summary>
    public abstract LmState StateOf(ReadOnlySpan<int> context);

    /// <summary>The stored n-grams of every order ≥ 2 in dense form (slot order; index k = order k).</summary>
    public abstract DenseOrder[] ExportAll();

    public static NgramStore Create(LmPrecision precision, int order, double[] uniProb, double[] uniBow, DenseOrder[] orders, double defaultBow)
        => precision == LmPrecision.Double
            ? new NgramStore<MiddleDouble, TopDouble>(order, uniProb, uniBow, orders, defaultBow)
            : new NgramStore<MiddleSingle, TopSingle>(order, uniProb, uniBow, orders, defaultBow);
}

internal sealed partial class NgramStore<TMid, TTop> : NgramStore
    where TMid : unmanaged, IStoredEntry<TMid>
    where TTop : unmanaged, IStoredEntry<TTop>
{
    private readonly ProbingTable<TMid>[] _middle; // index k for 2 ≤ k < order
    private readonly ProbingTable<TTop>? _top;

    // orders[k] (2 ≤ k ≤ order): the dense n-grams of order k; suffix indexes are dense indexes of order k − 1.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public NgramStore(int order, double[] uniProb, double[] uniBow, DenseOrder[] orders, double defaultBow)
        : base(order, ToPrecision(uniProb), ToPrecision(uniBow), defaultBow)
    {
        _middle = new ProbingTable<TMid>[order];
        int[]? lowerSlots = null;
        for (int k = 2; k <= order; k++)
        {
            var dense = orders[k];
            var slots = new int[dense.Count];
            int vocabulary = uniProb.Length;
            int lowerCount = k == 2 ? vocabulary : orders[k - 1].Count;
            // Keys first (the first inconsistent one remembered), then inserts with the home slot of a later key
            // prefetched, so the cache misses of the random inserts overlap.
            var keys = new ulong[dense.Count];
            int bad = dense.Count;
            for (int i = 0; i < dense.Count; i++)
            {
                // The suffix's slot is a read at a random index: started a few n-grams ahead.
                if (lowerSlots is not null && i + 16 < dense.Count && (uint)dense.Suffix[i + 16] < (uint)lowerSlots.Length)
                    CacheHint.At(in lowerSlots[dense.Suffix[i + 16]]);
                if (!TryKey(dense, i, lowerSlots, lowerCount, vocabulary, out keys[i]) && bad == dense.Count)
                    bad = i;
            }
            if (k < order)
            {
                var table = new ProbingTable<TMid>(dense.Count);
                Fill(table, keys, bad, dense, slots, k);
                _middle[k] = table;
            }
            else
            {
                var table = new ProbingTable<TTop>(dense.Count);
                Fill(table, keys, bad, dense, slots, k);
                _top = table;
            }
            lowerSlots = slots;
        }
    }

    private static double[] ToPrecision(double[] values)
        => typeof(TMid) == typeof(MiddleSingle) ? values.Select(v => (double)(float)v).ToArray() : values;

    private static bool TryKey(DenseOrder dense, int i, int[]? lowerSlots, int lowerCount, int vocabulary, out ulong key)
    {
        int suffix = dense.Suffix[i], first = dense.First[i];
        if ((uint)suffix >= (uint)lowerCount || (uint)first >= (uint)vocabulary)
        {
            key = 0;
            return false;
        }
        int suffixSlot = lowerSlots is null ? suffix : lowerSlots[suffix];
        key = ((ulong)(uint)suffixSlot << 32) | (uint)first;
        return true;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void Fill<T>(ProbingTable<T> table, ulong[] keys, int bad, DenseOrder dense, int[] slots, int k) where T : unmanaged, IStoredEntry<T>
    {
        const int Ahead = 16;
        bool top = typeof(T) == typeof(TopDouble) || typeof(T) == typeof(TopSingle);
        for (int i = 0; i < Math.Min(Ahead, keys.Length); i++)
            table.Prefetch(keys[i]);
        for (int i = 0; i < keys.Length; i++)
        {
            if (i + Ahead < keys.Length)
                table.Prefetch(keys[i + Ahead]);
            if (i == bad)
                throw new TextKitModelException("TK706", $"A stored {k}-gram refers to a missing lower-order n-gram or word; the model data is inconsistent.");
            int slot = table.Insert(T.Create(keys[i], dense.Prob[i], top ? 0 : dense.Bow[i]));
            if (slot < 0)
                throw new TextKitModelException("TK706", $"A {k}-gram is stored twice; the model data is inconsistent.");
            slots[i] = slot;
        }
    }

    public override LmPrecision Precision => typeof(TMid) == typeof(MiddleDouble) ? LmPrecision.Double : LmPrecision.Single;

    public override int EntryCount(int order) => order == 1 ? Unigrams.Length : order == Order ? _top!.Count : _middle[order].Count;

    public override long MemoryBytes
    {
        get
        {
            long bytes = (long)Unigrams.Length * Unsafe.SizeOf<UnigramEntry>();
            for (int k = 2; k < Order; k++)
                bytes += _middle[k].Bytes;
            return bytes + (_top?.Bytes ?? 0);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override double Score(ref LmState state, int word)
    {
        ref readonly var unigram = ref Unigrams[word];
        double p = unigram.Prob;
        LmState next = default;
        next.Words[0] = word;
        next.Bows[0] = unigram.Bow;
        int nextLength = 1;
        int length = state.Length;
        int matched = 0;
        ulong slot = (uint)word;
        for (int j = 0; j < length; j++)
        {
            int k = j + 2;
            ulong key = (slot << 32) | (uint)state.Words[j];
            if (k == Order)
            {
                int found = _top!.Find(key);
                if (found >= 0)
                {
                    p = _top.At(found).Prob;
                    matched = j + 1;
                }
                break;
            }
            var table = _middle[k];
            int f = table.Find(key);
            if (f < 0)
                break;
            ref readonly var entry = ref table.At(f);
            p = entry.Prob;
            matched = j + 1;
            slot = (uint)f;
            next.Words[j + 1] = state.Words[j];
            next.Bows[j + 1] = entry.Bow;
            nextLength = j + 2;
        }
        for (int j = matched; j < length; j++)
            p += state.Bows[j];
        if (state.History > length)
            p += (state.History - length) * DefaultBow;
        next.Length = Math.Min(nextLength, Order - 1);
        next.History = Math.Min(state.History + 1, Order - 1);
        state = next;
        return p;
    }

    // Sentences scored side by side, so that the table misses of one lane overlap with the work of the others. 16
    // measured 1.08–1.12× faster than 8 in one process on Brown test (12 and 20 about as fast as 16; 24 and 32 slower),
    // see docs/language-models.md.
    private const int Lanes = 16;

    private void Prefetch(int k, ulong key)
    {
        if (k == Order)
            _top!.Prefetch(key);
        else
            _middle[k].Prefetch(key);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override double ScoreBatch(IReadOnlyList<int[]> sentenceList, LmState begin)
    {
        var sentences = sentenceList as int[][] ?? [.. sentenceList]; // array indexing instead of interface calls
        if (Order == 3)
            return ScoreBatchTrigram(sentences, begin);
        Span<LmState> states = stackalloc LmState[Lanes];
        Span<LmState> next = stackalloc LmState[Lanes];
        Span<int> sentence = stackalloc int[Lanes];
        Span<int> position = stackalloc int[Lanes];
        Span<double> p = stackalloc double[Lanes];
        Span<ulong> key = stackalloc ulong[Lanes];
        Span<int> matched = stackalloc int[Lanes];
        Span<bool> extending = stackalloc bool[Lanes];
        int lanes = 0, nextSentence = 0;
        for (; lanes < Lanes && nextSentence < sentences.Length; nextSentence++)
        {
            if (sentences[nextSentence].Length == 0)
                continue;
            sentence[lanes] = nextSentence;
            position[lanes] = 0;
            states[lanes] = begin;
            lanes++;
        }
        double total = 0;
        while (lanes > 0)
        {
            int maxLength = 0;
            for (int l = 0; l < lanes; l++)
            {
                int w = sentences[sentence[l]][position[l]];
                ref var st = ref states[l];
                ref readonly var unigram = ref Unigrams[w];
                p[l] = unigram.Prob;
                // next[l] is not cleared: only its first Length entries are ever read, and each is written first.
                next[l].Words[0] = w;
                next[l].Bows[0] = unigram.Bow;
                next[l].Length = 1;
                matched[l] = 0;
                extending[l] = st.Length > 0;
                if (extending[l])
                {
                    key[l] = ((ulong)(uint)w << 32) | (uint)st.Words[0];
                    Prefetch(2, key[l]);
                    maxLength = Math.Max(maxLength, st.Length);
                }
            }
            for (int j = 0; j < maxLength; j++)
            {
                int k = j + 2;
                for (int l = 0; l < lanes; l++)
                {
                    if (!extending[l])
                        continue;
                    ref var st = ref states[l];
                    if (k == Order)
                    {
                        int found = _top!.Find(key[l]);
                        if (found >= 0)
                        {
                            p[l] = _top.At(found).Prob;
                            matched[l] = j + 1;
                        }
                        extending[l] = false;
                        continue;
                    }
                    var table = _middle[k];
                    int f = table.Find(key[l]);
                    if (f < 0)
                    {
                        extending[l] = false;
                        continue;
                    }
                    ref readonly var entry = ref table.At(f);
                    p[l] = entry.Prob;
                    matched[l] = j + 1;
                    next[l].Words[j + 1] = st.Words[j];
                    next[l].Bows[j + 1] = entry.Bow;
                    next[l].Length = j + 2;
                    if (j + 1 < st.Length)
                    {
                        key[l] = ((ulong)(uint)f << 32) | (uint)st.Words[j + 1];
                        Prefetch(k + 1, key[l]);
                    }
                    else
                    {
                        extending[l] = false;
                    }
                }
            }
            for (int l = 0; l < lanes; l++)
            {
                ref var st = ref states[l];
                double score = p[l];
                for (int j = matched[l]; j < st.Length; j++)
                    score += st.Bows[j];
                if (st.History > st.Length)
                    score += (st.History - st.Length) * DefaultBow;
                total += score;
                next[l].Length = Math.Min(next[l].Length, Order - 1);
                next[l].History = Math.Min(st.History + 1, Order - 1);
                st = next[l];
                position[l]++;
            }
            for (int l = 0; l < lanes; l++)
            {
                if (position[l] < sentences[sentence[l]].Length)
                    continue;
                // Refill the lane with the next non-empty sentence, or retire it.
                while (nextSentence < sentences.Length && sentences[nextSentence].Length == 0)
                    nextSentence++;
                if (nextSentence < sentences.Length)
                {
                    sentence[l] = nextSentence++;
                    position[l] = 0;
                    states[l] = begin;
                }
                else
                {
                    lanes--;
                    states[l] = states[lanes];
                    sentence[l] = sentence[lanes];
                    position[l] = position[lanes];
                    l--;
                }
            }
        }
        return total;
    }

    public override LmState StateOf(ReadOnlySpan<int> context)
    {
        LmState state = default;
        int history = Math.Min(context.Length, Order - 1);
        state.History = history;
        if (history == 0)
            return state;
        int last = context[^1];
        state.Words[0] = last;
        state.Bows[0] = Unigrams[last].Bow;
        state.Length = 1;
        ulong slot = (uint)last;
        for (int j = 1; j < history; j++)
        {
            int word = context[^(j + 1)];
            int f = _middle[j + 1].Find((slot << 32) | (uint)word);
            if (f < 0)
                break;
            state.Words[j] = word;
            state.Bows[j] = _middle[j + 1].At(f).Bow;
            state.Length = j + 1;
            slot = (uint)f;
        }
        return state;
    }

    public override DenseOrder[] ExportAll()
    {
        var result = new DenseOrder[Order + 1];
        int[]? lowerSlots = null;
        for (int k = 2; k <= Order; k++)
            result[k] = k == Order ? Export(_top!, k, ref lowerSlots) : Export(_middle[k], k, ref lowerSlots);
        return result;
    }

    private DenseOrder Export<T>(ProbingTable<T> table, int order, ref int[]? lowerSlots) where T : unmanaged, IStoredEntry<T>
    {
        // Suffix slots of this order point into order − 1; lowerSlots maps them to that order's dense indexes.
        var dense = new DenseOrder(table.Count);
        var slotToDense = new int[table.Capacity];
        int d = 0;
        for (int s = 0; s < table.Capacity; s++)
        {
            if (!table.IsUsed(s))
            {
                slotToDense[s] = -1;
                continue;
            }
            ref readonly var e = ref table.At(s);
            int suffixSlot = (int)(e.Key >> 32);
            dense.First[d] = (int)(uint)e.Key;
            dense.Suffix[d] = lowerSlots is null ? suffixSlot : lowerSlots[suffixSlot];
            dense.Prob[d] = e.Prob;
            dense.Bow[d] = order < Order ? e.Bow : 0;
            slotToDense[s] = d++;
        }
        lowerSlots = slotToDense;
        return dense;
    }
}
