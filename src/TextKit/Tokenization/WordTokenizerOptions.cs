namespace TextKit.Tokenization;

/// <summary>Options of <see cref="WordTokenizer"/>. Defaults reproduce UD English (EWT) tokenization.</summary>
public sealed class WordTokenizerOptions
{
    /// <summary>
    /// Split contractions into syntactic words (<c>don't</c> → <c>do</c> + <c>n't</c>, <c>I'm</c> → <c>I</c> + <c>'m</c>,
    /// <c>cannot</c> → <c>can</c> + <c>not</c>), as UD multiword tokens. Default true. When false every token is one word.
    /// </summary>
    public bool SplitContractions { get; set; } = true;

    /// <summary>
    /// Split hyphenated compounds into word, <c>-</c>, word (<c>well-known</c> → 3 tokens) except after the prefixes of
    /// <see cref="TokenizerRules"/> (<c>e-mail</c>, <c>non-profit</c>). Default true (UD English). When false, hyphens
    /// between letters never split.
    /// </summary>
    public bool SplitHyphens { get; set; } = true;

    /// <summary>Keep URLs (<c>http://…</c>, <c>www.…</c>) and e-mail addresses as single tokens. Default true.</summary>
    public bool KeepUrlsAndEmails { get; set; } = true;

    /// <summary>The exception data (abbreviations, contractions, emoticons, hyphen prefixes). Default <see cref="TokenizerRules.English"/>.</summary>
    public TokenizerRules? Rules { get; set; }
}
