using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.Cleaning;
using TextKit.ML;
using TextKit.Segmentation;

namespace Quickstart.Sections;

/// <summary>
/// Quickstart section: clean an HTML document, split it into sentences and words with the plain .NET API, then do the
/// same inside an ML.NET pipeline. Call <see cref="Run"/> from Program.cs.
/// </summary>
public static class TokenizationSection
{
    /// <summary>Runs the section; returns the sample's cleaned sentences for the later stages.</summary>
    public static IReadOnlyList<string> Run(MLContext ml, string? samplePath = null)
    {
        samplePath ??= Path.Combine(AppContext.BaseDirectory, "Data", "sample.txt");
        var html = File.ReadAllText(samplePath);
        Console.WriteLine("== Cleaning, sentences and tokens ==");

        // 1. Plain .NET API: clean (HTML → text, NFKC, whitespace), then tokenize + split sentences in one pass.
        var cleaned = new TextCleaner(TextCleanerOptions.WebText).Clean(html);
        var (tokens, sentences) = DocumentTokenizer.English.Process(cleaned);
        Console.WriteLine($"Cleaned text: {cleaned.Length} characters, {sentences.Count} sentences, {tokens.Count} tokens, {tokens.WordCount} words");
        var sentenceTexts = sentences.Select(s => cleaned[s.Start..s.End].Trim()).Where(s => s.Length > 0).ToList();
        foreach (var sentence in sentences.Take(4))
        {
            var words = new List<string>();
            for (int t = sentence.FirstToken; t < sentence.FirstToken + sentence.TokenCount; t++)
            {
                var token = tokens[t];
                foreach (var word in tokens.WordsOf(token))
                    words.Add(word.ToString(cleaned));
            }
            Console.WriteLine($"  [{sentence.Start}..{sentence.End}) {string.Join(" | ", words)}");
        }

        // 2. The same steps as ML.NET transforms (saved and reloaded like any TextKit pipeline).
        var data = ml.Data.LoadFromEnumerable(new[] { new Document { Html = html } });
        var pipeline = ml.TextKit().Transforms.CleanText("Text", nameof(Document.Html), TextCleanerOptions.SocialMedia)
            .Append(ml.TextKit().Transforms.SplitSentences("Sentences", "Text"))
            .Append(ml.TextKit().Transforms.TokenizeWords("Words", "Text", offsetsColumnName: "Offsets"));
        var output = pipeline.Fit(data).Transform(data);
        var text = output.GetColumn<string>("Text").First();
        var sentenceCount = output.GetColumn<VBuffer<ReadOnlyMemory<char>>>("Sentences").First().Length;
        var words2 = output.GetColumn<VBuffer<ReadOnlyMemory<char>>>("Words").First().DenseValues().Select(m => m.ToString()).ToArray();
        Console.WriteLine($"ML.NET pipeline (social-media preset): {sentenceCount} sentences, {words2.Length} words");
        Console.WriteLine($"  cleaned: {text[..Math.Min(text.Length, 100)]}…");
        Console.WriteLine($"  words:   {string.Join(" ", words2.Skip(words2.Length - 16))}");
        return sentenceTexts;
    }

    private sealed class Document
    {
        public string Html { get; set; } = "";
    }
}
