using TextKit.Segmentation;

namespace TextKit.Samples;

/// <summary>Shared by the samples (linked into each project): text → sentences of words with TextKit's English tokenizer and segmenter.</summary>
internal static class SampleWords
{
    /// <summary>Each sentence of <paramref name="text"/> with its words (contractions split as UD does: "didn't" → "did", "n't").</summary>
    public static List<(string Text, string[] Words)> Sentences(string text)
    {
        var (tokens, sentences) = DocumentTokenizer.English.Process(text);
        var result = new List<(string, string[])>(sentences.Count);
        foreach (var sentence in sentences)
        {
            var words = new List<string>();
            for (int t = sentence.FirstToken; t < sentence.FirstToken + sentence.TokenCount; t++)
                foreach (var word in tokens.WordsOf(tokens[t]))
                    words.Add(word.ToString(text));
            if (words.Count > 0)
                result.Add((text[sentence.Start..sentence.End].Trim(), [.. words]));
        }
        return result;
    }

    /// <summary>All words of <paramref name="text"/>.</summary>
    public static string[] Words(string text) => [.. Sentences(text).SelectMany(s => s.Words)];
}
