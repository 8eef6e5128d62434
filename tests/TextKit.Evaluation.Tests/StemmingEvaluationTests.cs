using System.IO.Compression;
using System.Text.RegularExpressions;
using TextKit.Corpora;
using TextKit.Data;
using TextKit.Stemming;

namespace TextKit.Evaluation.Tests;

/// <summary>
/// The stemmer target: 0 differences from Snowball on every word type of Brown and EWT train. The reference stems
/// (PyStemmer, checked against snowballstemmer) are committed in tests/TextKit.Tests/Stemming/Fixtures; this test
/// rebuilds the vocabulary from the corpora, so it also proves the fixture covers every type.
/// </summary>
public partial class StemmingEvaluationTests
{
    [Fact]
    public void EveryBrownAndEwtTrainType_InReference_AndStemmedExactly()
    {
        var reference = new Dictionary<string, (string Porter, string Porter2)>(StringComparer.Ordinal);
        using (var file = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Fixtures", "brown-ewt-stems.tsv.gz")))
        using (var gzip = new GZipStream(file, CompressionMode.Decompress))
        using (var reader = new StreamReader(gzip))
        {
            while (reader.ReadLine() is { } line)
            {
                var parts = line.Split('\t');
                reference[parts[0]] = (parts[1], parts[2]);
            }
        }

        var types = new HashSet<string>(StringComparer.Ordinal);
        var brown = DataCatalog.Ensure("brown");
        foreach (var path in Directory.GetFiles(brown).Where(p => BrownFile().IsMatch(Path.GetFileName(p))))
            foreach (var line in File.ReadLines(path))
                foreach (var token in line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
                    if (token.LastIndexOf('/') is > 0 and var slash)
                        types.Add(token[..slash]);
        foreach (var sentence in ConllUReader.ReadFile(SharedData.EwtTrain))
            foreach (var line in sentence.Lines.Where(l => l.Kind != ConllULineKind.EmptyNode))
                types.Add(line.Form);
        types.UnionWith(types.Select(t => t.ToLowerInvariant()).ToList());
        types.RemoveWhere(t => t.Length == 0 || t.AsSpan().IndexOfAny('\t', '\n', '\r') >= 0);

        var missing = types.Where(t => !reference.ContainsKey(t)).Take(10).ToList();
        Assert.True(missing.Count == 0, $"types missing from the reference: {string.Join(", ", missing)}");
        Assert.True(types.Count > 75_000, $"{types.Count} types");
        var differences = types.Where(t => Stemmer.Porter.Stem(t) != reference[t].Porter || Stemmer.Porter2.Stem(t) != reference[t].Porter2).Take(10).ToList();
        Assert.True(differences.Count == 0, $"differences from Snowball: {string.Join(", ", differences)}");
    }

    [GeneratedRegex(@"^c[a-r]\d\d$")]
    private static partial Regex BrownFile();
}
