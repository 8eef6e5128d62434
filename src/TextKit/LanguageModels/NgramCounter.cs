using System.Buffers;
using System.Numerics;
using TextKit.Data;

namespace TextKit.LanguageModels;

/// <summary>
/// Streaming n-gram counter for orders 1 to 5 over integer word ids. Sentences are added one at a time; memory grows
/// with the number of distinct n-grams, not with the corpus. Each n-gram of order k ≥ 2 is stored as one 64-bit key
/// (id of its (k−1)-word suffix, first word), which is exact for any order and makes the suffix and prefix of every
/// n-gram an array index (the reversed-trie layout KenLM uses for queries).
/// </summary>
public sealed class NgramCounter
{
    /// <summary>Highest supported order.</summary>
    public const int MaxOrder = 5;

    private readonly WordIndex _words;
    private long[] _unigrams = new long[1024];
    private readonly CountTable[] _tables; // index k for order k (0 and 1 unused)
    private long _sentences;
    private long _tokens;

    /// <summary>Creates a counter; <paramref name="vocabulary"/>, when given, fixes the word list (other tokens → unknown).</summary>
    public NgramCounter(int order, SentencePadding padding = SentencePadding.Single, IEnumerable<string>? vocabulary = null,
        string unknownToken = LmVocabulary.DefaultUnknownToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(order, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(order, MaxOrder);
        ArgumentException.ThrowIfNullOrEmpty(unknownToken);
        Order = order;
        Padding = padding;
        _words = new WordIndex(unknownToken);
        if (vocabulary is not null)
        {
            foreach (var word in vocabulary)
            {
                ArgumentNullException.ThrowIfNull(word, nameof(vocabulary));
                LmVocabulary.ValidateToken(word, "vocabulary");
                _words.Add(word);
            }
            _words.Frozen = true;
        }
        _tables = new CountTable[order + 1];
        for (int k = 2; k <= order; k++)
            _tables[k] = new CountTable(1024);
    }

    /// <summary>The n-gram order.</summary>
    public int Order { get; }

    /// <summary>Sentence padding used while counting.</summary>
    public SentencePadding Padding { get; }

    /// <summary>Number of sentences added.</summary>
    public long SentenceCount => _sentences;

    /// <summary>Number of tokens added (without boundary symbols).</summary>
    public long TokenCount => _tokens;

    /// <summary>Number of distinct words so far, including the unknown word, <c>&lt;s&gt;</c> and <c>&lt;/s&gt;</c>.</summary>
    public int WordCount => _words.Count;

    internal WordIndex Words => _words;

    internal long[] UnigramCounts => _unigrams;

    internal CountTable Table(int order) => _tables[order];

    /// <summary>Counts one sentence (tokens without boundary symbols).</summary>
    public void Add(IReadOnlyList<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var ids = ArrayPool<int>.Shared.Rent(Math.Max(1, tokens.Count));
        try
        {
            for (int i = 0; i < tokens.Count; i++)
                ids[i] = _words.GetOrAdd((tokens[i] ?? throw new ArgumentException($"Token {i} is null.", nameof(tokens))).AsSpan(), "training data");
            AddIds(ids.AsSpan(0, tokens.Count));
        }
        finally
        {
            ArrayPool<int>.Shared.Return(ids);
        }
    }

    /// <summary>Counts one sentence given as memory slices (the token-vector values of an ML.NET column).</summary>
    public void Add(ReadOnlySpan<ReadOnlyMemory<char>> tokens)
    {
        var ids = ArrayPool<int>.Shared.Rent(Math.Max(1, tokens.Length));
        try
        {
            for (int i = 0; i < tokens.Length; i++)
                ids[i] = _words.GetOrAdd(tokens[i].Span, "training data");
            AddIds(ids.AsSpan(0, tokens.Length));
        }
        finally
        {
            ArrayPool<int>.Shared.Return(ids);
        }
    }

    /// <summary>Counts one sentence of word ids (as returned while counting; ids must exist).</summary>
    internal void AddIds(ReadOnlySpan<int> ids)
    {
        int order = Order;
        Span<int> prev = stackalloc int[MaxOrder + 1];
        Span<int> cur = stackalloc int[MaxOrder + 1];
        Span<int> history = stackalloc int[MaxOrder]; // ring of the last `order` words
        int pads = Padding == SentencePadding.Full ? Math.Max(1, order - 1) : 1;
        int length = pads + ids.Length + 1;
        if (_words.Count > _unigrams.Length)
            Array.Resize(ref _unigrams, (int)BitOperations.RoundUpToPowerOf2((uint)_words.Count));
        for (int pos = 0; pos < length; pos++)
        {
            int w = pos < pads ? LmVocabulary.BeginId : pos < pads + ids.Length ? ids[pos - pads] : LmVocabulary.EndId;
            if (order >= 2 && pos + 1 < length)
            {
                // The next bigram's key is known now (its suffix id is a word id): start loading its slot.
                int following = pos + 1 < pads ? LmVocabulary.BeginId : pos + 1 < pads + ids.Length ? ids[pos + 1 - pads] : LmVocabulary.EndId;
                _tables[2].Prefetch(((ulong)(uint)following << 32) | (uint)w);
            }
            history[pos % order] = w;
            _unigrams[w]++;
            cur[1] = w;
            int maxK = Math.Min(order, pos + 1);
            for (int k = 2; k <= maxK; k++)
            {
                int first = history[(pos - k + 1) % order];
                ulong key = ((ulong)(uint)cur[k - 1] << 32) | (uint)first;
                cur[k] = _tables[k].Increment(key, prev[k - 1], 1);
            }
            var swap = prev;
            prev = cur;
            cur = swap;
        }
        _sentences++;
        _tokens += ids.Length;
    }

    /// <summary>
    /// Counts many sentences of word ids at once (<paramref name="ids"/> holds the sentences one after another,
    /// <paramref name="lengths"/> their token counts; ids must exist). Same counts, ids and prefixes as calling
    /// <see cref="AddIds"/> sentence by sentence, but each order is counted in a separate sweep over the positions, so
    /// the table slot of an n-gram several positions ahead is known and can be prefetched: the cache misses of
    /// different n-grams overlap instead of following each other.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal void AddCorpus(ReadOnlySpan<int> ids, ReadOnlySpan<int> lengths, int chunkPositions = 1 << 20)
    {
        int order = Order;
        int pads = Padding == SentencePadding.Full ? Math.Max(1, order - 1) : 1;
        if (_words.Count > _unigrams.Length)
            Array.Resize(ref _unigrams, (int)BitOperations.RoundUpToPowerOf2((uint)_words.Count));
        int[] words = [], prev = [], cur = [];
        byte[] depth = [];
        int sentence = 0, offset = 0;
        while (sentence < lengths.Length)
        {
            // A chunk of whole sentences, at most chunkPositions positions unless one sentence is longer (padding and </s> included).
            int first = sentence, firstOffset = offset;
            long positions = 0;
            while (sentence < lengths.Length && (positions == 0 || positions + pads + lengths[sentence] + 1 <= chunkPositions))
            {
                positions += pads + lengths[sentence] + 1;
                offset += lengths[sentence];
                sentence++;
            }
            int n = checked((int)positions);
            if (words.Length < n)
            {
                words = new int[n];
                prev = new int[n];
                cur = new int[n];
                depth = new byte[n];
            }
            // The padded position stream and each position's depth: min(position in sentence, order − 1).
            int p = 0, at = firstOffset;
            for (int s = first; s < sentence; s++)
            {
                int length = pads + lengths[s] + 1;
                for (int i = 0; i < length; i++, p++)
                {
                    int w = i < pads ? LmVocabulary.BeginId : i < length - 1 ? ids[at++] : LmVocabulary.EndId;
                    words[p] = w;
                    depth[p] = (byte)Math.Min(i, order - 1);
                    _unigrams[w]++;
                }
                _tokens += lengths[s];
            }
            _sentences += sentence - first;
            Array.Copy(words, prev, n);
            for (int k = 2; k <= order; k++)
            {
                // Room for n / 2 more distinct n-grams up front (one rehash of an empty table instead of many).
                _tables[k].Reserve(_tables[k].Count + n / 2);
                CountOrder(_tables[k], k, words.AsSpan(0, n), depth.AsSpan(0, n), prev.AsSpan(0, n), cur.AsSpan(0, n));
                (prev, cur) = (cur, prev);
            }
        }
    }

    // prev[p]: id of the (k − 1)-gram ending at p (word id for k = 2); cur[p] receives the id of the k-gram ending at p.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void CountOrder(CountTable table, int k, ReadOnlySpan<int> words, ReadOnlySpan<byte> depth, ReadOnlySpan<int> prev, Span<int> cur)
    {
        const int Ahead = 16;
        int n = words.Length;
        for (int p = k - 1; p < Math.Min(n, k - 1 + Ahead); p++)
            if (depth[p] >= k - 1)
                table.Prefetch(((ulong)(uint)prev[p] << 32) | (uint)words[p - k + 1]);
        for (int p = 0; p < n; p++)
        {
            int q = p + Ahead;
            if (q < n && depth[q] >= k - 1)
                table.Prefetch(((ulong)(uint)prev[q] << 32) | (uint)words[q - k + 1]);
            if (depth[p] < k - 1)
                continue;
            ulong key = ((ulong)(uint)prev[p] << 32) | (uint)words[p - k + 1];
            cur[p] = table.Increment(key, prev[p - 1], 1);
        }
    }

    /// <summary>Number of distinct n-grams of order <paramref name="order"/> counted so far.</summary>
    public int TypeCount(int order)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(order, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(order, Order);
        return order == 1 ? _unigrams.Take(_words.Count).Count(c => c > 0) : _tables[order].Count;
    }

    /// <summary>Raw count of the n-gram <paramref name="ngram"/> (words in reading order, boundary symbols allowed).</summary>
    public long CountOf(params string[] ngram)
    {
        ArgumentNullException.ThrowIfNull(ngram);
        if (ngram.Length < 1 || ngram.Length > Order)
            throw new ArgumentException($"An n-gram of this counter has 1 to {Order} words.", nameof(ngram));
        var ids = new int[ngram.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            if (!_words.TryGetId(ngram[i], out ids[i]))
                return 0;
        }
        int slot = ids[^1];
        if (ids.Length == 1)
            return slot < _unigrams.Length ? _unigrams[slot] : 0;
        for (int k = 2; k <= ids.Length; k++)
        {
            slot = _tables[k].Find(((ulong)(uint)slot << 32) | (uint)ids[^k]);
            if (slot < 0)
                return 0;
        }
        return _tables[ids.Length].Counts[slot];
    }

    /// <summary>
    /// Count-of-counts of order <paramref name="order"/>: element r (1 ≤ r ≤ <paramref name="maxCount"/>) is the number of
    /// distinct n-grams seen exactly r times (raw counts; element 0 is unused).
    /// </summary>
    public long[] CountOfCounts(int order, int maxCount = 4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(order, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(order, Order);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        var result = new long[maxCount + 1];
        ReadOnlySpan<long> counts = order == 1 ? _unigrams.AsSpan(0, _words.Count) : _tables[order].Counts.AsSpan(0, _tables[order].Count);
        foreach (var c in counts)
            if (c >= 1 && c <= maxCount)
                result[c]++;
        return result;
    }

    /// <summary>
    /// Maps every word seen fewer than <paramref name="minCount"/> times to the unknown word and merges the n-grams
    /// that become equal. Returns the id map (old id → new id).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal int[] ReplaceRare(int minCount)
    {
        var words = _words.Words;
        var map = new int[words.Count];
        var kept = new List<string>(words.Count);
        for (int i = 0; i < words.Count; i++)
        {
            bool special = i < 3;
            long count = i < _unigrams.Length ? _unigrams[i] : 0;
            if (special || count >= minCount)
            {
                map[i] = kept.Count;
                kept.Add(words[i]);
            }
            else
            {
                map[i] = LmVocabulary.UnknownId;
            }
        }
        if (kept.Count == words.Count)
            return map;

        var unigrams = new long[Math.Max(1024, (int)BitOperations.RoundUpToPowerOf2((uint)kept.Count))];
        for (int i = 0; i < words.Count; i++)
            if (i < _unigrams.Length)
                unigrams[map[i]] += _unigrams[i];
        _unigrams = unigrams;

        var lower = map;
        for (int k = 2; k <= Order; k++)
        {
            var old = _tables[k];
            var table = new CountTable(Math.Max(1024, old.Count));
            var ids = new int[old.Count];
            var prevMap = k == 2 ? map : lower;
            var (keys, prefixes, counts) = (old.Keys, old.Prefix, old.Counts);
            for (int i = 0; i < old.Count; i++)
            {
                ulong key = keys[i];
                int suffix = (int)(key >> 32), first = (int)(uint)key;
                ulong newKey = ((ulong)(uint)prevMap[suffix] << 32) | (uint)map[first];
                ids[i] = table.Increment(newKey, prevMap[prefixes[i]], counts[i]);
            }
            _tables[k] = table;
            lower = ids;
        }

        words.Clear();
        words.AddRange(kept);
        _words.RebuildIndex();
        return map;
    }

    internal LmVocabulary BuildVocabulary() => new(_words.Words.ToArray());
}

/// <summary>
/// Insertion-ordered hash table of n-gram keys with counts and prefix ids (open addressing, load ≤ 3/4). Key, count,
/// id and prefix live in the slot itself so an increment touches one cache line; <see cref="Keys"/>,
/// <see cref="Prefix"/> and <see cref="Counts"/> are gathered in id order on demand.
/// </summary>
internal sealed class CountTable
{
    private struct Slot
    {
        public ulong Key;
        public int Id;      // id + 1, 0 = empty
        public uint Count;  // 16-byte slots: four per cache line
    }

    private Slot[] _slots;
    private int _shift;
    private int[] _prefixById;
    private ulong[] _keyById;
    private ulong[]? _keys;
    private long[]? _counts;

    public CountTable(int capacity)
    {
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, capacity * 2));
        _slots = new Slot[size];
        _shift = 64 - BitOperations.Log2((uint)size);
        _prefixById = new int[Math.Max(16, capacity)];
        _keyById = new ulong[_prefixById.Length];
    }

