using TextKit.Corpora;

namespace TextKit.LanguageModels;

/// <summary>
/// The text preparation of TextKit's reference Brown language model (shared/bench/brown-canonical.md): the canonical
/// split of <see cref="BrownCorpus"/>, each sentence's words (punctuation included) lower-cased.
/// </summary>
public static class BrownReference
{
    /// <summary>The three parts of the canonical split, as lower-cased token lists.</summary>
    public sealed record Split(IReadOnlyList<string[]> Train, IReadOnlyList<string[]> Dev, IReadOnlyList<string[]> Test);

    /// <summary>Reads the split from an NLTK-format Brown folder (e.g. <c>DataCatalog.Ensure("brown")</c>).</summary>
    public static Split Load(string folder)
    {
        var corpus = BrownCorpus.Load(folder);
        return new Split(Lower(corpus.Train), Lower(corpus.Dev), Lower(corpus.Test));
    }

    private static string[][] Lower(IReadOnlyList<TaggedSentence> sentences)
        => sentences.Select(s => s.Tokens.Select(t => t.ToLowerInvariant()).ToArray()).ToArray();

    /// <summary>The reference model definition: trigram, interpolated modified Kneser-Ney, NLTK padding, min count 2, <c>&lt;UNK&gt;</c>.</summary>
    public static NgramModelOptions ReferenceOptions() => new()
    {
        Order = 3,
        Smoothing = Smoothing.ModifiedKneserNey,
        Padding = SentencePadding.Full,
        MinCount = 2,
        UnknownToken = "<UNK>",
    };

    /// <summary>Writes sentences one per line, tokens separated by spaces (the input of <c>textkit lm train</c>).</summary>
    public static void WriteText(IEnumerable<string[]> sentences, string path)
    {
        using var writer = new StreamWriter(path, false, new System.Text.UTF8Encoding(false));
        foreach (var s in sentences)
        {
            writer.Write(string.Join(' ', s));
            writer.Write('\n');
        }
    }
}
