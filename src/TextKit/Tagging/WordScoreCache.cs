using System.Numerics;
using System.Runtime.CompilerServices;

namespace TextKit.Tagging;

/// <summary>
/// A per-model cache of what the tagger computes for a known word that does not depend on its neighbours or on tags:
/// its <see cref="TokenInfo"/> and, for each role the word plays for the tagged word (itself, previous, next, ...),
/// the summed weights of that role's feature keys (<see cref="TaggerFeatures.Role"/>). A cached word costs one
/// probe and a few contiguous vector adds instead of ~40 hashed lookups into a weight table far larger than the cache.
/// </summary>
/// <remarks>
/// Direct-mapped and bounded: a slot keeps the word seen more often in training, so the cache settles on frequent
/// words whatever the text. Entries are immutable and published with a volatile write, so any number of threads
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(ulong hash) => (int)(hash >> 24) & _mask;

    /// <summary>The cached entry of <paramref name="word"/> (whose <see cref="TaggerHash.Text"/> is <paramref name="hash"/>), or null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Entry? Find(ReadOnlySpan<char> word, ulong hash)
    {
        var entry = Volatile.Read(ref _slots[Slot(hash)]);
        return entry is not null && entry.Hash == hash && word.SequenceEqual(entry.Form) ? entry : null;
    }

    /// <summary>
    /// Caches a known word whose slot is free or holds a word seen less often in training; returns the new entry,
    /// or null when the word is not cached.
    /// </summary>
    public Entry? TryAdd(ReadOnlySpan<char> word, in TokenInfo info, Span<ulong> features)
    {
        if (!info.Known || word.Length > MaxFormLength)
            return null;
        ref var slot = ref _slots[Slot(info.Word)];
        var current = Volatile.Read(ref slot);
        if (current is not null && current.Info.Count >= info.Count)
            return null;
        var entry = NewEntry(word.ToString(), info, features);
        Volatile.Write(ref slot, entry);
        return entry;
    }

    /// <summary>An entry that is not stored in a slot (the sentence padding).</summary>
    public Entry NewEntry(string form, in TokenInfo info, Span<ulong> features)
    {
        var roles = new float[TaggerFeatures.RoleCount * Stride];
        FillRoles(info, roles, features);
        return new Entry(form, info.Word, info, roles);
    }

    /// <summary>Adds each role's weights into its row of <paramref name="roles"/> (zeroed by the caller).</summary>
    public void FillRoles(in TokenInfo info, Span<float> roles, Span<ulong> features)
    {
        for (int r = 0; r < TaggerFeatures.RoleCount; r++)
        {
            int count = TaggerFeatures.Role(r, info, features);
            _weights.Score(features[..count], roles.Slice(r * Stride, Stride));
        }
    }
}
