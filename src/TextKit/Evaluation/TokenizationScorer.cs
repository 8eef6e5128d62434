using System.Globalization;
using System.Text;
using TextKit.Corpora;

namespace TextKit.Evaluation;

/// <summary>Precision, recall and F1 of one CoNLL 2018 metric.</summary>
/// <param name="Gold">Number of gold units.</param>
/// <param name="System">Number of system units.</param>
/// <param name="Correct">Units matched (same span, or aligned words).</param>
public sealed record SpanScore(int Gold, int System, int Correct)
{
    /// <summary>Correct / System (0 when the system produced nothing).</summary>
    public double Precision => System == 0 ? 0 : (double)Correct / System;

    /// <summary>Correct / Gold (0 when the gold is empty).</summary>
    public double Recall => Gold == 0 ? 0 : (double)Correct / Gold;

    /// <summary>2·Correct / (Gold + System), the CoNLL 2018 F1.</summary>
    public double F1 => Gold + System == 0 ? 0 : 2.0 * Correct / (Gold + System);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"P {100 * Precision:F2}  R {100 * Recall:F2}  F1 {100 * F1:F2}  (gold {Gold}, system {System}, correct {Correct})");
}

/// <summary>The CoNLL 2018 segmentation metrics.</summary>
/// <param name="Tokens">Surface tokens with identical character spans.</param>
/// <param name="Sentences">Sentences with identical character spans.</param>
/// <param name="Words">Syntactic words aligned by the CoNLL 2018 procedure (spans, LCS inside multiword spans).</param>
public sealed record TokenizationScores(SpanScore Tokens, SpanScore Sentences, SpanScore Words);

/// <summary>
/// Scores a system tokenization and sentence segmentation against gold CoNLL-U with the definitions of the CoNLL 2018
/// UD shared task evaluation (conll18_ud_eval.py, Straka &amp; Popel): both files are reduced to the sequence of their
/// non-space characters (FORM without Unicode Zs characters, multiword tokens counted once), which must be identical;
/// tokens and sentences are compared as spans over it; words outside multiword tokens are aligned by span and words
/// inside a multiword span by the longest common subsequence of their lower-cased forms.
/// </summary>
public static class TokenizationScorer
{
    /// <summary>Scores two CoNLL-U files.</summary>
    public static TokenizationScores ScoreFiles(string goldPath, string systemPath)
        => Score(ConllUReader.ReadFile(goldPath), ConllUReader.ReadFile(systemPath), goldPath, systemPath);

    /// <summary>Scores system sentences against gold sentences (names are used in error messages).</summary>
    public static TokenizationScores Score(IEnumerable<ConllUSentence> gold, IEnumerable<ConllUSentence> system,
        string goldName = "gold", string systemName = "system")
    {
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(system);
        var g = Representation.Build(gold);
        var s = Representation.Build(system);
        CheckSameCharacters(g, s, goldName, systemName);
        return new TokenizationScores(
            SpansScore(g.Tokens, s.Tokens),
            SpansScore(g.Sentences, s.Sentences),
            new SpanScore(g.Words.Count, s.Words.Count, AlignWords(g.Words, s.Words)));
    }

    private static void CheckSameCharacters(Representation g, Representation s, string goldName, string systemName)
    {
        var gc = g.Characters;
        var sc = s.Characters;
        int n = Math.Min(gc.Length, sc.Length);
        int i = 0;
        while (i < n && gc[i] == sc[i])
            i++;
        if (i == n && gc.Length == sc.Length)
            return;
        string Context(string chars, int at) => chars.Substring(Math.Max(0, at - 10), Math.Min(chars.Length, at + 20) - Math.Max(0, at - 10)).Replace("\n", " ");
        throw new TextKitException("TK220",
            $"The texts of the two files differ at non-space character {i} (gold {goldName}:{g.LineOf(i)}, system {systemName}:{s.LineOf(i)}): " +
            $"gold '…{Context(gc, i)}…' vs system '…{Context(sc, i)}…'. Both files must tokenize the same raw text; " +
            "the scorer ignores only whitespace (Unicode Zs) inside FORMs.");
    }

    private static SpanScore SpansScore(List<(int Start, int End)> gold, List<(int Start, int End)> system)
    {
        int correct = 0, gi = 0, si = 0;
        while (gi < gold.Count && si < system.Count)
        {
            if (system[si].Start < gold[gi].Start)
                si++;
            else if (gold[gi].Start < system[si].Start)
                gi++;
            else
            {
                if (gold[gi].End == system[si].End)
                    correct++;
                gi++;
                si++;
            }
        }
        return new SpanScore(gold.Count, system.Count, correct);
    }

    private readonly record struct Word(int Start, int End, bool IsMultiword, string Form);

    private static int AlignWords(List<Word> gold, List<Word> system)
    {
        int aligned = 0, gi = 0, si = 0;
        while (gi < gold.Count && si < system.Count)
        {
            if (gold[gi].IsMultiword || system[si].IsMultiword)
            {
                var (gs, ss) = (gi, si);
                (gs, ss, gi, si) = FindMultiwordSpan(gold, system, gi, si);
                if (si > ss && gi > gs)
                    aligned += Lcs(gold, system, gs, gi, ss, si);
            }
            else if (gold[gi].Start == system[si].Start && gold[gi].End == system[si].End)
            {
                aligned++;
                gi++;
                si++;
            }
            else if (gold[gi].Start <= system[si].Start)
                gi++;
            else
                si++;
        }
        return aligned;
    }

