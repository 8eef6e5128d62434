namespace TextKit.Sequence;

/// <summary>
/// FNV-1a, 64-bit, over UTF-16 code units: the same value in every process and on every platform (unlike
/// <see cref="string.GetHashCode()"/>, which is randomized per process), so hashed feature ids can be saved in model files.
/// </summary>
public static class StableHash
{
    public const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    /// <summary>Hashes <paramref name="text"/> starting from <paramref name="seed"/>.</summary>
    public static ulong Add(ulong seed, ReadOnlySpan<char> text)
    {
        ulong h = seed;
        foreach (char c in text)
        {
            h ^= (byte)c;
            h *= Prime;
            h ^= (byte)(c >> 8);
            h *= Prime;
        }
        return h;
    }

    /// <summary>Mixes one integer (e.g. a template id or a separator) into <paramref name="seed"/>.</summary>
    public static ulong Add(ulong seed, int value)
    {
        ulong h = seed;
        for (int i = 0; i < 4; i++)
        {
            h ^= (byte)(value >> (8 * i));
            h *= Prime;
        }
        return h;
    }

    /// <summary>FNV-1a of a string.</summary>
    public static ulong Of(ReadOnlySpan<char> text) => Add(Offset, text);
}
