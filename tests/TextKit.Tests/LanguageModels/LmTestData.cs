using TextKit.LanguageModels;

namespace TextKit.Tests.LanguageModels;

/// <summary>Small deterministic corpora with Zipf-like word frequencies (so count-of-counts are not degenerate).</summary>
internal static class LmTestData
{
    public static List<string[]> Corpus(int sentences = 300, int vocabulary = 40, int seed = 7)
    {
        var random = new Random(seed);
        var words = Enumerable.Range(0, vocabulary).Select(i => "w" + i).ToArray();
        var weights = Enumerable.Range(1, vocabulary).Select(r => 1.0 / r).ToArray();
        double total = weights.Sum();
        var result = new List<string[]>();
        for (int s = 0; s < sentences; s++)
        {
            int length = 1 + random.Next(12);
            var sentence = new string[length];
            for (int i = 0; i < length; i++)
            {
                // A little structure: w1 is often followed by w2.
                if (i > 0 && sentence[i - 1] == "w1" && random.NextDouble() < 0.6)
                {
                    sentence[i] = "w2";
                    continue;
                }
                double r = random.NextDouble() * total;
                int j = 0;
                while ((r -= weights[j]) > 0 && j < vocabulary - 1)
                    j++;
                sentence[i] = words[j];
            }
            result.Add(sentence);
        }
        return result;
    }

    /// <summary>The model as ARPA text.</summary>
    public static string Arpa(NgramLanguageModel model)
    {
        var writer = new StringWriter();
        model.WriteArpa(writer);
        return writer.ToString();
    }

    /// <summary>A model read from ARPA text (reported as <c>test.arpa</c> in errors).</summary>
    public static NgramLanguageModel ReadArpa(string text, LmPrecision precision = LmPrecision.Double)
        => NgramLanguageModel.ReadArpa(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), "test.arpa", precision);

    /// <summary>Σ over the predictable words (all but &lt;s&gt;) of p(w | context).</summary>
    public static double SumOverVocabulary(NgramLanguageModel model, ReadOnlySpan<int> context)
    {
        double sum = 0;
        for (int w = 0; w < model.Vocabulary.Count; w++)
        {
            if (w == LmVocabulary.BeginId)
                continue;
            sum += Math.Pow(10, model.Log10Prob(context, w));
        }
        return sum;
    }
}
