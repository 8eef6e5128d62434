using System.Globalization;
using System.Text;

namespace TextKit.Neural.Tokenizers.Internal;

/// <summary>
/// Character classes and per-character normalization of the BERT normalizer and pre-tokenizer, as the HF
/// `tokenizers` library (Rust; the engine of transformers' fast BERT tokenizers) defines them in
/// normalizers/bert.rs and pre_tokenizers/bert.rs. Works on runes, so astral characters are one character
/// as in Rust/Python, and lone surrogates are treated as category Cs (removed by clean-text).
/// </summary>
internal static class BertText
{
    /// <summary>clean_text drops NUL, U+FFFD and "other" characters (Cc, Cf, Cn, Co, Cs) except \t \n \r.</summary>
    public static bool IsControl(Rune r)
    {
        int v = r.Value;
        if (v < 128) return (v < 32 && v != '\t' && v != '\n' && v != '\r') || v == 127;
        if (v == 0xFFFD) return true;
        return Rune.GetUnicodeCategory(r) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.OtherNotAssigned
                or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate => true,
            _ => false,
        };
    }

    /// <summary>Rust char::is_whitespace (Unicode White_Space) plus \t \n \r.</summary>
    public static bool IsWhitespace(Rune r) => r.Value < 128 ? r.Value == ' ' || (r.Value >= 9 && r.Value <= 13) : Rune.IsWhiteSpace(r);

    /// <summary>BertPreTokenizer punctuation: any ASCII punctuation (incl. $ + &lt; = &gt; ^ ` | ~) or a Unicode P* category.</summary>
    public static bool IsPunctuation(Rune r)
    {
        int v = r.Value;
        if (v < 128)
            return (v >= 33 && v <= 47) || (v >= 58 && v <= 64) || (v >= 91 && v <= 96) || (v >= 123 && v <= 126);
        return Rune.GetUnicodeCategory(r) switch
        {
            UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
                or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
                or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation => true,
            _ => false,
        };
    }

    /// <summary>The CJK ideograph blocks of tokenizers' is_chinese_char (note 0x2B920, not Python's 0x2B820).</summary>
    public static bool IsChineseChar(int v) => v >= 0x3400 && (
        (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3400 && v <= 0x4DBF) || (v >= 0x20000 && v <= 0x2A6DF)
        || (v >= 0x2A700 && v <= 0x2B73F) || (v >= 0x2B740 && v <= 0x2B81F) || (v >= 0x2B920 && v <= 0x2CEAF)
        || (v >= 0xF900 && v <= 0xFAFF) || (v >= 0x2F800 && v <= 0x2FA1F));

    // NFD of single BMP characters, computed once per character (benign races: every thread computes the same value).
    // 0 = not computed, 1 = decomposes to itself, 2 = see s_bmpDecomposition.
    private static readonly byte[] s_bmpState = new byte[65536];
    private static readonly string?[] s_bmpDecomposition = new string?[65536];

    /// <summary>
    /// The canonical decomposition (NFD) of one rune, or null when it is its own decomposition.
    /// NFD is per character except for the canonical reordering of combining marks, which does not matter here
    /// because accent stripping removes the non-spacing marks right after.
    /// </summary>
    public static string? Decompose(Rune r)
    {
        int v = r.Value;
        if (v < 0xC0) return null;
        if (v <= 0xFFFF)
        {
            byte state = Volatile.Read(ref s_bmpState[v]);
            if (state == 1) return null;
            if (state == 2) return s_bmpDecomposition[v];
            string? d = DecomposeSlow(r);
            if (d is null) { Volatile.Write(ref s_bmpState[v], 1); return null; }
            s_bmpDecomposition[v] = d;
            Volatile.Write(ref s_bmpState[v], 2);
            return d;
        }
        return DecomposeSlow(r);
    }

    private static string? DecomposeSlow(Rune r)
    {
        if (Rune.GetUnicodeCategory(r) == UnicodeCategory.Surrogate) return null;
        string s = r.ToString();
        if (s.IsNormalized(NormalizationForm.FormD)) return null;
        string d = s.Normalize(NormalizationForm.FormD);
        return d == s ? null : d;
    }

    /// <summary>
    /// Appends the full lower-case mapping of <paramref name="r"/> (Rust char::to_lowercase: the one unconditional
    /// multi-character mapping is U+0130 → i + U+0307; the rest is the simple mapping).
    /// </summary>
    public static int AppendLower(Rune r, Span<char> destination)
    {
        if (r.Value == 0x130)
        {
            destination[0] = 'i';
            destination[1] = '\u0307';
            return 2;
        }
        return Rune.ToLowerInvariant(r).EncodeToUtf16(destination);
    }

    /// <summary>Reads the rune at <paramref name="i"/>; a lone surrogate becomes the one-unit <see cref="LoneSurrogate"/>.</summary>
    public static Rune RuneAt(ReadOnlySpan<char> s, int i, out int length)
    {
        char c = s[i];
        if (!char.IsSurrogate(c)) { length = 1; return new Rune(c); }
        if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
        {
            length = 2;
            return new Rune(c, s[i + 1]);
        }
        length = 1;
        return LoneSurrogate;
    }

    /// <summary>Stand-in for a lone surrogate: U+FFFD is dropped by clean-text exactly like a Cs character would be.</summary>
    public static readonly Rune LoneSurrogate = new(0xFFFD);
}
