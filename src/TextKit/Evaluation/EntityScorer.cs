using TextKit.Corpora;

namespace TextKit.Evaluation;

/// <summary>Entity-level scores (see <see cref="EntityScorer"/>).</summary>
public sealed class EntityScores
{
    public long Sentences { get; init; }

    public long Tokens { get; init; }

    /// <summary>Tokens whose predicted tag string equals the gold tag (conlleval's "accuracy").</summary>
    public AccuracyScore TagAccuracy { get; init; }

    /// <summary>Micro-averaged over all entities: correct / predicted / gold entity counts.</summary>
    public PrfScore Micro { get; init; }

    /// <summary>Per entity type (every type seen in gold or predictions), ordinal order.</summary>
    public required IReadOnlyDictionary<string, PrfScore> PerType { get; init; }
}

/// <summary>
/// Entity-level precision, recall and F1, compatible with the CoNLL shared-task script <c>conlleval</c>: an entity is
/// correct when the predicted entity has exactly the same first token, last token and type as a gold entity
/// (exact span + type). Tags are decoded with <see cref="EntityTags.ToSpans"/>, which for IOB1/IOB2 reproduces
/// conlleval's chunk rules: I-X after O (or after another type) starts an entity, and IOB1 and IOB2 files decode
/// alike. Entities never cross sentence boundaries. Micro scores count all entities; per-type scores use the types
/// seen in gold or predictions. Zero conventions as conlleval: precision 0 with no predictions, recall 0 with no gold
/// entities, F1 0 when both are 0. Gold and predicted data must have the same sentences and tokens (TK242); no gold
/// tokens at all is TK244.
/// </summary>
public static class EntityScorer
{
    /// <summary>Scores two token-per-line CoNLL files (token first, tag last). Tags are read with <see cref="InvalidTagHandling.Keep"/>.</summary>
    public static EntityScores ScoreFiles(string goldPath, string predictedPath, TagScheme scheme = TagScheme.Iob2)
    {
        var options = new ConllNerReaderOptions { Scheme = scheme, InvalidTags = InvalidTagHandling.Keep };
        return Score(ConllNerReader.ReadFile(goldPath, options), ConllNerReader.ReadFile(predictedPath, options), scheme, goldPath, predictedPath);
    }

    /// <summary>Scores predicted sentences against gold ones: tokens must be identical, sentence by sentence.</summary>
    public static EntityScores Score(IEnumerable<NerSentence> gold, IEnumerable<NerSentence> predicted, TagScheme scheme,
        string goldSource = "gold", string predictedSource = "predicted")
    {
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(predicted);
        return ScoreCore(Pair(gold, predicted, goldSource, predictedSource), scheme, goldSource);
    }

    /// <summary>Scores tag sequences (one list per sentence) without tokens.</summary>
    public static EntityScores Score(IEnumerable<IReadOnlyList<string>> goldTags, IEnumerable<IReadOnlyList<string>> predictedTags, TagScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(goldTags);
        ArgumentNullException.ThrowIfNull(predictedTags);
        return ScoreCore(PairTags(goldTags, predictedTags), scheme, "gold");
    }

    private static IEnumerable<(IReadOnlyList<string> Gold, IReadOnlyList<string> Predicted)> PairTags(
        IEnumerable<IReadOnlyList<string>> gold, IEnumerable<IReadOnlyList<string>> predicted)
    {
        using var g = gold.GetEnumerator();
        using var p = predicted.GetEnumerator();
        long index = 0;
        while (true)
        {
            bool hasGold = g.MoveNext(), hasPred = p.MoveNext();
            if (!hasGold && !hasPred)
                yield break;
            index++;
            if (hasGold != hasPred)
                throw new TextKitException("TK242", $"{(hasGold ? "predicted" : "gold")} has {index - 1} sentences but {(hasGold ? "gold" : "predicted")} has more.");
            if (g.Current.Count != p.Current.Count)
                throw new TextKitException("TK242", $"sentence {index} has {g.Current.Count} gold tags but {p.Current.Count} predicted tags.");
            yield return (g.Current, p.Current);
        }
    }

