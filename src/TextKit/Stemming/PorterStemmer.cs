using static TextKit.Stemming.SnowballWord;

namespace TextKit.Stemming;

/// <summary>
/// The original Porter stemmer (M.F. Porter, "An algorithm for suffix stripping", Program 14(3), 1980) exactly as
/// Snowball defines it (snowballstem.org, porter.sbl), written for spans and working in place from the word's end.
/// </summary>
internal sealed class PorterStemmer : Stemmer
{
    public static readonly PorterStemmer Instance = new();

    private PorterStemmer()
    {
    }

    public override StemmerAlgorithm Algorithm => StemmerAlgorithm.Porter;

    private protected override int StemInPlace(Span<char> w)
    {
        int n = w.Length;
        bool yFound = MarkConsonantY(w);
        int p1 = n, p2 = n;
        int r1 = NextRegion(w, 0);
        if (r1 >= 0)
        {
            p1 = r1;
            int r2 = NextRegion(w, r1);
            if (r2 >= 0)
                p2 = r2;
        }
        n = Step1A(w, n);
        n = Step1B(w, n, p1);
        n = Step1C(w, n);
        n = Step2(w, n, p1);
        n = Step3(w, n, p1);
        n = Step4(w, n, p2, porterOu: true);
        n = Step5(w, n, p1, p2);
        if (yFound)
            UnmarkY(w[..n]);
        return n;
    }

    /// <summary>cvc where the second c is not w, x or Y (Porter's *o).</summary>
    private static bool ShortV(ReadOnlySpan<char> w, int end)
        => end >= 3 && !IsVowelWxy(w[end - 1]) && IsVowel(w[end - 2]) && !IsVowel(w[end - 3]);

    private static int Step1A(Span<char> w, int n)
    {
        if (n == 0 || w[n - 1] != 's')
            return n;
        var s = w[..n];
        if (Ends(s, "sses") || Ends(s, "ies"))
            return n - 2;
        if (Ends(s, "ss"))
            return n;
        return n - 1;
    }

    private static int Step1B(Span<char> w, int n, int p1)
    {
        if (n == 0)
            return n;
        var s = w[..n];
        int suffix = 0;
        if (s[n - 1] == 'd')
        {
            if (Ends(s, "eed"))
                return n - 3 >= p1 ? n - 1 : n;
            if (Ends(s, "ed"))
                suffix = 2;
        }
        else if (Ends(s, "ing"))
        {
            suffix = 3;
        }
        if (suffix == 0)
            return n;
        int start = n - suffix;
        if (!HasVowelBefore(s, start))
            return n;
        n = start;
        s = w[..n];
        if (Ends(s, "at") || Ends(s, "bl") || Ends(s, "iz"))
        {
            w[n] = 'e';
            return n + 1;
        }
        if (IsDouble(s, n))
            return n - 1;
        if (n == p1 && ShortV(s, n))
        {
            w[n] = 'e';
            return n + 1;
        }
        return n;
    }

    // y → i when the stem before it has a vowel.
    private static int Step1C(Span<char> w, int n)
    {
        if (n >= 1 && w[n - 1] is 'y' or 'Y' && HasVowelBefore(w, n - 1))
            w[n - 1] = 'i';
        return n;
    }

    private static int Step2(Span<char> w, int n, int p1)
    {
        if (n < 3)
            return n;
        var s = w[..n];
        int suffix = 0;
        string? replacement = null;
        switch (s[n - 1])
        {
            case 'i':
                if (Ends(s, "ousli")) (suffix, replacement) = (5, "ous");
                else if (Ends(s, "entli")) (suffix, replacement) = (5, "ent");
                else if (Ends(s, "abli")) (suffix, replacement) = (4, "able");
                else if (Ends(s, "alli")) (suffix, replacement) = (4, "al");
                else if (Ends(s, "eli")) (suffix, replacement) = (3, "e");
                else if (Ends(s, "biliti")) (suffix, replacement) = (6, "ble");
                else if (Ends(s, "aliti")) (suffix, replacement) = (5, "al");
                else if (Ends(s, "iviti")) (suffix, replacement) = (5, "ive");
                else if (Ends(s, "anci")) (suffix, replacement) = (4, "ance");
                else if (Ends(s, "enci")) (suffix, replacement) = (4, "ence");
                break;
            case 'l':
                if (Ends(s, "ational")) (suffix, replacement) = (7, "ate");
                else if (Ends(s, "tional")) (suffix, replacement) = (6, "tion");
                break;
            case 'm':
                if (Ends(s, "alism")) (suffix, replacement) = (5, "al");
                break;
            case 'n':
                if (Ends(s, "ization")) (suffix, replacement) = (7, "ize");
                else if (Ends(s, "ation")) (suffix, replacement) = (5, "ate");
                break;
            case 'r':
                if (Ends(s, "izer")) (suffix, replacement) = (4, "ize");
                else if (Ends(s, "ator")) (suffix, replacement) = (4, "ate");
                break;
            case 's':
                if (Ends(s, "iveness")) (suffix, replacement) = (7, "ive");
                else if (Ends(s, "fulness")) (suffix, replacement) = (7, "ful");
                else if (Ends(s, "ousness")) (suffix, replacement) = (7, "ous");
                break;
        }
        if (replacement is null || n - suffix < p1)
            return n;
        return Replace(w, n, suffix, replacement);
    }

    private static int Step3(Span<char> w, int n, int p1)
    {
        if (n < 3)
            return n;
        var s = w[..n];
        int suffix = 0;
        string? replacement = null;
        switch (s[n - 1])
        {
            case 'e':
                if (Ends(s, "alize")) (suffix, replacement) = (5, "al");
                else if (Ends(s, "icate")) (suffix, replacement) = (5, "ic");
                else if (Ends(s, "ative")) (suffix, replacement) = (5, "");
                break;
            case 'i':
                if (Ends(s, "iciti")) (suffix, replacement) = (5, "ic");
                break;
            case 'l':
                if (Ends(s, "ical")) (suffix, replacement) = (4, "ic");
                else if (Ends(s, "ful")) (suffix, replacement) = (3, "");
                break;
            case 's':
                if (Ends(s, "ness")) (suffix, replacement) = (4, "");
                break;
        }
        if (replacement is null || n - suffix < p1)
            return n;
        return Replace(w, n, suffix, replacement);
    }

    // Step 5a (final e) then 5b (ll → l), both in R2 (5a also in R1 after a non-short syllable).
    private static int Step5(Span<char> w, int n, int p1, int p2)
    {
        if (n > 0 && w[n - 1] == 'e')
        {
            int start = n - 1;
            if (start >= p2 || (start >= p1 && !ShortV(w, start)))
                n = start;
        }
        if (n > 0 && w[n - 1] == 'l')
        {
            int start = n - 1;
            if (start >= p2 && start >= 1 && w[start - 1] == 'l')
                n = start;
        }
        return n;
    }
}
