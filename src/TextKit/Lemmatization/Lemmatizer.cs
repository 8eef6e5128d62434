using TextKit.Corpora;
using TextKit.Morphology;

namespace TextKit.Lemmatization;

/// <summary>
/// POS-aware lemmatizer following UD conventions (EWT for English): the lemma of a form given its UPOS tag and,
/// when available, its XPOS tag. Known words come from the training lexicon (exact form, then case-insensitive);
/// unknown words from suffix rules learned per (UPOS, XPOS), checked against WordNet and the training lemmas, with
/// WordNet's irregular-form lists; proper nouns keep their capitals, other words are lower-cased; numbers and
/// punctuation follow the training data's conventions. Thread-safe; known words are looked up without allocating.
/// </summary>
public sealed class Lemmatizer
{
    /// <summary>Wraps a trained (or loaded) model.</summary>
    public Lemmatizer(MorphologyModel model)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
    }

    /// <summary>The English lemmatizer shipped with TextKit (trained on UD EWT train + WordNet; see models/MODELS.md).</summary>
    public static Lemmatizer English => s_english.Value;

    private static readonly Lazy<Lemmatizer> s_english = new(() => new Lemmatizer(EnglishModels.Morphology), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The model behind this lemmatizer (shared with <see cref="MorphologicalAnalyzer"/>).</summary>
    public MorphologyModel Model { get; }

    /// <summary>
    /// The lemma of <paramref name="form"/>. <paramref name="upos"/> and <paramref name="xpos"/> may be empty (or
    /// <c>_</c>) when unknown: the most likely reading is used then. An empty form gives an empty lemma.
    /// </summary>
    public string Lemmatize(ReadOnlySpan<char> form, ReadOnlySpan<char> upos = default, ReadOnlySpan<char> xpos = default)
        => Model.Lemmatize(form, upos, xpos);

    /// <summary>The lemma of <paramref name="form"/> (returns <paramref name="form"/> itself when it is its own lemma and not cached).</summary>
    public string Lemmatize(string form, string? upos = null, string? xpos = null)
    {
        ArgumentNullException.ThrowIfNull(form);
        return Model.Lemmatize(form, upos, xpos, form);
    }

    /// <summary>
    /// Lemmatizes a sentence: <paramref name="lemmas"/>[i] receives the lemma of <paramref name="forms"/>[i].
    /// </summary>
    public void LemmatizeSentence(IReadOnlyList<string> forms, IReadOnlyList<string>? upos, IReadOnlyList<string>? xpos, Span<string> lemmas)
    {
        ArgumentNullException.ThrowIfNull(forms);
        if (lemmas.Length < forms.Count)
            throw new ArgumentException($"lemmas has {lemmas.Length} slots for {forms.Count} words.", nameof(lemmas));
        if (upos is not null && upos.Count != forms.Count)
            throw new ArgumentException($"upos has {upos.Count} tags for {forms.Count} words.", nameof(upos));
        if (xpos is not null && xpos.Count != forms.Count)
            throw new ArgumentException($"xpos has {xpos.Count} tags for {forms.Count} words.", nameof(xpos));
        if (AsSpan(forms, out var formSpan) && AsSpan(upos, out var uposSpan) && AsSpan(xpos, out var xposSpan))
        {
            LemmatizeSentence(formSpan, uposSpan, xposSpan, lemmas);
            return;
        }
        for (int i = 0; i < forms.Count; i++)
            lemmas[i] = Lemmatize(forms[i], upos?[i], xpos?[i]);
    }

    /// <summary>
    /// Lemmatizes a sentence (or any run of words): <paramref name="lemmas"/>[i] receives the lemma of
    /// <paramref name="forms"/>[i]. Empty <paramref name="upos"/> / <paramref name="xpos"/> mean "not known". Same lemmas
    /// as one <see cref="Lemmatize(string, string?, string?)"/> call per word, faster on long runs: the next words'
    /// strings and table slots are loaded while the current word is looked up.
    /// </summary>
    public void LemmatizeSentence(ReadOnlySpan<string> forms, ReadOnlySpan<string> upos, ReadOnlySpan<string> xpos, Span<string> lemmas)
    {
        if (lemmas.Length < forms.Length)
            throw new ArgumentException($"lemmas has {lemmas.Length} slots for {forms.Length} words.", nameof(lemmas));
        if (!upos.IsEmpty && upos.Length != forms.Length)
            throw new ArgumentException($"upos has {upos.Length} tags for {forms.Length} words.", nameof(upos));
        if (!xpos.IsEmpty && xpos.Length != forms.Length)
            throw new ArgumentException($"xpos has {xpos.Length} tags for {forms.Length} words.", nameof(xpos));
        for (int i = 0; i < forms.Length; i++)
        {
            if (forms[i] is null)
                throw new ArgumentNullException(nameof(forms), $"forms[{i}] is null.");
        }
        Model.Lemmatize(forms, upos, xpos, lemmas);
    }

    /// <summary>The list as a span when it is an array or a list (null: an empty span); false for other lists.</summary>
    private static bool AsSpan(IReadOnlyList<string>? list, out ReadOnlySpan<string> span)
    {
        switch (list)
        {
            case string[] array:
                span = array;
                return true;
            case List<string> items:
                span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(items);
                return true;
            default:
                span = default;
                return list is null;
        }
    }

    /// <summary>Fills the LEMMA column of every word of <paramref name="sentence"/> from its FORM, UPOS and XPOS.</summary>
    public void Lemmatize(ConllUSentence sentence, bool usePos = true)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        foreach (var word in sentence.Words)
            word.Lemma = usePos ? Lemmatize(word.Form, word.Upos, word.Xpos) : Lemmatize(word.Form);
    }
}
