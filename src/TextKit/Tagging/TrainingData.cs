namespace TextKit.Tagging;

/// <summary>
/// Training sentences validated and encoded for the perceptron tagger: label ids, FEATS ids and candidates, and the
/// word counts behind the dictionary features (per jackknife fold).
/// </summary>
internal sealed class TrainingData
{
    private readonly Dictionary<ulong, Dictionary<int, int[]>> _exact = new();
    private readonly Dictionary<ulong, Dictionary<int, int[]>> _lower = new();
    private readonly HashSet<string> _vocabulary = new(StringComparer.Ordinal);
    private int _folds;

    public TrainingData(IEnumerable<AnnotatedSentence> sentences, TagLayers requested)
    {
        Sentences = sentences.Where(s => s is not null && s.Words.Count > 0).ToList();
        if (Sentences.Count == 0)
            throw new TextKitException("TK620", "No training sentences with words: the training data is empty.");
        var available = Sentences.Aggregate(TagLayers.Upos | TagLayers.Xpos | TagLayers.Feats, (acc, s) => acc & s.Layers);
        if (requested == TagLayers.None)
        {
            Layers = available;
        }
        else
        {
            var missing = requested & ~available;
            if (missing != 0)
            {
                var example = Sentences.First(s => (s.Layers & missing) != missing);
                throw new TextKitException("TK621", $"{example.Describe()}: the training data lacks layer(s) {missing}, which the options ask for.");
            }
            Layers = requested;
        }
        if ((Layers & (TagLayers.Upos | TagLayers.Xpos)) == 0)
            throw new TextKitException("TK622", "The training data has neither UPOS nor XPOS tags in every sentence: nothing to learn.");

        foreach (var s in Sentences)
            Validate(s);

        Labels = Sentences.SelectMany(s => Enumerable.Range(0, s.Words.Count).Select(i => Label(s, i)))
            .Distinct().Order(StringComparer.Ordinal).ToArray();
        var labelIndex = Labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        Tags = Sentences.Select(s => Enumerable.Range(0, s.Words.Count).Select(i => labelIndex[Label(s, i)]).ToArray()).ToArray();
        MaxLength = Sentences.Max(s => s.Words.Count);
        foreach (var s in Sentences)
            foreach (var w in s.Words)
                _vocabulary.Add(w);

        if ((Layers & TagLayers.Feats) != 0)
        {
            FeatsLabels = Sentences.SelectMany(s => s.Feats!).Distinct().Order(StringComparer.Ordinal).ToArray();
            var featsIndex = FeatsLabels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
            Feats = Sentences.Select(s => s.Feats!.Select(f => featsIndex[f]).ToArray()).ToArray();
            var sets = Enumerable.Range(0, Labels.Length).Select(_ => new SortedSet<int>()).ToArray();
            for (int s = 0; s < Tags.Length; s++)
                for (int i = 0; i < Tags[s].Length; i++)
                    sets[Tags[s][i]].Add(Feats[s][i]);
            FeatsCandidates = sets.Select(set => set.ToArray()).ToArray();
        }
        else
        {
            Feats = [];
        }
    }

    public List<AnnotatedSentence> Sentences { get; }

    public TagLayers Layers { get; }

    public string[] Labels { get; }

    public int[][] Tags { get; }

    public string[]? FeatsLabels { get; }

    public int[][] Feats { get; }

    public int[][]? FeatsCandidates { get; }

    public int MaxLength { get; }

    public bool IsKnown(string word) => _vocabulary.Contains(word);

    private string Label(AnnotatedSentence s, int i) => PerceptronTagger.JoinLabel(Layers, s.Upos?[i], s.Xpos?[i]);

    private void Validate(AnnotatedSentence s)
    {
        for (int i = 0; i < s.Words.Count; i++)
        {
            if (s.Words[i] is null)
                throw new TextKitException("TK623", $"{s.Describe()}: word {i + 1} is null.");
            if ((Layers & TagLayers.Upos) != 0)
            {
                var tag = s.Upos![i];
                if (!PerceptronTaggerTrainer.UniversalTags.Contains(tag))
                    throw new TextKitException("TK624", $"{s.Describe()}: word {i + 1} '{s.Words[i]}' has UPOS '{tag}', which is not one of the 17 UD tags ({string.Join(" ", PerceptronTaggerTrainer.UniversalTags.Order())}). Fix the data or train without the UPOS layer.");
            }
            if ((Layers & TagLayers.Xpos) != 0)
                CheckTag(s, i, s.Xpos![i], "XPOS");
            if ((Layers & TagLayers.Feats) != 0)
                CheckTag(s, i, s.Feats![i], "FEATS", allowUnderscore: true);
        }
    }

    private static void CheckTag(AnnotatedSentence s, int i, string? tag, string layer, bool allowUnderscore = false)
    {
        if (string.IsNullOrEmpty(tag) || (!allowUnderscore && tag == "_") || tag.AsSpan().IndexOfAny(" \t\r\n") >= 0)
            throw new TextKitException("TK625", $"{s.Describe()}: word {i + 1} '{s.Words[i]}' has {layer} '{tag}': a tag must be non-empty, without whitespace{(allowUnderscore ? "" : ", and not '_' (missing)")}.");
    }

