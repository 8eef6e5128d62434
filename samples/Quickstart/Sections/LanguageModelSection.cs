using TextKit.Samples;
using TextKit;
using TextKit.LanguageModels;

namespace Quickstart.Sections;

/// <summary>
/// Quickstart: score two sentences with the shipped Brown trigram model (models/brown-trigram.tklm, modified
/// Kneser-Ney, rebuilt by scripts/build-lm-model.sh) and print a sampled sentence.
/// </summary>
internal static class LanguageModelSection
{
    public static void Run(Quickstart.Report.QuickstartReport report)
    {
        Console.WriteLine("-- N-gram language model (models/brown-trigram.tklm: Brown, trigram, modified Kneser-Ney) --");
        var model = NgramLanguageModel.Load(RepositoryModels.Find("brown-trigram.tklm"));
        foreach (var sentence in new[] { "the jury said it had found no evidence of fraud .", "fraud of evidence no found had it said jury the ." })
        {
            var score = model.Score(sentence.Split(' '));
            report.LanguageModel.Add(new(sentence, score.Log10Prob, score.Perplexity));
            Console.WriteLine($"  {sentence,-50} log10 p = {score.Log10Prob,7:F2}   perplexity {score.Perplexity,8:F1}");
        }
        var sample = model.Generate(new GenerationOptions { Seed = 7, MaxTokens = 25, TopK = 40 });
        Console.WriteLine($"  sampled (seed 7, top-k 40): {string.Join(' ', sample)}");
    }
}
