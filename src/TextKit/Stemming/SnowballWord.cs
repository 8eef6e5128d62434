using System.Runtime.CompilerServices;

namespace TextKit.Stemming;

/// <summary>
/// Character classes and region helpers shared by the Porter and Porter2 stemmers, with Snowball's definitions:
/// the vowels are the lower-case letters a e i o u y; 'Y' marks a consonant y; everything else (capitals, digits,
/// apostrophes, non-Latin letters) is a non-vowel.
/// </summary>
internal static class SnowballWord
{
    // Bits for a e i o u y counted from 'a'.
    private const uint VowelMask = (1u << 0) | (1u << 4) | (1u << 8) | (1u << 14) | (1u << 20) | (1u << 24);

    /// <summary>Snowball grouping <c>v</c>: a e i o u y.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsVowel(char c)
    {
        uint d = (uint)c - 'a';
        return d <= 24 && ((VowelMask >> (int)d) & 1) != 0;
    }

    /// <summary>Snowball grouping <c>v_WXY</c>: the vowels plus w, x and the consonant marker Y.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsVowelWxy(char c) => IsVowel(c) || c == 'w' || c == 'x' || c == 'Y';

    /// <summary>Whether <paramref name="w"/> ends with <paramref name="suffix"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Ends(ReadOnlySpan<char> w, string suffix) => w.EndsWith(suffix.AsSpan(), StringComparison.Ordinal);

    /// <summary>Whether a vowel occurs in <c>w[0..end)</c> (Snowball <c>gopast v</c> backwards).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool HasVowelBefore(ReadOnlySpan<char> w, int end)
    {
        for (int i = end - 1; i >= 0; i--)
            if (IsVowel(w[i]))
                return true;
        return false;
    }

    /// <summary>
    /// Marks consonant y as 'Y': an initial y and every y after a vowel (left to right, so in "ayy" only the first y
    /// follows a vowel). Returns whether any y was marked.
    /// </summary>
    public static bool MarkConsonantY(Span<char> w)
    {
        bool found = false;
        if (w.Length > 0 && w[0] == 'y')
        {
            w[0] = 'Y';
            found = true;
        }
        for (int i = 0; i + 1 < w.Length; i++)
        {
            if (w[i + 1] == 'y' && IsVowel(w[i]))
            {
                w[i + 1] = 'Y';
                found = true;
            }
        }
        return found;
    }

    /// <summary>Turns every 'Y' back into 'y' (Snowball postlude; this includes capital Ys of the input).</summary>
    public static void UnmarkY(Span<char> w) => w.Replace('Y', 'y');

    /// <summary>
    /// From <paramref name="start"/>, the position just after the first non-vowel that follows a vowel (the end of
    /// the next "VC"), or -1 when there is none. R1 and R2 are defined by two such steps.
    /// </summary>
    public static int NextRegion(ReadOnlySpan<char> w, int start)
    {
        int c = start;
        while (c < w.Length && !IsVowel(w[c]))
            c++;
        if (c >= w.Length)
            return -1;
        c++;
        while (c < w.Length && IsVowel(w[c]))
            c++;
        if (c >= w.Length)
            return -1;
        return c + 1;
    }
}
