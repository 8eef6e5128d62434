using System.Globalization;
using System.Text;

namespace TextKit.Segmentation;

/// <summary>Where a word type was seen, and with which case (Punkt's orthographic context, Kiss &amp; Strunk 2006).</summary>
[Flags]
public enum OrthographicContext : byte
{
    /// <summary>Never seen.</summary>
    None = 0,

    /// <summary>Seen capitalized at the start of a sentence.</summary>
    UpperFirst = 1,

    /// <summary>Seen capitalized inside a sentence.</summary>
    UpperMiddle = 2,

    /// <summary>Seen lower-case at the start of a sentence.</summary>
    LowerFirst = 4,

    /// <summary>Seen lower-case inside a sentence.</summary>
    LowerMiddle = 8,
}

/// <summary>
/// The learned parameters of a <see cref="SentenceSegmenter"/>: Punkt-style abbreviation types, orthographic contexts and
/// frequent sentence starters (learned from plain text by PunktTrainer), and optionally the weights of a
/// boundary classifier (learned from sentence-segmented CoNLL-U by <see cref="SegmenterTrainer"/>). Immutable once
/// built; saved as a small text file (see <see cref="Save(TextWriter)"/>).
/// </summary>
public sealed class SegmenterModel
{
    // File format versions:
    //   1: "# textkit-segmenter 1" header, "# " comment lines (provenance, licence), sections [abbreviations],
    //      [orthography] (word TAB flags), [starters], [weights] (feature TAB float, invariant culture).
    internal const int FormatVersion = 1;
    private const string Header = "# textkit-segmenter";

    private static readonly Lazy<SegmenterModel> s_english = new(LoadEnglish);

    private readonly HashSet<string> _abbreviations;
    private readonly Dictionary<string, OrthographicContext> _orthography;
    private readonly HashSet<string> _starters;
    private readonly Dictionary<string, float> _weights;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _abbreviationLookup;
    private readonly Dictionary<string, OrthographicContext>.AlternateLookup<ReadOnlySpan<char>> _orthographyLookup;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _starterLookup;
    private readonly Dictionary<string, float>.AlternateLookup<ReadOnlySpan<char>> _weightLookup;

