namespace TextKit.Segmentation;

/// <summary>A sentence: its character span (from its first token's start to its last token's end) and its tokens.</summary>
/// <param name="Start">First character (inclusive).</param>
/// <param name="End">End (exclusive).</param>
/// <param name="FirstToken">Index of the first token in the <see cref="Tokenization.TokenList"/>.</param>
/// <param name="TokenCount">Number of tokens.</param>
/// <param name="StartsParagraph">True when a blank line (or the start of the text) precedes the sentence.</param>
public readonly record struct SentenceSpan(int Start, int End, int FirstToken, int TokenCount, bool StartsParagraph)
{
    /// <summary>Number of UTF-16 code units.</summary>
    public int Length => End - Start;
}
