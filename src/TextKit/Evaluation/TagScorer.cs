using System.Globalization;
using System.Text;
using TextKit.Corpora;

namespace TextKit.Evaluation;

/// <summary>Tagging and lemmatisation accuracy of a predicted CoNLL-U file against gold (see <see cref="TagScorer"/>).</summary>
public sealed class TagScores
{
    public long Sentences { get; init; }

    /// <summary>Syntactic words scored (multiword-token lines and empty nodes excluded).</summary>
    public long Words { get; init; }

    public AccuracyScore Upos { get; init; }

    public AccuracyScore Xpos { get; init; }

    /// <summary>Universal features as a set (see <see cref="TagScorer.UniversalFeatureNames"/>).</summary>
    public AccuracyScore UFeats { get; init; }

    /// <summary>UPOS, XPOS and UFeats all correct.</summary>
    public AccuracyScore AllTags { get; init; }

    /// <summary>LEMMA equal (case-sensitive), or gold LEMMA is "_".</summary>
    public AccuracyScore Lemmas { get; init; }

    /// <summary>The five metrics by their CoNLL 2018 names, in the official order.</summary>
    public IReadOnlyList<(string Name, AccuracyScore Score)> Metrics =>
        [("UPOS", Upos), ("XPOS", Xpos), ("UFeats", UFeats), ("AllTags", AllTags), ("Lemmas", Lemmas)];
}

/// <summary>
/// Scores POS tags, features and lemmas with the CoNLL 2018 UD shared task definitions (conll18_ud_eval.py, Zeman et
/// al. 2018) for gold tokenization: the gold and predicted files must contain the same sentences with the same
/// syntactic words, so every word is aligned and precision = recall = F1 = accuracy.
/// <list type="bullet">
/// <item>Multiword-token lines (IDs "3-4") and empty nodes (IDs "8.1") are skipped; only words (integer IDs) count.</item>
/// <item>UPOS, XPOS: exact string match.</item>
/// <item>UFeats: the FEATS column reduced to the 21 universal features of the 2018 script (<see cref="UniversalFeatureNames"/>),
/// compared as a set (order-insensitive). Other features (e.g. ExtPos, NumForm, Style, layered Number[psor]) are ignored.</item>
/// <item>AllTags: UPOS, XPOS and UFeats all match.</item>
/// <item>Lemmas: exact, case-sensitive match; a word whose gold LEMMA is "_" counts as correct whatever is predicted.</item>
/// </list>
/// Word forms are compared after removing Unicode space separators (category Zs), as the official script does; any
/// other difference, or a different number of sentences or words, is an error (TK240, TK241) naming the sentence
/// (1-based index and sent_id) and the lines in both files. Nothing to score (no gold words) is TK244.
/// </summary>
public static class TagScorer
{
    /// <summary>The universal features of conll18_ud_eval.py (UD v2 as of 2018).</summary>
    public static IReadOnlySet<string> UniversalFeatureNames { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "PronType", "NumType", "Poss", "Reflex", "Foreign", "Abbr", "Gender", "Animacy", "Number", "Case", "Definite",
        "Degree", "VerbForm", "Mood", "Tense", "Aspect", "Voice", "Evident", "Polarity", "Person", "Polite",
    };

    /// <summary>Scores two CoNLL-U files.</summary>
    public static TagScores ScoreFiles(string goldPath, string predictedPath)
        => Score(ConllUReader.ReadFile(goldPath), ConllUReader.ReadFile(predictedPath), goldPath, predictedPath);

