using System.Buffers;
using System.Collections.Concurrent;

namespace TextKit.Morphology;

/// <summary>
/// Word → possible analyses (lemma, UPOS, XPOS, UD features, probability). Known words (seen in training, exactly or
/// up to case) get their observed readings with relative frequencies; unknown words get the tags a suffix-and-shape
/// guesser learned from rare training words, each with the lemma the lemmatizer gives for that tag. This is the
/// unknown-word component taggers use: <c>Analyze(word)</c> proposes candidate tags, <c>Analyze(word, upos, xpos)</c>
/// completes a tagged word with its lemma and features. Thread-safe.
/// </summary>
public sealed class MorphologicalAnalyzer
{
    private static readonly Lazy<MorphologicalAnalyzer> s_english = new(() => new MorphologicalAnalyzer(EnglishModels.Morphology), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly ConcurrentDictionary<Reading[], MorphAnalysis[]> _known = new(ReferenceEqualityComparer.Instance);
    private readonly Lazy<int[]> _classFeats;

    /// <summary>Wraps a trained (or loaded) model.</summary>
    public MorphologicalAnalyzer(MorphologyModel model)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        _classFeats = new Lazy<int[]>(ComputeClassFeats, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The English analyzer shipped with TextKit (same model as <c>Lemmatizer.English</c>).</summary>
    public static MorphologicalAnalyzer English => s_english.Value;

    /// <summary>The model behind this analyzer.</summary>
    public MorphologyModel Model { get; }

    /// <summary>Whether <paramref name="word"/> was seen in training (exactly or up to case).</summary>
    public bool IsKnown(ReadOnlySpan<char> word)
    {
        if (word.IsEmpty)
            return false;
        if (Model.TryGetReadings(word, out _))
            return true;
        return WithLower(word, this, static (self, _, lower) => self.Model.TryGetLowerReadings(lower, out Reading[] _));
    }

    /// <summary>
    /// All analyses of <paramref name="word"/>, most probable first; probabilities sum to 1. Empty for an empty
    /// word. Known words return a cached list (no allocation after the first call).
    /// </summary>
    public IReadOnlyList<MorphAnalysis> Analyze(ReadOnlySpan<char> word)
    {
        if (word.IsEmpty)
            return [];
        if (Model.TryGetReadings(word, out var readings))
            return _known.GetOrAdd(readings, r => ToAnalyses(r, null));
        return WithLower(word, this, static (self, form, lower) => self.AnalyzeByLowerOrGuess(form, lower));
    }

    /// <summary>
    /// The analyses of <paramref name="word"/> that agree with <paramref name="upos"/> (and <paramref name="xpos"/>
    /// unless empty), renormalised. When none agrees (e.g. a tagger chose a tag the word never had), a single analysis
    /// is made: the lemmatizer's lemma for that tag and the features most often seen with the tag.
    /// </summary>
    public IReadOnlyList<MorphAnalysis> Analyze(ReadOnlySpan<char> word, ReadOnlySpan<char> upos, ReadOnlySpan<char> xpos = default)
    {
        if (upos.IsEmpty || upos is "_")
            return Analyze(word);
        var all = Analyze(word);
        bool anyXpos = xpos.IsEmpty || xpos is "_";
        var matching = new List<MorphAnalysis>();
        double total = 0;
        foreach (var a in all)
        {
            if (upos.SequenceEqual(a.Upos) && (anyXpos || xpos.SequenceEqual(a.Xpos)))
            {
                matching.Add(a);
                total += a.Probability;
            }
        }
        if (matching.Count > 0)
            return matching.Select(a => a with { Probability = total > 0 ? a.Probability / total : 1.0 / matching.Count }).ToArray();
        if (word.IsEmpty)
            return [];
        var lemma = Model.Lemmatize(word, upos, xpos);
        int u = Model.UposId(upos);
        int x = u >= 0 ? Model.XposId(xpos) : -1;
        string feats = "_";
        if (u >= 0)
        {
            int f = _classFeats.Value[Model.PosClass(u, x)];
            if (f < 0)
                f = _classFeats.Value[Model.PosClass(u, -1)];
            if (f >= 0)
                feats = Model.Data.FeatsNames[f];
        }
        return [new MorphAnalysis(lemma, upos.ToString(), anyXpos ? "_" : xpos.ToString(), feats, 1.0)];
    }

    /// <summary>The most probable analysis agreeing with the given tags (see <see cref="Analyze(ReadOnlySpan{char}, ReadOnlySpan{char}, ReadOnlySpan{char})"/>).</summary>
    public MorphAnalysis? Best(ReadOnlySpan<char> word, ReadOnlySpan<char> upos = default, ReadOnlySpan<char> xpos = default)
    {
        var analyses = Analyze(word, upos, xpos);
        return analyses.Count > 0 ? analyses[0] : null;
    }

    private MorphAnalysis[] AnalyzeByLowerOrGuess(ReadOnlySpan<char> form, ReadOnlySpan<char> lower)
    {
        if (Model.TryGetLowerReadings(lower, out var readings))
            return ToAnalyses(readings, form.ToString());
        return Model.GuessReadings(form, lower, null).Select(g => MakeAnalysis(g.Tag, g.Lemma, g.Probability)).ToArray();
    }

    private MorphAnalysis[] ToAnalyses(Reading[] readings, string? form)
    {
        double total = 0;
        foreach (var r in readings)
            total += r.Count;
        var lower = form?.ToLowerInvariant();
        var result = new MorphAnalysis[readings.Length];
        for (int i = 0; i < readings.Length; i++)
        {
            var r = readings[i];
            var lemma = r.Lemma;
            if (form is not null && Model.KeepsCase(Model.PosClassOf(Model.Data.Tags[r.Tag])))
                lemma = Model.KeepCaseLemma(form, lower, r.Lemma, form);
            result[i] = MakeAnalysis(r.Tag, lemma, r.Count / total);
        }
        return result;
    }

    private MorphAnalysis MakeAnalysis(int tagId, string lemma, double probability)
    {
        var data = Model.Data;
        var tag = data.Tags[tagId];
        return new MorphAnalysis(lemma, data.UposNames[tag.Upos], tag.Xpos >= 0 ? data.XposNames[tag.Xpos] : "_", data.FeatsNames[tag.Feats], probability);
    }

    /// <summary>Most frequent FEATS per (UPOS, XPOS) class over the training readings (-1 when the class is empty).</summary>
    private int[] ComputeClassFeats()
    {
        var data = Model.Data;
        int classes = data.UposNames.Length * (data.XposNames.Length + 1);
        var counts = new Dictionary<(int Class, int Feats), long>();
        foreach (var readings in data.Forms.Values)
        {
            foreach (var r in readings)
            {
                var tag = data.Tags[r.Tag];
                foreach (int c in new[] { Model.PosClass(tag.Upos, tag.Xpos), Model.PosClass(tag.Upos, -1) })
                    counts[(c, tag.Feats)] = counts.GetValueOrDefault((c, tag.Feats)) + r.Count;
            }
        }
        var best = Enumerable.Repeat(-1, classes).ToArray();
        var bestCount = new long[classes];
        foreach (var ((c, f), n) in counts.OrderBy(kv => kv.Key.Feats))
        {
            if (n > bestCount[c])
            {
                bestCount[c] = n;
                best[c] = f;
            }
        }
        return best;
    }

    private static TResult WithLower<TState, TResult>(ReadOnlySpan<char> word, TState state, LowerFunc<TState, TResult> func)
    {
        char[]? rented = null;
        Span<char> lower = word.Length <= 128 ? stackalloc char[128] : (rented = ArrayPool<char>.Shared.Rent(word.Length));
        try
        {
            lower = lower[..word.Length];
            word.ToLowerInvariant(lower);
            return func(state, word, lower);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<char>.Shared.Return(rented);
        }
    }

    private delegate TResult LowerFunc<in TState, out TResult>(TState state, ReadOnlySpan<char> form, ReadOnlySpan<char> lower);
}
