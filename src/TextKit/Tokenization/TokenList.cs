namespace TextKit.Tokenization;

/// <summary>
/// A reusable output buffer for <see cref="WordTokenizer"/>: tokens and their words as spans of the input text.
/// Clearing keeps the arrays, so tokenizing many texts with one buffer allocates nothing per token.
/// </summary>
public sealed class TokenList
{
    private Token[] _tokens;
    private TextSpan[] _words;
    private int _tokenCount;
    private int _wordCount;

    /// <summary>Creates an empty buffer.</summary>
    public TokenList(int capacity = 64)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _tokens = new Token[Math.Max(capacity, 4)];
        _words = new TextSpan[Math.Max(capacity, 4)];
    }

    /// <summary>Number of surface tokens.</summary>
    public int Count => _tokenCount;

    /// <summary>Number of syntactic words (≥ <see cref="Count"/>).</summary>
    public int WordCount => _wordCount;

    /// <summary>The surface tokens, in text order; they never overlap.</summary>
    public ReadOnlySpan<Token> Tokens => _tokens.AsSpan(0, _tokenCount);

    /// <summary>The syntactic words, in text order; every word lies inside its token.</summary>
    public ReadOnlySpan<TextSpan> Words => _words.AsSpan(0, _wordCount);

    /// <summary>Token <paramref name="index"/>.</summary>
    public Token this[int index] => (uint)index < (uint)_tokenCount ? _tokens[index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>The words of <paramref name="token"/>.</summary>
    public ReadOnlySpan<TextSpan> WordsOf(in Token token) => _words.AsSpan(token.FirstWord, token.WordCount);

    /// <summary>Empties the buffer (keeps its capacity).</summary>
    public void Clear()
    {
        _tokenCount = 0;
        _wordCount = 0;
    }

    /// <summary>Appends a one-word token.</summary>
    internal void Add(int start, int end)
    {
        AddWord(start, end);
        AddToken(start, end, _wordCount - 1, 1);
    }

    /// <summary>Appends a token whose words were appended with <see cref="AddWord"/> since <paramref name="firstWord"/>.</summary>
    internal void AddToken(int start, int end, int firstWord, int wordCount)
    {
        if (_tokenCount == _tokens.Length)
            Array.Resize(ref _tokens, _tokens.Length * 2);
        _tokens[_tokenCount++] = new Token(start, end, firstWord, wordCount);
    }

    internal void AddWord(int start, int end)
    {
        if (_wordCount == _words.Length)
            Array.Resize(ref _words, _words.Length * 2);
        _words[_wordCount++] = new TextSpan(start, end);
    }

    /// <summary>
    /// Splits each listed one-word token into its first <c>Length - 1</c> characters and its last character
    /// (ascending indices). Used to give a sentence-final abbreviation's period to the sentence ("etc." → "etc" + ".").
    /// </summary>
    internal void SplitLastCharacter(IReadOnlyList<int> tokenIndices)
    {
        if (tokenIndices.Count == 0)
            return;
        var oldTokens = _tokens.AsSpan(0, _tokenCount).ToArray();
        var oldWords = _words.AsSpan(0, _wordCount).ToArray();
        Clear();
        int next = 0;
        for (int t = 0; t < oldTokens.Length; t++)
        {
            var token = oldTokens[t];
            if (next < tokenIndices.Count && tokenIndices[next] == t)
            {
                next++;
                if (token.WordCount == 1 && token.Length > 1)
                {
                    Add(token.Start, token.End - 1);
                    Add(token.End - 1, token.End);
                    continue;
                }
            }
            int first = _wordCount;
            for (int w = 0; w < token.WordCount; w++)
                AddWord(oldWords[token.FirstWord + w].Start, oldWords[token.FirstWord + w].End);
            AddToken(token.Start, token.End, first, token.WordCount);
        }
    }

    /// <summary>Copies the token strings of <paramref name="text"/> (allocates; for convenience APIs and tests).</summary>
    public string[] TokenStrings(ReadOnlySpan<char> text)
    {
        var result = new string[_tokenCount];
        for (int i = 0; i < _tokenCount; i++)
            result[i] = text[_tokens[i].Start.._tokens[i].End].ToString();
        return result;
    }

    /// <summary>Copies the word strings of <paramref name="text"/> (allocates; for convenience APIs and tests).</summary>
    public string[] WordStrings(ReadOnlySpan<char> text)
    {
        var result = new string[_wordCount];
        for (int i = 0; i < _wordCount; i++)
            result[i] = text[_words[i].Start.._words[i].End].ToString();
        return result;
    }
}
