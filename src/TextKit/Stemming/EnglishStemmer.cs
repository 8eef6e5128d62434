using static TextKit.Stemming.SnowballWord;

namespace TextKit.Stemming;

/// <summary>
/// Porter2, the Snowball <c>english</c> stemmer, written for spans: every step works in place on the word's buffer
/// from the end. Two versions: the classic form (english.sbl as shipped with libstemmer 2.x) and the revision of
/// Snowball 3 (libstemmer 3.x), which changes a few rules (see <see cref="StemmerAlgorithm.Porter2Revised"/>).
/// </summary>
internal sealed class EnglishStemmer : Stemmer
{
    public static readonly EnglishStemmer Instance = new(revised: false);

    public static readonly EnglishStemmer RevisedInstance = new(revised: true);

    // The Snowball 3 revision: more fixed R1 prefixes, "past" counts as a short syllable, -eed after proc/exc/succ and
    // the inning/outing words are handled in step 1b instead of by whole-word exceptions, [consonant]ying → -ie,
    // a double after a leading a/e/o is kept ("added" → "add"), and -ogist → -og in step 2.
    private readonly bool _revised;

    private EnglishStemmer(bool revised)
    {
        _revised = revised;
    }

    public override StemmerAlgorithm Algorithm => _revised ? StemmerAlgorithm.Porter2Revised : StemmerAlgorithm.Porter2;

    private protected override int StemInPlace(Span<char> w)
    {
        int n = w.Length;
        int exception = Exception1(w, _revised);
        if (exception >= 0)
            return exception;
        if (n < 3)
            return n;

        // Prelude: drop one leading apostrophe, mark consonant y.
        if (w[0] == '\'')
        {
            w[1..n].CopyTo(w);
            n--;
        }
        bool yFound = MarkConsonantY(w[..n]);

        // Regions: R1 after the first VC (or after one of the fixed prefixes), R2 after the next.
        int p1 = n, p2 = n;
        var word = w[..n];
        int prefix = _revised ? RevisedPrefix(word) : ClassicPrefix(word);
        int r1 = prefix > 0 ? prefix : NextRegion(word, 0);
        if (r1 >= 0)
        {
            p1 = r1;
            int r2 = NextRegion(word, r1);
            if (r2 >= 0)
                p2 = r2;
        }

        n = Step1A(w, n);
        if (_revised || !IsException2(w[..n]))
        {
            n = Step1B(w, n, p1, _revised);
            n = Step1C(w, n);
            n = Step2(w, n, p1, _revised);
            n = Step3(w, n, p1, p2);
            n = Step4(w, n, p2, porterOu: false);
            n = Step5(w, n, p1, p2, _revised);
        }
        if (yFound)
            UnmarkY(w[..n]);
        return n;
    }

    /// <summary>The classic R1 prefixes (gener-, commun-, arsen-): the prefix length, or 0.</summary>
    private static int ClassicPrefix(ReadOnlySpan<char> word)
        => word.StartsWith("gener") || word.StartsWith("arsen") ? 5 : word.StartsWith("commun") ? 6 : 0;

    /// <summary>The revision's R1 prefixes (no two of them start the same word): the prefix length, or 0.</summary>
    private static int RevisedPrefix(ReadOnlySpan<char> word)
    {
        if (word.Length < 4)
            return 0;
        return word[0] switch
        {
            'a' => word.StartsWith("arsen") ? 5 : 0,
            'c' => word.StartsWith("commun") ? 6 : 0,
            'e' => word.StartsWith("emerg") ? 5 : 0,
            'g' => word.StartsWith("gener") ? 5 : 0,
            'i' => word.StartsWith("inter") ? 5 : 0,
            'l' => word.StartsWith("later") ? 5 : 0,
            'o' => word.StartsWith("organ") ? 5 : 0,
            'p' => word.StartsWith("past") ? 4 : 0,
            'u' => word.StartsWith("univers") ? 7 : 0,
            _ => 0,
        };
    }

    /// <summary>
    /// Whole words with a fixed stem; returns the stem's length, or -1. The revision handles dying, lying and tying in
    /// step 1b (with any other consonant + ying).
    /// </summary>
    private static int Exception1(Span<char> w, bool revised)
    {
        switch (w.Length)
        {
            case 3:
                return w.SequenceEqual("sky") ? 3 : -1;
            case 4:
                if (w.SequenceEqual("skis"))
                    return Put(w, "ski");
                if (w.SequenceEqual("idly"))
                    return Put(w, "idl");
                if (w.SequenceEqual("ugly"))
                    return Put(w, "ugli");
                if (w.SequenceEqual("only"))
                    return Put(w, "onli");
                return w.SequenceEqual("news") || w.SequenceEqual("howe") || w.SequenceEqual("bias") ? 4 : -1;
            case 5:
                if (w.SequenceEqual("skies"))
                    return Put(w, "sky");
                if (revised)
                    return w.SequenceEqual("early") ? Put(w, "earli") : w.SequenceEqual("atlas") || w.SequenceEqual("andes") ? 5 : -1;
                if (w.SequenceEqual("dying"))
                    return Put(w, "die");
                if (w.SequenceEqual("lying"))
                    return Put(w, "lie");
                if (w.SequenceEqual("tying"))
                    return Put(w, "tie");
                if (w.SequenceEqual("early"))
                    return Put(w, "earli");
                return w.SequenceEqual("atlas") || w.SequenceEqual("andes") ? 5 : -1;
            case 6:
                if (w.SequenceEqual("gently"))
                    return Put(w, "gentl");
                if (w.SequenceEqual("singly"))
                    return Put(w, "singl");
                return w.SequenceEqual("cosmos") ? 6 : -1;
            default:
                return -1;
        }
    }

