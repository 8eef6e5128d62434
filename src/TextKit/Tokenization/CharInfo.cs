using System.Globalization;
using System.Runtime.CompilerServices;

namespace TextKit.Tokenization;

/// <summary>Character classes shared by the tokenizer, the segmenter and the cleaner (ASCII fast paths).</summary>
internal static class CharInfo
{
    /// <summary>Token separators: whitespace, C0/C1 controls, zero-width space and BOM (never part of a token).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsSeparator(char c)
    {
        if (c <= ' ')
            return true;
        if (c < 0x7F)
            return false;
        return c <= 0x9F || c == '\u00A0' || c == '\u200B' || c == '\uFEFF' || (c >= '\u2000' && char.IsWhiteSpace(c)) || c == '\u1680' || c == '\u3000';
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsLetter(char c) => c < 0x80 ? (uint)((c | 0x20) - 'a') <= 'z' - 'a' : char.IsLetter(c) || IsMark(c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsDigit(char c) => c < 0x80 ? (uint)(c - '0') <= 9 : char.IsDigit(c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsLetterOrDigit(char c) => c < 0x80 ? (uint)((c | 0x20) - 'a') <= 'z' - 'a' || (uint)(c - '0') <= 9 : char.IsLetterOrDigit(c) || IsMark(c);

    /// <summary>Combining marks, variation selectors and zero-width (non-)joiners: they belong to the preceding character.</summary>
    public static bool IsMark(char c)
    {
        if (c < 0x300)
            return false;
        if (c is '\u200C' or '\u200D' || (c >= '\uFE00' && c <= '\uFE0F'))
            return true;
        var category = char.GetUnicodeCategory(c);
        return category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;
    }

    /// <summary>Apostrophe variants that write English clitics (', ’, ‘, `, ʼ).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsApostrophe(char c) => c is '\'' or '\u2019' or '\u2018' or '`' or '\u02BC';

    /// <summary>End of the character at <paramref name="i"/>: a surrogate pair counts as one, trailing marks are included.</summary>
    public static int UnitEnd(ReadOnlySpan<char> text, int i, int end)
    {
        int j = i + 1;
        if (char.IsHighSurrogate(text[i]) && j < end && char.IsLowSurrogate(text[j]))
            j++;
        while (j < end && IsMark(text[j]))
            j++;
        return j;
    }

    /// <summary>True when the character at <paramref name="i"/> is a pictographic symbol (emoji, dingbat, ©): kept whole, split from words.</summary>
    public static bool IsSymbol(ReadOnlySpan<char> text, int i, int end)
    {
        char c = text[i];
        if (c < 0xA0)
            return false;
        if (char.IsHighSurrogate(c))
        {
            if (i + 1 < end && char.IsLowSurrogate(text[i + 1]))
            {
                int cp = char.ConvertToUtf32(c, text[i + 1]);
                return cp >= 0x1F000 && cp <= 0x1FAFF || CharUnicodeInfo.GetUnicodeCategory(cp) == UnicodeCategory.OtherSymbol;
            }
            return true; // a lone surrogate: treat as an opaque symbol so it never glues words together
        }
        if (char.IsLowSurrogate(c))
            return true;
        return char.GetUnicodeCategory(c) == UnicodeCategory.OtherSymbol;
    }

    /// <summary>End of an emoji sequence starting at <paramref name="i"/> (modifiers, ZWJ sequences and flag pairs stay together).</summary>
    public static int SymbolEnd(ReadOnlySpan<char> text, int i, int end)
    {
        int j = UnitEnd(text, i, end);
        while (j < end)
        {
            // skin-tone modifiers U+1F3FB..U+1F3FF (category Sk) and regional-indicator pairs (flags)
            if (j + 1 < end && char.IsHighSurrogate(text[j]) && char.IsLowSurrogate(text[j + 1]))
            {
                int cp = char.ConvertToUtf32(text[j], text[j + 1]);
                int prev = j >= 2 && char.IsLowSurrogate(text[j - 1]) && char.IsHighSurrogate(text[j - 2]) ? char.ConvertToUtf32(text[j - 2], text[j - 1]) : 0;
                if (cp is >= 0x1F3FB and <= 0x1F3FF || (cp is >= 0x1F1E6 and <= 0x1F1FF && prev is >= 0x1F1E6 and <= 0x1F1FF && j - 2 == i))
                {
                    j = UnitEnd(text, j, end);
                    continue;
                }
            }
            if (text[j - 1] == '\u200D' && IsSymbol(text, j, end))
            {
                j = UnitEnd(text, j, end);
                continue;
            }
            break;
        }
        return j;
    }
}
