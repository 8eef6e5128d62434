using System.Buffers;

namespace TextKit.Tokenization;

/// <summary>
/// Rule-based English word tokenizer following the UD English / Penn Treebank conventions of UD EWT: punctuation
/// split off, clitics (<c>n't 's 're 'll 'd 'm 've</c>) split into syntactic words, hyphenated compounds split except
/// after prefixes, abbreviations (<c>Dr.</c>, <c>U.S.</c>, <c>e.g.</c>), numbers (<c>1,000</c>, <c>3.5</c>, <c>5:30</c>,
/// <c>11/28/2000</c>), URLs, e-mails, @mentions, #hashtags, emoticons and emoji kept whole. Every token and word is a
/// span of the input (exclusive end); tokens never overlap and never contain whitespace.
/// </summary>
/// <remarks>
/// The algorithm is the prefix/suffix/infix scheme of spaCy's tokenizer (Honnibal &amp; Montani), written for
/// .NET spans: each whitespace-separated chunk is checked against the special cases, then opening punctuation is
/// split from its start and closing punctuation from its end, and what remains is split at infixes. Thread-safe; the
/// hot path allocates nothing (the caller owns the <see cref="TokenList"/>).
/// </remarks>
public sealed class WordTokenizer
{
    private static readonly Lazy<WordTokenizer> s_english = new(() => new WordTokenizer());

    private readonly TokenizerRules _rules;
    private readonly bool _splitContractions;
    private readonly bool _splitHyphens;
    private readonly bool _keepUrls;

    /// <summary>Creates a tokenizer; null options mean the defaults.</summary>
    public WordTokenizer(WordTokenizerOptions? options = null)
    {
        options ??= new WordTokenizerOptions();
        _rules = options.Rules ?? TokenizerRules.English;
        _splitContractions = options.SplitContractions;
        _splitHyphens = options.SplitHyphens;
        _keepUrls = options.KeepUrlsAndEmails;
    }

    /// <summary>The default English tokenizer.</summary>
    public static WordTokenizer English => s_english.Value;

    /// <summary>Tokenizes <paramref name="text"/> into <paramref name="output"/> (which is cleared first).</summary>
    public void Tokenize(ReadOnlySpan<char> text, TokenList output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Clear();
        TokenizeAppend(text, 0, text.Length, output);
    }

