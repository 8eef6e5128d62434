using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using TextKit.Corpora;
using TextKit.ML;
using TextKit.ML.Trainers;

namespace TextKit.Bench;

/// <summary>
/// SST-2 sentiment, side by side: TextKit's classical ML.NET pipeline (<c>TextClassification</c>, every algorithm) and
/// scikit-learn's simple baselines (TF-IDF word 1–2-grams with sublinear tf, LogisticRegression and LinearSVC) on the
/// same train/dev split, run in the same session. Prints dev accuracy and training time of each.
/// Usage: <c>harness classification [--algorithms sdca,lbfgs,linearsvm]</c>.
/// </summary>
public sealed class ClassificationHarness : IHarness
{
    public string Name => "classification";

    public string Description => "SST-2 dev accuracy: TextKit TextClassification (ML.NET) vs scikit-learn TF-IDF + LR / LinearSVC";

    public int Run(string[] args)
    {
        var algorithms = new[] { TextClassifierAlgorithm.Sdca, TextClassifierAlgorithm.Lbfgs, TextClassifierAlgorithm.LinearSvm };
        int at = Array.IndexOf(args, "--algorithms");
        if (at >= 0 && at + 1 < args.Length)
            algorithms = args[at + 1].Split(',').Select(a => Enum.Parse<TextClassifierAlgorithm>(a, ignoreCase: true)).ToArray();
        var folder = Path.Combine(BenchData.SharedData(), "sentiment", "sst2");
        var trainPath = Path.Combine(folder, "train.tsv");
        var devPath = Path.Combine(folder, "dev.tsv");
        var results = new List<(string System, string Model, double Accuracy, double Seconds)>();

        var sklearn = BenchData.RunPython("classification/sklearn_sentiment.py", trainPath, devPath, "sentence", "label");
        foreach (var line in sklearn.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var json = JsonDocument.Parse(line).RootElement;
            results.Add(("scikit-learn", json.GetProperty("model").GetString()!, json.GetProperty("accuracy").GetDouble(), json.GetProperty("train_seconds").GetDouble()));
        }

        var ml = new MLContext(seed: 1);
        var reader = new ClassificationReaderOptions { TextColumn = "sentence", LabelColumn = "label" };
        var train = ml.Data.Cache(ml.TextKit().Data.LoadClassification(trainPath, reader));
        var dev = ml.TextKit().Data.LoadClassification(devPath, reader);
        foreach (var algorithm in algorithms)
        {
            var watch = Stopwatch.StartNew();
            var model = ml.TextKit().Trainers.TextClassification(new TextClassificationTrainer.Options { Algorithm = algorithm }).Fit(train);
            double seconds = watch.Elapsed.TotalSeconds;
            var accuracy = ml.MulticlassClassification.Evaluate(model.Transform(dev)).MicroAccuracy;
            results.Add(("TextKit/ML.NET", algorithm.ToString(), accuracy, seconds));
        }

        Console.WriteLine($"SST-2: train {trainPath}, dev {devPath}");
        Console.WriteLine($"{"System",-16} {"Model",-20} {"Dev accuracy",13} {"Train s",9}");
        foreach (var r in results)
            Console.WriteLine($"{r.System,-16} {r.Model,-20} {(100 * r.Accuracy).ToString("0.00", CultureInfo.InvariantCulture),12}% {r.Seconds.ToString("0.0", CultureInfo.InvariantCulture),9}");
        var bestPeer = results.Where(r => r.System == "scikit-learn").Max(r => r.Accuracy);
        var best = results.Where(r => r.System != "scikit-learn").Max(r => r.Accuracy);
        Console.WriteLine($"best TextKit - best scikit-learn: {(100 * (best - bestPeer)).ToString("+0.00;-0.00", CultureInfo.InvariantCulture)} points");
        return 0;
    }
}
