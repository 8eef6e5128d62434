using System.Security.Cryptography;

namespace TextKit.Evaluation.Tests;

/// <summary>
/// Locates ../shared/data (UD EWT, SST-2, BTC). These files are never committed and a user's clone does not have
/// them, which is why these tests live outside TextKit.sln. When the data is missing the tests FAIL with a message
/// saying where it was looked for; they never skip.
/// </summary>
public static class SharedData
{
    public static string Root
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("TEXTKIT_SHARED_DATA");
            if (!string.IsNullOrEmpty(env))
            {
                Assert.True(Directory.Exists(env), $"TEXTKIT_SHARED_DATA={env} does not exist.");
                return env;
            }
            var tried = new List<string>();
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "data");
                tried.Add(candidate);
                if (Directory.Exists(Path.Combine(candidate, "ud-ewt")))
                    return candidate;
            }
            Assert.Fail("The evaluation data (../shared/data with ud-ewt, sentiment/sst2, ner/btc) was not found. Set TEXTKIT_SHARED_DATA or place it beside the repository. Looked in: " + string.Join(", ", tried));
            return "";
        }
    }

    public static string File(params string[] parts)
    {
        var path = Path.Combine([Root, .. parts]);
        Assert.True(System.IO.File.Exists(path), $"Evaluation data file missing: {path}");
        return path;
    }

    public static string EwtTrain => File("ud-ewt", "en_ewt-ud-train.conllu");

    public static string EwtDev => File("ud-ewt", "en_ewt-ud-dev.conllu");

    public static string Sst2Train => File("sentiment", "sst2", "train.tsv");

    public static string Sst2Dev => File("sentiment", "sst2", "dev.tsv");

    public static string BtcTrain => File("ner", "btc", "train.conll");

    public static string BtcDev => File("ner", "btc", "dev.conll");

    public static string BtcTest => File("ner", "btc", "test.conll");

    public static string Sha256(string path)
    {
        using var stream = System.IO.File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
