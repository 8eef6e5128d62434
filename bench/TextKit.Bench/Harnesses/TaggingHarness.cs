using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using TextKit.Corpora;
using TextKit.Data;
using TextKit.Hmm;
using TextKit.Tagging;

namespace TextKit.Bench;

/// <summary>
/// <c>harness tagging [iterations] [repeats] [hmmSentences]</c>: Brown canonical split with brown-base tags
/// (../shared/bench/brown-canonical.md). Trains TextKit's perceptron (no lexicon: the Brown lexicon would contain the
/// test words) and TnT-style HMM, and NLTK's PerceptronTagger and supervised HMM tagger
/// (bench/peers/tagging/nltk_tag.py) on the train split in the same session; prints test accuracy, training time and
/// single-threaded tagging speed (best of N; NLTK's HMM on the first hmmSentences test sentences only) and the ratios.
/// </summary>
public sealed class TaggingHarness : IHarness
{
    public string Name => "tagging";

    public string Description => "Brown brown-base: TextKit perceptron/HMM vs NLTK PerceptronTagger/HMM: test accuracy, training time, tokens/s";

    public int Run(string[] args)
    {
        int iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        int repeats = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        int hmmSentences = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200;
        var folder = DataCatalog.Ensure("brown", Console.Error);
        List<TaggedSentence> Split(BrownSplit s) => BrownCorpus.ReadSplit(folder, s).Select(t => t.MapTags(BrownTags.ToBase)).ToList();
        var train = Split(BrownSplit.Train);
        var test = Split(BrownSplit.Test);
        var trainAnnotated = train.Select(s => AnnotatedSentence.FromTagged(s)).ToList();
        var testWords = test.Select(s => s.Tokens).ToArray();
        long tokens = test.Sum(s => (long)s.Count);

        var watch = Stopwatch.StartNew();
        var perceptron = PerceptronTaggerTrainer.Train(trainAnnotated, new PerceptronTaggerOptions { Iterations = iterations, Seed = 1 });
        double perceptronTrain = watch.Elapsed.TotalSeconds;
        var tags = new string[test.Count][];
        double perceptronTag = Timing.Best(repeats, () =>
        {
            for (int i = 0; i < testWords.Length; i++)
                tags[i] = perceptron.Tag(testWords[i]).Xpos!;
        });
        double perceptronAccuracy = Accuracy(test, tags);
        // The same model with a beam of 3 (the shipped EWT model's decoding), accuracy only.
        var beam = perceptron.WithBeam(3);
        for (int i = 0; i < testWords.Length; i++)
            tags[i] = beam.Tag(testWords[i]).Xpos!;
        double beamAccuracy = Accuracy(test, tags);

        watch.Restart();
        var hmm = TrigramHmmTagger.Train(trainAnnotated);
        double hmmTrain = watch.Elapsed.TotalSeconds;
        double hmmTag = Timing.Best(repeats, () =>
        {
            for (int i = 0; i < testWords.Length; i++)
                tags[i] = hmm.Tag(testWords[i]).Xpos!;
        });
        double hmmAccuracy = Accuracy(test, tags);
        var hmmSubset = test.Take(hmmSentences).ToList();
        double hmmSubsetTag = Timing.Best(repeats, () =>
        {
            for (int i = 0; i < hmmSubset.Count; i++)
                hmm.Tag(hmmSubset[i].Tokens);
        });
        long subsetTokens = hmmSubset.Sum(s => (long)s.Count);

        var tmp = Directory.CreateTempSubdirectory("textkit-tag-bench-").FullName;
        try
        {
            string Write(string name, List<TaggedSentence> sentences)
            {
                var path = Path.Combine(tmp, name);
                File.WriteAllText(path, string.Concat(sentences.Select(s => string.Join('\x1e', s.Tokens.Select((w, i) => w + '\x1f' + s.Tags[i])) + "\n")), new UTF8Encoding(false));
                return path;
            }
            var prefix = Path.Combine(tmp, "out");
            var json = BenchData.RunPython("tagging/nltk_tag.py", Write("train.txt", train), Write("test.txt", test), prefix,
                iterations.ToString(CultureInfo.InvariantCulture), repeats.ToString(CultureInfo.InvariantCulture), hmmSentences.ToString(CultureInfo.InvariantCulture));
            using var report = JsonDocument.Parse(json);
            var nltkTags = File.ReadAllLines(prefix + ".perceptron.txt", Encoding.UTF8);
            long nltkCorrect = 0, k = 0;
            foreach (var s in test)
            {
                foreach (var gold in s.Tags)
                    nltkCorrect += nltkTags[k++] == gold ? 1 : 0;
                k++; // blank line between sentences
            }
            var p = report.RootElement.GetProperty("perceptron");
            var h = report.RootElement.GetProperty("hmm");
            double nltkPerceptronRate = p.GetProperty("tokens").GetDouble() / p.GetProperty("tag_seconds").GetDouble();
            double nltkHmmRate = h.GetProperty("tokens").GetDouble() / h.GetProperty("tag_seconds").GetDouble();
            Console.WriteLine($"Brown brown-base: train {train.Sum(s => s.Count):N0} tokens, test {tokens:N0} tokens ({test.Count:N0} sentences); {iterations} perceptron iterations; single-threaded, best of {repeats}");
            Console.WriteLine($"{"tagger",-34} {"test acc",9} {"train s",9} {"tokens/s",12}");
            Console.WriteLine($"{"TextKit PerceptronTagger",-34} {perceptronAccuracy,8:F2}% {perceptronTrain,9:F1} {tokens / perceptronTag,12:N0}");
            Console.WriteLine($"{"  the same model, beam of 3",-34} {beamAccuracy,8:F2}%");
            Console.WriteLine($"{"NLTK PerceptronTagger (Python)",-34} {100.0 * nltkCorrect / tokens,8:F2}% {p.GetProperty("train_seconds").GetDouble(),9:F1} {nltkPerceptronRate,12:N0}");
            Console.WriteLine($"{"TextKit TrigramHmmTagger",-34} {hmmAccuracy,8:F2}% {hmmTrain,9:F1} {tokens / hmmTag,12:N0}");
            Console.WriteLine($"{"NLTK HMM, first " + hmmSentences + " test sentences",-34} {100.0 * h.GetProperty("correct").GetDouble() / h.GetProperty("tokens").GetDouble(),8:F2}% {h.GetProperty("train_seconds").GetDouble(),9:F1} {nltkHmmRate,12:N0}");
            Console.WriteLine($"speed ratio perceptron TextKit / NLTK: {tokens / perceptronTag / nltkPerceptronRate:F1}x");
            Console.WriteLine($"speed ratio HMM TextKit / NLTK (same {subsetTokens:N0}-token subset): {subsetTokens / hmmSubsetTag / nltkHmmRate:F1}x");
        }
        finally
        {
            Directory.Delete(tmp, true);
        }
        return 0;
    }

    private static double Accuracy(List<TaggedSentence> gold, string[][] predicted)
    {
        long correct = 0, total = 0;
        for (int i = 0; i < gold.Count; i++)
            for (int j = 0; j < gold[i].Count; j++)
            {
                total++;
                correct += gold[i].Tags[j] == predicted[i][j] ? 1 : 0;
            }
        return 100.0 * correct / total;
    }

}
