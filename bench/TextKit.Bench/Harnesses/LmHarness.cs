using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TextKit.Data;
using TextKit.LanguageModels;

namespace TextKit.Bench;

/// <summary>
/// Brown trigram LM, side by side with NLTK (shared/bench/brown-canonical.md): exactness (modified KN perplexity
/// 232.37), NLTK KneserNeyInterpolated and Laplace on the same preparation, build speed (tokens/s), query speed
/// (predictions/s) and bytes per stored n-gram.
/// <c>dotnet run -c Release --project bench/TextKit.Bench -- harness lm-brown [--out DIR] [--prepare-only] [--no-peer] [--kn-sample N]</c>
/// </summary>
public sealed class LmHarness : IHarness
{
    public string Name => "lm-brown";

    public string Description => "Brown trigram LM: modified KN perplexity, NLTK KN/Laplace, build and query speed, memory per n-gram";

    public int Run(string[] args)
    {
        string? outDir = Arg(args, "--out");
        bool prepareOnly = args.Contains("--prepare-only");
        bool noPeer = args.Contains("--no-peer");
        int knSample = int.Parse(Arg(args, "--kn-sample") ?? "300", CultureInfo.InvariantCulture);
        outDir ??= Path.Combine(Path.GetTempPath(), "textkit-lm-brown");
        Directory.CreateDirectory(outDir);

        var split = BrownReference.Load(DataCatalog.Ensure("brown", Console.Error));
        var trainPath = Path.Combine(outDir, "brown-train.txt");
        var testPath = Path.Combine(outDir, "brown-test.txt");
        BrownReference.WriteText(split.Train, trainPath);
        BrownReference.WriteText(split.Test, testPath);
        Console.WriteLine($"prepared: {trainPath} ({split.Train.Sum(s => s.Length):N0} tokens), {testPath} ({split.Test.Count:N0} sentences, {split.Test.Sum(s => s.Length):N0} tokens)");
        if (prepareOnly)
            return 0;

        // Peers start first so that they run while TextKit is measured (2 cores: NLTK uses one).
        var peer = noPeer ? null : StartPeer(trainPath, testPath, knSample.ToString(CultureInfo.InvariantCulture));

        var options = BrownReference.ReferenceOptions();
        long tokens = split.Train.Sum(s => s.Length);
        NgramLanguageModel model = null!;
        var builds = new List<double>();
        var buildsCpu = new List<double>();
        for (int rep = 0; rep < 5; rep++)
        {
            GC.Collect();
            var cpu = CpuSeconds();
            var watch = Stopwatch.StartNew();
            model = NgramLanguageModel.Train(split.Train, options);
            builds.Add(watch.Elapsed.TotalSeconds);
            buildsCpu.Add(CpuSeconds() - cpu);
        }
        double build = builds.Order().ElementAt(builds.Count / 2);
        double buildCpu = buildsCpu.Order().ElementAt(builds.Count / 2);
        var score = model.Evaluate(split.Test);
        Console.WriteLine($"TextKit modified KN: perplexity {score.Perplexity:F4} (reference 232.37, {100 * (score.Perplexity / 232.37 - 1):+0.000;-0.000}%), " +
            $"{score.Predictions:N0} predictions, vocabulary {model.Vocabulary.Count:N0}, discounts {string.Join(" | ", model.Info.Discounts.Select(d => string.Join(",", d.Select(x => x.ToString("F4", CultureInfo.InvariantCulture)))))}");
        Console.WriteLine($"TextKit build (count + estimate + index), median of 5: {build * 1000:F0} ms wall = {tokens / build / 1e6:F2} M tokens/s; " +
            $"{buildCpu * 1000:F0} ms CPU = {tokens / buildCpu / 1e6:F2} M tokens/s per core (target ≥ 2; load average {LoadAverage()})");

        // Query speed: every test prediction, ids prepared beforehand, repeated.
        var ids = split.Test.Select(s => s.Select(w => model.Vocabulary.IdOf(w)).Append(LmVocabulary.EndId).ToArray()).ToArray();
        long predictions = ids.Sum(x => x.Length);
        var rates = new List<double>();
        var ratesCpu = new List<double>();
        double sink = 0;
        for (int rep = 0; rep < 7; rep++)
        {
            var cpu = CpuSeconds();
            var watch = Stopwatch.StartNew();
            for (int r = 0; r < 5; r++)
                sink += model.ScoreCorpus(ids);
            rates.Add(5 * predictions / watch.Elapsed.TotalSeconds);
            ratesCpu.Add(5 * predictions / (CpuSeconds() - cpu));
        }
        double rate = rates.Order().ElementAt(rates.Count / 2);
        double rateCpu = ratesCpu.Order().ElementAt(rates.Count / 2);
        Console.WriteLine($"TextKit query: {rate / 1e6:F2} M predictions/s wall, {rateCpu / 1e6:F2} M/s per CPU-second (median of 7 × 5 passes over {predictions:N0}; target ≥ 10; checksum {sink / 35:F3})");
        Console.WriteLine($"Transparent huge pages in this process: {HugePagesInUse()} (Linux, /proc/self/smaps_rollup)");
        var single = new List<double>();
        for (int rep = 0; rep < 3; rep++)
        {
            var cpu = CpuSeconds();
            foreach (var s in split.Test)
                sink += model.Score(s).Log10Prob;
            single.Add(predictions / (CpuSeconds() - cpu));
        }
        Console.WriteLine($"TextKit Score(string tokens) sentence by sentence: {single.Order().ElementAt(1) / 1e6:F2} M predictions/s per CPU-second (includes word lookup)");

        long stored = Enumerable.Range(2, model.Order - 1).Sum(k => (long)model.NgramCount(k));
        Console.WriteLine($"TextKit memory: {model.MemoryBytes / 1e6:F1} MB for {model.NgramCount(1):N0} unigrams + {stored:N0} higher n-grams = " +
            $"{(double)model.MemoryBytes / (stored + model.NgramCount(1)):F1} bytes/n-gram (double precision)");
        var compact = NgramLanguageModel.Train(split.Train, new NgramModelOptions
        {
            Order = 3, Smoothing = Smoothing.ModifiedKneserNey, Padding = SentencePadding.Full, MinCount = 2, UnknownToken = "<UNK>", Precision = LmPrecision.Single,
        });
        Console.WriteLine($"TextKit memory (single precision): {compact.MemoryBytes / 1e6:F1} MB = {(double)compact.MemoryBytes / (stored + compact.NgramCount(1)):F1} bytes/n-gram, " +
            $"perplexity {compact.Evaluate(split.Test).Perplexity:F4}. KenLM probing anchor (float, 1.5× slots): middle 24, top 18 bytes/n-gram → " +
            $"{(1.5 * (16.0 * model.NgramCount(2) + 12.0 * model.NgramCount(3)) + 8.0 * model.NgramCount(1)) / (stored + model.NgramCount(1)):F1} bytes/n-gram on this model");

        var laplace = NgramLanguageModel.Train(split.Train, new NgramModelOptions { Order = 3, Smoothing = Smoothing.AddK, Padding = SentencePadding.Full, MinCount = 2, UnknownToken = "<UNK>" });
        var kn = NgramLanguageModel.Train(split.Train, new NgramModelOptions { Order = 3, Smoothing = Smoothing.KneserNey, Discount = 0.75, Padding = SentencePadding.Full, MinCount = 2, UnknownToken = "<UNK>" });
        Console.WriteLine($"TextKit Laplace: perplexity {laplace.Evaluate(split.Test).Perplexity:F4} (uniform over the 24,419 predictable words; NLTK divides by 24,420)");
        Console.WriteLine($"TextKit interpolated KN, D = 0.75: perplexity {kn.Evaluate(split.Test).Perplexity:F4}");

        if (peer is not null)
        {
            Console.WriteLine("waiting for the NLTK peer (python3-nltk; fitting Brown takes minutes)...");
            var error = peer.StandardError.ReadToEndAsync();
            string? line;
            while ((line = peer.StandardOutput.ReadLine()) is not null)
            {
                Console.WriteLine($"NLTK: {line}");
                using var json = JsonDocument.Parse(line);
                if (json.RootElement.TryGetProperty("per_second", out var ps))
                    Console.WriteLine($"  ratio: TextKit batched query {rate / ps.GetDouble():F0}× (wall), {rateCpu / ps.GetDouble():F0}× (CPU) the rate of NLTK {json.RootElement.GetProperty("model").GetString()}");
            }
            peer.WaitForExit();
            if (peer.ExitCode != 0)
                Console.WriteLine($"NLTK peer failed ({peer.ExitCode}): {error.Result.Trim()}");
        }
        return 0;
    }

    private static string HugePagesInUse()
    {
        const string path = "/proc/self/smaps_rollup";
        if (!File.Exists(path))
            return "?";
        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("AnonHugePages:", StringComparison.Ordinal));
        return line is null ? "?" : line["AnonHugePages:".Length..].Trim();
    }

    private static double CpuSeconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static string? Arg(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static Process StartPeer(params string[] args)
    {
        var script = Path.Combine(FindRepoRoot(), "bench", "peers", "lm", "nltk_lm.py");
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        foreach (var a in args)
            info.ArgumentList.Add(a);
        return Process.Start(info) ?? throw new InvalidOperationException("cannot start python3");
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TextKit.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("run from inside the repository");
    }
}
