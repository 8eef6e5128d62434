using System.Diagnostics;

namespace TextKit.Tagging;

/// <summary>Trains a <see cref="PerceptronTagger"/> from tagged sentences.</summary>
public static class PerceptronTaggerTrainer
{
    /// <summary>The 17 UD v2 universal POS tags: a UPOS layer may only contain these.</summary>
    public static IReadOnlySet<string> UniversalTags { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X",
    };

    /// <summary>
    /// Trains on <paramref name="train"/>; when <paramref name="dev"/> is given, scores it after every iteration
    /// (reported through <paramref name="progress"/>, and the last scores are stored in <see cref="PerceptronTagger.Info"/>).
    /// Deterministic for a given <see cref="PerceptronTaggerOptions.Seed"/>.
    /// </summary>
    public static PerceptronTagger Train(IEnumerable<AnnotatedSentence> train, PerceptronTaggerOptions? options = null,
        IReadOnlyList<AnnotatedSentence>? dev = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        options ??= new PerceptronTaggerOptions();
        options.Validate();
        var watch = Stopwatch.StartNew();
        var data = new TrainingData(train, options.Layers);
        var layers = data.Layers;
        int labelCount = data.Labels.Length;
        int folds = Math.Min(options.JackknifeFolds, Math.Max(1, data.Sentences.Count));

        var fullTables = data.BuildTables(options, excludeFold: -1, folds);
        var foldTables = folds == 1 ? [fullTables] : Enumerable.Range(0, folds).Select(f => data.BuildTables(options, f, folds)).ToArray();

        // Token infos never change between iterations: compute them once per sentence (with its fold's tables).
        var infos = new TokenInfo[data.Sentences.Count][];
        for (int s = 0; s < infos.Length; s++)
        {
            var words = data.Sentences[s].Words;
            var tables = foldTables[s % folds];
            var row = new TokenInfo[words.Count + 4];
            row[0] = PerceptronTagger.s_padStart2;
            row[1] = PerceptronTagger.s_padStart1;
            for (int i = 0; i < words.Count; i++)
                TokenInfo.Compute(words[i].AsSpan(), tables, ref row[i + 2]);
            TokenInfo.SetSentence(row.AsSpan(2, words.Count));
            row[words.Count + 2] = PerceptronTagger.s_padEnd1;
            row[words.Count + 3] = PerceptronTagger.s_padEnd2;
            infos[s] = row;
        }

        int passes = options.TwoPass ? 2 : 1;
        var featsShortcuts = data.BuildFeatsShortcuts(options.FeatsShortcutMinCount);
        var tagMembers = new List<PerceptronWeights>();
        var featsMembers = new List<PerceptronWeights>();
        TagAccuracy? lastDev = null;
        for (int member = 1; member <= options.Ensemble; member++)
        {
            var (tag, feats, memberDev) = TrainMember(data, infos, fullTables, featsShortcuts, options, member, passes, dev, progress, watch, cancellationToken);
            tagMembers.Add(tag);
            if (feats is not null)
                featsMembers.Add(feats);
            lastDev = memberDev;
        }
        // An ensemble is one linear model: the mean of the members' weights (parameter mixing), scored like any other.
        var tagWeights = tagMembers.Count == 1 ? tagMembers[0] : PerceptronWeights.Average(tagMembers, options.MinAbsWeight);
        var featsWeights = featsMembers.Count switch
        {
            0 => null,
            1 => featsMembers[0],
            _ => PerceptronWeights.Average(featsMembers, options.MinAbsWeight),
        };
        // The members are scored on dev greedily after each iteration; the model itself is scored once more when it
        // differs from the last member (an ensemble, or decoding with a beam).
        if ((tagMembers.Count > 1 || options.BeamWidth > 1) && dev is { Count: > 0 })
        {
            var averaged = new PerceptronTagger(layers, data.Labels, fullTables, tagWeights, data.FeatsLabels, featsWeights,
                data.FeatsCandidates, new ModelInfo(), passes, featsShortcuts, options.BeamWidth, options.BeamTemperature);
            lastDev = TagAccuracy.Evaluate(averaged, dev, data.IsKnown);
            progress?.Report(new TrainingProgress
            {
                Iteration = options.Iterations,
                Iterations = options.Iterations,
                Member = 0,
                Members = options.Ensemble,
                Dev = lastDev,
                Elapsed = watch.Elapsed,
            });
        }

        var devDictionary = new Dictionary<string, double>();
        if (lastDev is not null)
        {
            if ((lastDev.Layers & TagLayers.Upos) != 0) devDictionary["UPOS"] = Math.Round(lastDev.Upos, 2);
            if ((lastDev.Layers & TagLayers.Xpos) != 0) devDictionary["XPOS"] = Math.Round(lastDev.Xpos, 2);
            if ((lastDev.Layers & TagLayers.Feats) != 0) devDictionary["UFeats"] = Math.Round(lastDev.UFeats, 2);
            devDictionary["AllTags"] = Math.Round(lastDev.AllTags, 2);
        }
        var info = new ModelInfo
        {
            TrainingData = options.TrainingDataDescription,
            Command = options.Command,
            Seed = options.Seed,
            Iterations = options.Iterations,
            DevScores = devDictionary,
        };
        return new PerceptronTagger(layers, data.Labels, fullTables, tagWeights,
            data.FeatsLabels, featsWeights, data.FeatsCandidates, info, passes, featsShortcuts, options.BeamWidth, options.BeamTemperature);
    }

