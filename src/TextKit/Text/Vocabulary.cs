namespace TextKit.Text;

/// <summary>
/// Counts token types and keeps those seen at least <c>minCount</c> times (optionally only the
/// <c>maxSize</c> most frequent). The usual first step of n-gram models and classic featurizers:
/// everything else becomes the unknown token.
/// </summary>
public sealed class VocabularyBuilder
{
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public VocabularyBuilder()
    {
        _lookup = _counts.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Number of distinct token types seen so far.</summary>
    public int TypeCount => _counts.Count;

    /// <summary>Number of tokens seen so far.</summary>
    public long TokenCount { get; private set; }

    /// <summary>Counts one occurrence of <paramref name="token"/> (no allocation once the type is known).</summary>
    public void Add(ReadOnlySpan<char> token)
    {
        ref long count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_lookup, token, out _);
        count++;
        TokenCount++;
    }

    /// <summary>
    /// The vocabulary: types with count ≥ <paramref name="minCount"/>, most frequent first (ties in ordinal order),
    /// cut to <paramref name="maxSize"/> when positive.
    /// </summary>
    public Vocabulary Build(int minCount = 1, int maxSize = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(maxSize);
        var kept = _counts.Where(kv => kv.Value >= minCount)
            .OrderByDescending(kv => kv.Value)
            .ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => kv.Key);
        if (maxSize > 0)
            kept = kept.Take(maxSize);
        return new Vocabulary(kept);
    }
}

/// <summary>An ordered set of token types with O(1) span lookup. Immutable and thread-safe.</summary>
public sealed class Vocabulary
{
    private readonly string[] _types;
    private readonly Dictionary<string, int> _index;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public Vocabulary(IEnumerable<string> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        _types = types.ToArray();
        _index = new Dictionary<string, int>(_types.Length, StringComparer.Ordinal);
        for (int i = 0; i < _types.Length; i++)
        {
            if (_types[i] is null)
                throw new ArgumentException("A vocabulary type is null.", nameof(types));
            if (!_index.TryAdd(_types[i], i))
                throw new ArgumentException($"The vocabulary lists '{_types[i]}' twice.", nameof(types));
        }
        _lookup = _index.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Number of types.</summary>
    public int Count => _types.Length;

    /// <summary>The types, in vocabulary order.</summary>
    public IReadOnlyList<string> Types => _types;

    /// <summary>True when <paramref name="token"/> is in the vocabulary.</summary>
    public bool Contains(ReadOnlySpan<char> token) => _lookup.ContainsKey(token);

    /// <summary>The index of <paramref name="token"/>, or -1.</summary>
    public int IndexOf(ReadOnlySpan<char> token) => _lookup.TryGetValue(token, out int i) ? i : -1;
}
