using System.Globalization;
using System.Text;

namespace TextKit.Neural.Tokenizers.Internal;

/// <summary>
/// HF tokenizers' BertNormalizer (clean text, CJK spacing, NFD accent stripping, lower-casing) writing into a
/// <see cref="NormalizedText"/> that remembers the original range of every normalized UTF-16 unit, and the
/// BertPreTokenizer split (whitespace removed, each punctuation character a word of its own).
/// </summary>
internal sealed class BertNormalizer(bool cleanText, bool handleChineseChars, bool stripAccents, bool lowerCase)
{
    public int Normalize(ReadOnlySpan<char> text, int from, int to, NormalizedText s)
    {
        int n = 0;
        Span<char> tmp = stackalloc char[4];
        for (int i = from; i < to;)
        {
            char ch = text[i];
            if (ch < 128)
            {
                // ASCII fast path: no decomposition, no CJK, simple lower-casing
                i++;
                if (cleanText)
                {
                    if ((ch < 32 && ch != '\t' && ch != '\n' && ch != '\r') || ch == 127) continue;
                    if (ch == ' ' || (ch >= 9 && ch <= 13)) { s.Put(ref n, ' ', i - 1, i); continue; }
                }
                s.Put(ref n, lowerCase && ch >= 'A' && ch <= 'Z' ? (char)(ch + 32) : ch, i - 1, i);
                continue;
            }
            Rune r = BertText.RuneAt(text, i, out int len);
            int os = i, oe = i + len;
            i += len;
            if (cleanText)
            {
                if (BertText.IsControl(r)) continue;
                if (BertText.IsWhitespace(r)) { s.Put(ref n, ' ', os, oe); continue; }
            }
            bool cjk = handleChineseChars && BertText.IsChineseChar(r.Value);
            if (cjk) s.Put(ref n, ' ', os, oe);
            if (stripAccents)
            {
                string? d = BertText.Decompose(r);
                if (d is null)
                {
                    if (Rune.GetUnicodeCategory(r) != UnicodeCategory.NonSpacingMark) PutCased(r, os, oe, s, ref n, tmp);
                }
                else
                {
                    for (int k = 0; k < d.Length;)
                    {
                        Rune x = BertText.RuneAt(d, k, out int xl);
                        k += xl;
                        if (Rune.GetUnicodeCategory(x) != UnicodeCategory.NonSpacingMark) PutCased(x, os, oe, s, ref n, tmp);
                    }
                }
            }
            else
            {
                PutCased(r, os, oe, s, ref n, tmp);
            }
            if (cjk) s.Put(ref n, ' ', os, oe);
        }
        return n;
    }

    private void PutCased(Rune r, int os, int oe, NormalizedText s, ref int n, Span<char> tmp)
    {
        if (r.IsAscii)
        {
            char c = (char)r.Value;
            s.Put(ref n, lowerCase && c >= 'A' && c <= 'Z' ? (char)(c + 32) : c, os, oe);
            return;
        }
        int w = lowerCase ? BertText.AppendLower(r, tmp) : r.EncodeToUtf16(tmp);
        for (int k = 0; k < w; k++) s.Put(ref n, tmp[k], os, oe);
    }

    /// <summary>The next pre-token of normalized text from <paramref name="pos"/>: whitespace separates, punctuation stands alone.</summary>
    public static bool NextWord(ReadOnlySpan<char> norm, ref int pos, out int start, out int end)
    {
        int n = norm.Length;
        while (pos < n && Class(norm, pos, out int l) == Whitespace) pos += l;
        start = end = pos;
        if (pos >= n) return false;
        if (Class(norm, pos, out int first) == Punctuation)
        {
            pos += first;
            end = pos;
            return true;
        }
        while (pos < n && Class(norm, pos, out int l) == Other) pos += l;
        end = pos;
        return true;
    }

    private const byte Other = 0, Whitespace = 1, Punctuation = 2;
    private static readonly byte[] s_asciiClass = BuildAsciiClasses();

    private static byte[] BuildAsciiClasses()
    {
        var t = new byte[128];
        for (int c = 0; c < 128; c++)
            t[c] = BertText.IsWhitespace(new Rune(c)) ? Whitespace : BertText.IsPunctuation(new Rune(c)) ? Punctuation : Other;
        return t;
    }

    private static byte Class(ReadOnlySpan<char> s, int i, out int length)
    {
        char c = s[i];
        if (c < 128) { length = 1; return s_asciiClass[c]; }
        Rune r = BertText.RuneAt(s, i, out length);
        return BertText.IsWhitespace(r) ? Whitespace : BertText.IsPunctuation(r) ? Punctuation : Other;
    }
}

/// <summary>Per-thread normalization buffers: normalized text and the original range of each unit.</summary>
internal sealed class NormalizedText
{
    public char[] Chars = new char[256];
    public int[] Start = new int[256];
    public int[] End = new int[256];

    [ThreadStatic] private static NormalizedText? t_instance;

    public static NormalizedText Rent(int hint)
    {
        // a huge input gets its own buffers so that the thread does not keep megabytes alive afterwards
        if (hint > 1 << 16) { var big = new NormalizedText(); big.Resize(hint + 16); return big; }
        var s = t_instance ??= new NormalizedText();
        if (s.Chars.Length < hint + 16) s.Resize(hint + 16);
        return s;
    }

    private void Resize(int n)
    {
        Array.Resize(ref Chars, n);
        Array.Resize(ref Start, n);
        Array.Resize(ref End, n);
    }

    public void Put(ref int n, char c, int start, int end)
    {
        if (n == Chars.Length) Resize(n * 2);
        Chars[n] = c;
        Start[n] = start;
        End[n] = end;
        n++;
    }
}