    /// <summary>Trains ensemble member <paramref name="member"/> (1-based; seed <c>Seed + member - 1</c>) and freezes its averaged weights.</summary>
    private static (PerceptronWeights Tag, PerceptronWeights? Feats, TagAccuracy? Dev) TrainMember(TrainingData data, TokenInfo[][] infos,
        TaggerTables fullTables, ULongMap<int>? featsShortcuts, PerceptronTaggerOptions options, int member, int passes, IReadOnlyList<AnnotatedSentence>? dev,
        IProgress<TrainingProgress>? progress, Stopwatch watch, CancellationToken cancellationToken)
    {
        var layers = data.Layers;
        int labelCount = data.Labels.Length;
        bool withFeats = (layers & TagLayers.Feats) != 0;
        TagAccuracy? lastDev = null;
        var tagWeights = new PerceptronTrainingWeights(labelCount);
        var featsWeights = withFeats ? new PerceptronTrainingWeights(data.FeatsLabels!.Length) : null;
        var order = Enumerable.Range(0, data.Sentences.Count).ToArray();
        var rng = new StableRandom(options.Seed + member - 1);
        var features = new ulong[Math.Max(TaggerFeatures.MaxTagFeatures, TaggerFeatures.MaxFeatsFeatures)];
        var scores = new float[Math.Max(tagWeights.ScoreLength, featsWeights?.ScoreLength ?? 0)];
        var predicted = new int[data.MaxLength];
        var firstPass = new int[data.MaxLength];

        for (int iteration = 1; iteration <= options.Iterations; iteration++)
        {
            rng.Shuffle(order.AsSpan());
            long correct = 0, total = 0;
            foreach (int s in order)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var gold = data.Tags[s];
                var row = infos[s];
                int n = gold.Length;
                TrainPass(row, gold, null, predicted, tagWeights, features, scores, labelCount, ref correct, ref total);
                if (passes == 2)
                {
                    Array.Copy(predicted, firstPass, n);
                    TrainPass(row, gold, firstPass, predicted, tagWeights, features, scores, labelCount, ref correct, ref total);
                }
                if (featsWeights is not null)
                    TrainFeats(data, s, row, predicted.AsSpan(0, n), featsWeights, features, scores);
            }

            TagAccuracy? devScores = null;
            if (dev is { Count: > 0 })
            {
                var snapshot = new PerceptronTagger(layers, data.Labels, fullTables, tagWeights.Averaged(),
                    data.FeatsLabels, featsWeights?.Averaged(), data.FeatsCandidates, new ModelInfo(), passes, featsShortcuts);
                devScores = TagAccuracy.Evaluate(snapshot, dev, data.IsKnown);
                lastDev = devScores;
            }
            progress?.Report(new TrainingProgress
            {
                Iteration = iteration,
                Iterations = options.Iterations,
                Member = member,
                Members = options.Ensemble,
                TrainAccuracy = total == 0 ? 0 : 100.0 * correct / total,
                Dev = devScores,
                Elapsed = watch.Elapsed,
            });
        }
        return (tagWeights.Freeze(options.MinAbsWeight), featsWeights?.Freeze(options.MinAbsWeight), lastDev);
    }

    private static void TrainPass(TokenInfo[] row, int[] gold, int[]? first, int[] predicted, PerceptronTrainingWeights weights,
        ulong[] features, float[] scores, int labelCount, ref long correct, ref long total)
    {
        int n = gold.Length;
        int prev1 = -1, prev2 = -1;
        for (int i = 0; i < n; i++)
        {
            int guess = row[i + 2].FrequentTag;
            if (guess < 0)
            {
                int next1 = first is null ? TaggerFeatures.NoTag : i + 1 < n ? first[i + 1] : -1;
                int next2 = first is null ? TaggerFeatures.NoTag : i + 2 < n ? first[i + 2] : -1;
                int count = TaggerFeatures.Tag(row, i, prev1, prev2, next1, next2, features);
                var span = scores.AsSpan(0, weights.ScoreLength);
                span.Clear();
                weights.Score(features.AsSpan(0, count), span);
                guess = PerceptronTagger.ArgMax(span[..labelCount]);
                weights.Update(features.AsSpan(0, count), gold[i], guess);
            }
            predicted[i] = guess;
            if (guess == gold[i])
                correct++;
            total++;
            prev2 = prev1;
            prev1 = guess;
        }
    }

    private static void TrainFeats(TrainingData data, int s, TokenInfo[] row, ReadOnlySpan<int> predicted,
        PerceptronTrainingWeights weights, ulong[] features, float[] scores)
    {
        var gold = data.Feats[s];
        for (int i = 0; i < gold.Length; i++)
        {
            var candidates = data.FeatsCandidates![predicted[i]];
            if (candidates.Length <= 1 || Array.BinarySearch(candidates, gold[i]) < 0)
                continue;
            int count = TaggerFeatures.Feats(row, predicted, i, features);
            var span = scores.AsSpan(0, weights.ScoreLength);
            span.Clear();
            weights.Score(features.AsSpan(0, count), span);
            int guess = PerceptronTagger.ArgMax(span, candidates);
            weights.Update(features.AsSpan(0, count), gold[i], guess);
        }
    }
}
