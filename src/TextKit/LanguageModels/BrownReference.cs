using System.Text.RegularExpressions;

namespace TextKit.LanguageModels;

/// <summary>
/// The text preparation of TextKit's reference Brown language model (shared/bench/brown-canonical.md): the 500 files
/// <c>c[a-r]NN</c> sorted by name, file i → test when i % 10 == 9, dev when i % 10 == 8, else train; one sentence per
/// non-blank line; tokens <c>word/tag</c> split at the last '/', words lower-cased. Kept small on purpose: the general
/// Brown reader lives in <c>TextKit.Corpora</c>.
/// </summary>
public static partial class BrownReference
{
    /// <summary>The three parts of the canonical split, as lower-cased token lists.</summary>
    public sealed record Split(IReadOnlyList<string[]> Train, IReadOnlyList<string[]> Dev, IReadOnlyList<string[]> Test);

    [GeneratedRegex(@"^c[a-r]\d\d$")]
    private static partial Regex FileId();

    /// <summary>Reads the split from an NLTK-format Brown folder (e.g. <c>DataCatalog.Ensure("brown")</c>).</summary>
    public static Split Load(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder))
            throw new TextKitException("TK740", $"Brown folder '{folder}' does not exist. Fetch it with 'textkit data fetch brown'.");
        var files = Directory.GetFiles(folder).Select(Path.GetFileName).Where(f => FileId().IsMatch(f!)).Order(StringComparer.Ordinal).ToArray();
        if (files.Length != 500)
            throw new TextKitException("TK740", $"Brown folder '{folder}' has {files.Length} files named c[a-r]NN; the NLTK Brown corpus has 500.");
        List<string[]> train = [], dev = [], test = [];
        for (int i = 0; i < files.Length; i++)
        {
            var target = (i % 10) switch { 9 => test, 8 => dev, _ => train };
            var path = Path.Combine(folder, files[i]!);
            int lineNumber = 0;
            foreach (var line in File.ReadLines(path))
            {
                lineNumber++;
                var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length == 0)
                    continue;
                var words = new string[fields.Length];
                for (int j = 0; j < fields.Length; j++)
                {
                    int slash = fields[j].LastIndexOf('/');
                    if (slash <= 0)
                        throw new TextKitFormatException("TK741", path, lineNumber, $"token '{fields[j]}' is not word/tag");
                    words[j] = fields[j][..slash].ToLowerInvariant();
                }
                target.Add(words);
            }
        }
        return new Split(train, dev, test);
    }

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
