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

    /// <summary>Whether the word of length <paramref name="n"/> ends in one of Snowball's doubles (bb dd ff gg mm nn pp rr tt).</summary>
    public static bool IsDouble(ReadOnlySpan<char> w, int n)
        => n >= 2 && w[n - 1] == w[n - 2] && w[n - 1] is 'b' or 'd' or 'f' or 'g' or 'm' or 'n' or 'p' or 'r' or 't';

    /// <summary>Replaces the last <paramref name="suffixLength"/> characters by <paramref name="replacement"/>; returns the new length.</summary>
    public static int Replace(Span<char> w, int n, int suffixLength, string replacement)
    {
        int start = n - suffixLength;
        replacement.CopyTo(w[start..]);
        return start + replacement.Length;
    }

    /// <summary>
    /// Step 4 of both algorithms: deletes a residual suffix in R2 (-ion only after s or t). <paramref name="porterOu"/>
    /// adds the original Porter's -ou, which Porter2 dropped; the suffix lists are otherwise identical.
    /// </summary>
    public static int Step4(Span<char> w, int n, int p2, bool porterOu)
    {
        if (n < 2)
            return n;
        var s = w[..n];
        int suffix = 0;
        switch (s[n - 1])
        {
            case 'c':
                if (Ends(s, "ic")) suffix = 2;
                break;
            case 'e':
                if (Ends(s, "ance") || Ends(s, "ence") || Ends(s, "able") || Ends(s, "ible")) suffix = 4;
                else if (Ends(s, "ate") || Ends(s, "ive") || Ends(s, "ize")) suffix = 3;
                break;
            case 'i':
                if (Ends(s, "iti")) suffix = 3;
                break;
            case 'l':
                if (Ends(s, "al")) suffix = 2;
                break;
            case 'm':
                if (Ends(s, "ism")) suffix = 3;
                break;
            case 'n':
                if (Ends(s, "ion"))
                {
                    // -ion is deleted after s or t, in R2.
                    int start = n - 3;
                    return start >= p2 && start >= 1 && s[start - 1] is 's' or 't' ? start : n;
                }
                break;
            case 'r':
                if (Ends(s, "er")) suffix = 2;
                break;
            case 's':
                if (Ends(s, "ous")) suffix = 3;
                break;
            case 't':
                if (Ends(s, "ement")) suffix = 5;
                else if (Ends(s, "ment")) suffix = 4;
                else if (Ends(s, "ent") || Ends(s, "ant")) suffix = 3;
                break;
            case 'u':
                if (porterOu && Ends(s, "ou")) suffix = 2;
                break;
        }
        return suffix > 0 && n - suffix >= p2 ? n - suffix : n;
    }
}
