using System.Diagnostics;
using System.Globalization;
using System.Text;
using TextKit.Cleaning;
using TextKit.Corpora;
using TextKit.Segmentation;
using TextKit.Tokenization;

namespace TextKit.Bench;

/// <summary>
/// Tokenization and cleaning speed side by side with NLTK's TreebankWordTokenizer (python3-nltk), same lines, same
/// machine, same session: <c>dotnet run -c Release --project bench/TextKit.Bench -- harness tokenization [FILE]</c>.
/// Without FILE the raw text of UD EWT train is rebuilt from ../shared/data (or TEXTKIT_SHARED_DATA).
/// </summary>
public sealed class TokenizationHarness : IHarness
{
    public string Name => "tokenization";

    public string Description => "WordTokenizer vs NLTK TreebankWordTokenizer (tokens/s, ratio); TextCleaner MB/s (plain text, HTML)";

    public int Run(string[] args)
    {
        var path = args.Length > 0 ? args[0] : EwtRawTextFile();
        var lines = File.ReadAllLines(path, Encoding.UTF8).Where(l => l.Length > 0).ToArray();
        var tmp = Path.Combine(Path.GetTempPath(), "textkit-bench-lines.txt");
        File.WriteAllLines(tmp, lines, new UTF8Encoding(false));
        long chars = lines.Sum(l => (long)l.Length);
        double megabytes = Encoding.UTF8.GetByteCount(string.Join("\n", lines)) / 1e6;
        Console.WriteLine($"input: {path}: {lines.Length} lines, {chars:N0} characters, {megabytes:F2} MB UTF-8");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}");

        // TextKit: best of 10 passes over all lines with one reused buffer.
        var list = new TokenList(4096);
        long tokens = 0;
        for (int warm = 0; warm < 3; warm++)
            tokens = TokenizeAll(lines, list);
        double best = double.MaxValue;
        double cpu = CpuSeconds();
        for (int r = 0; r < 10; r++)
        {
            var sw = Stopwatch.StartNew();
            tokens = TokenizeAll(lines, list);
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        double perCpu = (CpuSeconds() - cpu) / 10;
        Console.WriteLine(F($"TextKit WordTokenizer: {tokens:N0} tokens in {best * 1000:F1} ms = {tokens / best / 1e6:F2} M tokens/s, {megabytes / best:F1} MB/s; ") +
            F($"per CPU-second (mean of the 10 passes): {tokens / perCpu / 1e6:F2} M tokens/s, {megabytes / perCpu:F1} MB/s (load average {LoadAverage()})"));

        var pipeline = DocumentTokenizer.English;
        var sentences = new List<SentenceSpan>();
        double bestDoc = double.MaxValue;
        foreach (var line in lines)
            pipeline.Process(line, list, sentences); // warm-up pass
        double docCpu = CpuSeconds();
        for (int r = 0; r < 5; r++)
        {
            var sw = Stopwatch.StartNew();
            foreach (var line in lines)
                pipeline.Process(line, list, sentences);
            bestDoc = Math.Min(bestDoc, sw.Elapsed.TotalSeconds);
        }
        double docPerCpu = (CpuSeconds() - docCpu) / 5;
        Console.WriteLine(F($"TextKit tokenize + sentence split (DocumentTokenizer): {megabytes / bestDoc:F1} MB/s, {tokens / bestDoc / 1e6:F2} M tokens/s; ") +
            F($"per CPU-second (mean of 5 passes after one warm-up): {megabytes / docPerCpu:F1} MB/s"));

        var peer = RunPeer(tmp, 3);
        if (peer is { } p)
        {
            Console.WriteLine(F($"NLTK TreebankWordTokenizer: {p.Tokens:N0} tokens in {p.Seconds * 1000:F1} ms = {p.Tokens / p.Seconds / 1e6:F3} M tokens/s"));
            Console.WriteLine(F($"ratio (NLTK time / TextKit time): {p.Seconds / best:F1}x"));
        }

        // Cleaning: plain text (the non-HTML path) and the same text as HTML paragraphs.
        var text = string.Join("\n", lines);
        var html = "<html><body>" + string.Concat(lines.Select(l => "<p>" + System.Net.WebUtility.HtmlEncode(l) + "</p>\n")) + "</body></html>";
        double htmlMb = Encoding.UTF8.GetByteCount(html) / 1e6;
        foreach (var (name, options, input, mb) in new (string, TextCleanerOptions, string, double)[]
        {
            ("default, plain text", TextCleanerOptions.Default, text, megabytes),
            ("web preset, plain text", TextCleanerOptions.WebText, text, megabytes),
            ("social preset, plain text", TextCleanerOptions.SocialMedia, text, megabytes),
            ("default, HTML", TextCleanerOptions.Default, html, htmlMb),
        })
        {
            var cleaner = new TextCleaner(options);
            cleaner.Clean(input);
            double bestClean = double.MaxValue;
            for (int r = 0; r < 5; r++)
            {
                var sw = Stopwatch.StartNew();
                cleaner.Clean(input);
                bestClean = Math.Min(bestClean, sw.Elapsed.TotalSeconds);
            }
            Console.WriteLine(F($"TextCleaner ({name}): {mb / bestClean:F1} MB/s"));
        }
        return 0;
    }

    private static double CpuSeconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static long TokenizeAll(string[] lines, TokenList list)
    {
        long tokens = 0;
        foreach (var line in lines)
        {
            WordTokenizer.English.Tokenize(line, list);
            tokens += list.WordCount;
        }
        return tokens;
    }

    private static (long Tokens, double Seconds)? RunPeer(string file, int repeats)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "peers", "tokenization", "nltk_treebank.py");
        if (!File.Exists(script))
            script = Path.GetFullPath(Path.Combine("bench", "peers", "tokenization", "nltk_treebank.py"));
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add(file);
        info.ArgumentList.Add(repeats.ToString(CultureInfo.InvariantCulture));
        try
        {
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                Console.WriteLine($"NLTK peer failed (install with bench/peers/install.sh): {error.Trim()}");
                return null;
            }
            var parts = output.Trim().Split(' ');
            return (long.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture));
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Console.WriteLine($"NLTK peer not runnable: {e.Message}");
            return null;
        }
    }

    private static string EwtRawTextFile()
    {
        var root = Environment.GetEnvironmentVariable("TEXTKIT_SHARED_DATA");
        var candidates = root is not null ? [root] : new[] { "../shared/data", "../../shared/data" };
        foreach (var c in candidates)
        {
            var train = Path.Combine(c, "ud-ewt", "en_ewt-ud-train.conllu");
            if (File.Exists(train))
            {
                var path = Path.Combine(Path.GetTempPath(), "textkit-ewt-train-raw.txt");
                File.WriteAllText(path, ConllURawText.Text(ConllUReader.ReadFile(train)), new UTF8Encoding(false));
                return path;
            }
        }
        throw new TextKitException("TK010", "No input file given and UD EWT train not found under ../shared/data or TEXTKIT_SHARED_DATA; pass a text file.");
    }
}
