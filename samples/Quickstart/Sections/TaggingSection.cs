using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.Lemmatization;
using TextKit.ML;
using TextKit.Segmentation;
using TextKit.Tagging;
using Quickstart.Report;
using TextKit.Samples;

/// <summary>Quickstart: part-of-speech tagging + lemmatization of a paragraph (docs/tagging.md).</summary>
internal static class TaggingSection
{
    public static void Run(MLContext ml, IReadOnlyList<string> sampleSentences, QuickstartReport report)
    {
        Console.WriteLine("-- Tagging: UPOS, PTB XPOS, UD FEATS, then lemmas with the predicted tags --");

        // 1. Plain API: split each sample sentence into words, tag with the shipped EWT model, lemmatize.
        var tagger = PerceptronTagger.LoadDefault();
        foreach (var text in sampleSentences)
        {
            var words = SampleWords.Words(text);
            if (words.Length == 0)
                continue;
            var tags = tagger.Tag(words);
            var lemmas = new string[words.Length];
            Lemmatizer.English.LemmatizeSentence(words, tags.Upos, tags.Xpos, lemmas);
            report.TaggedSentences.Add([.. words.Select((w, i) => new QuickstartReport.TaggedWord(w, tags.Upos![i], tags.Xpos![i], lemmas[i], tags.Feats![i]))]);
            Console.WriteLine("  " + string.Join(' ', words.Select((w, i) => $"{w}/{tags.Upos![i]}" + (lemmas[i] != w ? $"({lemmas[i]})" : ""))));
        }
        Console.WriteLine();

        // 2. The same as ML.NET transforms: tag a token column, then lemmatize with the predicted tags.
        var data = ml.Data.LoadFromEnumerable(new[] { new Sentence { Tokens = ["Dogs", "were", "barking", "loudly", "."] } });
        var pipeline = ml.TextKit().Transforms.TagPartsOfSpeech("Tokens")
            .Append(ml.TextKit().Transforms.LemmatizeWords(new TextKit.ML.Transforms.LemmatizeWordsEstimator.Options
            {
                OutputColumnName = "Lemmas", TokensColumnName = "Tokens", UposColumnName = "PredictedUpos", XposColumnName = "PredictedXpos",
            }));
        var output = pipeline.Fit(data).Transform(data);
        foreach (var column in new[] { "PredictedUpos", "PredictedXpos", "Lemmas" })
            Console.WriteLine($"  {column,-13} : {string.Join(' ', output.GetColumn<string[]>(column).Single())}");
    }

    private sealed class Sentence
    {
        public string[] Tokens { get; set; } = [];
    }
}