    private static IEnumerable<(IReadOnlyList<string> Gold, IReadOnlyList<string> Predicted)> Pair(
        IEnumerable<NerSentence> gold, IEnumerable<NerSentence> predicted, string goldSource, string predictedSource)
    {
        using var g = gold.GetEnumerator();
        using var p = predicted.GetEnumerator();
        long index = 0;
        while (true)
        {
            bool hasGold = g.MoveNext(), hasPred = p.MoveNext();
            if (!hasGold && !hasPred)
                yield break;
            index++;
            if (hasGold != hasPred)
            {
                var (longer, shorter, extra) = hasGold ? (goldSource, predictedSource, g.Current) : (predictedSource, goldSource, p.Current);
                throw new TextKitException("TK242", $"{shorter} has {index - 1} sentences but {longer} has more: sentence {index} at {longer}:{extra.SourceLine} has no counterpart.");
            }
            var gs = g.Current;
            var ps = p.Current;
            int n = Math.Min(gs.Count, ps.Count);
            for (int i = 0; i < n; i++)
            {
                if (gs.Tokens[i] != ps.Tokens[i])
                    throw new TextKitException("TK242",
                        $"sentence {index}, token {i + 1}: '{gs.Tokens[i]}' at {goldSource}:{gs.SourceLine + i} but '{ps.Tokens[i]}' at {predictedSource}:{ps.SourceLine + i}; the token sequences must be identical.");
            }
            if (gs.Count != ps.Count)
                throw new TextKitException("TK242",
                    $"sentence {index} has {gs.Count} tokens at {goldSource}:{gs.SourceLine} but {ps.Count} at {predictedSource}:{ps.SourceLine}; the token sequences must be identical.");
            yield return (gs.Tags, ps.Tags);
        }
    }

    private sealed class Counts
    {
        public long Correct, Predicted, Gold;
    }

    private static EntityScores ScoreCore(IEnumerable<(IReadOnlyList<string> Gold, IReadOnlyList<string> Predicted)> pairs, TagScheme scheme, string goldSource)
    {
        var perType = new Dictionary<string, Counts>(StringComparer.Ordinal);
        Counts For(string type) => perType.TryGetValue(type, out var c) ? c : perType[type] = new Counts();
        long sentences = 0, tokens = 0, sameTags = 0, correct = 0, predictedTotal = 0, goldTotal = 0;
        var goldSet = new HashSet<EntitySpan>();
        foreach (var (goldTags, predictedTags) in pairs)
        {
            sentences++;
            tokens += goldTags.Count;
            for (int i = 0; i < goldTags.Count; i++)
                if (goldTags[i] == predictedTags[i])
                    sameTags++;
            var goldSpans = Decode(goldTags, scheme, "gold", sentences);
            var predictedSpans = Decode(predictedTags, scheme, "predicted", sentences);
            goldSet.Clear();
            foreach (var span in goldSpans)
            {
                goldSet.Add(span);
                For(span.Type).Gold++;
            }
            goldTotal += goldSpans.Count;
            predictedTotal += predictedSpans.Count;
            foreach (var span in predictedSpans)
            {
                var c = For(span.Type);
                c.Predicted++;
                if (goldSet.Contains(span))
                {
                    c.Correct++;
                    correct++;
                }
            }
        }
        if (tokens == 0)
            throw new TextKitException("TK244", $"{goldSource} contains no tokens; there is nothing to score.");
        return new EntityScores
        {
            Sentences = sentences,
            Tokens = tokens,
            TagAccuracy = new AccuracyScore(sameTags, tokens),
            Micro = new PrfScore(correct, predictedTotal, goldTotal),
            PerType = new SortedDictionary<string, PrfScore>(perType.ToDictionary(kv => kv.Key, kv => new PrfScore(kv.Value.Correct, kv.Value.Predicted, kv.Value.Gold)), StringComparer.Ordinal),
        };
    }

    private static List<EntitySpan> Decode(IReadOnlyList<string> tags, TagScheme scheme, string side, long sentence)
    {
        for (int i = 0; i < tags.Count; i++)
        {
            if (!EntityTags.TryParse(tags[i], scheme, out _, out _))
                throw new TextKitException("TK224", $"{side} sentence {sentence}, token {i + 1}: {EntityTags.InvalidTagMessage(tags[i], scheme)}");
        }
        return EntityTags.ToSpans(tags, scheme);
    }
}
