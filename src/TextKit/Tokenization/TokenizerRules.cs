using System.Reflection;
using System.Text;

namespace TextKit.Tokenization;

/// <summary>
/// The data a <see cref="WordTokenizer"/> uses besides its character rules: abbreviations that keep their period,
/// contractions written without an apostrophe, tokens kept whole (emoticons) and hyphen prefixes. Loaded from text
/// files (the English defaults are embedded resources, see <c>Tokenization/Resources/en/</c>), so the exceptions are
/// data, not code. Immutable and thread-safe once built.
/// </summary>
public sealed class TokenizerRules
{
    private static readonly Lazy<TokenizerRules> s_english = new(LoadEnglish);

    private readonly HashSet<string> _abbreviations = new(StringComparer.Ordinal);
    private readonly HashSet<string> _numberAbbreviations = new(StringComparer.Ordinal);
    private readonly HashSet<string> _special = new(StringComparer.Ordinal);
    private readonly HashSet<string> _specialIgnoreCase = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _hyphenPrefixes = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, byte[]> _contractions = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _abbreviationLookup;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _numberAbbreviationLookup;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _specialLookup;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _specialIgnoreCaseLookup;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _hyphenPrefixLookup;
    private readonly Dictionary<string, byte[]>.AlternateLookup<ReadOnlySpan<char>> _contractionLookup;

    /// <summary>Builds rules from the four lists (each an enumeration of lines in the resource-file format).</summary>
    /// <param name="abbreviations">Lines of <c>abbreviations.txt</c>: an abbreviation with its period, optionally TAB <c>number</c>.</param>
    /// <param name="contractions">Lines of <c>contractions.txt</c>: token TAB words joined by <c>|</c>.</param>
    /// <param name="specialTokens">Lines of <c>special-tokens.txt</c>: tokens kept whole.</param>
    /// <param name="hyphenPrefixes">Lines of <c>hyphen-prefixes.txt</c>: prefixes not split from the next word.</param>
    /// <param name="source">Names the data in error messages.</param>
    public TokenizerRules(IEnumerable<string> abbreviations, IEnumerable<string> contractions, IEnumerable<string> specialTokens,
        IEnumerable<string> hyphenPrefixes, string source = "<rules>")
    {
        ArgumentNullException.ThrowIfNull(abbreviations);
        ArgumentNullException.ThrowIfNull(contractions);
        ArgumentNullException.ThrowIfNull(specialTokens);
        ArgumentNullException.ThrowIfNull(hyphenPrefixes);
        foreach (var (line, number) in Entries(abbreviations))
        {
            var parts = line.Split('\t');
            var form = parts[0].Trim();
            if (form.Length < 2 || form[^1] != '.' || form.AsSpan().IndexOfAny(' ', '\t') >= 0)
                throw new TextKitFormatException("TK401", source + "/abbreviations", number, $"'{form}' is not an abbreviation ending in '.' without spaces.");
            bool numberOnly = parts.Length > 1 && parts[1].Trim() == "number";
            if (parts.Length > 1 && !numberOnly)
                throw new TextKitFormatException("TK401", source + "/abbreviations", number, $"unknown condition '{parts[1].Trim()}' (only 'number' is defined).");
            var target = numberOnly ? _numberAbbreviations : _abbreviations;
            target.Add(form);
            if (form.All(c => !char.IsUpper(c)))
            {
                target.Add(char.ToUpperInvariant(form[0]) + form[1..]);
                target.Add(form.ToUpperInvariant());
            }
        }
        foreach (var (line, number) in Entries(contractions))
        {
            var parts = line.Split('\t');
            if (parts.Length != 2)
                throw new TextKitFormatException("TK402", source + "/contractions", number, "expected 'token<TAB>word|word'.");
            var token = parts[0].Trim();
            var words = parts[1].Trim().Split('|');
            if (words.Length < 2 || words.Any(w => w.Length == 0) || !string.Equals(string.Concat(words), token, StringComparison.OrdinalIgnoreCase))
                throw new TextKitFormatException("TK402", source + "/contractions", number, $"the words '{parts[1].Trim()}' must be at least two non-empty parts whose concatenation is '{token}'.");
            if (words.Length > 255 || token.Length > 255)
                throw new TextKitFormatException("TK402", source + "/contractions", number, "entry too long.");
            _contractions[token] = words.Select(w => (byte)w.Length).ToArray();
        }
        foreach (var (line, number) in Entries(specialTokens))
        {
            var form = line.Trim();
            if (form.AsSpan().IndexOfAny(' ', '\t') >= 0)
                throw new TextKitFormatException("TK403", source + "/special-tokens", number, $"'{form}' contains whitespace.");
            if (form.Any(char.IsUpper))
                _special.Add(form);
            else
                _specialIgnoreCase.Add(form);
        }
        foreach (var (line, number) in Entries(hyphenPrefixes))
        {
            var form = line.Trim();
            if (!form.All(char.IsLetter))
                throw new TextKitFormatException("TK404", source + "/hyphen-prefixes", number, $"'{form}' is not a word of letters.");
            _hyphenPrefixes.Add(form);
        }
        _abbreviationLookup = _abbreviations.GetAlternateLookup<ReadOnlySpan<char>>();
        _numberAbbreviationLookup = _numberAbbreviations.GetAlternateLookup<ReadOnlySpan<char>>();
        _specialLookup = _special.GetAlternateLookup<ReadOnlySpan<char>>();
        _specialIgnoreCaseLookup = _specialIgnoreCase.GetAlternateLookup<ReadOnlySpan<char>>();
        _hyphenPrefixLookup = _hyphenPrefixes.GetAlternateLookup<ReadOnlySpan<char>>();
        _contractionLookup = _contractions.GetAlternateLookup<ReadOnlySpan<char>>();
        MaxSpecialLength = _special.Concat(_specialIgnoreCase).Select(s => s.Length).DefaultIfEmpty(0).Max();
        // Cheap pre-filters so the hot path hashes only plausible spans.
        foreach (var form in _special.Concat(_specialIgnoreCase))
            MarkFirst(_specialFirst, form[0]);
        foreach (var form in _contractions.Keys)
        {
            MarkFirst(_contractionFirst, char.ToLowerInvariant(form[0]));
            MarkFirst(_contractionFirst, char.ToUpperInvariant(form[0]));
            _minContraction = Math.Min(_minContraction, form.Length);
            _maxContraction = Math.Max(_maxContraction, form.Length);
        }
    }