    public int Count { get; private set; }

    public ulong[] Keys => Gather().Keys;

    public int[] Prefix
    {
        get
        {
            if (_prefixById.Length != Count)
                Array.Resize(ref _prefixById, Count);
            return _prefixById;
        }
    }

    public long[] Counts => Gather().Counts;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private (ulong[] Keys, long[] Counts) Gather()
    {
        if (_keys is null)
        {
            // Keys were recorded in id order on insertion; counts are scattered from the slots.
            var keys = _keyById.AsSpan(0, Count).ToArray();
            var counts = new long[Count];
            foreach (ref readonly var s in _slots.AsSpan())
            {
                if (s.Id != 0)
                    counts[s.Id - 1] = s.Count;
            }
            (_keys, _counts) = (keys, counts);
        }
        return (_keys, _counts!);
    }

    public static ulong Hash(ulong key) => (key ^ (key >> 29)) * 0x9E3779B97F4A7C15UL;

    public int Find(ulong key)
    {
        int mask = _slots.Length - 1;
        int slot = (int)(Hash(key) >> _shift);
        while (true)
        {
            ref var s = ref _slots[slot];
            if (s.Id == 0)
                return -1;
            if (s.Key == key)
                return s.Id - 1;
            slot = (slot + 1) & mask;
        }
    }

