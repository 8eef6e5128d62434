using TextKit.Tokenization;

namespace TextKit.Segmentation;

/// <summary>
/// Tokenizes and sentence-segments a document in one call, applying the UD convention that joins the two: a
/// sentence-final abbreviation gives its period to the sentence ("… pens, paper etc." → <c>etc</c> + <c>.</c>), while
/// inside a sentence it keeps it ("etc., and" → <c>etc.</c>). This is what <c>textkit tokenize</c>, the raw-text
/// evaluation and the <c>SplitSentences</c> transform run. Thread-safe.
/// </summary>
public sealed class DocumentTokenizer
{
    private static readonly Lazy<DocumentTokenizer> s_english = new(() => new DocumentTokenizer());

    /// <summary>Creates a pipeline from a tokenizer and a segmenter (null: the English defaults).</summary>
    public DocumentTokenizer(WordTokenizer? tokenizer = null, SentenceSegmenter? segmenter = null, bool splitFinalAbbreviationPeriod = true)
    {
        Tokenizer = tokenizer ?? WordTokenizer.English;
        Segmenter = segmenter ?? SentenceSegmenter.English;
        SplitFinalAbbreviationPeriod = splitFinalAbbreviationPeriod;
    }

    /// <summary>The English defaults.</summary>
    public static DocumentTokenizer English => s_english.Value;

    /// <summary>The word tokenizer.</summary>
    public WordTokenizer Tokenizer { get; }

    /// <summary>The sentence segmenter.</summary>
    public SentenceSegmenter Segmenter { get; }

    /// <summary>Whether a sentence-final abbreviation's period becomes its own token (UD EWT convention). Default true.</summary>
    public bool SplitFinalAbbreviationPeriod { get; }

    /// <summary>Tokenizes and segments <paramref name="text"/> into the two buffers (both cleared first).</summary>
    public void Process(ReadOnlySpan<char> text, TokenList tokens, List<SentenceSpan> sentences)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(sentences);
        Tokenizer.Tokenize(text, tokens);
        Segmenter.Segment(text, tokens, sentences);
        if (!SplitFinalAbbreviationPeriod)
            return;
        List<int>? split = null;
        foreach (var s in sentences)
        {
            int last = s.FirstToken + s.TokenCount - 1;
            var token = tokens[last];
            if (token.Length > 1 && token.WordCount == 1 && text[token.End - 1] == '.' && HasLetter(text[token.Start..(token.End - 1)]))
                (split ??= []).Add(last);
        }
        if (split is null)
            return;
        tokens.SplitLastCharacter(split);
        int shift = 0;
        int k = 0;
        for (int i = 0; i < sentences.Count; i++)
        {
            var s = sentences[i];
            bool grows = k < split.Count && split[k] == s.FirstToken + s.TokenCount - 1;
            sentences[i] = s with { FirstToken = s.FirstToken + shift, TokenCount = s.TokenCount + (grows ? 1 : 0) };
            if (grows)
            {
                shift++;
                k++;
            }
        }
    }

    /// <summary>Convenience: tokens and sentences of <paramref name="text"/> in new buffers.</summary>
    public (TokenList Tokens, List<SentenceSpan> Sentences) Process(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new TokenList(Math.Max(4, text.Length / 4));
        var sentences = new List<SentenceSpan>();
        Process(text, tokens, sentences);
        return (tokens, sentences);
    }

    private static bool HasLetter(ReadOnlySpan<char> span)
    {
        foreach (char c in span)
        {
            if (char.IsLetter(c))
                return true;
        }
        return false;
    }
}