    private static int Put(Span<char> w, string stem)
    {
        stem.CopyTo(w);
        return stem.Length;
    }

    /// <summary>Words left alone after step 1a.</summary>
    private static bool IsException2(ReadOnlySpan<char> w) => w.Length switch
    {
        6 => w.SequenceEqual("exceed") || w.SequenceEqual("inning") || w.SequenceEqual("outing"),
        7 => w.SequenceEqual("succeed") || w.SequenceEqual("proceed") || w.SequenceEqual("canning") || w.SequenceEqual("earring") || w.SequenceEqual("herring"),
        _ => false,
    };

    /// <summary>
    /// A short syllable ending at <paramref name="end"/>: non-vowel (not w, x, Y), vowel, non-vowel; or vowel + non-vowel
    /// at the start; in the revision also "past" (pasted → paste).
    /// </summary>
    private static bool ShortV(ReadOnlySpan<char> w, int end, bool revised)
    {
        if (end >= 3 && !IsVowelWxy(w[end - 1]) && IsVowel(w[end - 2]) && !IsVowel(w[end - 3]))
            return true;
        if (end == 2 && !IsVowel(w[1]) && IsVowel(w[0]))
            return true;
        return revised && end >= 4 && w[(end - 4)..end].SequenceEqual("past");
    }

    private static bool IsValidLi(char c) => c is 'c' or 'd' or 'e' or 'g' or 'h' or 'k' or 'm' or 'n' or 'r' or 't';

    private static int Step1A(Span<char> w, int n)
    {
        var s = w[..n];
        if (Ends(s, "'s'"))
            n -= 3;
        else if (Ends(s, "'s"))
            n -= 2;
        else if (n > 0 && s[n - 1] == '\'')
            n -= 1;
        if (n == 0)
            return n;
        s = w[..n];
        char last = s[n - 1];
        if (last == 's')
        {
            if (Ends(s, "sses"))
                return n - 2;
            if (Ends(s, "ies"))
                return IesOrIed(w, n);
            if (Ends(s, "ss") || Ends(s, "us"))
                return n;
            // Drop s when the part before the preceding letter has a vowel (gas, this stay; gaps, kiwis lose it).
            return n >= 2 && HasVowelBefore(s, n - 2) ? n - 1 : n;
        }
        if (last == 'd' && Ends(s, "ied"))
            return IesOrIed(w, n);
        return n;
    }

    // -ies/-ied become -i after two or more letters (cries → cri), else -ie (ties → tie).
    private static int IesOrIed(Span<char> w, int n)
    {
        int start = n - 3;
        return start >= 2 ? Replace(w, n, 3, "i") : Replace(w, n, 3, "ie");
    }

    /// <summary>
    /// Step 1b: the longest of -eed, -eedly, -ed, -edly, -ing, -ingly decides. The revision (<paramref name="revised"/>)
    /// adds three things: -eed(ly) is kept after a whole-word proc-, exc- or succ- (proceed, exceedly); a whole word
    /// consonant + "ying" becomes consonant + "ie" (dying → die, vying → vie) and inning, outing, canning, herring,
    /// earring and evening are kept; a double left after a leading a, e or o stays (added → add, offing → off).
    /// </summary>
    private static int Step1B(Span<char> w, int n, int p1, bool revised)
    {
        if (n == 0)
            return n;
        var s = w[..n];
        int suffix = 0;
        bool eed = false, ing = false;
        switch (s[n - 1])
        {
            case 'y':
                if (Ends(s, "eedly")) { suffix = 5; eed = true; }
                else if (Ends(s, "edly")) suffix = 4;
                else if (Ends(s, "ingly")) suffix = 5;
                break;
            case 'd':
                if (Ends(s, "eed")) { suffix = 3; eed = true; }
                else if (Ends(s, "ed")) suffix = 2;
                break;
            case 'g':
                if (Ends(s, "ing")) { suffix = 3; ing = true; }
                break;
        }
        if (suffix == 0)
            return n;
        int start = n - suffix;
        if (eed)
        {
            if (revised && s[..start] is "proc" or "exc" or "succ")
                return n;
            return start >= p1 ? Replace(w, n, suffix, "ee") : n;
        }
        if (revised && ing && RevisedIng(w, n, start) is int kept and >= 0)
            return kept;
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
            return revised && n == 3 && s[0] is 'a' or 'e' or 'o' ? n : n - 1;
        if (n == p1 && ShortV(s, n, revised))
        {
            w[n] = 'e';
            return n + 1;
        }
        return n;
    }

