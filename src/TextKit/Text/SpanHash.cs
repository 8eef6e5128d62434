using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TextKit.Text;

/// <summary>
/// A string hash for flat lookup tables of short words: cheap (four characters per multiply) and identical for a
/// string and a span with the same characters. Tables built once from a model, which never grow from input, use
/// seed 0 (an adversarial query cannot lengthen their probe chains); tables filled from input pass a random seed.
/// </summary>
internal static class SpanHash
{
    private const ulong K = 0x9E3779B97F4A7C15UL;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Of(ReadOnlySpan<char> s) => Of(s, 0);

    /// <summary>The hash of <paramref name="s"/> under <paramref name="seed"/> (seed 0 gives <see cref="Of(ReadOnlySpan{char})"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Of(ReadOnlySpan<char> s, ulong seed)
    {
        ulong h = ((ulong)s.Length * K) ^ seed;
        var bytes = MemoryMarshal.AsBytes(s);
        int i = 0;
        for (; i + 8 <= bytes.Length; i += 8)
            h = BitOperations.RotateLeft((h ^ MemoryMarshal.Read<ulong>(bytes[i..])) * K, 29);
        if (i + 4 <= bytes.Length)
        {
            h = BitOperations.RotateLeft((h ^ MemoryMarshal.Read<uint>(bytes[i..])) * K, 29);
            i += 4;
        }
        if (i < bytes.Length)
            h = BitOperations.RotateLeft((h ^ MemoryMarshal.Read<ushort>(bytes[i..])) * K, 29);
        // SplitMix64's finaliser: every input bit reaches the low bits the table mask keeps.
        h ^= h >> 31;
        h *= 0xBF58476D1CE4E5B9UL;
        h ^= h >> 29;
        return (uint)h;
    }
}
