using System.Numerics;
using System.Runtime.CompilerServices;
using TextKit.Data;

namespace TextKit.Tagging;

/// <summary>
/// A per-model cache of what the tagger computes for a known word that does not depend on its neighbours or on tags:
/// its <see cref="TokenInfo"/> and, for each role the word plays for the tagged word (itself, previous, next, ...),
/// the summed weights of that role's feature keys (<see cref="TaggerFeatures.Role"/>). A cached word costs one
/// probe and a few contiguous vector adds instead of ~40 hashed lookups into a weight table far larger than the cache.
/// </summary>
/// <remarks>
/// Bounded and 2-way set associative: a set keeps the words seen more often in training, so the cache settles on
/// frequent words whatever the text. Entries are immutable and published with a volatile write, so any number of threads
/// share one cache without locks (a race only computes an entry twice). Tagging output does not depend on the
/// cache's state: an uncached word's role vectors are computed the same way (<see cref="FillRoles"/>) and added
/// in the same order.
/// </remarks>
internal sealed class WordScoreCache
{
    internal sealed class Entry(string form, ulong hash, TokenInfo info, float[] roles)
    {
        public readonly string Form = form;
        public readonly ulong Hash = hash;
        public readonly TokenInfo Info = info;
        public readonly float[] Roles = roles; // RoleCount rows of Stride floats
    }

    /// <summary>Words longer than this are never cached (URLs, junk): they are rare and would pin large strings.</summary>
    private const int MaxFormLength = 32;

    private readonly Entry?[] _slots;
    private readonly int _mask;
    private readonly IFeatureScorer _weights;

    public WordScoreCache(IFeatureScorer weights, int slots)
    {
        _weights = weights;
        Stride = weights.ScoreLength;
        slots = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, slots));
        _slots = new Entry?[slots];
        _mask = slots - 1;
    }

    /// <summary>Length of one role vector (the scorer's <see cref="IFeatureScorer.ScoreLength"/>).</summary>
    public int Stride { get; }

    /// <summary>First slot of the word's set of two (2-way set associative: the two slots are adjacent).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Set(ulong hash) => (int)(hash >> 24) & _mask & ~1;

    /// <summary>
    /// Starts loading the entries of the set of <paramref name="hash"/> (a hint: the slots are read, the entries are
    /// not). Entries are objects spread over the heap, so a sentence's lookups are cache misses one after another
    /// unless they are started together.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(ulong hash)
    {
        int set = Set(hash);
        if (Volatile.Read(ref _slots[set]) is { } first)
            CacheHint.At(in first.Hash);
        if (Volatile.Read(ref _slots[set + 1]) is { } second)
            CacheHint.At(in second.Hash);
    }

    /// <summary>The cached entry of <paramref name="word"/> (whose <see cref="TaggerHash.Text"/> is <paramref name="hash"/>), or null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Entry? Find(ReadOnlySpan<char> word, ulong hash)
    {
        int set = Set(hash);
        var entry = Volatile.Read(ref _slots[set]);
        if (entry is not null && entry.Hash == hash && word.SequenceEqual(entry.Form))
            return entry;
        entry = Volatile.Read(ref _slots[set + 1]);
        return entry is not null && entry.Hash == hash && word.SequenceEqual(entry.Form) ? entry : null;
    }

    /// <summary>
    /// Caches a word when its set has a free slot, or (known words only) a slot holding a word seen less often in
    /// training; returns the new entry, or null when the word is not cached. Unknown words (count 0) only take free
    /// slots: a name repeated through a document is cached, but never displaces a training word.
    /// </summary>
    public Entry? TryAdd(ReadOnlySpan<char> word, in TokenInfo info, Span<ulong> features)
    {
        if (word.Length > MaxFormLength)
            return null;
        int set = Set(info.Word);
        var first = Volatile.Read(ref _slots[set]);
        var second = Volatile.Read(ref _slots[set + 1]);
        int slot;
        if (first is null)
            slot = set;
        else if (second is null)
            slot = set + 1;
        else
        {
            slot = first.Info.Count <= second.Info.Count ? set : set + 1;
            if (_slots[slot]!.Info.Count >= info.Count)
                return null;
        }
        var entry = NewEntry(word.ToString(), info, features);
        Volatile.Write(ref _slots[slot], entry);
        return entry;
    }

    /// <summary>An entry that is not stored in a slot (the sentence padding).</summary>
    public Entry NewEntry(string form, in TokenInfo info, Span<ulong> features)
    {
        var roles = new float[TaggerFeatures.RoleCount * Stride];
        FillRoles(info, roles, features);
        return new Entry(form, info.Word, info, roles);
    }

    /// <summary>
    /// Adds each role's weights into its row of <paramref name="roles"/> (zeroed by the caller), the five rows in one
    /// batched call; <paramref name="features"/> must hold <see cref="TaggerFeatures.MaxWordRoleFeatures"/> keys.
    /// </summary>
    public void FillRoles(in TokenInfo info, Span<float> roles, Span<ulong> features)
    {
        Span<int> ends = stackalloc int[TaggerFeatures.RoleCount];
        Span<int> rows = stackalloc int[TaggerFeatures.RoleCount];
        var batch = new RowBatch(features, ends, rows);
        for (int r = 0; r < TaggerFeatures.RoleCount; r++)
            batch.EndRow(TaggerFeatures.Role(r, info, batch.Free), r * Stride);
        batch.ScoreInto(_weights, roles);
    }
}
