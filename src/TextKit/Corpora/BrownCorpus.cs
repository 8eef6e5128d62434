using System.Text.RegularExpressions;

namespace TextKit.Corpora;

/// <summary>Part of the canonical Brown split.</summary>
public enum BrownSplit
{
    /// <summary>400 files: index % 10 in 0..7.</summary>
    Train,

    /// <summary>50 files: index % 10 == 8.</summary>
    Dev,

    /// <summary>50 files: index % 10 == 9.</summary>
    Test,
}

/// <summary>
/// The NLTK-format Brown corpus with TextKit's canonical split (docs/corpora-and-evaluation.md): the 500 file ids
/// matching <c>c[a-r]\d\d</c>, sorted by name; 0-based index i: i % 10 == 9 → test, i % 10 == 8 → dev, otherwise
/// train. Sizes: train 929,728 tokens, dev 115,661, test 5,642 sentences / 115,803 tokens. Tags are kept as written;
/// map them with <c>sentence.MapTags(BrownTags.ToBase)</c> for the "brown-base" tag set.
/// </summary>
public sealed partial class BrownCorpus
{
    private BrownCorpus(IReadOnlyList<string> fileIds, IReadOnlyDictionary<string, string> categories,
        List<TaggedSentence> train, List<TaggedSentence> dev, List<TaggedSentence> test)
    {
        FileIds = fileIds;
        Categories = categories;
        Train = train;
        Dev = dev;
        Test = test;
    }

    /// <summary>The 500 file ids in canonical (sorted) order.</summary>
    public IReadOnlyList<string> FileIds { get; }

    /// <summary>File id → category from <c>cats.txt</c> ("news", "fiction", ...).</summary>
    public IReadOnlyDictionary<string, string> Categories { get; }

    public IReadOnlyList<TaggedSentence> Train { get; }

    public IReadOnlyList<TaggedSentence> Dev { get; }

    public IReadOnlyList<TaggedSentence> Test { get; }

    /// <summary>The sentences of <paramref name="split"/>.</summary>
    public IReadOnlyList<TaggedSentence> Get(BrownSplit split) => split switch
    {
        BrownSplit.Train => Train,
        BrownSplit.Dev => Dev,
        BrownSplit.Test => Test,
        _ => throw new ArgumentOutOfRangeException(nameof(split)),
    };

    /// <summary>
    /// Loads the whole corpus from <paramref name="folder"/> (e.g. <c>DataCatalog.Ensure("brown")</c>) into memory.
    /// </summary>
    public static BrownCorpus Load(string folder)
    {
        var (ids, categories) = ReadIndex(folder);
        var parts = new[] { new List<TaggedSentence>(), new List<TaggedSentence>(), new List<TaggedSentence>() };
        for (int i = 0; i < ids.Count; i++)
            parts[(int)SplitOf(i)].AddRange(BrownReader.ReadFile(Path.Combine(folder, ids[i]), categories.GetValueOrDefault(ids[i])));
        return new BrownCorpus(ids, categories, parts[0], parts[1], parts[2]);
    }

    /// <summary>Streams the sentences of one split from <paramref name="folder"/> without loading the rest.</summary>
    public static IEnumerable<TaggedSentence> ReadSplit(string folder, BrownSplit split)
    {
        var (ids, categories) = ReadIndex(folder);
        return Iterate(folder, ids, categories, split);

        static IEnumerable<TaggedSentence> Iterate(string folder, IReadOnlyList<string> ids, IReadOnlyDictionary<string, string> categories, BrownSplit split)
        {
            for (int i = 0; i < ids.Count; i++)
            {
                if (SplitOf(i) != split)
                    continue;
                foreach (var s in BrownReader.ReadFile(Path.Combine(folder, ids[i]), categories.GetValueOrDefault(ids[i])))
                    yield return s;
            }
        }
    }

    /// <summary>The canonical split of the file at 0-based <paramref name="index"/> in sorted order.</summary>
    public static BrownSplit SplitOf(int index) => (index % 10) switch
    {
        9 => BrownSplit.Test,
        8 => BrownSplit.Dev,
        _ => BrownSplit.Train,
    };

    [GeneratedRegex(@"^c[a-r]\d\d$", RegexOptions.CultureInvariant)]
    private static partial Regex FileIdPattern();

    private static (IReadOnlyList<string> Ids, IReadOnlyDictionary<string, string> Categories) ReadIndex(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
            throw new TextKitException("TK210", $"Brown corpus folder '{folder}' does not exist. Fetch it with `textkit data fetch brown` or DataCatalog.Ensure(\"brown\").");
        var ids = Directory.EnumerateFiles(folder).Select(Path.GetFileName).OfType<string>()
            .Where(n => FileIdPattern().IsMatch(n)).Order(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
            throw new TextKitException("TK210", $"'{folder}' contains no Brown corpus files (ca01 .. cr09).");
        var catsPath = Path.Combine(folder, "cats.txt");
        var categories = File.Exists(catsPath) ? BrownReader.ReadCategories(catsPath) : new Dictionary<string, string>();
        return (ids, categories);
    }
}
