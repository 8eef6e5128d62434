using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TextKit.Data;
using TextKit.Stemming;

namespace TextKit.Bench;

/// <summary>
/// <c>harness stemming [porter|porter2|porter2-revised] [repeats]</c>: stems every Brown train token (canonical split,
/// ../shared/bench/brown-canonical.md: 929,728 tokens) with TextKit and with PyStemmer / snowballstemmer
/// (bench/peers/stemming/bench_pystemmer.py) in the same session, checks that all stems are identical (SHA-256 of the
/// stem list) and prints words per second and the ratios. Single-threaded, best of N runs on each side. The Snowball 3
/// revision of Porter2 has no Debian peer: it is compared with Snowball 3.1.1 compiled to WebAssembly, run by Node
/// (npm <c>multilingual-stemmer@2.1.1</c>, fetched with <c>npm pack</c> into ~/.cache/textkit/peers on first use).
/// </summary>
public sealed class StemmingHarness : IHarness
{
    public string Name => "stemming";

    public string Description => "Porter/Porter2 on Brown train tokens vs PyStemmer (C) and snowballstemmer: words/s, ratio, identical output";

    public int Run(string[] args)
    {
        var algorithms = args.Length > 0 ? [Stemmer.ParseAlgorithm(args[0])] : new[] { StemmerAlgorithm.Porter2, StemmerAlgorithm.Porter, StemmerAlgorithm.Porter2Revised };
        int repeats = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5;
        var tokens = BenchData.BrownTrainTokens();
        var wordFile = Path.Combine(Path.GetTempPath(), $"textkit-stem-bench-{Environment.ProcessId}.txt");
        File.WriteAllText(wordFile, string.Join('\n', tokens) + "\n", new UTF8Encoding(false));
        Console.WriteLine($"Brown train tokens: {tokens.Length:N0} ({tokens.Distinct(StringComparer.Ordinal).Count():N0} types); single-threaded, best of {repeats}");
        try
        {
            foreach (var algorithm in algorithms)
            {
                if (algorithm == StemmerAlgorithm.Porter2Revised)
                    RunRevised(tokens, wordFile, repeats);
                else
                    RunOne(algorithm, tokens, wordFile, repeats);
            }
        }
        finally
        {
            File.Delete(wordFile);
        }
        return 0;
    }

    private static void RunOne(StemmerAlgorithm algorithm, string[] tokens, string wordFile, int repeats)
    {
        var textKit = TimeTextKit(Stemmer.Get(algorithm), tokens, repeats);
        var peer = BenchData.RunPython("stemming/bench_pystemmer.py", wordFile, algorithm == StemmerAlgorithm.Porter ? "porter" : "english", repeats.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var json = JsonDocument.Parse(peer);
        var peers = new[] { "pystemmer", "pystemmer_nocache", "snowballstemmer" }.Select(name => (name switch
        {
            "pystemmer" => "PyStemmer stemWords (default cache)",
            "pystemmer_nocache" => "PyStemmer stemWords (cache off)",
            _ => "snowballstemmer (pure Python, 1 run)",
        }, json.RootElement.GetProperty(name)));
        PrintTable($"{algorithm}", "PyStemmer", tokens.Length, textKit, peers);
    }

    private const string Snowball3Package = "multilingual-stemmer@2.1.1";

    private static void RunRevised(string[] tokens, string wordFile, int repeats)
    {
        var textKit = TimeTextKit(Stemmer.Porter2Revised, tokens, repeats);
        var script = Path.Combine(BenchData.RepositoryRoot(), "bench", "peers", "stemming", "bench_snowball3.mjs");
        var peer = BenchData.RunProcess("node", [script, Snowball3PackageDirectory(), wordFile, repeats.ToString(System.Globalization.CultureInfo.InvariantCulture)], "Node (18 or later) and npm are needed for the Snowball 3 peer.");
        using var json = JsonDocument.Parse(peer);
        PrintTable($"{StemmerAlgorithm.Porter2Revised} (Snowball 3)", "WASM", tokens.Length, textKit, [("Snowball 3.1.1 WASM (Node)", json.RootElement.GetProperty("snowball3"))]);
    }

    /// <summary>TextKit's best times through both entry points, and the SHA-256 of its stems.</summary>
    private static (double SpanSeconds, double StringSeconds, string Digest) TimeTextKit(Stemmer stemmer, string[] tokens, int repeats)
    {
        long sink = 0; // the stems' total length, kept so that no call can be dropped as unused
        var spanSeconds = Timing.Best(repeats, () => sink += StemSpans(stemmer, tokens));
        var stringSeconds = Timing.Best(repeats, () => sink += StemStrings(stemmer, tokens));
        return (spanSeconds, stringSeconds, Digest(tokens.Select(stemmer.Stem)));
    }

    /// <summary>
    /// Prints TextKit's rows and the peers' (each a JSON entry with <c>seconds</c> and <c>sha256</c>); ratios are against
    /// the first peer.
    /// </summary>
    private static void PrintTable(string title, string versus, int words, (double SpanSeconds, double StringSeconds, string Digest) textKit, IEnumerable<(string Name, JsonElement Entry)> peers)
    {
        var rows = peers.Select(p => (p.Name, Rate: words / p.Entry.GetProperty("seconds").GetDouble(), Same: p.Entry.GetProperty("sha256").GetString() == textKit.Digest)).ToList();
        double reference = rows[0].Rate;
        Console.WriteLine($"\n== {title} ==");
        Console.WriteLine($"{"implementation",-42} {"words/s",14} {"vs " + versus,13}  identical");
        void Row(string name, double rate, string identical) => Console.WriteLine($"{name,-42} {rate,14:N0} {rate / reference,12:F2}x  {identical}");
        Row("TextKit Stem(span, destination)", words / textKit.SpanSeconds, "yes (reference)");
        Row("TextKit Stem(string)", words / textKit.StringSeconds, "yes");
        foreach (var (name, rate, same) in rows)
            Row(name, rate, same ? "yes" : "NO");
    }

    /// <summary>The unpacked npm package of the Snowball 3 peer, fetched with <c>npm pack</c> on first use.</summary>
    private static string Snowball3PackageDirectory()
    {
        var root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "textkit", "peers", Snowball3Package.Replace('@', '-'));
        var package = Path.Combine(root, "package");
        if (File.Exists(Path.Combine(package, "dist", "index.js")))
            return package;
        Directory.CreateDirectory(root);
        BenchData.RunProcess("npm", ["pack", Snowball3Package, "--pack-destination", root]);
        var tarball = Directory.GetFiles(root, "*.tgz").Single();
        BenchData.RunProcess("tar", ["-xzf", tarball, "-C", root]);
        return package;
    }

    private static int StemSpans(Stemmer stemmer, string[] tokens)
    {
        Span<char> buffer = stackalloc char[256];
        int total = 0;
        foreach (var token in tokens)
        {
            var destination = token.Length <= buffer.Length ? buffer : new char[token.Length];
            total += stemmer.Stem(token, destination);
        }
        return total;
    }

    private static int StemStrings(Stemmer stemmer, string[] tokens)
    {
        int total = 0;
        foreach (var token in tokens)
            total += stemmer.Stem(token).Length;
        return total;
    }

    private static string Digest(IEnumerable<string> stems)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', stems))));
}
