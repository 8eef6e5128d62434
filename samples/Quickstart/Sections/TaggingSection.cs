using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.Lemmatization;
using TextKit.ML;
using TextKit.Segmentation;
using TextKit.Tagging;

/// <summary>Quickstart: part-of-speech tagging + lemmatization of a paragraph (docs/tagging.md).</summary>
internal static class TaggingSection
{
    private const string Paragraph =
        "The geese weren't flying south this year. Researchers at the station counted 1,200 birds, " +
        "and they suspect that warmer winters are changing the flocks' habits.";

    public static void Run(MLContext ml)
    {
        Console.WriteLine("-- Tagging: UPOS, PTB XPOS, UD FEATS, then lemmas with the predicted tags --");

        // 1. Plain API: split the paragraph into sentences of words, tag each with the shipped EWT model, lemmatize.
        var (tokens, sentences) = DocumentTokenizer.English.Process(Paragraph);
        var tagger = PerceptronTagger.LoadDefault();
        foreach (var sentence in sentences)
        {
            var words = new List<string>();
            for (int t = sentence.FirstToken; t < sentence.FirstToken + sentence.TokenCount; t++)
                foreach (var word in tokens.WordsOf(tokens[t]))
                    words.Add(word.ToString(Paragraph));
            var tags = tagger.Tag(words);
            var lemmas = new string[words.Count];
            Lemmatizer.English.LemmatizeSentence(words, tags.Upos, tags.Xpos, lemmas);
            for (int i = 0; i < words.Count; i++)
                Console.WriteLine($"  {words[i],-12} {tags.Upos![i],-6} {tags.Xpos![i],-5} {lemmas[i],-12} {tags.Feats![i]}");
            Console.WriteLine();
        }

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
