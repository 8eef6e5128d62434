using System.Diagnostics;
using System.Text.RegularExpressions;
using TextKit.Data;

namespace TextKit.Bench;

/// <summary>Inputs shared by the normalization harnesses: Brown splits and the Python peer runner.</summary>
internal static partial class BenchData
{
    /// <summary>
    /// Tokens of the Brown train split as ../shared/bench/brown-canonical.md defines it: files c[a-r]\d\d sorted,
    /// index % 10 ∉ {8, 9}; tokens are whitespace-separated word/tag split at the last '/'.
    /// </summary>
    public static string[] BrownTrainTokens()
    {
        var root = DataCatalog.Ensure("brown", Console.Error);
        var files = Directory.GetFiles(root).Select(Path.GetFileName).Where(n => BrownFile().IsMatch(n!)).Order(StringComparer.Ordinal).ToArray();
        var tokens = new List<string>();
        for (int i = 0; i < files.Length; i++)
        {
            if (i % 10 is 8 or 9)
                continue;
            foreach (var line in File.ReadLines(Path.Combine(root, files[i]!)))
                foreach (var token in line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
                    tokens.Add(token[..Math.Max(0, token.LastIndexOf('/'))]);
        }
        return tokens.ToArray();
    }

    [GeneratedRegex(@"^c[a-r]\d\d$")]
    private static partial Regex BrownFile();

    /// <summary>Runs bench/peers/<paramref name="script"/> with /usr/bin/python3 and returns its stdout.</summary>
    public static string RunPython(string script, params string[] args)
        => RunProcess("/usr/bin/python3", [Path.Combine(RepositoryRoot(), "bench", "peers", script), .. args], "Install the peers with bench/peers/install.sh.");

    /// <summary>Runs <paramref name="program"/> to the end and returns its standard output; a failure names the command, its stderr and <paramref name="hint"/>.</summary>
    public static string RunProcess(string program, IReadOnlyList<string> args, string hint = "")
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({process.ExitCode}): {stderr.Result}\n{hint}");
        return stdout.Result;
    }

    /// <summary>../shared/data (UD EWT, ...): $TEXTKIT_SHARED_DATA or the nearest shared/data above the repository.</summary>
    public static string SharedData()
    {
        var env = Environment.GetEnvironmentVariable("TEXTKIT_SHARED_DATA");
        if (!string.IsNullOrEmpty(env))
            return env;
        for (var dir = new DirectoryInfo(RepositoryRoot()); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "shared", "data", "ud-ewt")))
                return Path.Combine(dir.FullName, "shared", "data");
        throw new InvalidOperationException("../shared/data (UD EWT) not found; set TEXTKIT_SHARED_DATA.");
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "bench", "peers")))
                return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root (a folder with bench/peers) above " + AppContext.BaseDirectory);
    }
}