    /// <summary>Tokenizes <paramref name="text"/> into a new <see cref="TokenList"/>.</summary>
    public TokenList Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var list = new TokenList(Math.Max(4, text.Length / 4));
        Tokenize(text, list);
        return list;
    }

    /// <summary>Convenience: the token strings (or, with <paramref name="words"/>, the syntactic words) of <paramref name="text"/>.</summary>
    public string[] TokenizeToStrings(string text, bool words = false)
    {
        var list = Tokenize(text);
        return words ? list.WordStrings(text) : list.TokenStrings(text);
    }

    /// <summary>Tokenizes <c>text[start..end]</c> and appends to <paramref name="output"/>; offsets refer to <paramref name="text"/>.</summary>
    public void TokenizeAppend(ReadOnlySpan<char> text, int start, int end, TokenList output)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(end, text.Length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start, end);
        var stack = new IntStack(stackalloc int[32]);
        try
        {
            int i = start;
            while (i < end)
            {
                while (i < end && CharInfo.IsSeparator(text[i]))
                    i++;
                if (i >= end)
                    break;
                int chunkStart = i;
                while (i < end && !CharInfo.IsSeparator(text[i]))
                    i++;
                Chunk(text, chunkStart, i, end, output, ref stack);
            }
        }
        finally
        {
            stack.Dispose();
        }
    }

    private void Chunk(ReadOnlySpan<char> text, int s, int e, int textEnd, TokenList output, ref IntStack suffixes)
    {
        suffixes.Clear();
        if (IsPlainWord(text, s, e))
        {
            Word(text, s, e, output); // fast path: ASCII letters only (most chunks)
            return;
        }
        while (s < e)
        {
            var span = text[s..e];
            if (span.Length <= _rules.MaxSpecialLength && span.Length > 1 && _rules.IsSpecial(span))
            {
                output.Add(s, e);
                s = e;
                break;
            }
            if (_keepUrls && (span.Length > 4 && (text[s] | 0x20) is 'h' or 'w' or 'f' or 'm' || span.Contains('@')))
            {
                int url = UrlOrEmailEnd(text, s, e);
                if (url > s)
                {
                    output.Add(s, url);
                    s = url;
                    continue;
                }
            }
            int p = PrefixEnd(text, s, e);
            if (p > s)
            {
                output.Add(s, p);
                s = p;
                continue;
            }
            int q = SuffixStart(text, s, e, textEnd);
            if (q < e)
            {
                suffixes.Push(q);
                suffixes.Push(e);
                e = q;
                continue;
            }
            s = Infix(text, s, e, output);
        }
        for (int k = suffixes.Count - 2; k >= 0; k -= 2)
            output.Add(suffixes[k], suffixes[k + 1]);
    }

    private static bool IsPlainWord(ReadOnlySpan<char> text, int s, int e)
    {
        for (int i = s; i < e; i++)
        {
            if ((uint)((text[i] | 0x20) - 'a') > 'z' - 'a')
                return false;
        }
        return true;
    }

    // ---- prefixes -------------------------------------------------------------------------------------------------

    /// <summary>Runs of these characters form one token ("====", "***", "--&gt;", "$$$", "&lt;&lt;").</summary>
    private static bool IsRunSymbol(char c) => c is '-' or '=' or '*' or '~' or '_' or '#' or '+' or '<' or '>' or '/' or '\\' or '$' or '^' or '|';

    private static bool IsFinalMark(char c) => c is '.' or '!' or '?';

    /// <summary>Characters of ASCII line drawings ("----==", "--&gt;"): mixed runs of these stay together.</summary>
    private static bool IsLineSymbol(char c) => c is '-' or '=' or '<' or '>' or '*' or '~' or '_';

    /// <summary>End of the symbol run starting at <paramref name="i"/>: identical characters, or line-drawing characters.</summary>
    private static int SymbolRunEnd(ReadOnlySpan<char> text, int i, int e)
    {
        char c = text[i];
        int j = i + 1;
        if (IsLineSymbol(c) && j < e && IsLineSymbol(text[j]))
        {
            while (j < e && IsLineSymbol(text[j]))
                j++;
            return j;
        }
        while (j < e && text[j] == c)
            j++;
        return j;
    }

    /// <summary>Start of the symbol run ending at <paramref name="last"/> (inclusive), mirroring <see cref="SymbolRunEnd"/>.</summary>
    private static int SymbolRunStart(ReadOnlySpan<char> text, int s, int last)
    {
        char c = text[last];
        int j = last;
        if (IsLineSymbol(c) && j > s && IsLineSymbol(text[j - 1]))
        {
            while (j > s && IsLineSymbol(text[j - 1]))
                j--;
            return j;
        }
        while (j > s && text[j - 1] == c)
            j--;
        return j;
    }

    private static bool StartsSymbolRun(ReadOnlySpan<char> text, int i, int e)
        => i + 1 < e && IsRunSymbol(text[i]) && (text[i + 1] == text[i] || IsLineSymbol(text[i]) && IsLineSymbol(text[i + 1]));

    private int PrefixEnd(ReadOnlySpan<char> text, int s, int e)
    {
        char c = text[s];
        int unit = CharInfo.UnitEnd(text, s, e);
        if (unit >= e)
            return s; // a single character: nothing to split
        int emoticon = LeadingSpecialEnd(text, s, e);
        if (emoticon > s)
            return emoticon;
        char next = text[unit];
        if (StartsSymbolRun(text, s, e))
            return SymbolRunEnd(text, s, e);
        if (CharInfo.IsApostrophe(c) && CharInfo.IsApostrophe(next) && c != '`' && next != '`')
            return unit + 1 == e ? s : unit + 1; // '' ’’ ‘’ written as a double quote
        if (IsFinalMark(c) && IsFinalMark(next))
        {
            int run = unit;
            while (run < e && IsFinalMark(text[run]))
                run++;
            return run;
        }
        switch (c)
        {
            case '(' or '[' or '{' or '<' or '"' or '\u201C' or '\u201E' or '\u00AB' or '\u2039' or '\u201A' or '\u00BF' or '\u00A1'
                or '$' or '\u00A3' or '\u20AC' or '\u00A5' or '\u20B9' or '*' or '~' or '\u2026' or '/' or '\\' or '|' or '=' or '^' or '%'
                or ',' or ';' or '!' or '?' or ')' or ']' or '}' or '>' or '\u201D' or '\u00BB' or ':' or '-' or '\u2013' or '\u2014':
                return unit;
            case '#':
                return CharInfo.IsLetter(next) || next == '_' ? s : unit; // #hashtag stays whole, "#1" splits
            case '.':
                return CharInfo.IsLetterOrDigit(next) ? s : unit; // ".doc", ".5"
            case '&':
                return next == '#' || CharInfo.IsLetter(next) && text[s..e].IndexOf(';') > 0 ? s : unit;
            case '+':
                return CharInfo.IsDigit(next) ? s : unit; // "+44"
            case '@':
                return CharInfo.IsDigit(next) ? unit : s; // "@2.975" (at a price); @mentions stay whole
        }
        if (CharInfo.IsApostrophe(c))
        {
            if ((c == '`' && next == '`') || (c == '\'' && next == '\''))
                return unit + 1 == e ? s : unit + 1;
            var rest = text[unit..e];
            if (IsCliticSuffix(rest) || CharInfo.IsDigit(next) && !HasDigitAfterRun(rest))
                return s; // 's, 're ... stand-alone clitics; '90s
            return unit;
        }
        if (CharInfo.IsSymbol(text, s, e))
            return CharInfo.SymbolEnd(text, s, e);
        return s;
    }

    /// <summary>End of a special token (emoticon) at the start of the span followed by more characters, or <paramref name="s"/>.</summary>
    private int LeadingSpecialEnd(ReadOnlySpan<char> text, int s, int e)
    {
        char c = text[s];
        if (!_rules.MayStartSpecial(c) || CharInfo.IsLetterOrDigit(c) && CharInfo.IsLetterOrDigit(text[s + 1]))
            return s; // emoticons starting with a letter ("xD", "B)") are matched as whole chunks
        int max = Math.Min(_rules.MaxSpecialLength, e - s - 1);
        for (int len = max; len >= 2; len--)
        {
            // an emoticon must not end inside a word ("xD" is one, "xDx" is not)
            if (_rules.IsSpecial(text.Slice(s, len)) && !(CharInfo.IsLetterOrDigit(text[s + len - 1]) && CharInfo.IsLetterOrDigit(text[s + len])))
                return s + len;
        }
        return s;
    }

    /// <summary>Start of a special token (emoticon) at the end of the span preceded by more characters, or <paramref name="e"/>.</summary>
    private int TrailingSpecialStart(ReadOnlySpan<char> text, int s, int e)
    {
        int max = Math.Min(_rules.MaxSpecialLength, e - s - 1);
        for (int len = max; len >= 2; len--)
        {
            int start = e - len;
            var candidate = text[start..e];
            if (candidate[0] is not (':' or ';' or '=' or '<' or '^' or '>'))
                continue;
            if (_rules.IsSpecial(candidate))
                return start;
        }
        return e;
    }

    private static bool HasDigitAfterRun(ReadOnlySpan<char> rest)
    {
        int i = 0;
        while (i < rest.Length && CharInfo.IsDigit(rest[i]))
            i++;
        return i < rest.Length && !CharInfo.IsLetter(rest[i]);
    }

    private static bool IsCliticSuffix(ReadOnlySpan<char> rest)
        => rest.Equals("s", StringComparison.OrdinalIgnoreCase) || rest.Equals("m", StringComparison.OrdinalIgnoreCase)
        || rest.Equals("d", StringComparison.OrdinalIgnoreCase) || rest.Equals("re", StringComparison.OrdinalIgnoreCase)
        || rest.Equals("ve", StringComparison.OrdinalIgnoreCase) || rest.Equals("ll", StringComparison.OrdinalIgnoreCase)
        || rest.Equals("em", StringComparison.OrdinalIgnoreCase) || rest.Equals("t", StringComparison.OrdinalIgnoreCase);

    // ---- suffixes -------------------------------------------------------------------------------------------------

    private int SuffixStart(ReadOnlySpan<char> text, int s, int e, int textEnd)
    {
        // The last character unit: a base character plus its marks (walk back over marks and a low surrogate).
        int last = e - 1;
        while (last > s && CharInfo.IsMark(text[last]))
            last--;
        if (last > s && char.IsLowSurrogate(text[last]) && char.IsHighSurrogate(text[last - 1]))
            last--;
        if (last <= s)
            return e; // a single character
        char c = text[last];
        if (c is ')' or ']' or 'D' or 'P' or 'p' or '(' or '/' or '|' or '*' or '3' or 'O' or 'o')
        {
            int emoticon = TrailingSpecialStart(text, s, e);
            if (emoticon < e)
                return emoticon;
        }
        char before = text[last - 1];
        if (IsRunSymbol(c) && (before == c || IsLineSymbol(c) && IsLineSymbol(before)))
        {
            int run = SymbolRunStart(text, s, last);
            if (run == s)
                return e; // the whole span is one symbol run
            return run;
        }
        if (CharInfo.IsApostrophe(c) && CharInfo.IsApostrophe(before) && c != '`' && before != '`')
            return last - 1 == s ? e : last - 1; // '' ’’ ‘’ written as a closing double quote
        if (IsFinalMark(c) && IsFinalMark(before))
        {
            int run = last - 1;
            while (run > s && IsFinalMark(text[run - 1]))
                run--;
            if (run == s)
                return e;
            // "Inc.." = "Inc." + "." and "T.V.?" = "T.V." + "?" when the part up to the first period is an abbreviation
            if (text[run] == '.' && IsAbbreviation(text, s, run + 1, textEnd))
                return run + 1;
            return run;
        }
        switch (c)
        {
            case ')' or ']' or '}' or '>' or '"' or '\u201D' or '\u201C' or '\u00BB' or '\u203A' or ',' or ';' or '%' or '*' or '~'
                or '\u2026' or ':' or '\\' or '|' or '=' or '\u00B0' or '!' or '?' or '#' or '+' or '-' or '\u2013' or '\u2014' or '(' or '[' or '$':
                return last;
            case '.':
                return IsAbbreviation(text, s, e, textEnd) ? e : last;
        }
        if (CharInfo.IsApostrophe(c) && c != '`')
        {
            // "parents'" keeps its possessive apostrophe (UD English); other trailing apostrophes are closing quotes
            return before is 's' or 'S' && c != '\u2018' ? e : last;
        }
        if (CharInfo.IsSymbol(text, last, e))
        {
            // an emoji at the end: find the start of its sequence by scanning forward from the last non-symbol
            int k = s;
            int symbolStart = e;
            while (k < e)
            {
                if (CharInfo.IsSymbol(text, k, e))
                {
                    int end = CharInfo.SymbolEnd(text, k, e);
                    if (end >= e)
                    {
                        symbolStart = k;
                        break;
                    }
                    k = end;
                }
                else
                {
                    k = CharInfo.UnitEnd(text, k, e);
                }
            }
            return symbolStart > s ? symbolStart : e;
        }
        return e;
    }

    private bool IsAbbreviation(ReadOnlySpan<char> text, int s, int e, int textEnd)
    {
        var span = text[s..e];
        if (_rules.IsAbbreviation(span))
            return true;
        if (_rules.IsNumberAbbreviation(span))
        {
            int k = e;
            while (k < textEnd && CharInfo.IsSeparator(text[k]))
                k++;
            return k < textEnd && CharInfo.IsDigit(text[k]);
        }
        // Letter-period patterns: initials "J.", "U.S.", "e.g.", "p.m.", "Ph.D.".
        int i = 0;
        int groups = 0;
        while (i < span.Length)
        {
            int letters = 0;
            while (i < span.Length && CharInfo.IsLetter(span[i]))
            {
                i++;
                letters++;
            }
            if (letters == 0 || letters > 2 || i >= span.Length || span[i] != '.')
                return false;
            if (letters == 2 && groups == 0 && span.Length == 3)
                return false; // "is." "an." are words, not abbreviations: two-letter forms only from the list
            i++;
            groups++;
        }
        if (groups == 1 && span.Length == 2 && span[0] == 'I')
            return false; // the pronoun at the end of a sentence
        return groups >= 1;
    }

    // ---- URLs and e-mails -----------------------------------------------------------------------------------------

    private static int UrlOrEmailEnd(ReadOnlySpan<char> text, int s, int e)
    {
        var span = text[s..e];
        bool url = span.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || span.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || span.StartsWith("ftp://", StringComparison.OrdinalIgnoreCase) || span.StartsWith("www.", StringComparison.OrdinalIgnoreCase)
            || span.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase);
        if (!url)
        {
            int at = span.IndexOf('@');
            if (at <= 0 || at == span.Length - 1)
                return s;
            for (int k = 0; k < at; k++)
            {
                char c = span[k];
                if (!(CharInfo.IsLetterOrDigit(c) || c is '.' or '_' or '-' or '+' or '%'))
                    return s;
            }
            int dot = span[(at + 1)..].IndexOf('.');
            if (dot <= 0)
                return s;
            for (int k = at + 1; k < span.Length; k++)
            {
                char c = span[k];
                if (!(CharInfo.IsLetterOrDigit(c) || c is '.' or '-' or '_'))
                {
                    span = span[..k];
                    break;
                }
            }
        }
        int end = s + span.Length;
        int min = s + (url ? 4 : 3);
        while (end > min && text[end - 1] is '.' or ',' or ';' or ':' or '!' or '?' or '\'' or '"' or '\u201D' or '\u2019' or ')' or ']' or '>')
        {
            if (text[end - 1] == ')' && text[s..end].Contains('('))
                break;
            end--;
        }
        return end > min ? end : s;
    }

    // ---- infixes --------------------------------------------------------------------------------------------------

    /// <summary>
    /// Splits at the first infix: emits the piece before it and the separator token, and returns where the chunk
    /// loop resumes (so the rest gets the special, URL, prefix and suffix checks again); returns <paramref name="e"/>
    /// when there is no infix.
    /// </summary>
    private int Infix(ReadOnlySpan<char> text, int s, int e, TokenList output)
    {
        int i = s;
        while (i < e)
        {
            char c = text[i];
            if (c < 0x80 && CharInfo.IsLetterOrDigit(c))
            {
                i++;
                continue;
            }
            int splitEnd = -1; // end of a separator token starting at i
            switch (c)
            {
                case '"' or '\u201C' or '\u201D' or '(' or ')' or '[' or ']' or '{' or '}' or ';' or '\u2026' or '\u00AB' or '\u00BB' or '\u2013' or '\u2014' or '%' or '<' or '>' or '=' or '|':
                    splitEnd = StartsSymbolRun(text, i, e) ? SymbolRunEnd(text, i, e) : CharInfo.UnitEnd(text, i, e);
                    break;
                case '!' or '?':
                    splitEnd = RunWhile(text, i, e, IsFinalMark);
                    break;
                case ',' or ':':
                    if (!(i > s && i + 1 < e && CharInfo.IsDigit(text[i - 1]) && CharInfo.IsDigit(text[i + 1])))
                        splitEnd = i + 1;
                    break;
                case '.':
                    if (i + 1 < e && IsFinalMark(text[i + 1]))
                        splitEnd = RunWhile(text, i, e, IsFinalMark);
                    break;
                case '*' or '~' or '^' or '+' or '$' or '#' or '\\':
                    if (StartsSymbolRun(text, i, e))
                        splitEnd = SymbolRunEnd(text, i, e);
                    else if (c == '+' && i > s && CharInfo.IsLetter(text[i - 1]))
                        splitEnd = i + 1;
                    break;
                case '-':
                    if (StartsSymbolRun(text, i, e))
                        splitEnd = SymbolRunEnd(text, i, e);
                    else if (i > s && i + 1 < e && SplitHyphen(text, s, i, e))
                        splitEnd = i + 1;
                    break;
                case '/':
                    if (StartsSymbolRun(text, i, e))
                        splitEnd = SymbolRunEnd(text, i, e);
                    else if (!KeepSlash(text, s, i, e))
                        splitEnd = i + 1;
                    break;
                default:
                    if (c >= 0x80 && CharInfo.IsSymbol(text, i, e))
                        splitEnd = CharInfo.SymbolEnd(text, i, e);
                    break;
            }
            if (splitEnd < 0)
            {
                i = c >= 0x80 ? CharInfo.UnitEnd(text, i, e) : i + 1;
                continue;
            }
            if (s < i)
                Word(text, s, i, output);
            output.Add(i, splitEnd);
            return splitEnd;
        }
        Word(text, s, e, output);
        return e;
    }

    private static int RunWhile(ReadOnlySpan<char> text, int i, int e, Func<char, bool> member)
    {
        int j = i + 1;
        while (j < e && member(text[j]))
            j++;
        return j;
    }

    /// <summary>UD English: "well-known" → well - known; "e-mail", "non-profit", phone numbers and codes stay whole.</summary>
    private bool SplitHyphen(ReadOnlySpan<char> text, int s, int i, int e)
    {
        char before = text[i - 1];
        char after = text[i + 1];
        if (!CharInfo.IsLetterOrDigit(before) || !CharInfo.IsLetterOrDigit(after))
            return false;
        if (text[s..i].Contains('.') && CharInfo.IsLetter(before))
            return false; // dotted names: alt.animals.open-forum
        if (CharInfo.IsLetter(before) && CharInfo.IsLetter(after))
            return _splitHyphens && !_rules.IsHyphenPrefix(text[s..i]);
        // Digits involved: codes and phone numbers (two or more hyphens, or 3+4 digits) stay whole, "13-17" splits.
        int groupEnd = i + 1;
        int hyphens = 1;
        while (groupEnd < e && (CharInfo.IsLetterOrDigit(text[groupEnd]) || text[groupEnd] == '-'))
        {
            if (text[groupEnd] == '-')
                hyphens++;
            groupEnd++;
        }
        if (hyphens >= 2 && text[s..i].IndexOf('-') < 0 || text[s..i].IndexOf('-') >= 0)
            return false;
        int left = i - s;
        int right = groupEnd - i - 1;
        bool digitsOnly = !text[s..groupEnd].ContainsAnyExcept("0123456789-");
        if (digitsOnly && right >= 4)
            return false;
        return _splitHyphens || !(CharInfo.IsLetter(before) || CharInfo.IsLetter(after));
    }

    /// <summary>"b/c", "w/o", "l/c", "9/11", "11/28/2000" stay whole; "and/or", "he/she" split.</summary>
    private bool KeepSlash(ReadOnlySpan<char> text, int s, int i, int e)
    {
        if (i == s || i + 1 >= e)
            return false;
        if (CharInfo.IsDigit(text[i - 1]) && CharInfo.IsDigit(text[i + 1]))
            return true;
        int right = i + 1;
        while (right < e && CharInfo.IsLetterOrDigit(text[right]))
            right++;
        if (i - s == 1 && right - i - 1 is >= 1 and <= 3 && (right - i - 1 == 1 || _rules.IsSpecial(text[s..right])))
            return true;
        return _rules.IsSpecial(text[s..right]);
    }

    // ---- words (clitics) ------------------------------------------------------------------------------------------

    private void Word(ReadOnlySpan<char> text, int s, int e, TokenList output)
    {
        if (!_splitContractions || e - s < 2)
        {
            output.Add(s, e);
            return;
        }
        var span = text[s..e];
        int unit = NumberUnitSplit(span);
        if (unit > 0)
        {
            output.Add(s, s + unit); // "39K" → 39 K, "10am" → 10 am (UD English); ordinals and decades stay whole
            output.Add(s + unit, e);
            return;
        }
        int first = output.WordCount;
        if (_rules.TryGetContraction(span, out var lengths))
        {
            int k = s;
            foreach (var length in lengths)
            {
                output.AddWord(k, k + length);
                k += length;
            }
            output.AddToken(s, e, first, lengths.Length);
            return;
        }
        int len = span.Length;
        int cut = -1;
        if (len >= 4 && (span[^1] | 0x20) == 't' && CharInfo.IsApostrophe(span[^2]) && (span[^3] | 0x20) == 'n' && CharInfo.IsLetter(span[^4]))
            cut = e - 3; // do|n't, ca|n't, wo|n't
        else if (len >= 3 && CharInfo.IsApostrophe(span[^2]) && ((span[^1] | 0x20) is 's' or 'm' or 'd') && CharInfo.IsLetter(span[^3]))
            cut = e - 2; // it|'s, I|'m, I|'d
        else if (len >= 4 && CharInfo.IsApostrophe(span[^3]) && CharInfo.IsLetter(span[^4])
            && (span[^2..].Equals("re", StringComparison.OrdinalIgnoreCase) || span[^2..].Equals("ve", StringComparison.OrdinalIgnoreCase) || span[^2..].Equals("ll", StringComparison.OrdinalIgnoreCase)))
            cut = e - 3; // you|'re, I|'ve, we|'ll
        if (cut < 0)
        {
            output.Add(s, e);
            return;
        }
        output.AddWord(s, cut);
        output.AddWord(cut, e);
        output.AddToken(s, e, first, 2);
    }

    /// <summary>Length of the number in "number + unit letters" (e.g. "39K", "8gb", "10am"), or 0.</summary>
    private static int NumberUnitSplit(ReadOnlySpan<char> span)
    {
        if (span.Length < 2 || !CharInfo.IsDigit(span[0]))
            return 0;
        int i = 0;
        while (i < span.Length && (CharInfo.IsDigit(span[i]) || (span[i] is '.' or ',' or ':' && i + 1 < span.Length && CharInfo.IsDigit(span[i + 1]))))
            i++;
        if (i == span.Length)
            return 0;
        for (int k = i; k < span.Length; k++)
        {
            if (span[k] >= 0x80 || !CharInfo.IsLetter(span[k]))
                return 0;
        }
        var unit = span[i..];
        if (unit.Equals("st", StringComparison.OrdinalIgnoreCase) || unit.Equals("nd", StringComparison.OrdinalIgnoreCase)
            || unit.Equals("rd", StringComparison.OrdinalIgnoreCase) || unit.Equals("th", StringComparison.OrdinalIgnoreCase)
            || unit.Equals("s", StringComparison.OrdinalIgnoreCase) || unit.Equals("d", StringComparison.OrdinalIgnoreCase)
            || unit.Equals("h", StringComparison.OrdinalIgnoreCase) || unit.Equals("n", StringComparison.OrdinalIgnoreCase))
            return 0;
        return i;
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private static int RunOf(ReadOnlySpan<char> text, int i, int e, char c)
    {
        int j = i;
        while (j < e && text[j] == c)
            j++;
        return j;
    }

    private static int RunEnd(ReadOnlySpan<char> text, int i, int e, bool exclamations)
    {
        if (!exclamations)
            return CharInfo.UnitEnd(text, i, e);
        int j = i;
        while (j < e && text[j] is '!' or '?')
            j++;
        return j;
    }

    private static int RunStart(ReadOnlySpan<char> text, int s, int last, Func<char, bool> member)
    {
        int j = last;
        while (j > s && member(text[j - 1]))
            j--;
        return j;
    }

    /// <summary>A stack of ints on a stack buffer that spills to the array pool.</summary>
    private ref struct IntStack
    {
        private Span<int> _items;
        private int[]? _rented;

        public IntStack(Span<int> initial)
        {
            _items = initial;
            _rented = null;
            Count = 0;
        }

        public int Count { get; private set; }

        public readonly int this[int index] => _items[index];

        public void Clear() => Count = 0;

        public void Push(int value)
        {
            if (Count == _items.Length)
            {
                var bigger = ArrayPool<int>.Shared.Rent(_items.Length * 2);
                _items.CopyTo(bigger);
                if (_rented is not null)
                    ArrayPool<int>.Shared.Return(_rented);
                _rented = bigger;
                _items = bigger;
            }
            _items[Count++] = value;
        }

        public void Dispose()
        {
            if (_rented is not null)
                ArrayPool<int>.Shared.Return(_rented);
            _rented = null;
        }
    }
}
