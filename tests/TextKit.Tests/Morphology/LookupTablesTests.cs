using TextKit.Morphology;

namespace TextKit.Tests.Morphology;

public class LookupTablesTests
{
    [Fact]
    public void NameTable_FindsEveryName_ShortPackedAndLong_AndNothingElse()
    {
        // Names of 1–4 characters are packed into numbers, longer ones hashed: prefixes of each other, names that differ
        // only by a NUL, and the empty name must all stay apart.
        string[] names = ["N", "NN", "NNS", "NNP", "NNPS", "PROPN", "PUNCT", "-LRB-", "VBZ", "$", "''", "N\0", "\0", "A\0B", "", "ADD", "SCONJ", "X"];
        var ids = names.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i * 3);
        var table = new NameTable(ids);
        foreach (var (name, id) in ids)
            Assert.Equal(id, table.Find(name));
        foreach (var other in new[] { "NNX", "NNPSX", "n", "NN\0", "PROP", "PROPNS", "\0\0", "B", "ZZZZ" })
            Assert.Equal(-1, table.Find(other));
    }

    [Fact]
    public void NameTable_ManyNames_AllFound()
    {
        // As many names as a large XPOS set, so that probing chains form.
        var ids = Enumerable.Range(0, 200).ToDictionary(i => i < 100 ? $"T{i}" : $"TAG-{i}", i => i);
        var table = new NameTable(ids);
        foreach (var (name, id) in ids)
            Assert.Equal(id, table.Find(name));
        Assert.Equal(-1, table.Find("T100"));
    }

    [Fact]
    public void SuffixTable_FindLongest_GivesTheLongestEndingsScoreAndCandidatesExactly()
    {
        // Candidates are stored in the record after the ending, padded to an 8-byte boundary: endings of every length
        // mod 4, candidate counts 0, 1 and several, and negative, tiny and extreme scores must come back bit for bit.
        var entries = new List<KeyValuePair<string, SuffixEntry>>();
        var expected = new Dictionary<string, (double Identity, RuleCandidate[] Rules)>();
        var rng = new Random(11);
        string[] endings = ["", "s", "es", "ies", "ings", "ation", "ically", "ousness"];
        for (int cls = 0; cls < 3; cls++)
        {
            foreach (var ending in endings)
            {
                var rules = Enumerable.Range(0, (ending.Length + cls) % 4 == 0 ? 0 : rng.Next(1, 9))
                    .Select(_ => new RuleCandidate(Math.Log(rng.NextDouble() + 1e-300) * (rng.Next(2) == 0 ? 1 : 1e-6), rng.Next(0, 70_000)))
                    .ToArray();
                string key = (char)(cls + 1) + ending;
                double identity = cls == 2 ? double.MinValue : -rng.NextDouble();
                entries.Add(new(key, new SuffixEntry([], 0) { IdentityLogScore = identity, Rules = rules }));
                expected[key] = (identity, rules);
            }
        }
        var table = new SuffixTable(entries);
        Assert.True(table.Complete);
        foreach (var (word, cls, ending) in new[]
        {
            ("cats", 0, "s"), ("fishes", 1, "es"), ("ponies", 2, "ies"), ("kings", 0, "ings"), ("nation", 1, "ation"),
            ("basically", 2, "ically"), ("famousness", 0, "ousness"), ("walk", 1, ""), ("x", 2, ""),
        })
        {
            Assert.True(table.FindLongest(word, cls, maxLength: 10, out double identity, out var rules), word);
            var want = expected[(char)(cls + 1) + ending];
            Assert.Equal(BitConverter.DoubleToInt64Bits(want.Identity), BitConverter.DoubleToInt64Bits(identity));
            Assert.Equal(want.Rules, rules.ToArray());
        }
        // A class without any key finds nothing.
        Assert.False(table.FindLongest("cats", 5, maxLength: 10, out _, out var none));
        Assert.True(none.IsEmpty);
        // The longest ending is bounded by maxLength: "ousness" is not reachable with 6.
        Assert.True(table.FindLongest("famousness", 0, maxLength: 6, out _, out var shorter));
        Assert.Equal(expected["\u0001s"].Rules, shorter.ToArray());
    }
}