    private static bool BeyondEnd(List<Word> words, int i, int end)
        => i >= words.Count || (words[i].IsMultiword ? words[i].Start >= end : words[i].End > end);

    private static int ExtendEnd(Word word, int end) => word.IsMultiword && word.End > end ? word.End : end;

    private static (int Gs, int Ss, int Gi, int Si) FindMultiwordSpan(List<Word> gold, List<Word> system, int gi, int si)
    {
        int end;
        if (gold[gi].IsMultiword)
        {
            end = gold[gi].End;
            if (!system[si].IsMultiword && system[si].Start < gold[gi].Start)
                si++;
        }
        else
        {
            end = system[si].End;
            if (!gold[gi].IsMultiword && gold[gi].Start < system[si].Start)
                gi++;
        }
        int gs = gi, ss = si;
        while (!BeyondEnd(gold, gi, end) || !BeyondEnd(system, si, end))
        {
            if (gi < gold.Count && (si >= system.Count || gold[gi].Start <= system[si].Start))
            {
                end = ExtendEnd(gold[gi], end);
                gi++;
            }
            else
            {
                end = ExtendEnd(system[si], end);
                si++;
            }
        }
        return (gs, ss, gi, si);
    }

    /// <summary>Number of words aligned by LCS of lower-cased forms inside one multiword span (greedy walk as in the reference).</summary>
    private static int Lcs(List<Word> gold, List<Word> system, int gs, int gi, int ss, int si)
    {
        int gn = gi - gs, sn = si - ss;
        var lcs = new int[gn + 1, sn + 1];
        for (int g = gn - 1; g >= 0; g--)
        {
            for (int s = sn - 1; s >= 0; s--)
            {
                int best = SameForm(gold[gs + g], system[ss + s]) ? 1 + lcs[g + 1, s + 1] : 0;
                best = Math.Max(best, lcs[g + 1, s]);
                lcs[g, s] = Math.Max(best, lcs[g, s + 1]);
            }
        }
        int count = 0, gg = 0, sss = 0;
        while (gg < gn && sss < sn)
        {
            if (SameForm(gold[gs + gg], system[ss + sss]))
            {
                count++;
                gg++;
                sss++;
            }
            else if (lcs[gg, sss] == lcs[gg + 1, sss])
                gg++;
            else
                sss++;
        }
        return count;
    }

    private static bool SameForm(Word a, Word b) => string.Equals(a.Form.ToLowerInvariant(), b.Form.ToLowerInvariant(), StringComparison.Ordinal);

    /// <summary>The scorer's view of a file: its non-space characters and the spans over them.</summary>
    private sealed class Representation
    {
        public string Characters { get; private set; } = "";
        public List<(int Start, int End)> Tokens { get; } = [];
        public List<(int Start, int End)> Sentences { get; } = [];
        public List<Word> Words { get; } = [];
        private readonly List<(int CharStart, long Line)> _sentenceLines = [];

        public long LineOf(int charIndex)
        {
            long line = 0;
            foreach (var (start, l) in _sentenceLines)
            {
                if (start > charIndex)
                    break;
                line = l;
            }
            return line;
        }

        public static Representation Build(IEnumerable<ConllUSentence> sentences)
        {
            var r = new Representation();
            var chars = new StringBuilder();
            foreach (var sentence in sentences)
            {
                int sentenceStart = chars.Length;
                r._sentenceLines.Add((sentenceStart, sentence.SourceLine));
                int coveredUntil = 0;
                int mwtStart = 0, mwtEnd = 0;
                foreach (var line in sentence.Lines)
                {
                    if (line.Kind == ConllULineKind.EmptyNode)
                        continue;
                    if (line.Kind == ConllULineKind.Word && line.Range.First <= coveredUntil)
                    {
                        r.Words.Add(new Word(mwtStart, mwtEnd, true, RemoveSpaces(line.Form)));
                        continue;
                    }
                    var form = RemoveSpaces(line.Form);
                    if (form.Length == 0)
                        throw new TextKitException("TK221", $"Sentence at line {sentence.SourceLine} has a FORM made only of spaces ('{line.Form}', ID {line.Id}).");
                    int start = chars.Length;
                    chars.Append(form);
                    r.Tokens.Add((start, chars.Length));
                    if (line.Kind == ConllULineKind.MultiwordToken)
                    {
                        coveredUntil = line.Range.Last;
                        (mwtStart, mwtEnd) = (start, chars.Length);
                    }
                    else
                    {
                        r.Words.Add(new Word(start, chars.Length, false, form));
                    }
                }
                r.Sentences.Add((sentenceStart, chars.Length));
            }
            r.Characters = chars.ToString();
            return r;
        }

        private static string RemoveSpaces(string form)
        {
            if (!form.Any(c => CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.SpaceSeparator))
                return form;
            return string.Concat(form.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.SpaceSeparator));
        }
    }
}