    private readonly bool[] _specialFirst = new bool[128];
    private readonly bool[] _contractionFirst = new bool[128];
    private int _minContraction = int.MaxValue;
    private int _maxContraction;

    private static void MarkFirst(bool[] set, char c)
    {
        if (c < 128)
            set[c] = true;
        else
            set[0] = true; // a non-ASCII first character: index 0 stands for "any non-ASCII"
    }

    private static bool MayStartWith(bool[] set, char c) => c < 128 ? set[c] : set[0];

    /// <summary>True when a special token could start with <paramref name="c"/>.</summary>
    internal bool MayStartSpecial(char c) => MayStartWith(_specialFirst, c);

    /// <summary>The English rules shipped with TextKit (UD English / Penn Treebank conventions, as in UD EWT).</summary>
    public static TokenizerRules English => s_english.Value;

    /// <summary>Abbreviations that keep their period (exact forms, including generated case variants).</summary>
    public IReadOnlyCollection<string> Abbreviations => _abbreviations;

    internal int MaxSpecialLength { get; }

    /// <summary>Loads rules from a folder holding the four files (a missing file means an empty list).</summary>
    public static TokenizerRules FromDirectory(string directory)
    {
        if (!Directory.Exists(directory))
            throw new TextKitException("TK400", $"Tokenizer rules folder '{directory}' does not exist.");
        IEnumerable<string> Read(string name)
        {
            var path = Path.Combine(directory, name);
            return File.Exists(path) ? File.ReadAllLines(path, Encoding.UTF8) : [];
        }
        return new TokenizerRules(Read("abbreviations.txt"), Read("contractions.txt"), Read("special-tokens.txt"), Read("hyphen-prefixes.txt"), directory);
    }

    internal bool IsAbbreviation(ReadOnlySpan<char> form) => _abbreviationLookup.Contains(form);

    internal bool IsNumberAbbreviation(ReadOnlySpan<char> form) => _numberAbbreviationLookup.Contains(form);

    internal bool IsSpecial(ReadOnlySpan<char> form)
        => form.Length > 0 && form.Length <= MaxSpecialLength && MayStartWith(_specialFirst, form[0])
        && (_specialLookup.Contains(form) || _specialIgnoreCaseLookup.Contains(form));

    internal bool IsHyphenPrefix(ReadOnlySpan<char> form) => _hyphenPrefixLookup.Contains(form);

    internal bool TryGetContraction(ReadOnlySpan<char> form, out byte[] wordLengths)
    {
        if (form.Length < _minContraction || form.Length > _maxContraction || !MayStartWith(_contractionFirst, form[0]))
        {
            wordLengths = null!;
            return false;
        }
        return _contractionLookup.TryGetValue(form, out wordLengths!);
    }

    private static IEnumerable<(string Line, long Number)> Entries(IEnumerable<string> lines)
    {
        long number = 0;
        foreach (var raw in lines)
        {
            number++;
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0 || line.StartsWith('#'))
                continue;
            yield return (line, number);
        }
    }

    private static TokenizerRules LoadEnglish()
    {
        static string[] Resource(string name)
        {
            var assembly = typeof(TokenizerRules).Assembly;
            using var stream = assembly.GetManifestResourceStream("TextKit.Tokenization.Resources.en." + name)
                ?? throw new TextKitException("TK400", $"Embedded tokenizer resource '{name}' is missing from {assembly.GetName().Name}; the build is broken.");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return reader.ReadToEnd().Split('\n');
        }
        return new TokenizerRules(Resource("abbreviations.txt"), Resource("contractions.txt"), Resource("special-tokens.txt"),
            Resource("hyphen-prefixes.txt"), "TextKit English rules");
    }
}
