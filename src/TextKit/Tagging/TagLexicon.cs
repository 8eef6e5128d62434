namespace TextKit.Tagging;

/// <summary>
/// An external lexicon: lower-cased word → the set of classes it can take (for example the tags it has in another
/// corpus, or the parts of speech a morphological analyser proposes). The perceptron tagger uses the class set as a
/// feature, which mostly helps words unseen in the training data.
/// </summary>
public sealed class TagLexicon
{
    private readonly Dictionary<string, SortedSet<string>> _entries = new(StringComparer.Ordinal);

    /// <summary>Number of words.</summary>
    public int Count => _entries.Count;

    /// <summary>The words, lower-cased.</summary>
    public IEnumerable<string> Words => _entries.Keys;

    /// <summary>Adds <paramref name="cls"/> to the classes of <paramref name="word"/> (lower-cased invariantly).</summary>
    public void Add(string word, string cls)
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentException.ThrowIfNullOrEmpty(cls);
        var key = word.ToLowerInvariant();
        if (!_entries.TryGetValue(key, out var set))
            _entries[key] = set = new SortedSet<string>(StringComparer.Ordinal);
        set.Add(cls);
    }

    /// <summary>The classes of <paramref name="word"/> (sorted), or null.</summary>
    public IReadOnlyCollection<string>? Get(string word)
        => _entries.TryGetValue(word.ToLowerInvariant(), out var set) ? set : null;

    /// <summary>The stable hash of the class set of a lower-cased word (0 when absent).</summary>
    internal ulong ClassHash(string lowerWord)
    {
        if (!_entries.TryGetValue(lowerWord, out var set))
            return 0;
        ulong h = 0x1E71C0_0000_0000UL;
        foreach (var cls in set)
            h = TaggerHash.Combine(h, TaggerHash.Text(cls));
        return h == 0 ? 1 : h;
    }

    /// <summary>Writes the lexicon as TSV lines <c>word&lt;TAB&gt;class class ...</c>, sorted by word.</summary>
    public void Save(TextWriter writer)
    {
        foreach (var (word, set) in _entries.OrderBy(e => e.Key, StringComparer.Ordinal))
            writer.Write($"{word}\t{string.Join(' ', set)}\n");
    }

    /// <summary>Reads the format <see cref="Save"/> writes.</summary>
    public static TagLexicon Load(TextReader reader, string source = "<lexicon>")
    {
        var lexicon = new TagLexicon();
        long lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
                continue;
            int tab = line.IndexOf('\t');
            if (tab <= 0 || tab == line.Length - 1)
                throw new TextKitFormatException("TK610", source, lineNumber, "expected 'word<TAB>class class ...'.");
            foreach (var cls in line[(tab + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                lexicon.Add(line[..tab], cls);
        }
        return lexicon;
    }
}

/// <summary>
/// Hierarchical word clusters (Brown et al. 1992 as computed by Liang 2005, or any clustering written as bit-string
/// paths): lower-cased word → path such as <c>0110100</c>. Prefixes of the path give coarser clusters; the tagger
/// uses prefixes of <see cref="PrefixLengths"/> bits as features (Koo et al. 2008; Turian et al. 2010).
/// </summary>
public sealed class WordClusters
{
    private readonly Dictionary<string, string> _paths;

    public WordClusters(IReadOnlyDictionary<string, string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        _paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (word, path) in paths)
        {
            if (path.Length == 0 || path.AsSpan().IndexOfAnyExcept('0', '1') >= 0)
                throw new ArgumentException($"Cluster path '{path}' of '{word}' is not a non-empty bit string.", nameof(paths));
            _paths[word.ToLowerInvariant()] = path;
        }
    }

    /// <summary>The prefix lengths used as features (the last one stands for the full path).</summary>
    public static IReadOnlyList<int> PrefixLengths { get; } = [4, 6, 10, 64];

    /// <summary>Number of words.</summary>
    public int Count => _paths.Count;

    /// <summary>All (word, path) pairs.</summary>
    public IReadOnlyDictionary<string, string> Paths => _paths;

    /// <summary>The path of <paramref name="word"/>, or null.</summary>
    public string? Get(string word) => _paths.TryGetValue(word.ToLowerInvariant(), out var p) ? p : null;

    /// <summary>Reads Liang's <c>paths</c> format: <c>bits&lt;TAB&gt;word[&lt;TAB&gt;count]</c> per line.</summary>
    public static WordClusters Load(TextReader reader, string source = "<clusters>")
    {
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        long lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
                continue;
            var parts = line.Split('\t');
            if (parts.Length < 2 || parts[0].Length == 0 || parts[0].AsSpan().IndexOfAnyExcept('0', '1') >= 0 || parts[1].Length == 0)
                throw new TextKitFormatException("TK611", source, lineNumber, "expected 'bits<TAB>word[<TAB>count]' with bits made of 0 and 1.");
            paths.TryAdd(parts[1].ToLowerInvariant(), parts[0]);
        }
        return new WordClusters(paths);
    }

    /// <summary>Writes <c>bits&lt;TAB&gt;word</c> lines sorted by path then word.</summary>
    public void Save(TextWriter writer)
    {
        foreach (var (word, path) in _paths.OrderBy(p => p.Value, StringComparer.Ordinal).ThenBy(p => p.Key, StringComparer.Ordinal))
            writer.Write($"{path}\t{word}\n");
    }

    internal static ulong PrefixHash(string path, int length)
    {
        var prefix = path.AsSpan(0, Math.Min(length, path.Length));
        return TaggerHash.Combine((ulong)length, TaggerHash.Text(prefix));
    }
}
