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
        while (s < e)
        {
            var span = text[s..e];
            if (span.Length <= _rules.MaxSpecialLength && span.Length > 1 && _rules.IsSpecial(span))
            {
                output.Add(s, e);
                s = e;
                break;
            }
            if (_keepUrls)
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
            Infix(text, s, e, output);
            s = e;
        }
        for (int k = suffixes.Count - 2; k >= 0; k -= 2)
            output.Add(suffixes[k], suffixes[k + 1]);
    }

    // ---- prefixes -------------------------------------------------------------------------------------------------

    private int PrefixEnd(ReadOnlySpan<char> text, int s, int e)
    {
        char c = text[s];
        int unit = CharInfo.UnitEnd(text, s, e);
        if (unit >= e)
            return s; // a single character: nothing to split
        switch (c)
        {
            case '(' or '[' or '{' or '<' or '"' or '\u201C' or '\u201E' or '\u00AB' or '\u2039' or '\u201A' or '\u00BF' or '\u00A1'
                or '$' or '\u00A3' or '\u20AC' or '\u00A5' or '\u20B9' or '*' or '~' or '\u2026' or '/' or '\\' or '|' or '=' or '^':
                return unit;
            case ',' or ';' or '!' or '?' or ')' or ']' or '}' or '>' or '\u201D' or '\u00BB':
                return RunEnd(text, s, e, c is '!' or '?');
            case ':':
                return unit;
            case '-' or '\u2013' or '\u2014':
            {
                int run = RunOf(text, s, e, c);
                if (run - s >= 2 || c != '-')
                    return run;
                return CharInfo.IsDigit(text[unit]) || text[unit] == '.' ? s : unit;
            }
            case '.':
            {
                int run = RunOf(text, s, e, '.');
                if (run - s >= 2)
                    return run;
                return CharInfo.IsLetterOrDigit(text[unit]) ? s : unit;
            }
            case '&':
                return text[unit] == '#' || CharInfo.IsLetter(text[unit]) && text[s..e].IndexOf(';') > 0 ? s : unit;
        }
        if (CharInfo.IsApostrophe(c))
        {
            if (c == '`' && text[unit] == '`')
                return unit + 1 == e ? s : unit + 1;
            if (c == '\'' && text[unit] == '\'')
                return unit + 1 == e ? s : unit + 1;
            var rest = text[unit..e];
            if (IsCliticSuffix(rest) || CharInfo.IsDigit(text[unit]) && !HasDigitAfterRun(rest))
                return s; // 's, 're ... stand-alone clitics; '90s
            return unit;
        }
        if (CharInfo.IsSymbol(text, s, e))
            return CharInfo.SymbolEnd(text, s, e);
        return s;
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
        switch (c)
        {
            case ')' or ']' or '}' or '>' or '"' or '\u201D' or '\u00BB' or '\u203A' or ',' or ';' or '%' or '*' or '~'
                or '\u2026' or ':' or '\\' or '|' or '=' or '\u00B0':
                return last;
            case '!' or '?':
                return RunStart(text, s, last, static ch => ch is '!' or '?');
            case '-' or '\u2013' or '\u2014':
                return RunStart(text, s, last, ch => ch == c);
            case '.':
            {
                int run = RunStart(text, s, last, static ch => ch == '.');
                if (last - run >= 1)
                    return run; // "..", "..."
                return IsAbbreviation(text, s, e, textEnd) ? e : last;
            }
        }
        if (CharInfo.IsApostrophe(c) && c != '`')
        {
            // "parents'" → parents + '; but keep "n'" style contractions out of scope (rare in UD English).
            return last;
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
                if (!(CharInfo.IsLetterOrDigit(c) || c is '.' or '_' or '-' or '+'))
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

    private void Infix(ReadOnlySpan<char> text, int s, int e, TokenList output)
    {
        int piece = s;
        int i = s;
        while (i < e)
        {
            char c = text[i];
            if (c < 0x80 && CharInfo.IsLetterOrDigit(c))
            {
                i++;
                continue;
            }
            int split = -1;    // start of a separator token at i
            int splitEnd = -1; // its end
            switch (c)
            {
                case '"' or '\u201C' or '\u201D' or '(' or ')' or '[' or ']' or '{' or '}' or ';' or '\u2026' or '\u00AB' or '\u00BB' or '\u2013' or '\u2014':
                    split = i;
                    splitEnd = CharInfo.UnitEnd(text, i, e);
                    break;
                case '!' or '?':
                    split = i;
                    splitEnd = RunEnd(text, i, e, true);
                    break;
                case ',' or ':':
                    if (!(i > s && i + 1 < e && CharInfo.IsDigit(text[i - 1]) && CharInfo.IsDigit(text[i + 1])))
                    {
                        split = i;
                        splitEnd = i + 1;
                    }
                    break;
                case '.':
                    if (i + 1 < e && text[i + 1] == '.')
                    {
                        split = i;
                        splitEnd = RunOf(text, i, e, '.');
                    }
                    break;
                case '-':
                    if (i + 1 < e && text[i + 1] == '-')
                    {
                        split = i;
                        splitEnd = RunOf(text, i, e, '-');
                    }
                    else if (_splitHyphens && i > piece && i + 1 < e && CharInfo.IsLetter(text[i + 1])
                        && (CharInfo.IsLetter(text[i - 1]) && !_rules.IsHyphenPrefix(text[piece..i]) || CharInfo.IsDigit(text[i - 1]) && !IsAlphanumericCode(text, piece, e)))
                    {
                        split = i;
                        splitEnd = i + 1;
                    }
                    break;
                case '/':
                    if (!(i > s && i + 1 < e && CharInfo.IsDigit(text[i - 1]) && CharInfo.IsDigit(text[i + 1])) && !(i > piece && i + 1 < e && i - piece <= 1 && _rules.IsSpecial(text[piece..(i + 2)])))
                    {
                        split = i;
                        splitEnd = i + 1;
                    }
                    break;
                default:
                    if (c >= 0x80 && CharInfo.IsSymbol(text, i, e))
                    {
                        split = i;
                        splitEnd = CharInfo.SymbolEnd(text, i, e);
                    }
                    break;
            }
            if (split < 0)
            {
                i = c >= 0x80 ? CharInfo.UnitEnd(text, i, e) : i + 1;
                continue;
            }
            if (piece < split)
                Word(text, piece, split, output);
            output.Add(split, splitEnd);
            i = splitEnd;
            piece = i;
        }
        if (piece < e)
            Word(text, piece, e, output);
    }

    /// <summary>True for codes such as "nmemdrft8-7-01" or "3-4" where the hyphen joins digits and letters (kept whole).</summary>
    private static bool IsAlphanumericCode(ReadOnlySpan<char> text, int s, int e)
    {
        // "3-year" splits (number + word); "8-7-01b" style codes (a digit after the first hyphen too) stay whole.
        int dash = text[s..e].IndexOf('-');
        return dash >= 0 && s + dash + 1 < e && text[(s + dash + 1)..e].IndexOfAnyInRange('0', '9') >= 0;
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
