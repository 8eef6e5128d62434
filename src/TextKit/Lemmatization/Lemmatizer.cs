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
        CheckLengths(forms.Length, upos.Length, xpos.Length, lemmas.Length);
        for (int i = 0; i < forms.Length; i++)
        {
            if (forms[i] is null)
                throw new ArgumentNullException(nameof(forms), $"forms[{i}] is null.");
        }
        Model.Lemmatize(new StringWordRun(forms, upos, xpos), lemmas);
    }

    /// <summary>
    /// Lemmatizes a run of ML.NET text values (<see cref="LemmatizeSentence(ReadOnlySpan{string}, ReadOnlySpan{string}, ReadOnlySpan{string}, Span{string})"/>
    /// for tokens that are slices of larger strings, as text loaders and tokenizers give them).
    /// </summary>
    public void LemmatizeSentence(ReadOnlySpan<ReadOnlyMemory<char>> forms, ReadOnlySpan<ReadOnlyMemory<char>> upos, ReadOnlySpan<ReadOnlyMemory<char>> xpos, Span<string> lemmas)
    {
        CheckLengths(forms.Length, upos.Length, xpos.Length, lemmas.Length);
        Model.Lemmatize(new MemoryWordRun(forms, upos, xpos), lemmas);
    }

    /// <summary>
    /// Fills the LEMMA column of every word of <paramref name="sentences"/> from its FORM (and UPOS and XPOS when
    /// <paramref name="usePos"/>), as one run: the look-ahead of
    /// <see cref="LemmatizeSentence(ReadOnlySpan{string}, ReadOnlySpan{string}, ReadOnlySpan{string}, Span{string})"/>
    /// then crosses sentence boundaries, which pays on short sentences. Same lemmas as one sentence at a time.
    /// </summary>
    public void Lemmatize(IReadOnlyList<ConllUSentence> sentences, bool usePos = true)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        int n = 0;
        foreach (var sentence in sentences)
            n += (sentence ?? throw new ArgumentNullException(nameof(sentences), "A sentence is null.")).Lines.Count;
        var pool = System.Buffers.ArrayPool<string>.Shared;
        string[] forms = pool.Rent(n), upos = pool.Rent(n), xpos = pool.Rent(n), lemmas = pool.Rent(n);
        try
        {
            // Plain loops over the token lines (no enumerators): on short sentences the walk over the token objects
            // costs as much as the lemmatization.
            int words = 0;
            foreach (var sentence in sentences)
            {
                foreach (var token in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(sentence.Lines))
                {
                    if (token.Kind != ConllULineKind.Word)
                        continue;
                    forms[words] = token.Form;
                    upos[words] = token.Upos;
                    xpos[words] = token.Xpos;
                    words++;
                }
            }
            if (usePos)
                LemmatizeSentence(forms.AsSpan(0, words), upos.AsSpan(0, words), xpos.AsSpan(0, words), lemmas);
            else
                LemmatizeSentence(forms.AsSpan(0, words), default(ReadOnlySpan<string>), default, lemmas);
            words = 0;
            foreach (var sentence in sentences)
            {
                foreach (var token in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(sentence.Lines))
                {
                    if (token.Kind == ConllULineKind.Word)
                        token.Lemma = lemmas[words++];
                }
            }
        }
        finally
        {
            // The used part cleared so that the pool does not keep the words alive (not the whole rented array: that
            // cost more than the lemmatization itself on short blocks).
            foreach (var array in (string[][])[forms, upos, xpos, lemmas])
            {
                Array.Clear(array, 0, n);
                pool.Return(array);
            }
        }
    }

    private static void CheckLengths(int forms, int upos, int xpos, int lemmas)
    {
        if (lemmas < forms)
            throw new ArgumentException($"lemmas has {lemmas} slots for {forms} words.", nameof(lemmas));
        if (upos != 0 && upos != forms)
            throw new ArgumentException($"upos has {upos} tags for {forms} words.", nameof(upos));
        if (xpos != 0 && xpos != forms)
            throw new ArgumentException($"xpos has {xpos} tags for {forms} words.", nameof(xpos));
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
        Lemmatize([sentence], usePos);
    }
}
