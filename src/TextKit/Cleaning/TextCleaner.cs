using System.Globalization;
using System.Text;
using TextKit.Tokenization;

namespace TextKit.Cleaning;

/// <summary>
/// Removes noise from text before tokenization: HTML → text, Unicode normalization, control and zero-width characters,
/// whitespace, and optionally masks (URLs, e-mails, @mentions, numbers), lower-casing, accent stripping, emoji handling
/// and letter-run shortening (see <see cref="TextCleanerOptions"/> for the defaults and the presets). Never throws on
/// any string input (invalid surrogates are removed or replaced). Thread-safe.
/// </summary>
public sealed class TextCleaner
{
    private readonly TextCleanerOptions _options;

    /// <summary>Creates a cleaner; the options are copied and validated.</summary>
    public TextCleaner(TextCleanerOptions? options = null)
    {
        _options = (options ?? new TextCleanerOptions()).Clone();
        Validate(_options);
    }

    /// <summary>The options in use (a copy).</summary>
    public TextCleanerOptions Options => _options.Clone();

    /// <summary>Checks option values; throws <see cref="ArgumentException"/>/<see cref="ArgumentOutOfRangeException"/> naming the option.</summary>
    public static void Validate(TextCleanerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.IsDefined(options.Html))
            throw new ArgumentOutOfRangeException(nameof(options.Html), options.Html, "Unknown HTML handling.");
        if (!Enum.IsDefined(options.Normalization))
            throw new ArgumentOutOfRangeException(nameof(options.Normalization), options.Normalization, "Unknown normalization form.");
        if (!Enum.IsDefined(options.Emoji))
            throw new ArgumentOutOfRangeException(nameof(options.Emoji), options.Emoji, "Unknown emoji handling.");
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxRepeatedLetters, nameof(options.MaxRepeatedLetters));
        ArgumentNullException.ThrowIfNull(options.UrlToken, nameof(options.UrlToken));
        ArgumentNullException.ThrowIfNull(options.EmailToken, nameof(options.EmailToken));
        ArgumentNullException.ThrowIfNull(options.MentionToken, nameof(options.MentionToken));
        ArgumentNullException.ThrowIfNull(options.NumberToken, nameof(options.NumberToken));
        ArgumentNullException.ThrowIfNull(options.EmojiToken, nameof(options.EmojiToken));
    }

    /// <summary>Cleans <paramref name="text"/>.</summary>
    public string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
            return text;
        var o = _options;
        string current = text;
        if (o.Html == HtmlHandling.Always || o.Html == HtmlHandling.Auto && HtmlToText.LooksLikeHtml(current))
            current = HtmlToText.Convert(current);
        current = FixSurrogates(current, o.RemoveControlCharacters);
        if (o.RemoveAccents)
            current = StripAccents(current);
        // ASCII text is already in every normalization form: skip the (ICU) check on the common path.
        current = System.Text.Ascii.IsValid(current) ? current : o.Normalization switch
        {
            UnicodeNormalization.Nfc => current.IsNormalized(NormalizationForm.FormC) ? current : current.Normalize(NormalizationForm.FormC),
            UnicodeNormalization.Nfkc => current.IsNormalized(NormalizationForm.FormKC) ? current : current.Normalize(NormalizationForm.FormKC),
            _ => current,
        };
        var sb = new StringBuilder(current.Length);
        MainPass(current, sb);
        return sb.ToString();
    }

    /// <summary>Removes (or, when controls are kept, replaces with U+FFFD) unpaired surrogates, which normalization rejects.</summary>
    private static string FixSurrogates(string text, bool remove)
    {
        int first = text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF');
        if (first < 0)
            return text;
        StringBuilder? sb = null;
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }
            if (char.IsSurrogate(c))
            {
                sb ??= new StringBuilder(text.Length).Append(text, 0, i);
                if (!remove)
                    sb.Append('\uFFFD');
                continue;
            }
            sb?.Append(c);
        }
        return sb?.ToString() ?? text;
    }

    private static string StripAccents(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (char c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
                sb.Append(c);
        }
        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    private void MainPass(string text, StringBuilder sb)
    {
        var o = _options;
        bool collapse = o.CollapseWhitespace;
        bool masks = o.MaskUrls || o.MaskEmails || o.MaskMentions || o.MaskNumbers;
        int newlines = 0;
        bool space = false;
        int n = text.Length;
        bool bulk = !masks && !o.LowerCase && o.MaxRepeatedLetters == 0;
        for (int i = 0; i < n; i++)
        {
            char c = text[i];
            if (bulk && c > ' ' && c < 0x7F && newlines == 0 && !space)
            {
                // a run of printable ASCII needs no per-character work: copy it in one call
                int run = text.AsSpan(i).IndexOfAnyExceptInRange('\u0021', '\u007E');
                int end = run < 0 ? n : i + run;
                sb.Append(text, i, end - i);
                i = end - 1;
                continue;
            }
            if (IsLineBreak(c))
            {
                if (c == '\r' && i + 1 < n && text[i + 1] == '\n')
                    i++;
                if (!collapse)
                {
                    sb.Append(o.KeepLineBreaks ? '\n' : ' ');
                    continue;
                }
                if (o.KeepLineBreaks)
                    newlines++;
                else
                    space = true;
                continue;
            }
            if (c == ' ' || c == '\t' || (c > 0x7F && char.IsWhiteSpace(c)))
            {
                if (collapse)
                    space = true;
                else
                    sb.Append(c);
                continue;
            }
            if (o.RemoveControlCharacters && IsRemovable(text, i))
                continue;
            if (collapse && (newlines > 0 || space))
            {
                if (sb.Length > 0)
                {
                    if (newlines > 0)
                    {
                        TrimTrailingSpaces(sb);
                        sb.Append(newlines >= 2 ? "\n\n" : "\n");
                    }
                    else
                    {
                        sb.Append(' ');
                    }
                }
                newlines = 0;
                space = false;
            }
            if (masks && (i == 0 || !CharInfo.IsLetterOrDigit(text[i - 1])))
            {
                int end = MatchMask(text, i, out var replacement);
                if (end > i)
                {
                    sb.Append(replacement);
                    i = end - 1;
                    continue;
                }
            }
            if (o.Emoji != EmojiHandling.Keep && c >= 0xA0 && CharInfo.IsSymbol(text, i, n))
            {
                int end = CharInfo.SymbolEnd(text, i, n);
                if (o.Emoji == EmojiHandling.Replace)
                    sb.Append(o.EmojiToken);
                i = end - 1;
                continue;
            }
            if (o.LowerCase)
                c = char.ToLowerInvariant(c);
            if (o.MaxRepeatedLetters > 0 && char.IsLetter(c) && EndsWithRun(sb, c, o.MaxRepeatedLetters))
                continue;
            sb.Append(c);
        }
        if (collapse)
            TrimTrailingSpaces(sb);
    }

    private static bool IsLineBreak(char c) => c is '\n' or '\r' or '\u2028' or '\u2029' or '\u0085' or '\u000B' or '\u000C';

    private static void TrimTrailingSpaces(StringBuilder sb)
    {
        int end = sb.Length;
        while (end > 0 && sb[end - 1] == ' ')
            end--;
        sb.Length = end;
    }

    private static bool EndsWithRun(StringBuilder sb, char c, int run)
    {
        if (sb.Length < run)
            return false;
        for (int k = sb.Length - run; k < sb.Length; k++)
        {
            if (sb[k] != c)
                return false;
        }
        return true;
    }

    /// <summary>Control, format and zero-width characters that carry no text (ZWJ/ZWNJ kept inside emoji and between letters).</summary>
    private static bool IsRemovable(string text, int i)
    {
        char c = text[i];
        if (c < 0x20)
            return true; // tab and line breaks were handled before
        if (c < 0x7F)
            return false;
        if (c <= 0x9F)
            return true;
        switch (c)
        {
            case '\u00AD' or '\u200B' or '\u2060' or '\uFEFF' or '\u200E' or '\u200F' or '\u061C' or '\uFFFE' or '\uFFFF':
                return true;
            case >= '\u202A' and <= '\u202E':
            case >= '\u2066' and <= '\u2069':
                return true;
            case '\u200C' or '\u200D':
            {
                bool prevOk = i > 0 && (char.IsLetter(text[i - 1]) || char.IsLowSurrogate(text[i - 1]) || text[i - 1] == '\uFE0F' || char.GetUnicodeCategory(text[i - 1]) == UnicodeCategory.OtherSymbol);
                bool nextOk = i + 1 < text.Length && (char.IsLetter(text[i + 1]) || char.IsHighSurrogate(text[i + 1]) || char.GetUnicodeCategory(text[i + 1]) == UnicodeCategory.OtherSymbol);
                return !(prevOk && nextOk);
            }
        }
        return char.IsSurrogate(c) ? false : char.GetUnicodeCategory(c) == UnicodeCategory.Control;
    }

    private int MatchMask(string text, int i, out string replacement)
    {
        var o = _options;
        replacement = "";
        char c = text[i];
        int end;
        if (o.MaskUrls && (end = UrlEnd(text, i)) > i)
        {
            replacement = o.UrlToken;
            return end;
        }
        if (o.MaskEmails && CharInfo.IsLetterOrDigit(c) && (end = EmailEnd(text, i)) > i)
        {
            replacement = o.EmailToken;
            return end;
        }
        if (o.MaskMentions && c == '@' && i + 1 < text.Length && IsHandleChar(text[i + 1]))
        {
            end = i + 1;
            while (end < text.Length && IsHandleChar(text[end]))
                end++;
            replacement = o.MentionToken;
            return end;
        }
        if (o.MaskNumbers && CharInfo.IsDigit(c))
        {
            end = i + 1;
            while (end < text.Length && (CharInfo.IsDigit(text[end]) || text[end] is '.' or ',' or ':' && end + 1 < text.Length && CharInfo.IsDigit(text[end + 1])))
                end++;
            if (end < text.Length && CharInfo.IsLetter(text[end]))
                return i; // "3rd", "mp3x": not a number
            replacement = o.NumberToken;
            return end;
        }
        return i;
    }

    private static bool IsHandleChar(char c) => c < 0x80 && (char.IsAsciiLetterOrDigit(c) || c == '_');

    private static int UrlEnd(string text, int i)
    {
        var span = text.AsSpan(i);
        if (!(span.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || span.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || span.StartsWith("ftp://", StringComparison.OrdinalIgnoreCase) || span.StartsWith("www.", StringComparison.OrdinalIgnoreCase)))
            return i;
        int end = i;
        while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] is not ('<' or '>' or '"'))
            end++;
        while (end > i + 4 && text[end - 1] is '.' or ',' or ';' or ':' or '!' or '?' or '\'' or ')' or ']')
        {
            if (text[end - 1] == ')' && text.AsSpan(i, end - i).Contains('('))
                break;
            end--;
        }
        return end;
    }

    private static int EmailEnd(string text, int i)
    {
        int j = i;
        while (j < text.Length && (CharInfo.IsLetterOrDigit(text[j]) || text[j] is '.' or '_' or '-' or '+' or '%'))
            j++;
        if (j >= text.Length || text[j] != '@' || j == i)
            return i;
        int domain = j + 1;
        int k = domain;
        int dots = 0;
        while (k < text.Length && (CharInfo.IsLetterOrDigit(text[k]) || text[k] is '-' || text[k] == '.' && k + 1 < text.Length && CharInfo.IsLetterOrDigit(text[k + 1])))
        {
            if (text[k] == '.')
                dots++;
            k++;
        }
        return dots > 0 && k > domain ? k : i;
    }
}
