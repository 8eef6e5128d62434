using System.Runtime.CompilerServices;

namespace TextKit.Tagging;

/// <summary>
/// Stable 64-bit hashing of text and feature keys. Models store these hashes, so the values must never change between
/// processes, runtimes or platforms: <see cref="string.GetHashCode()"/> is randomized per process and must never be
/// used for anything persisted. The text hash is FNV-1a over UTF-16 code units followed by the SplitMix64 finalizer
/// (Steele, Lea &amp; Flood 2014) so that nearby inputs spread over all bits (the tagger's open-addressing ULongMap and
/// weight table index by the low bits).
/// </summary>
/// <remarks>
/// Not <see cref="TextKit.Sequence.StableHash"/> (the NER labeller's plain byte-wise FNV-1a, landed in parallel): the
/// values differ and are baked into the shipped models (models/en-ewt.tkpos here), so merging the two means retraining
/// one of them; until then this stays internal to the tagger.
/// </remarks>
internal static class TaggerHash
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    /// <summary>Hash of a character span (ordinal: "Apple" and "apple" differ).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Text(ReadOnlySpan<char> text)
    {
        ulong h = FnvOffset;
        foreach (char c in text)
        {
            h ^= c;
            h *= FnvPrime;
        }
        return Mix(h ^ (ulong)text.Length);
    }

    /// <summary>Hash of the lower-cased span (invariant simple case mapping), without allocating.</summary>
    public static ulong LowerText(ReadOnlySpan<char> text)
    {
        ulong h = FnvOffset;
        foreach (char c in text)
        {
            h ^= char.ToLowerInvariant(c);
            h *= FnvPrime;
        }
        return Mix(h ^ (ulong)text.Length);
    }

    /// <summary>SplitMix64 finalizer: a bijective mix of all 64 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong x)
    {
        x ^= x >> 30;
        x *= 0xbf58476d1ce4e5b9UL;
        x ^= x >> 27;
        x *= 0x94d049bb133111ebUL;
        x ^= x >> 31;
        return x;
    }

    /// <summary>Combines two hashes, order-sensitive.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Combine(ulong a, ulong b) => Mix(a * 0x9E3779B97F4A7C15UL + b + 0x632BE59BD9B4E019UL);

    /// <summary>Combines three hashes, order-sensitive.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Combine(ulong a, ulong b, ulong c) => Combine(Combine(a, b), c);
}
