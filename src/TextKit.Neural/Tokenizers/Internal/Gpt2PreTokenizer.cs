using System.Globalization;
using System.Text;

namespace TextKit.Neural.Tokenizers.Internal;

/// <summary>
/// The GPT-2 pre-tokenization pattern
/// <c>'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+</c> (openai/gpt-2 encoder.py,
/// HF ByteLevel pre-tokenizer) as a hand-written scanner over runes. Why not a .NET Regex: .NET character classes
/// see the two halves of an astral character (e.g. U+20000, a letter) as two surrogates, which \p{L} does not
/// match, so astral letters and digits would be split differently from HF; the scanner is also allocation-free.
/// </summary>
internal static class Gpt2PreTokenizer
{
    private enum Kind { Letter, Number, Space, Other }

    private static Kind Classify(Rune r)
    {
        if (Rune.IsWhiteSpace(r)) return Kind.Space;
        return Rune.GetUnicodeCategory(r) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => Kind.Letter,
            UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => Kind.Number,
            _ => Kind.Other,
        };
    }

    private static Kind KindAt(ReadOnlySpan<char> s, int i, out int length) => Classify(BertText.RuneAt(s, i, out length));

    /// <summary>Length of the pre-token that starts at <paramref name="i"/> (i &lt; s.Length).</summary>
    public static int NextLength(ReadOnlySpan<char> s, int i)
    {
        int n = s.Length;
        if (s[i] == '\'' && i + 1 < n)
        {
            char c1 = s[i + 1];
            if (c1 is 's' or 't' or 'm' or 'd') return 2;
            if (i + 2 < n)
            {
                char c2 = s[i + 2];
                if ((c1 == 'r' && c2 == 'e') || (c1 == 'v' && c2 == 'e') || (c1 == 'l' && c2 == 'l')) return 3;
            }
        }
        int j = i;
        Kind kind = KindAt(s, j, out int len);
        if (s[i] == ' ' && i + 1 < n)
        {
            Kind next = KindAt(s, i + 1, out int nextLen);
            if (next != Kind.Space) { j = i + 1; kind = next; len = nextLen; }
        }
        if (kind != Kind.Space)
        {
            j += len;
            while (j < n && KindAt(s, j, out int l) == kind) j += l;
            return j - i;
        }
        // whitespace run: all of it at the end of the text or before more whitespace; else leave its last
        // character to prefix the next pre-token (\s+(?!\S)), unless the run is a single character (\s+)
        int end = i, last = i;
        while (end < n && KindAt(s, end, out int l) == Kind.Space) { last = end; end += l; }
        if (end == n || last == i) return end - i;
        return last - i;
    }
}