    /// <summary>The dictionaries for the sentences of fold <paramref name="excludeFold"/> (-1: all data).</summary>
    public TaggerTables BuildTables(PerceptronTaggerOptions options, int excludeFold, int folds)
    {
        EnsureCounts(folds);
        var words = new List<KeyValuePair<ulong, WordEntry>>();
        foreach (var (hash, tags) in _exact)
        {
            int count = 0, full = 0, bestTag = -1, bestCount = 0;
            var seen = new List<int>();
            foreach (var (tag, perFold) in tags)
            {
                int total = perFold.Sum();
                int kept = excludeFold < 0 ? total : total - perFold[excludeFold];
                full += total;
                if (total > bestCount || (total == bestCount && tag < bestTag))
                {
                    bestCount = total;
                    bestTag = tag;
                }
                if (kept > 0)
                {
                    count += kept;
                    seen.Add(tag);
                }
            }
            if (count == 0)
                continue;
            bool frequent = options.FrequentWordMinCount > 0 && full >= options.FrequentWordMinCount && bestCount >= options.FrequentWordMinRatio * full;
            int[]? candidates = null;
            if (excludeFold < 0 && options.CandidateMinCount > 0 && full >= options.CandidateMinCount && !frequent)
                candidates = tags.Keys.Order().ToArray();
            words.Add(new(hash, new WordEntry { Count = count, Ambiguity = AmbiguityHash(seen), FrequentTag = frequent ? bestTag : -1, Candidates = candidates }));
        }

        var lower = new Dictionary<ulong, LowerEntry>();
        foreach (var (hash, tags) in _lower)
        {
            var seen = tags.Where(t => (excludeFold < 0 ? t.Value.Sum() : t.Value.Sum() - t.Value[excludeFold]) > 0).Select(t => t.Key).ToList();
            if (seen.Count > 0)
                lower[hash] = new LowerEntry { Ambiguity = AmbiguityHash(seen) };
        }
        if (options.Lexicon is { } lexicon)
        {
            foreach (var word in lexicon.Words)
            {
                ulong hash = TaggerHash.LowerText(word);
                lower.TryGetValue(hash, out var entry);
                entry.Lexicon = lexicon.ClassHash(word);
                lower[hash] = entry;
            }
        }
        if (options.Clusters is { } clusters)
        {
            var lengths = WordClusters.PrefixLengths;
            foreach (var (word, path) in clusters.Paths)
            {
                ulong hash = TaggerHash.LowerText(word);
                lower.TryGetValue(hash, out var entry);
                entry.Cluster1 = WordClusters.PrefixHash(path, lengths[0]);
                entry.Cluster2 = WordClusters.PrefixHash(path, lengths[1]);
                entry.Cluster3 = WordClusters.PrefixHash(path, lengths[2]);
                entry.Cluster4 = WordClusters.PrefixHash(path, lengths[3]);
                lower[hash] = entry;
            }
        }
        return new TaggerTables(new ULongMap<WordEntry>(words), new ULongMap<LowerEntry>(lower.ToList()), options.Morphology);
    }

    /// <summary>
    /// The FEATS shortcut table: key <see cref="PerceptronTagger.FeatsShortcutKey"/> of a (lower-cased word, tag)
    /// pair seen at least <paramref name="minCount"/> times, always with one FEATS value → that value's id. Pairs
    /// whose tag has a single FEATS value are left out (the tagger needs no lookup for them). Null without FEATS.
    /// </summary>
    public ULongMap<int>? BuildFeatsShortcuts(int minCount)
    {
        if (FeatsCandidates is null)
            return null;
        if (minCount == 0)
            return new ULongMap<int>([]);
        var seen = new Dictionary<ulong, (int Feats, int Count)>();
        for (int s = 0; s < Sentences.Count; s++)
        {
            var words = Sentences[s].Words;
            for (int i = 0; i < words.Count; i++)
            {
                int tag = Tags[s][i];
                if (FeatsCandidates[tag].Length <= 1)
                    continue;
                ulong key = PerceptronTagger.FeatsShortcutKey(TaggerHash.LowerText(words[i]), tag);
                int feats = Feats[s][i];
                // Count -1 marks a pair seen with two different values: never a shortcut.
                if (!seen.TryGetValue(key, out var entry))
                    seen[key] = (feats, 1);
                else if (entry.Count > 0)
                    seen[key] = entry.Feats == feats ? (feats, entry.Count + 1) : (feats, -1);
            }
        }
        var shortcuts = new List<KeyValuePair<ulong, int>>();
        foreach (var (key, (feats, count)) in seen)
            if (count >= minCount)
                shortcuts.Add(new(key, feats));
        return new ULongMap<int>(shortcuts);
    }

    internal static ulong AmbiguityHash(List<int> tags)
    {
        tags.Sort();
        ulong h = 0xA3B1_0000_0000_0000UL;
        foreach (int t in tags)
            h = TaggerHash.Combine(h, (ulong)t);
        return h == 0 ? 1 : h;
    }

    private void EnsureCounts(int folds)
    {
        if (_folds == folds)
            return;
        _folds = folds;
        _exact.Clear();
        _lower.Clear();
        for (int s = 0; s < Sentences.Count; s++)
        {
            int fold = s % folds;
            var words = Sentences[s].Words;
            for (int i = 0; i < words.Count; i++)
            {
                Count(_exact, TaggerHash.Text(words[i]), Tags[s][i], fold, folds);
                Count(_lower, TaggerHash.LowerText(words[i]), Tags[s][i], fold, folds);
            }
        }
    }

    private static void Count(Dictionary<ulong, Dictionary<int, int[]>> table, ulong hash, int tag, int fold, int folds)
    {
        if (!table.TryGetValue(hash, out var tags))
            table[hash] = tags = new Dictionary<int, int[]>();
        if (!tags.TryGetValue(tag, out var perFold))
            tags[tag] = perFold = new int[folds];
        perFold[fold]++;
    }
}
