using TextKit.Tokenization;

namespace TextKit.Segmentation;

/// <summary>Options of <see cref="PunktTrainer"/>.</summary>
public sealed class PunktTrainerOptions
{
    /// <summary>Minimum abbreviation score (Kiss &amp; Strunk's scaled log-likelihood). Default 0.3 (the paper's value).</summary>
    public double AbbreviationThreshold { get; set; } = 0.3;

    /// <summary>Minimum number of sentence starts for a frequent sentence starter. Default 5.</summary>
    public int MinStarterCount { get; set; } = 5;

    /// <summary>Provenance and licence lines stored in the model.</summary>
    public IList<string> Notes { get; } = new List<string>();
}

/// <summary>
/// Unsupervised learning of sentence-boundary statistics from plain text (Punkt: Kiss &amp; Strunk 2006, "Unsupervised
/// Multilingual Sentence Boundary Detection", Computational Linguistics 32(4)): abbreviation types (words that are
/// nearly always followed by a period, short, with inner periods), orthographic contexts (is a word seen capitalized or
/// lower-case, sentence-initially or inside sentences) and frequent sentence starters. The resulting
/// <see cref="SegmenterModel"/> drives the rule path of <see cref="SentenceSegmenter"/>.
/// </summary>
public static class PunktTrainer
{
    /// <summary>Learns from <paramref name="texts"/> (documents or paragraphs of plain text).</summary>
    public static SegmenterModel Train(IEnumerable<string> texts, PunktTrainerOptions? options = null, WordTokenizer? tokenizer = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        options ??= new PunktTrainerOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.AbbreviationThreshold, nameof(options.AbbreviationThreshold));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MinStarterCount, 1, nameof(options.MinStarterCount));
        tokenizer ??= WordTokenizer.English;
        var rules = TokenizerRules.English;
        var typeCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var withPeriod = new Dictionary<string, int>(StringComparer.Ordinal);
        long totalTokens = 0, periods = 0;
        var documents = new List<(string Text, Token[] Tokens)>();
        var list = new TokenList();
        int count = 0;
        foreach (var text in texts)
        {
            if (text is null)
                throw new ArgumentException("A training text is null.", nameof(texts));
            tokenizer.Tokenize(text, list);
            var tokens = list.Tokens.ToArray();
            documents.Add((text, tokens));
            count++;
            for (int i = 0; i < tokens.Length; i++)
            {
                var form = text[tokens[i].Start..tokens[i].End];
                totalTokens++;
                if (form == ".")
                {
                    periods++;
                    continue;
                }
                bool kept = form.Length > 1 && form[^1] == '.';
                var type = (kept ? form[..^1] : form).ToLowerInvariant();
                if (!IsCandidate(type))
                    continue;
                typeCounts[type] = typeCounts.GetValueOrDefault(type) + 1;
                bool followed = kept || i + 1 < tokens.Length && tokens[i + 1].Start == tokens[i].End && text[tokens[i + 1].Start..tokens[i + 1].End] == ".";
                if (followed)
                {
                    withPeriod[type] = withPeriod.GetValueOrDefault(type) + 1;
                    if (kept)
                        periods++;
                }
            }
        }
        var abbreviations = new HashSet<string>(StringComparer.Ordinal);
        double p = totalTokens == 0 ? 0 : (double)periods / totalTokens;
        foreach (var (type, withP) in withPeriod)
        {
            int total = typeCounts[type];
            double ll = LogLikelihood(withP, total, p);
            int letters = type.Count(c => c != '.');
            double score = ll * Math.Exp(-letters) * (type.Count(c => c == '.') + 1) * Math.Pow(letters, -(total - withP));
            if (score >= options.AbbreviationThreshold)
                abbreviations.Add(type);
        }
        // Orthographic contexts and starters from a first segmentation: a period not after an abbreviation ends a sentence.
        var ortho = new Dictionary<string, OrthographicContext>(StringComparer.Ordinal);
        var starts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (text, tokens) in documents)
        {
            bool first = true;
            for (int i = 0; i < tokens.Length; i++)
            {
                var form = text[tokens[i].Start..tokens[i].End];
                if (SentenceSegmenter.IsFinalPunctuation(form))
                {
                    bool afterAbbreviation = form == "." && i > 0 && tokens[i - 1].End == tokens[i].Start
                        && abbreviations.Contains(text[tokens[i - 1].Start..tokens[i - 1].End].ToLowerInvariant());
                    first = !afterAbbreviation;
                    continue;
                }
                if (form.Length > 0 && char.IsLetter(form[0]))
                {
                    var lower = form.ToLowerInvariant();
                    bool upper = char.IsUpper(form[0]);
                    var flag = first ? (upper ? OrthographicContext.UpperFirst : OrthographicContext.LowerFirst)
                        : (upper ? OrthographicContext.UpperMiddle : OrthographicContext.LowerMiddle);
                    ortho[lower] = ortho.GetValueOrDefault(lower) | flag;
                    if (first)
                        starts[lower] = starts.GetValueOrDefault(lower) + 1;
                }
                bool abbreviationToken = form.Length > 1 && form[^1] == '.' && (rules.IsAbbreviation(form) || abbreviations.Contains(form[..^1].ToLowerInvariant()));
                first = false;
                if (abbreviationToken)
                    first = false;
            }
        }
        var starters = starts.Where(kv => kv.Value >= options.MinStarterCount && kv.Value * 2 >= typeCounts.GetValueOrDefault(kv.Key, kv.Value))
            .Select(kv => kv.Key).ToArray();
        var notes = new List<string>(options.Notes)
        {
            $"trained by TextKit PunktTrainer on {count} texts, {totalTokens} tokens: {abbreviations.Count} abbreviations, {starters.Length} sentence starters",
        };
        return new SegmenterModel(abbreviations, ortho, starters, null, notes);
    }

    private static bool IsCandidate(string type)
        => type.Length is > 0 and <= 12 && type.Any(char.IsLetter) && type.All(c => char.IsLetter(c) || c == '.' || c == '-');

    /// <summary>
    /// Punkt's abbreviation log-likelihood (Dunning's ratio with the alternative fixed at 0.99): how much better
    /// "this type is almost always followed by a period" explains the counts than the overall period rate.
    /// </summary>
    private static double LogLikelihood(int withPeriod, int total, double p)
    {
        if (p <= 0 || p >= 1 || total == 0)
            return 0;
        const double pAbbreviation = 0.99;
        double k = withPeriod, n = total;
        double nullHypothesis = k * Math.Log(p) + (n - k) * Math.Log(1 - p);
        double alternative = k * Math.Log(pAbbreviation) + (n - k) * Math.Log(1 - pAbbreviation);
        return -2.0 * (nullHypothesis - alternative);
    }
}
