using TextKit;
using TextKit.LanguageModels;

namespace Quickstart.Sections;

/// <summary>
/// Quickstart: score two sentences with the shipped Brown trigram model (models/brown-trigram.tklm, modified
/// Kneser-Ney, rebuilt by scripts/build-lm-model.sh) and print a sampled sentence.
/// </summary>
internal static class LanguageModelSection
{
    public static void Run()
    {
        Console.WriteLine("-- N-gram language model (models/brown-trigram.tklm: Brown, trigram, modified Kneser-Ney) --");
        var model = NgramLanguageModel.Load(FindModel());
        foreach (var sentence in new[] { "the jury said it had found no evidence of fraud .", "fraud of evidence no found had it said jury the ." })
        {
            var score = model.Score(sentence.Split(' '));
            Console.WriteLine($"  {sentence,-50} log10 p = {score.Log10Prob,7:F2}   perplexity {score.Perplexity,8:F1}");
        }
        var sample = model.Generate(new GenerationOptions { Seed = 7, MaxTokens = 25, TopK = 40 });
        Console.WriteLine($"  sampled (seed 7, top-k 40): {string.Join(' ', sample)}");
    }

    private static string FindModel()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var path = Path.Combine(dir.FullName, "models", "brown-trigram.tklm");
                if (File.Exists(path))
                    return path;
            }
        }
        throw new TextKitException("TK905", "models/brown-trigram.tklm not found above the Quickstart's folder; run from the repository or rebuild it with scripts/build-lm-model.sh.");
    }
}