    /// <summary>Starts loading the home slot of <paramref name="key"/> and the line after it (where probes often run on; see ProbingTable.Prefetch).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void Prefetch(ulong key)
    {
        ref var home = ref _slots[(int)(Hash(key) >> _shift)];
        CacheHint.At(in home);
        CacheHint.NextLine(in home); // may be past the array: a prefetch reads nothing
    }

    public int Increment(ulong key, int prefix, long by)
    {
        _keys = null;
        _counts = null;
        var slots = _slots;
        int mask = slots.Length - 1;
        int i = (int)(Hash(key) >> _shift);
        while (true)
        {
            ref var s = ref slots[i];
            if (s.Id == 0)
                break;
            if (s.Key == key)
            {
                ulong sum = s.Count + (ulong)by;
                if (sum > uint.MaxValue)
                    throw new TextKitException("TK704", "An n-gram was seen more than 4,294,967,295 times; counts of that size are not supported.");
                s.Count = (uint)sum;
                return s.Id - 1;
            }
            i = (i + 1) & mask;
        }
        if ((ulong)by > uint.MaxValue)
            throw new TextKitException("TK704", "An n-gram was seen more than 4,294,967,295 times; counts of that size are not supported.");
        int id = Count++;
        slots[i] = new Slot { Key = key, Count = (uint)by, Id = id + 1 };
        if (id == _prefixById.Length)
        {
            Array.Resize(ref _prefixById, Math.Max(16, id * 2));
            Array.Resize(ref _keyById, Math.Max(16, id * 2));
        }
        _prefixById[id] = prefix;
        _keyById[id] = key;
        if (Count * 4L > slots.Length * 3L)
            Grow(); // load ≤ 3/4: 16-byte slots, probes stay within one or two cache lines
        return id;
    }

    /// <summary>Grows the table so that <paramref name="entries"/> entries fit without further growth.</summary>
    public void Reserve(int entries)
    {
        if (Count == 0 && entries * 4L > _slots.Length * 3L && entries < (1 << 28))
        {
            int size = (int)BitOperations.RoundUpToPowerOf2((uint)(entries * 4L / 3 + 1));
            _slots = HugePages.Allocate<Slot>(size);
            _shift = 64 - BitOperations.Log2((uint)size);
        }
        while (entries * 4L > _slots.Length * 3L && _slots.Length < (1 << 30))
            Grow();
        if (_prefixById.Length < entries)
        {
            Array.Resize(ref _prefixById, entries);
            Array.Resize(ref _keyById, entries);
        }
    }

    private void Grow()
    {
        var slots = HugePages.Allocate<Slot>(_slots.Length * 2);
        int shift = _shift - 1;
        int mask = slots.Length - 1;
        foreach (ref readonly var s in _slots.AsSpan())
        {
            if (s.Id == 0)
                continue;
            int i = (int)(Hash(s.Key) >> shift);
            while (slots[i].Id != 0)
                i = (i + 1) & mask;
            slots[i] = s;
        }
        _slots = slots;
        _shift = shift;
    }
}