    /// <summary>Scores predicted sentences against gold sentences, in order.</summary>
    public static TagScores Score(IEnumerable<ConllUSentence> gold, IEnumerable<ConllUSentence> predicted,
        string goldSource = "gold", string predictedSource = "predicted")
    {
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(predicted);
        long sentences = 0, words = 0, upos = 0, xpos = 0, feats = 0, all = 0, lemmas = 0;
        using var g = gold.GetEnumerator();
        using var p = predicted.GetEnumerator();
        while (true)
        {
            bool hasGold = g.MoveNext();
            bool hasPred = p.MoveNext();
            if (!hasGold && !hasPred)
                break;
            if (hasGold != hasPred)
            {
                var (longer, shorterSource, extra) = hasGold ? (goldSource, predictedSource, g.Current) : (predictedSource, goldSource, p.Current);
                throw new TextKitException("TK240",
                    $"{shorterSource} has {sentences} sentences but {longer} has more: sentence {sentences + 1}{SentIdText(extra)} at {longer}:{extra.SourceLine} has no counterpart. Score files with the same sentences (gold tokenization).");
            }
            sentences++;
            var gs = g.Current;
            var ps = p.Current;
            var gw = WordLines(gs);
            var pw = WordLines(ps);
            if (gw.Count != pw.Count)
                throw new TextKitException("TK241",
                    $"sentence {sentences}{SentIdText(gs)} has {gw.Count} words in {goldSource}:{gs.SourceLine} but {pw.Count} in {predictedSource}:{ps.SourceLine}; the word sequences must be identical.");
            for (int i = 0; i < gw.Count; i++)
            {
                var (gt, gLine) = gw[i];
                var (pt, pLine) = pw[i];
                if (!FormsEqual(gt.Form, pt.Form))
                    throw new TextKitException("TK241",
                        $"sentence {sentences}{SentIdText(gs)}, word {i + 1}: '{gt.Form}' at {goldSource}:{gs.SourceLine + gLine} but '{pt.Form}' at {predictedSource}:{ps.SourceLine + pLine}; the word sequences must be identical.");
                words++;
                bool u = gt.Upos == pt.Upos;
                bool x = gt.Xpos == pt.Xpos;
                bool f = UniversalFeatures(gt.Feats) == UniversalFeatures(pt.Feats);
                if (u) upos++;
                if (x) xpos++;
                if (f) feats++;
                if (u && x && f) all++;
                if (gt.Lemma == "_" || gt.Lemma == pt.Lemma) lemmas++;
            }
        }
        if (words == 0)
            throw new TextKitException("TK244", $"{goldSource} contains no words; there is nothing to score.");
        return new TagScores
        {
            Sentences = sentences,
            Words = words,
            Upos = new(upos, words),
            Xpos = new(xpos, words),
            UFeats = new(feats, words),
            AllTags = new(all, words),
            Lemmas = new(lemmas, words),
        };
    }

    /// <summary>
    /// The UFeats comparison key of a FEATS value: its universal features, sorted, joined by '|'
    /// ("" for "_" or when none is universal). "Number=Sing|Foo=Bar|Case=Nom" → "Case=Nom|Number=Sing".
    /// </summary>
    public static string UniversalFeatures(string feats)
    {
        ArgumentNullException.ThrowIfNull(feats);
        if (feats == "_" || feats.Length == 0)
            return "";
        var kept = new List<string>();
        foreach (var feature in feats.Split('|'))
        {
            int eq = feature.IndexOf('=');
            var name = eq < 0 ? feature : feature[..eq];
            if (UniversalFeatureNames.Contains(name))
                kept.Add(feature);
        }
        kept.Sort(StringComparer.Ordinal);
        return string.Join('|', kept);
    }

    private static string SentIdText(ConllUSentence s) => s.SentId is { } id ? $" (sent_id {id})" : "";

    /// <summary>The word lines with their offset from the sentence's first line.</summary>
    private static List<(ConllUToken Token, int Offset)> WordLines(ConllUSentence s)
    {
        var result = new List<(ConllUToken, int)>();
        for (int i = 0; i < s.Lines.Count; i++)
            if (s.Lines[i].Kind == ConllULineKind.Word)
                result.Add((s.Lines[i], s.Comments.Count + i));
        return result;
    }

    private static bool FormsEqual(string a, string b) => a == b || StripSpaces(a) == StripSpaces(b);

    private static string StripSpaces(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var rune in s.EnumerateRunes())
            if (Rune.GetUnicodeCategory(rune) != UnicodeCategory.SpaceSeparator)
                sb.Append(rune.ToString());
        return sb.ToString();
    }
}
