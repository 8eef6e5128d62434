namespace TextKit.Neural.Tokenizers.Internal;

/// <summary>
/// Finds special ("added") tokens such as [MASK] or &lt;/s&gt; in raw text, as HF's AddedVocabulary does before
/// normalization: leftmost match, longest token first at a position, exact (case-sensitive) text.
/// </summary>
internal sealed class SpecialTokenMatcher
{
    private readonly (string Text, int Id)[] _tokens;
    private readonly string _firstChars;

    public SpecialTokenMatcher(IEnumerable<(string Text, int Id)> tokens)
    {
        _tokens = tokens.Where(t => t.Text.Length > 0).DistinctBy(t => t.Text)
            .OrderByDescending(t => t.Text.Length).ThenBy(t => t.Text, StringComparer.Ordinal).ToArray();
        _firstChars = new string(_tokens.Select(t => t.Text[0]).Distinct().ToArray());
    }

    public bool IsEmpty => _tokens.Length == 0;

    /// <summary>The next special token at or after <paramref name="from"/>: its start, length and id; false when none.</summary>
    public bool FindNext(ReadOnlySpan<char> text, int from, out int start, out int length, out int id)
    {
        start = length = 0; id = -1;
        if (_tokens.Length == 0) return false;
        int i = from;
        while (i < text.Length)
        {
            int rel = text[i..].IndexOfAny(_firstChars);
            if (rel < 0) return false;
            i += rel;
            var rest = text[i..];
            foreach (var (t, tid) in _tokens)
            {
                if (rest.StartsWith(t, StringComparison.Ordinal))
                {
                    start = i; length = t.Length; id = tid;
                    return true;
                }
            }
            i++;
        }
        return false;
    }
}
