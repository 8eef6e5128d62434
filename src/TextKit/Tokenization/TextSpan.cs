namespace TextKit.Tokenization;

/// <summary>A span of a text: <see cref="Start"/> inclusive, <see cref="End"/> exclusive (UTF-16 code units).</summary>
public readonly record struct TextSpan(int Start, int End)
{
    /// <summary>Number of UTF-16 code units.</summary>
    public int Length => End - Start;

    /// <summary>The span as a .NET <see cref="System.Range"/>.</summary>
    public Range Range => new(Start, End);

    /// <summary>The characters of <paramref name="text"/> this span covers.</summary>
    public ReadOnlySpan<char> Slice(ReadOnlySpan<char> text) => text[Start..End];

    /// <summary>The characters of <paramref name="text"/> this span covers, as a string.</summary>
    public string ToString(string text) => text[Start..End];
}

/// <summary>
/// A surface token (what whitespace and punctuation rules cut out of the text; a CoNLL-U token line or
/// multiword-token range) and the syntactic words it consists of (UD: <c>can't</c> = <c>ca</c> + <c>n't</c>).
/// Words are contiguous sub-spans of the token, stored in <see cref="TokenList.Words"/>.
/// </summary>
/// <param name="Start">First character (inclusive).</param>
/// <param name="End">End (exclusive).</param>
/// <param name="FirstWord">Index of the token's first word in <see cref="TokenList.Words"/>.</param>
/// <param name="WordCount">Number of words (1 unless the token is a contraction such as <c>don't</c>).</param>
public readonly record struct Token(int Start, int End, int FirstWord, int WordCount)
{
    /// <summary>Number of UTF-16 code units.</summary>
    public int Length => End - Start;

    /// <summary>The token's span.</summary>
    public TextSpan Span => new(Start, End);

    /// <summary>True when the token consists of more than one syntactic word (a UD multiword token).</summary>
    public bool IsMultiword => WordCount > 1;
}
