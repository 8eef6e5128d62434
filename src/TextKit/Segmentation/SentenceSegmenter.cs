using TextKit.Tokenization;

namespace TextKit.Segmentation;

/// <summary>
/// Splits tokenized text into sentences. A blank line always ends a sentence; single line breaks follow
/// <see cref="SentenceSegmenterOptions.LineBreaks"/>. Inside a paragraph, a model with a boundary classifier
/// (<see cref="SegmenterTrainer"/>, e.g. the shipped <see cref="SegmenterModel.English"/>) scores every token gap;
/// otherwise rules decide: final punctuation (. ! ? … and runs, with closing quotes and brackets attached) ends a
/// sentence unless the next word starts in lower case, and an abbreviation's period ends one only when the next word is
/// capitalized and, by the model's orthographic statistics (Punkt, Kiss &amp; Strunk 2006), a likely sentence start.
/// Works on text without final punctuation (the last sentence ends at the end of the text), bullets and line breaks.
/// Thread-safe.
/// </summary>
public sealed class SentenceSegmenter
{
    private static readonly Lazy<SentenceSegmenter> s_english = new(() => new SentenceSegmenter());

    private readonly SegmenterModel _model;
    private readonly LineBreakMode _lineBreaks;
    private readonly HashedWeights _weights;
    private readonly TokenizerRules _rules;

    /// <summary>Creates a segmenter; null options mean the defaults (English model, automatic line breaks).</summary>
    public SentenceSegmenter(SentenceSegmenterOptions? options = null, TokenizerRules? rules = null)
    {
        options ??= new SentenceSegmenterOptions();
        _model = options.Model ?? SegmenterModel.English;
        _lineBreaks = options.LineBreaks;
        _rules = rules ?? TokenizerRules.English;
        _weights = new HashedWeights(_model.Weights.Count);
        foreach (var (feature, weight) in _model.Weights)
            _weights.Set(BoundaryFeatures.HashOf(feature), weight);
    }

    /// <summary>The default English segmenter.</summary>
    public static SentenceSegmenter English => s_english.Value;

    /// <summary>The model in use.</summary>
    public SegmenterModel Model => _model;

