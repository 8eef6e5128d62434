namespace TextKit.Morphology;

/// <summary>The four WordNet parts of speech.</summary>
public enum WordNetPos
{
    /// <summary>Nouns (UD NOUN, PROPN).</summary>
    Noun,

    /// <summary>Verbs (UD VERB, AUX).</summary>
    Verb,

    /// <summary>Adjectives, including satellites (UD ADJ).</summary>
    Adjective,

    /// <summary>Adverbs (UD ADV).</summary>
    Adverb,
}

/// <summary>
/// The WordNet lemma lists (one set per part of speech) and irregular-form exception lists (<c>noun.exc</c>,
/// <c>verb.exc</c>, ...) that the lemmatizer uses to validate candidate lemmas. Multi-word lemmas (with '_') are left
/// out: they never match a single token. Immutable and thread-safe once built.
/// </summary>
public sealed class WordNetLexicon
{
    private static readonly string[] s_fileNames = ["noun", "verb", "adj", "adv"];

    private readonly HashSet<string>[] _lemmas;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>>[] _lemmaLookup;
    private readonly Dictionary<string, string[]>[] _exceptions;
    private readonly Dictionary<string, string[]>.AlternateLookup<ReadOnlySpan<char>>[] _exceptionLookup;

    internal WordNetLexicon(HashSet<string>[] lemmas, Dictionary<string, string[]>[] exceptions)
    {
        _lemmas = lemmas;
        _exceptions = exceptions;
        _lemmaLookup = lemmas.Select(s => s.GetAlternateLookup<ReadOnlySpan<char>>()).ToArray();
        _exceptionLookup = exceptions.Select(d => d.GetAlternateLookup<ReadOnlySpan<char>>()).ToArray();
    }

    /// <summary>An empty lexicon (the lemmatizer then relies on its training data alone).</summary>
    public static WordNetLexicon Empty { get; } = new(
        Enumerable.Range(0, 4).Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToArray(),
        Enumerable.Range(0, 4).Select(_ => new Dictionary<string, string[]>(StringComparer.Ordinal)).ToArray());

    /// <summary>
    /// Reads WordNet dictionary folders (each with <c>index.noun</c>, <c>index.verb</c>, <c>index.adj</c>,
    /// <c>index.adv</c> and optionally the <c>*.exc</c> exception lists) and merges them; e.g. WordNet 3.0 from Debian
    /// <c>wordnet-base</c> (<c>DataCatalog.Ensure("wordnet30")</c>) and WordNet 3.1 (<c>DataCatalog.Ensure("wordnet31")</c>).
    /// </summary>
    public static WordNetLexicon Load(params string[] dictionaryFolders)
    {
        ArgumentNullException.ThrowIfNull(dictionaryFolders);
        if (dictionaryFolders.Length == 0)
            throw new ArgumentException("Give at least one WordNet dictionary folder.", nameof(dictionaryFolders));
        var lemmas = Enumerable.Range(0, 4).Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToArray();
        var exceptions = Enumerable.Range(0, 4).Select(_ => new Dictionary<string, List<string>>(StringComparer.Ordinal)).ToArray();
        foreach (var folder in dictionaryFolders)
        {
            if (!Directory.Exists(folder))
                throw new TextKitException("TK510", $"WordNet folder '{folder}' does not exist. Fetch it with `textkit data fetch wordnet30` (or wordnet31).");
            for (int p = 0; p < 4; p++)
            {
                var index = Path.Combine(folder, "index." + s_fileNames[p]);
                if (!File.Exists(index))
                    throw new TextKitException("TK511", $"'{folder}' is not a WordNet dictionary folder: {index} is missing.");
                ReadIndex(index, lemmas[p]);
                var exc = Path.Combine(folder, s_fileNames[p] + ".exc");
                if (File.Exists(exc))
                    ReadExceptions(exc, exceptions[p]);
            }
        }
        return new WordNetLexicon(lemmas, exceptions.Select(d => d.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal)).ToArray());
    }

    private static void ReadIndex(string path, HashSet<string> into)
    {
        long lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            // The licence header lines start with two spaces.
            if (line.Length == 0 || line[0] == ' ')
                continue;
            int space = line.IndexOf(' ');
            if (space <= 0)
                throw new TextKitFormatException("TK512", path, lineNumber, "expected 'lemma pos ...' (a WordNet index line).");
            var lemma = line[..space];
            if (!lemma.Contains('_'))
                into.Add(lemma);
        }
    }

    private static void ReadExceptions(string path, Dictionary<string, List<string>> into)
    {
        long lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0)
                continue;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2)
                throw new TextKitFormatException("TK512", path, lineNumber, "expected 'form lemma [lemma ...]' (a WordNet exception line).");
            if (parts[0].Contains('_'))
                continue;
            if (!into.TryGetValue(parts[0], out var list))
                into[parts[0]] = list = [];
            foreach (var lemma in parts.Skip(1))
                if (!lemma.Contains('_') && !list.Contains(lemma))
                    list.Add(lemma);
            if (list.Count == 0)
                into.Remove(parts[0]);
        }
    }

    /// <summary>Number of lemmas for <paramref name="pos"/>.</summary>
    public int LemmaCount(WordNetPos pos) => _lemmas[(int)pos].Count;

    /// <summary>Number of exception-list entries for <paramref name="pos"/>.</summary>
    public int ExceptionCount(WordNetPos pos) => _exceptions[(int)pos].Count;

    /// <summary>Whether <paramref name="lemma"/> (lower case) is a WordNet lemma of <paramref name="pos"/>.</summary>
    public bool Contains(ReadOnlySpan<char> lemma, WordNetPos pos) => _lemmaLookup[(int)pos].Contains(lemma);

    /// <summary>The lemmas the exception list gives for an irregular <paramref name="form"/> (lower case), or empty.</summary>
    public IReadOnlyList<string> Exceptions(ReadOnlySpan<char> form, WordNetPos pos)
        => _exceptionLookup[(int)pos].TryGetValue(form, out var lemmas) ? lemmas : [];

    /// <summary><see cref="Exceptions"/> as the stored array (enumerating it allocates nothing).</summary>
    internal string[] ExceptionArray(ReadOnlySpan<char> form, WordNetPos pos)
        => _exceptionLookup[(int)pos].TryGetValue(form, out var lemmas) ? lemmas : [];

    internal IEnumerable<string> Lemmas(WordNetPos pos) => _lemmas[(int)pos];

    internal IEnumerable<KeyValuePair<string, string[]>> ExceptionEntries(WordNetPos pos) => _exceptions[(int)pos];
}