    /// <summary>
    /// The revision's whole-word -ing cases: the new length, or -1 for the general rule. Snowball's among takes the
    /// longest listed ending before -ing and fails (falling through to the general rule) when that entry's condition
    /// fails: y needs exactly one non-vowel before it, the others must be the whole word.
    /// </summary>
    private static int RevisedIng(Span<char> w, int n, int start)
    {
        ReadOnlySpan<char> before = w[..start];
        if (before.Length >= 1 && before[^1] == 'y')
            return before.Length == 2 && !IsVowel(before[0]) ? Replace(w, n, 4, "ie") : -1;
        return before is "inn" or "out" or "cann" or "herr" or "earr" or "even" ? n : -1;
    }

    private static int Step1C(Span<char> w, int n)
    {
        if (n >= 3 && w[n - 1] is 'y' or 'Y' && !IsVowel(w[n - 2]))
            w[n - 1] = 'i';
        return n;
    }

    private static int Step2(Span<char> w, int n, int p1, bool revised)
    {
        if (n < 2)
            return n;
        var s = w[..n];
        int suffix = 0;
        string? replacement = null;
        switch (s[n - 1])
        {
            case 'i':
                if (s[n - 2] == 'l')
                {
                    if (Ends(s, "lessli")) (suffix, replacement) = (6, "less");
                    else if (Ends(s, "fulli")) (suffix, replacement) = (5, "ful");
                    else if (Ends(s, "ousli")) (suffix, replacement) = (5, "ous");
                    else if (Ends(s, "entli")) (suffix, replacement) = (5, "ent");
                    else if (Ends(s, "abli")) (suffix, replacement) = (4, "able");
                    else if (Ends(s, "alli")) (suffix, replacement) = (4, "al");
                    else if (Ends(s, "bli")) (suffix, replacement) = (3, "ble");
                    else
                    {
                        // -li: deleted after a valid li-ending (c d e g h k m n r t), in R1.
                        int start = n - 2;
                        return start >= p1 && start >= 1 && IsValidLi(s[start - 1]) ? start : n;
                    }
                }
                else if (Ends(s, "biliti")) (suffix, replacement) = (6, "ble");
                else if (Ends(s, "aliti")) (suffix, replacement) = (5, "al");
                else if (Ends(s, "iviti")) (suffix, replacement) = (5, "ive");
                else if (Ends(s, "anci")) (suffix, replacement) = (4, "ance");
                else if (Ends(s, "enci")) (suffix, replacement) = (4, "ence");
                else if (Ends(s, "ogi"))
                {
                    // -ogi → -og after l, in R1.
                    int start = n - 3;
                    return start >= p1 && start >= 1 && s[start - 1] == 'l' ? Replace(w, n, 3, "og") : n;
                }
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
            case 't':
                if (revised && Ends(s, "ogist")) (suffix, replacement) = (5, "og");
                break;
        }
        if (replacement is null || n - suffix < p1)
            return n;
        return Replace(w, n, suffix, replacement);
    }

    private static int Step3(Span<char> w, int n, int p1, int p2)
    {
        if (n < 3)
            return n;
        var s = w[..n];
        int suffix = 0;
        string? replacement = null;
        bool needsR2 = false;
        switch (s[n - 1])
        {
            case 'l':
                if (Ends(s, "ational")) (suffix, replacement) = (7, "ate");
                else if (Ends(s, "tional")) (suffix, replacement) = (6, "tion");
                else if (Ends(s, "ical")) (suffix, replacement) = (4, "ic");
                else if (Ends(s, "ful")) (suffix, replacement) = (3, "");
                break;
            case 'e':
                if (Ends(s, "icate")) (suffix, replacement) = (5, "ic");
                else if (Ends(s, "ative")) (suffix, replacement, needsR2) = (5, "", true);
                else if (Ends(s, "alize")) (suffix, replacement) = (5, "al");
                break;
            case 'i':
                if (Ends(s, "iciti")) (suffix, replacement) = (5, "ic");
                break;
            case 's':
                if (Ends(s, "ness")) (suffix, replacement) = (4, "");
                break;
        }
        int start = n - suffix;
        if (replacement is null || start < p1 || (needsR2 && start < p2))
            return n;
        return Replace(w, n, suffix, replacement);
    }

    private static int Step5(Span<char> w, int n, int p1, int p2, bool revised)
    {
        if (n == 0)
            return n;
        int start = n - 1;
        if (w[start] == 'e')
            return start >= p2 || (start >= p1 && !ShortV(w, start, revised)) ? start : n;
        if (w[start] == 'l')
            return start >= p2 && start >= 1 && w[start - 1] == 'l' ? start : n;
        return n;
    }
}
