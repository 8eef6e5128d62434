using System.Runtime.CompilerServices;
using TextKit.Tokenization;

namespace TextKit.Segmentation;

/// <summary>Whitespace between two tokens.</summary>
internal enum GapKind
{
    None,
    Space,
    LineBreak,
    Paragraph,
}

/// <summary>
/// Features of a token gap for the boundary classifier. Each feature is a string "template=value" conceptually; it is
/// hashed (64-bit FNV-1a, stable across processes) without allocating, so the model file keeps readable strings while
/// the hot path only hashes spans.
/// </summary>
internal static class BoundaryFeatures
{
    public const int MaxTokenLength = 24;

    public static GapKind Gap(ReadOnlySpan<char> text, int from, int to)
    {
        if (from == to)
            return GapKind.None;
        int newlines = 0;
        for (int i = from; i < to; i++)
        {
            char c = text[i];
            if (c == '\n' || c == '\u2028' || c == '\u2029' || c == '\u0085' || (c == '\r' && (i + 1 >= to || text[i + 1] != '\n')))
                newlines++;
            if (c == '\u2029')
                newlines++;
        }
        return newlines >= 2 ? GapKind.Paragraph : newlines == 1 ? GapKind.LineBreak : GapKind.Space;
    }

    /// <summary>
    /// Gaps the classifier looks at: not a word followed by a lower-case word on the same line (those are almost never
    /// sentence boundaries; skipping them keeps segmentation fast and is applied identically in training).
    /// </summary>
    public static bool IsCandidate(ReadOnlySpan<char> a, ReadOnlySpan<char> b, GapKind gap)
    {
        if (gap == GapKind.LineBreak || b.IsEmpty || !char.IsLower(b[0]))
            return true;
        foreach (char c in a)
        {
            if (!char.IsLetterOrDigit(c))
                return true;
        }
        return false;
    }