    /// <summary>Splits <paramref name="tokens"/> (tokens of <paramref name="text"/>) into sentences, appended to <paramref name="output"/> after clearing it.</summary>
    public void Segment(ReadOnlySpan<char> text, TokenList tokens, List<SentenceSpan> output)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(output);
        output.Clear();
        var span = tokens.Tokens;
        if (span.Length == 0)
            return;
        int first = 0;
        bool startsParagraph = true;
        for (int i = 0; i + 1 < span.Length; i++)
        {
            var gap = BoundaryFeatures.Gap(text, span[i].End, span[i + 1].Start);
            bool boundary = gap == GapKind.Paragraph || IsBoundary(text, span, i, gap, i - first + 1);
            if (boundary)
            {
                output.Add(new SentenceSpan(span[first].Start, span[i].End, first, i - first + 1, startsParagraph));
                first = i + 1;
                startsParagraph = gap == GapKind.Paragraph;
            }
        }
        output.Add(new SentenceSpan(span[first].Start, span[^1].End, first, span.Length - first, startsParagraph));
    }

    /// <summary>Tokenizes with <paramref name="tokenizer"/> (default English) and segments; returns the sentences' character spans.</summary>
    public List<SentenceSpan> Split(string text, WordTokenizer? tokenizer = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new TokenList();
        (tokenizer ?? WordTokenizer.English).Tokenize(text, tokens);
        var sentences = new List<SentenceSpan>();
        Segment(text, tokens, sentences);
        return sentences;
    }

    /// <summary>Convenience: the sentence strings of <paramref name="text"/>.</summary>
    public string[] SplitToStrings(string text) => Split(text).Select(s => text[s.Start..s.End]).ToArray();

    private bool IsBoundary(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, int i, GapKind gap, int sentenceLength)
    {
        if (gap == GapKind.LineBreak && _lineBreaks == LineBreakMode.Always)
            return true;
        if (_weights.Count > 0)
        {
            if (!BoundaryFeatures.IsCandidate(tokens[i].Span.Slice(text), tokens[i + 1].Span.Slice(text), gap))
                return false;
            var sink = new HashSink(_weights);
            var effectiveGap = gap == GapKind.LineBreak && _lineBreaks == LineBreakMode.Never ? GapKind.Space : gap;
            BoundaryFeatureExtractor.Extract(text, tokens, i, effectiveGap, sentenceLength, RuleBoundary(text, tokens, i, effectiveGap),
                _model, _rules, ref sink);
            return sink.Score > 0;
        }
        return RuleBoundary(text, tokens, i, gap);
    }

    internal bool RuleBoundary(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, int i, GapKind gap)
    {
        var a = tokens[i].Span.Slice(text);
        var b = tokens[i + 1].Span.Slice(text);
        // Closing quotes/brackets attached to final punctuation: the boundary comes after them.
        int k = i;
        while (k > 0 && IsCloser(tokens[k].Span.Slice(text)) && tokens[k - 1].End == tokens[k].Start)
            k--;
        var final = tokens[k].Span.Slice(text);
        bool nextIsCloser = IsCloser(b) && tokens[i].End == tokens[i + 1].Start;
        if (final is "." && k > 0 && tokens[k - 1].End == tokens[k].Start && !nextIsCloser)
        {
            // "w" + "." where the model learned "w" as an abbreviation (Punkt): treat like a kept abbreviation below.
            var word = Lower(tokens[k - 1].Span.Slice(text), stackalloc char[BoundaryFeatures.MaxTokenLength]);
            if (_model.IsAbbreviation(word))
                return AbbreviationBoundary(text, tokens[k - 1].Span.Slice(text), b);
        }
        if (IsFinalPunctuation(final) && !nextIsCloser)
        {
            if (StartsLower(b))
                return false;
            if (IsEllipsis(final) && !StartsLikeSentence(b))
                return false;
            return true;
        }
        if (k == i && a.Length > 1 && a[^1] == '.' && !nextIsCloser)
            return AbbreviationBoundary(text, a, b); // an abbreviation kept whole by the tokenizer ("etc.", "U.S.")
        if (gap == GapKind.LineBreak && _lineBreaks == LineBreakMode.Auto)
            return StartsLikeSentence(b) && !IsContinuation(a);
        return false;
    }

    /// <summary>After an abbreviation, a boundary only before a likely sentence start (Punkt's orthographic heuristic).</summary>
    private bool AbbreviationBoundary(ReadOnlySpan<char> text, ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (!StartsUpper(b))
            return false;
        var lower = Lower(b, stackalloc char[BoundaryFeatures.MaxTokenLength]);
        if (_model.IsStarter(lower))
            return true;
        var ortho = _model.Orthographic(lower);
        bool initial = a.Length <= 2 || (a.Length <= 4 && a.Count('.') >= 2 && char.IsUpper(a[0]));
        if (initial || IsTitle(a))
            return false;
        // the next word is seen lower-case but never capitalized inside sentences: its capital marks a sentence start
        return (ortho & OrthographicContext.LowerMiddle) != 0 && (ortho & OrthographicContext.UpperMiddle) == 0;
    }

    private static bool IsTitle(ReadOnlySpan<char> a)
        => a is "Mr." or "Mrs." or "Ms." or "Dr." or "Prof." or "St." or "Gen." or "Sen." or "Rep." or "Gov." or "Lt." or "Col." or "Capt." or "Rev." or "No." or "Mt." or "Ft.";

    private static bool IsContinuation(ReadOnlySpan<char> a) => a is "," or "-" or "&" or "and" or "or" or "of" or "the" or "to" or "a";

    internal static bool IsFinalPunctuation(ReadOnlySpan<char> token)
    {
        if (token.IsEmpty)
            return false;
        foreach (char c in token)
        {
            if (c is not ('.' or '!' or '?' or '\u2026' or '\u203C' or '\u2047' or '\u2048' or '\u2049' or '\u3002' or '\uFF01' or '\uFF1F'))
                return false;
        }
        return true;
    }

    private static bool IsEllipsis(ReadOnlySpan<char> token) => token.Length >= 2 && token[0] == '.' || token is "\u2026";

    internal static bool IsCloser(ReadOnlySpan<char> token)
        => token is "\"" or "'" or "\u201D" or "\u2019" or ")" or "]" or "}" or "\u00BB" or "''";

    private static bool StartsLower(ReadOnlySpan<char> token) => token.Length > 0 && char.IsLower(token[0]);

    private static bool StartsUpper(ReadOnlySpan<char> token) => token.Length > 0 && char.IsUpper(token[0]);

    private static bool StartsLikeSentence(ReadOnlySpan<char> token)
    {
        if (token.IsEmpty)
            return false;
        char c = token[0];
        return char.IsUpper(c) || char.IsDigit(c) || c is '"' or '\u201C' or '(' or '[' or '*' or '-' or '\u2022' or '#' or '>' || !char.IsLetter(c) && !char.IsPunctuation(c);
    }

    internal static ReadOnlySpan<char> Lower(ReadOnlySpan<char> token, Span<char> buffer)
    {
        int n = Math.Min(token.Length, buffer.Length);
        for (int i = 0; i < n; i++)
            buffer[i] = char.ToLowerInvariant(token[i]);
        return buffer[..n];
    }

    private struct HashSink : IFeatureSink
    {
        private readonly HashedWeights _weights;

        public HashSink(HashedWeights weights)
        {
            _weights = weights;
            Score = 0;
        }

        public float Score { get; private set; }

        public void Add(string template, ReadOnlySpan<char> value, ReadOnlySpan<char> value2)
        {
            if (_weights.TryGetValue(BoundaryFeatures.Hash(template, value, value2), out var w))
                Score += w;
        }
    }
}
