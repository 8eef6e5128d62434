using System.Buffers;
using System.Runtime.InteropServices;

namespace TextKit.LanguageModels;

/// <summary>
/// The word list of an n-gram model with dense integer ids. Ids 0, 1 and 2 are always the unknown word,
/// <c>&lt;s&gt;</c> and <c>&lt;/s&gt;</c>; every other token maps to its id or to the unknown word. Immutable.
/// </summary>
public sealed class LmVocabulary
{
    /// <summary>Default spelling of the unknown word (KenLM and SRILM use the same).</summary>
    public const string DefaultUnknownToken = "<unk>";

    /// <summary>The sentence-start symbol.</summary>
    public const string BeginToken = "<s>";

    /// <summary>The sentence-end symbol.</summary>
    public const string EndToken = "</s>";

    /// <summary>Id of the unknown word.</summary>
    public const int UnknownId = 0;

    /// <summary>Id of <c>&lt;s&gt;</c>.</summary>
    public const int BeginId = 1;

    /// <summary>Id of <c>&lt;/s&gt;</c>.</summary>
    public const int EndId = 2;

    private readonly string[] _words;
    private readonly Dictionary<string, int> _index;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    internal LmVocabulary(string[] words)
    {
        _words = words;
        _index = new Dictionary<string, int>(words.Length, StringComparer.Ordinal);
        for (int i = 0; i < words.Length; i++)
            if (!_index.TryAdd(words[i], i))
                throw new ArgumentException($"The vocabulary lists '{words[i]}' twice.", nameof(words));
        _lookup = _index.GetAlternateLookup<ReadOnlySpan<char>>();
        if (words.Length < 3 || words[BeginId] != BeginToken || words[EndId] != EndToken)
            throw new ArgumentException("A language-model vocabulary starts with the unknown word, <s> and </s>.", nameof(words));
    }

    /// <summary>Number of words including the unknown word, <c>&lt;s&gt;</c> and <c>&lt;/s&gt;</c>.</summary>
    public int Count => _words.Length;

    /// <summary>Number of words a model can predict: every word except <c>&lt;s&gt;</c>.</summary>
    public int PredictableCount => _words.Length - 1;

    /// <summary>The unknown word's spelling (e.g. <c>&lt;unk&gt;</c>).</summary>
    public string UnknownToken => _words[UnknownId];

    /// <summary>The words, in id order.</summary>
    public IReadOnlyList<string> Words => _words;

    /// <summary>The word with id <paramref name="id"/>.</summary>
    public string this[int id] => _words[id];

    /// <summary>The id of <paramref name="token"/>, or <see cref="UnknownId"/> when it is not in the vocabulary.</summary>
    public int IdOf(ReadOnlySpan<char> token) => _lookup.TryGetValue(token, out int id) ? id : UnknownId;

    /// <summary>True when <paramref name="token"/> is in the vocabulary (the unknown word's own spelling included).</summary>
    public bool Contains(ReadOnlySpan<char> token) => _lookup.ContainsKey(token);

    internal string[] WordArray => _words;

    // Tokens must survive the ARPA text format: no whitespace, not empty.
    private static readonly SearchValues<char> Whitespace = SearchValues.Create(" \t\n\r\f\v\u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000");

    internal static bool IsValidToken(ReadOnlySpan<char> token) => !token.IsEmpty && token.IndexOfAny(Whitespace) < 0;

    internal static void ValidateToken(ReadOnlySpan<char> token, string what)
    {
        if (token.IsEmpty)
            throw new TextKitException("TK701", $"{what}: a token is empty. Tokens are non-empty words without whitespace.");
        if (token.IndexOfAny(Whitespace) >= 0)
            throw new TextKitException("TK701", $"{what}: token '{token.ToString().Replace("\n", "\\n", StringComparison.Ordinal)}' contains whitespace; n-gram models (and ARPA files) need whitespace-free tokens.");
    }
}

/// <summary>A growable word → id index used while counting (ids 0..2 reserved as in <see cref="LmVocabulary"/>).</summary>
internal sealed class WordIndex
{
    private readonly List<string> _words;
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public WordIndex(string unknownToken)
    {
        _lookup = _index.GetAlternateLookup<ReadOnlySpan<char>>();
        _words = [];
        Add(unknownToken);
        Add(LmVocabulary.BeginToken);
        Add(LmVocabulary.EndToken);
    }

    public bool Frozen { get; set; }

    public int Count => _words.Count;

    public List<string> Words => _words;

    public bool TryGetId(ReadOnlySpan<char> word, out int id) => _lookup.TryGetValue(word, out id);

    /// <summary>Rebuilds the lookup after <see cref="Words"/> was replaced.</summary>
    public void RebuildIndex()
    {
        _index.Clear();
        for (int i = 0; i < _words.Count; i++)
            _index.Add(_words[i], i);
    }

    public int Add(string word)
    {
        ref int id = ref CollectionsMarshal.GetValueRefOrAddDefault(_index, word, out bool exists);
        if (!exists)
        {
            id = _words.Count;
            _words.Add(word);
        }
        return id;
    }

    /// <summary>
    /// What <see cref="GetOrAdd"/> returns for <paramref name="token"/> in a frozen index, or −1 where it would throw
    /// (reserved or invalid token).
    /// </summary>
    public int MapFrozen(ReadOnlySpan<char> token)
    {
        if (_lookup.TryGetValue(token, out int id))
            return id is LmVocabulary.BeginId or LmVocabulary.EndId ? -1 : id;
        return LmVocabulary.IsValidToken(token) ? LmVocabulary.UnknownId : -1;
    }

    /// <summary>The id of <paramref name="token"/>; new tokens get a new id unless the index is frozen (then: unknown).</summary>
    public int GetOrAdd(ReadOnlySpan<char> token, string what)
    {
        if (_lookup.TryGetValue(token, out int id))
        {
            if (id is LmVocabulary.BeginId or LmVocabulary.EndId)
                throw new TextKitException("TK702", $"{what}: the input contains the reserved token '{token}'. Sentence boundaries are added by the model; pass sentences without <s> and </s>.");
            return id;
        }
        LmVocabulary.ValidateToken(token, what);
        if (Frozen)
            return LmVocabulary.UnknownId;
        id = _words.Count;
        var word = token.ToString();
        _index.Add(word, id);
        _words.Add(word);
        return id;
    }
}