    /// <summary>Creates a model. Word types are stored lower-case; abbreviation types without their final period.</summary>
    public SegmenterModel(IEnumerable<string>? abbreviations = null, IReadOnlyDictionary<string, OrthographicContext>? orthography = null,
        IEnumerable<string>? sentenceStarters = null, IReadOnlyDictionary<string, float>? weights = null, IEnumerable<string>? notes = null)
    {
        _abbreviations = new HashSet<string>((abbreviations ?? []).Select(a => a.TrimEnd('.').ToLowerInvariant()).Where(a => a.Length > 0), StringComparer.Ordinal);
        _orthography = new Dictionary<string, OrthographicContext>(StringComparer.Ordinal);
        foreach (var (word, flags) in orthography ?? new Dictionary<string, OrthographicContext>())
            _orthography[word.ToLowerInvariant()] = flags;
        _starters = new HashSet<string>((sentenceStarters ?? []).Select(s => s.ToLowerInvariant()), StringComparer.Ordinal);
        _weights = new Dictionary<string, float>(weights ?? new Dictionary<string, float>(), StringComparer.Ordinal);
        Notes = (notes ?? []).ToArray();
        _abbreviationLookup = _abbreviations.GetAlternateLookup<ReadOnlySpan<char>>();
        _orthographyLookup = _orthography.GetAlternateLookup<ReadOnlySpan<char>>();
        _starterLookup = _starters.GetAlternateLookup<ReadOnlySpan<char>>();
        _weightLookup = _weights.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>A model with no learned data: the segmenter then relies on its rules and the tokenizer's abbreviations.</summary>
    public static SegmenterModel Empty { get; } = new();

    /// <summary>
    /// The shipped English model: a boundary classifier trained on UD English EWT train (CC BY-SA 4.0; see
    /// <c>models/MODELS.md</c>), built by <c>scripts/train-segmenter.sh</c>.
    /// </summary>
    public static SegmenterModel English => s_english.Value;

    /// <summary>Abbreviation types (lower-case, no final period).</summary>
    public IReadOnlyCollection<string> Abbreviations => _abbreviations;

    /// <summary>Orthographic context per lower-case word type.</summary>
    public IReadOnlyDictionary<string, OrthographicContext> Orthography => _orthography;

    /// <summary>Frequent sentence starters (lower-case).</summary>
    public IReadOnlyCollection<string> SentenceStarters => _starters;

    /// <summary>Boundary-classifier feature weights (empty for a Punkt-only model).</summary>
    public IReadOnlyDictionary<string, float> Weights => _weights;

    /// <summary>Provenance and licence lines written as comments.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>True when the model carries boundary-classifier weights.</summary>
    public bool HasClassifier => _weights.Count > 0;

    internal bool IsAbbreviation(ReadOnlySpan<char> lowerTypeWithoutPeriod) => _abbreviationLookup.Contains(lowerTypeWithoutPeriod);

    internal OrthographicContext Orthographic(ReadOnlySpan<char> lowerType)
        => _orthographyLookup.TryGetValue(lowerType, out var flags) ? flags : OrthographicContext.None;

    internal bool IsStarter(ReadOnlySpan<char> lowerType) => _starterLookup.Contains(lowerType);

    internal float Weight(ReadOnlySpan<char> feature) => _weightLookup.TryGetValue(feature, out var w) ? w : 0f;

    /// <summary>Writes the model as text (format version 1, UTF-8, '\n' line ends, deterministic order).</summary>
    public void Save(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write($"{Header} {FormatVersion}\n");
        foreach (var note in Notes)
            writer.Write($"# {note.Replace('\n', ' ')}\n");
        writer.Write("[abbreviations]\n");
        foreach (var a in _abbreviations.Order(StringComparer.Ordinal))
            writer.Write(a + "\n");
        writer.Write("[orthography]\n");
        foreach (var (word, flags) in _orthography.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            writer.Write($"{word}\t{(int)flags}\n");
        writer.Write("[starters]\n");
        foreach (var s in _starters.Order(StringComparer.Ordinal))
            writer.Write(s + "\n");
        writer.Write("[weights]\n");
        foreach (var (feature, weight) in _weights.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            writer.Write($"{feature}\t{weight.ToString("R", CultureInfo.InvariantCulture)}\n");
    }

    /// <summary>Saves to a file.</summary>
    public void Save(string path)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        Save(writer);
    }

    /// <summary>Reads a model written by <see cref="Save(TextWriter)"/>; malformed input fails with file:line.</summary>
    public static SegmenterModel Load(TextReader reader, string source = "<segmenter model>")
    {
        ArgumentNullException.ThrowIfNull(reader);
        var header = reader.ReadLine();
        if (header is null || !header.StartsWith(Header + " ", StringComparison.Ordinal))
            throw new TextKitFormatException("TK410", source, 1, $"not a TextKit segmenter model (expected '{Header} {FormatVersion}').");
        if (!int.TryParse(header.AsSpan(Header.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int version) || version < 1)
            throw new TextKitFormatException("TK410", source, 1, $"invalid format version in '{header}'.");
        if (version > FormatVersion)
            throw new TextKitFormatException("TK411", source, 1, $"format version {version} was written by a newer TextKit (this one reads up to {FormatVersion}).");
        var abbreviations = new List<string>();
        var orthography = new Dictionary<string, OrthographicContext>(StringComparer.Ordinal);
        var starters = new List<string>();
        var weights = new Dictionary<string, float>(StringComparer.Ordinal);
        var notes = new List<string>();
        string? section = null;
        long number = 1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            number++;
            if (line.Length == 0)
                continue;
            if (line.StartsWith("# ", StringComparison.Ordinal) && section is null)
            {
                notes.Add(line[2..]);
                continue;
            }
            if (line[0] == '[' && line[^1] == ']')
            {
                section = line[1..^1];
                if (section is not ("abbreviations" or "orthography" or "starters" or "weights"))
                    throw new TextKitFormatException("TK412", source, number, $"unknown section '[{section}]'.");
                continue;
            }
            switch (section)
            {
                case "abbreviations":
                    abbreviations.Add(line);
                    break;
                case "starters":
                    starters.Add(line);
                    break;
                case "orthography":
                {
                    int tab = line.LastIndexOf('\t');
                    if (tab <= 0 || !byte.TryParse(line.AsSpan(tab + 1), NumberStyles.None, CultureInfo.InvariantCulture, out byte flags) || flags > 15)
                        throw new TextKitFormatException("TK413", source, number, "expected 'word<TAB>flags' with flags 0..15.");
                    orthography[line[..tab]] = (OrthographicContext)flags;
                    break;
                }
                case "weights":
                {
                    int tab = line.LastIndexOf('\t');
                    if (tab <= 0 || !float.TryParse(line.AsSpan(tab + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out float w) || !float.IsFinite(w))
                        throw new TextKitFormatException("TK413", source, number, "expected 'feature<TAB>weight' with a finite number.");
                    weights[line[..tab]] = w;
                    break;
                }
                default:
                    throw new TextKitFormatException("TK412", source, number, "data line before any section header.");
            }
        }
        return new SegmenterModel(abbreviations, orthography, starters, weights, notes);
    }

    /// <summary>Loads a model file.</summary>
    public static SegmenterModel Load(string path)
    {
        if (!File.Exists(path))
            throw new TextKitException("TK414", $"Segmenter model file '{path}' does not exist.");
        using var reader = new StreamReader(path, new UTF8Encoding(false, throwOnInvalidBytes: true));
        try
        {
            return Load(reader, path);
        }
        catch (DecoderFallbackException e)
        {
            throw new TextKitFormatException("TK410", path, 0, "invalid UTF-8.", e);
        }
    }

    private static SegmenterModel LoadEnglish()
    {
        var assembly = typeof(SegmenterModel).Assembly;
        const string name = "TextKit.Segmentation.Resources.en.ewt-segmenter.txt";
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new TextKitException("TK415", $"The shipped segmenter model '{name}' is missing from {assembly.GetName().Name}; rebuild it with scripts/train-segmenter.sh.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Load(reader, name);
    }
}