    /// <summary>Token shape: X upper, x lower, d digit, other characters themselves; runs longer than 2 collapsed; at most 8.</summary>
    public static int Shape(ReadOnlySpan<char> token, Span<char> destination)
    {
        int n = 0;
        char prev = '\0';
        int run = 0;
        foreach (char c in token)
        {
            char s = char.IsUpper(c) ? 'X' : char.IsLower(c) ? 'x' : char.IsDigit(c) ? 'd' : char.IsLetter(c) ? 'x' : c;
            run = s == prev ? run + 1 : 1;
            prev = s;
            if (run > 2)
                continue;
            if (n == destination.Length)
                break;
            destination[n++] = s;
        }
        return n;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Start(string template)
    {
        ulong h = 14695981039346656037UL;
        foreach (char c in template)
            h = Mix(h, c);
        return Mix(h, '=');
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong h, char c) => (h ^ c) * 1099511628211UL;

    public static ulong Add(ulong h, ReadOnlySpan<char> value, bool lower)
    {
        foreach (char c in value)
            h = Mix(h, lower ? char.ToLowerInvariant(c) : c);
        return h;
    }

    /// <summary>The hash of "template=value" or "template=value|value2" without building the string.</summary>
    public static ulong Hash(string template, ReadOnlySpan<char> value, ReadOnlySpan<char> value2)
    {
        ulong h = Start(template);
        foreach (char c in value)
            h = Mix(h, c);
        if (!value2.IsEmpty)
        {
            h = Mix(h, '|');
            foreach (char c in value2)
                h = Mix(h, c);
        }
        return h;
    }

    /// <summary>The feature string of <see cref="Hash"/> (training and model files).</summary>
    public static string Name(string template, ReadOnlySpan<char> value, ReadOnlySpan<char> value2)
        => value2.IsEmpty ? $"{template}={value}" : $"{template}={value}|{value2}";

    /// <summary>The hash of a feature string as stored in a model file ("template=value").</summary>
    public static ulong HashOf(string feature)
    {
        ulong h = 14695981039346656037UL;
        foreach (char c in feature)
            h = Mix(h, c);
        return h;
    }
}

/// <summary>Receives the features of one gap: "template=value" or "template=value|value2".</summary>
internal interface IFeatureSink
{
    void Add(string template, ReadOnlySpan<char> value, ReadOnlySpan<char> value2);
}

/// <summary>The boundary classifier's features of the gap after token <c>i</c> (shared by training and prediction).</summary>
internal static class BoundaryFeatureExtractor
{
    public static void Extract<TSink>(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, int i, GapKind gap, int sentenceLength,
        bool ruleBoundary, SegmenterModel model, TokenizerRules rules, ref TSink sink) where TSink : struct, IFeatureSink
    {
        Span<char> aBuf = stackalloc char[BoundaryFeatures.MaxTokenLength];
        Span<char> bBuf = stackalloc char[BoundaryFeatures.MaxTokenLength];
        Span<char> pBuf = stackalloc char[BoundaryFeatures.MaxTokenLength];
        Span<char> nBuf = stackalloc char[BoundaryFeatures.MaxTokenLength];
        Span<char> aShape = stackalloc char[8];
        Span<char> bShape = stackalloc char[8];
        Span<char> pShape = stackalloc char[8];
        Span<char> nShape = stackalloc char[8];
        var aText = tokens[i].Span.Slice(text);
        var bText = tokens[i + 1].Span.Slice(text);
        var pText = i > 0 ? tokens[i - 1].Span.Slice(text) : "^";
        var nText = i + 2 < tokens.Length ? tokens[i + 2].Span.Slice(text) : "$";
        var a = Word(aText, aBuf);
        var b = Word(bText, bBuf);
        var p = Word(pText, pBuf);
        var n = Word(nText, nBuf);
        var sa = aShape[..BoundaryFeatures.Shape(aText, aShape)];
        var sb = bShape[..BoundaryFeatures.Shape(bText, bShape)];
        var sp = pShape[..BoundaryFeatures.Shape(pText, pShape)];
        var sn = nShape[..BoundaryFeatures.Shape(nText, nShape)];
        ReadOnlySpan<char> g = gap switch { GapKind.None => "none", GapKind.Space => "sp", _ => "nl" };
        bool closerNext = SentenceSegmenter.IsCloser(bText) && gap == GapKind.None;

        sink.Add("bias", default, default);
        // the rule-based decision as evidence: the classifier learns when to trust it and when to override it
        ReadOnlySpan<char> rule = ruleBoundary ? "1" : "0";
        sink.Add("rule", rule, default);
        sink.Add("a", a, default);
        sink.Add("b", b, default);
        sink.Add("p", p, default);
        sink.Add("sa", sa, default);
        sink.Add("sb", sb, default);
        sink.Add("sp", sp, default);
        sink.Add("sn", sn, default);
        sink.Add("g", g, default);
        sink.Add("a|sb", a, sb);
        sink.Add("p|a", p, a);
        sink.Add("a|b", a, b);
        sink.Add("sa|sb", sa, sb);
        sink.Add("g|sb", g, sb);
        sink.Add("a|g", a, g);
        sink.Add("b|n", b, n);
        if (closerNext)
            sink.Add("closer", default, default);
        if (aText.Length > 1 && aText[^1] == '.' && (rules.IsAbbreviation(aText) || model.IsAbbreviation(Trim(a))))
            sink.Add("abbr", default, default);
        if (model.IsStarter(b))
            sink.Add("starter", default, default);
        var ortho = model.Orthographic(b);
        if (ortho != OrthographicContext.None)
        {
            Span<char> o = stackalloc char[2];
            ((int)ortho).TryFormat(o, out int written, default, System.Globalization.CultureInfo.InvariantCulture);
            sink.Add("ortho", o[..written], default);
        }
        ReadOnlySpan<char> length = sentenceLength switch { 1 => "1", 2 => "2", <= 4 => "3-4", <= 8 => "5-8", <= 16 => "9-16", <= 32 => "17-32", _ => "33+" };
        sink.Add("len", length, default);
        sink.Add("len|a", length, a);
        sink.Add("rule|b", rule, b);
        sink.Add("rule|a", rule, a);
    }

    private static ReadOnlySpan<char> Trim(ReadOnlySpan<char> lower) => lower.Length > 1 && lower[^1] == '.' ? lower[..^1] : lower;

    /// <summary>Lower-cased token, or its shape when longer than the buffer (long tokens are rare and uninformative).</summary>
    private static ReadOnlySpan<char> Word(ReadOnlySpan<char> token, Span<char> buffer)
    {
        if (token.Length > buffer.Length)
            return buffer[..BoundaryFeatures.Shape(token, buffer)];
        for (int k = 0; k < token.Length; k++)
            buffer[k] = char.ToLowerInvariant(token[k]);
        return buffer[..token.Length];
    }
}
