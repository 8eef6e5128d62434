namespace TextKit.Tagging;

/// <summary>Orthographic properties of a word used by the taggers' unknown-word features.</summary>
internal static class WordForm
{
    [Flags]
    public enum Flags
    {
        None = 0,
        HasDigit = 1,
        HasUpper = 2,
        HasLower = 4,
        HasHyphen = 8,
        HasPeriod = 16,
        InitialUpper = 32,
        AllUpper = 64,
        AllDigits = 128,
        HasOtherLetter = 256,
        UrlLike = 512,
        EmailLike = 1024,
        NoLetterOrDigit = 2048,
    }

    /// <summary>Character class used by shapes: X upper, x lower, d digit, the character itself otherwise.</summary>
    public static char ShapeClass(char c)
    {
        if (char.IsUpper(c))
            return 'X';
        if (char.IsLower(c))
            return 'x';
        if (char.IsDigit(c))
            return 'd';
        if (char.IsLetter(c))
            return 'l';
        return c;
    }

    /// <summary>
    /// Hash of the word's shape with runs of one class capped at <paramref name="maxRun"/> ("Hello" → "Xxx" with cap 2
    /// → "Xxx"; "1,234" → "d,ddd" → "d,dd"). At most 16 shape symbols are hashed.
    /// </summary>
    public static ulong ShapeHash(ReadOnlySpan<char> word, int maxRun)
    {
        ulong h = 0xcbf29ce484222325UL;
        char prev = '\0';
        int run = 0;
        int emitted = 0;
        foreach (char c in word)
        {
            char s = ShapeClass(c);
            if (s == prev)
            {
                if (++run > maxRun)
                    continue;
            }
            else
            {
                prev = s;
                run = 1;
            }
            h ^= s;
            h *= 1099511628211UL;
            if (++emitted == 16)
                break;
        }
        return TaggerHash.Mix(h ^ ((ulong)maxRun << 56));
    }

    public static Flags GetFlags(ReadOnlySpan<char> word)
    {
        var f = Flags.None;
        bool allUpper = true, allDigits = true, anyLetterOrDigit = false;
        for (int i = 0; i < word.Length; i++)
        {
            char c = word[i];
            if (char.IsDigit(c))
            {
                f |= Flags.HasDigit;
                anyLetterOrDigit = true;
                allUpper = false;
                continue;
            }
            allDigits = false;
            if (char.IsUpper(c))
            {
                f |= Flags.HasUpper;
                anyLetterOrDigit = true;
                if (i == 0)
                    f |= Flags.InitialUpper;
            }
            else if (char.IsLower(c))
            {
                f |= Flags.HasLower;
                anyLetterOrDigit = true;
                allUpper = false;
            }
            else if (char.IsLetter(c))
            {
                f |= Flags.HasOtherLetter;
                anyLetterOrDigit = true;
                allUpper = false;
            }
            else
            {
                if (c == '-')
                    f |= Flags.HasHyphen;
                else if (c == '.')
                    f |= Flags.HasPeriod;
                else if (c == '@' && i > 0 && i < word.Length - 1)
                    f |= Flags.EmailLike;
            }
        }
        if (word.Length > 0 && allUpper && (f & Flags.HasUpper) != 0)
            f |= Flags.AllUpper;
        if (word.Length > 0 && allDigits)
            f |= Flags.AllDigits;
        if (!anyLetterOrDigit)
            f |= Flags.NoLetterOrDigit;
        if (word.Contains("://", StringComparison.Ordinal) || word.StartsWith("www.", StringComparison.OrdinalIgnoreCase)
            || word.EndsWith(".com", StringComparison.OrdinalIgnoreCase) || word.EndsWith(".org", StringComparison.OrdinalIgnoreCase)
            || word.EndsWith(".net", StringComparison.OrdinalIgnoreCase) || word.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
            f |= Flags.UrlLike;
        if ((f & Flags.EmailLike) != 0 && word.IndexOf('.') < 0)
            f &= ~Flags.EmailLike;
        return f;
    }
}
