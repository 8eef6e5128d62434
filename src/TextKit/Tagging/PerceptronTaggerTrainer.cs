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
            row[words.Count + 2] = PerceptronTagger.s_padEnd1;
            row[words.Count + 3] = PerceptronTagger.s_padEnd2;
            infos[s] = row;
        }

        var tagWeights = new PerceptronTrainingWeights(labelCount);
        bool withFeats = (layers & TagLayers.Feats) != 0;
        var featsWeights = withFeats ? new PerceptronTrainingWeights(data.FeatsLabels!.Length) : null;
        var order = Enumerable.Range(0, data.Sentences.Count).ToArray();
        var rng = new StableRandom(options.Seed);
        var features = new ulong[Math.Max(TaggerFeatures.MaxTagFeatures, TaggerFeatures.MaxFeatsFeatures)];
        var scores = new float[Math.Max(tagWeights.ScoreLength, featsWeights?.ScoreLength ?? 0)];
        var predicted = new int[data.MaxLength];
        var firstPass = new int[data.MaxLength];
        int passes = options.TwoPass ? 2 : 1;
        TagAccuracy? lastDev = null;

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
                    data.FeatsLabels, featsWeights?.Averaged(), data.FeatsCandidates, new ModelInfo(), passes);
                devScores = TagAccuracy.Evaluate(snapshot, dev, data.IsKnown);
                lastDev = devScores;
            }
            progress?.Report(new TrainingProgress
            {
                Iteration = iteration,
                Iterations = options.Iterations,
                TrainAccuracy = total == 0 ? 0 : 100.0 * correct / total,
                Dev = devScores,
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
        return new PerceptronTagger(layers, data.Labels, fullTables, tagWeights.Freeze(options.MinAbsWeight),
            data.FeatsLabels, featsWeights?.Freeze(options.MinAbsWeight), data.FeatsCandidates, info, passes);
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
