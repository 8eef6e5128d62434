using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.Lemmatization;
using TextKit.ML;
using TextKit.ML.Transforms;
using TextKit.Morphology;
using TextKit.Stemming;

/// <summary>Quickstart: stems, lemmas and morphological analysis (docs/normalization.md).</summary>
internal static class NormalizationSection
{
    public static void Run(MLContext ml)
    {
        Console.WriteLine("-- Normalization: stems, lemmas, morphology --");

        // 1. Plain API: Porter / Porter2 (exact Snowball), and the POS-aware lemmatizer shipped in TextKit.dll.
        string[] words = ["The", "geese", "were", "happily", "running", "across", "the", "fields"];
        string[] upos = ["DET", "NOUN", "AUX", "ADV", "VERB", "ADP", "DET", "NOUN"];
        string[] xpos = ["DT", "NNS", "VBD", "RB", "VBG", "IN", "DT", "NNS"];
        Console.WriteLine($"  words   : {string.Join(' ', words)}");
        Console.WriteLine($"  porter  : {string.Join(' ', words.Select(w => Stemmer.Porter.Stem(w.ToLowerInvariant())))}");
        Console.WriteLine($"  porter2 : {string.Join(' ', words.Select(w => Stemmer.Porter2.Stem(w.ToLowerInvariant())))}");
        var lemmas = new string[words.Length];
        Lemmatizer.English.LemmatizeSentence(words, upos, xpos, lemmas);
        Console.WriteLine($"  lemmas  : {string.Join(' ', lemmas)}");

        // An unknown word: candidate readings with lemma, tags and UD features.
        foreach (var a in MorphologicalAnalyzer.English.Analyze("blorpifications").Take(2))
            Console.WriteLine($"  analyze(blorpifications): {a}");

        // 2. The same in an ML.NET pipeline: tokenize, stem, guess UPOS with the analyzer, lemmatize with it.
        var data = ml.Data.LoadFromEnumerable(new[] { new Line("The children were running home") });
        var pipeline = ml.Transforms.Text.TokenizeIntoWords("Tokens", nameof(Line.Text))
            .Append(ml.TextKit().Transforms.StemWords("Stems", "Tokens"))
            .Append(ml.TextKit().Transforms.AnalyzeMorphology(new AnalyzeMorphologyEstimator.Options { OutputColumnName = "Feats", OutputUposColumnName = "Upos" }))
            .Append(ml.TextKit().Transforms.LemmatizeWords("Lemmas", "Tokens", "Upos"));
        var output = pipeline.Fit(data).Transform(data);
        foreach (var column in new[] { "Stems", "Upos", "Lemmas", "Feats" })
            Console.WriteLine($"  {column,-7} : {string.Join(' ', output.GetColumn<string[]>(column).Single())}");
    }

    private sealed record Line(string Text);
}
