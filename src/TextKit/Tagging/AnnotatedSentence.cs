using TextKit.Corpora;

namespace TextKit.Tagging;

/// <summary>The annotation layers a tagger predicts (the CoNLL-U columns UPOS, XPOS and FEATS).</summary>
[Flags]
public enum TagLayers
{
    /// <summary>No layer.</summary>
    None = 0,

    /// <summary>Universal POS tags (UD's 17 tags).</summary>
    Upos = 1,

    /// <summary>Language-specific tags: Penn Treebank tags in UD English, Brown tags for the Brown corpus.</summary>
    Xpos = 2,

    /// <summary>UD morphological features (FEATS: <c>Number=Sing|...</c>, <c>_</c> for none).</summary>
    Feats = 4,
}

/// <summary>
/// A sentence of words with up to three gold annotation layers (UPOS, XPOS, FEATS): the training and evaluation unit
/// of the taggers. It is built from the corpus types of <see cref="TextKit.Corpora"/> (<see cref="FromConllU"/> for
/// CoNLL-U, <see cref="FromTagged"/> for single-layer corpora such as Brown, read with <see cref="BrownCorpus"/>).
/// A layer is null when the corpus does not have it; otherwise it has one value per word.
/// </summary>
public sealed class AnnotatedSentence
{
    public AnnotatedSentence(IReadOnlyList<string> words, IReadOnlyList<string>? upos = null, IReadOnlyList<string>? xpos = null,
        IReadOnlyList<string>? feats = null, string? source = null, long line = 0)
    {
        ArgumentNullException.ThrowIfNull(words);
        Words = words;
        Upos = upos;
        Xpos = xpos;
        Feats = feats;
        Source = source;
        Line = line;
        Check(upos, nameof(upos));
        Check(xpos, nameof(xpos));
        Check(feats, nameof(feats));
    }

    /// <summary>The words (syntactic words for UD: multiword tokens are split).</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>Gold UPOS tags, or null.</summary>
    public IReadOnlyList<string>? Upos { get; }

    /// <summary>Gold XPOS tags (or the single tag layer of corpora like Brown), or null.</summary>
    public IReadOnlyList<string>? Xpos { get; }

    /// <summary>Gold FEATS values, or null.</summary>
    public IReadOnlyList<string>? Feats { get; }

    /// <summary>Where the sentence comes from (file name), for error messages; may be null.</summary>
    public string? Source { get; }

    /// <summary>1-based line of the sentence in <see cref="Source"/>, or 0.</summary>
    public long Line { get; }

    /// <summary>The layers present.</summary>
    public TagLayers Layers => (Upos is null ? 0 : TagLayers.Upos) | (Xpos is null ? 0 : TagLayers.Xpos) | (Feats is null ? 0 : TagLayers.Feats);

    /// <summary>The gold value of <paramref name="layer"/> (one of Upos, Xpos, Feats) at word <paramref name="i"/>.</summary>
    public string? Get(TagLayers layer, int i) => layer switch
    {
        TagLayers.Upos => Upos?[i],
        TagLayers.Xpos => Xpos?[i],
        TagLayers.Feats => Feats?[i],
        _ => throw new ArgumentOutOfRangeException(nameof(layer)),
    };

    /// <summary>"file:line" or "sentence" for error messages.</summary>
    public string Describe() => Source is null ? "sentence" : Line > 0 ? $"{Source}:{Line}" : Source;

    private void Check(IReadOnlyList<string>? layer, string name)
    {
        if (layer is not null && layer.Count != Words.Count)
            throw new ArgumentException($"{Describe()}: layer {name} has {layer.Count} values for {Words.Count} words.", name);
    }

    /// <summary>
    /// The sentence's syntactic words and their UPOS/XPOS/FEATS. A layer is null when every word of the sentence has
    /// <c>_</c> in that column (UPOS/XPOS; FEATS <c>_</c> means "no features" and is kept).
    /// </summary>
    public static AnnotatedSentence FromConllU(ConllUSentence sentence, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        var words = sentence.Words.ToArray();
        var forms = words.Select(w => w.Form).ToArray();
        string[]? upos = words.All(w => w.Upos == "_") ? null : words.Select(w => w.Upos).ToArray();
        string[]? xpos = words.All(w => w.Xpos == "_") ? null : words.Select(w => w.Xpos).ToArray();
        string[] feats = words.Select(w => w.Feats).ToArray();
        return new AnnotatedSentence(forms, upos, xpos, feats, source, sentence.SourceLine);
    }

    /// <summary>
    /// A single-layer <see cref="TaggedSentence"/> (e.g. Brown, possibly mapped with <see cref="BrownTags.ToBase"/>):
    /// its tags become the XPOS layer (language-specific tags).
    /// </summary>
    public static AnnotatedSentence FromTagged(TaggedSentence sentence, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        return new AnnotatedSentence(sentence.Tokens, xpos: sentence.Tags, source: source ?? sentence.FileId, line: sentence.SourceLine);
    }

    /// <summary>Reads a CoNLL-U file as annotated sentences.</summary>
    public static IEnumerable<AnnotatedSentence> ReadConllU(string path)
        => ConllUReader.ReadFile(path).Select(s => FromConllU(s, path));
}

/// <summary>The tags a tagger predicted for one sentence (a layer is null when the model does not predict it).</summary>
public sealed class PosTags
{
    public PosTags(string[]? upos, string[]? xpos, string[]? feats)
    {
        Upos = upos;
        Xpos = xpos;
        Feats = feats;
    }

    /// <summary>Predicted UPOS, or null.</summary>
    public string[]? Upos { get; }

    /// <summary>Predicted XPOS (or the single tag of a Brown-style model), or null.</summary>
    public string[]? Xpos { get; }

    /// <summary>Predicted FEATS (<c>_</c> for none), or null.</summary>
    public string[]? Feats { get; }

    /// <summary>The predicted values of <paramref name="layer"/>, or null.</summary>
    public string[]? Get(TagLayers layer) => layer switch
    {
        TagLayers.Upos => Upos,
        TagLayers.Xpos => Xpos,
        TagLayers.Feats => Feats,
        _ => throw new ArgumentOutOfRangeException(nameof(layer)),
    };
}

/// <summary>A part-of-speech tagger: the common surface of the perceptron and HMM taggers.</summary>
public interface IPosTagger
{
    /// <summary>The layers this tagger predicts.</summary>
    TagLayers Layers { get; }

    /// <summary>Tags one sentence of words (already tokenized). An empty sentence gives empty arrays.</summary>
    PosTags Tag(IReadOnlyList<string> words);
}
