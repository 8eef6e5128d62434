using System.IO.Compression;
using System.Text;
using TextKit.Stemming;

namespace TextKit.Tests.Stemming;

/// <summary>
/// Exactness against the Snowball reference. The fixtures were written by bench/peers/stemming/reference.py with
/// PyStemmer 2.2.0.1 (C libstemmer) and checked there against the pure-Python snowballstemmer 2.2.0
/// (see Fixtures/README.md): word TAB porter TAB english.
/// </summary>
public class StemmerTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Stemming", "Fixtures", name);

    /// <summary>The tab-separated rows of a fixture (gzip when the name ends in .gz), each checked to have <paramref name="columns"/> fields.</summary>
    private static List<string[]> ReadRows(string name, int columns)
    {
        var path = Fixture(name);
        using Stream file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream, new UTF8Encoding(false, true));
        var rows = new List<string[]>();
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split('\t');
            Assert.Equal(columns, parts.Length);
            rows.Add(parts);
        }
        return rows;
    }

    internal static IEnumerable<(string Word, string Porter, string Porter2)> ReadReference(string name)
        => ReadRows(name, 3).Select(p => (p[0], p[1], p[2])).ToList();

    private static void AssertMatches(string fixture, int minimumRows)
    {
        var rows = ReadReference(fixture).ToList();
        Assert.True(rows.Count >= minimumRows, $"{fixture}: only {rows.Count} rows");
        AssertStems("Snowball", rows.SelectMany(r => new[] { (Stemmer.Porter, r.Word, r.Porter), (Stemmer.Porter2, r.Word, r.Porter2) }));
    }

    /// <summary>
    /// Checks every (stemmer, word, expected stem) through both entry points (string, and span for words of up to 512
    /// characters) and reports the first 20 differences.
    /// </summary>
    private static void AssertStems(string reference, IEnumerable<(Stemmer Stemmer, string Word, string Expected)> cases)
    {
        var failures = new List<string>();
        Span<char> buffer = stackalloc char[512];
        foreach (var (stemmer, word, expected) in cases)
        {
            var stem = stemmer.Stem(word);
            if (stem != expected)
                failures.Add($"{stemmer.Algorithm}({word}) = {stem}, expected {expected}");
            if (word.Length <= buffer.Length)
            {
                int n = stemmer.Stem(word, buffer);
                if (!buffer[..n].SequenceEqual(expected))
                    failures.Add($"{stemmer.Algorithm} span({word}) = {buffer[..n].ToString()}, expected {expected}");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} differences from {reference}, first: {string.Join("; ", failures.Take(20))}");
    }

    [Fact]
    public void Stem_TrickySample_MatchesSnowball() => AssertMatches("tricky-stems.tsv", 3000);

    [Fact]
    public void Stem_EveryBrownAndEwtTrainType_MatchesSnowball() => AssertMatches("brown-ewt-stems.tsv.gz", 70000);

    /// <summary>
    /// The Snowball 3 revision against Fixtures/*-revised.tsv (word TAB stem), written by
    /// bench/peers/stemming/reference-revised.mjs with the Snowball 3.1.1 stemmer compiled to WebAssembly.
    /// </summary>
    private static void AssertRevisedMatches(string fixture, int minimumRows)
    {
        var rows = ReadRows(fixture, 2);
        Assert.True(rows.Count >= minimumRows, $"{fixture}: only {rows.Count} rows");
        AssertStems("Snowball 3", rows.Select(r => (Stemmer.Porter2Revised, r[0], r[1])));
    }

    [Fact]
    public void Stem_Revised_TrickySample_MatchesSnowball3() => AssertRevisedMatches("tricky-stems-revised.tsv", 3000);

    [Fact]
    public void Stem_Revised_EveryBrownAndEwtTrainType_MatchesSnowball3() => AssertRevisedMatches("brown-ewt-stems-revised.tsv.gz", 70000);

    [Theory]
    [InlineData("added", "ad", "add")]
    [InlineData("offing", "of", "off")]
    [InlineData("vying", "vy", "vie")]
    [InlineData("dying", "die", "die")]
    [InlineData("Lying", "Ly", "Lie")]
    [InlineData("pasted", "past", "paste")]
    [InlineData("biologists", "biologist", "biolog")]
    [InlineData("interval", "interv", "interval")]
    [InlineData("universities", "univers", "universiti")]
    [InlineData("organic", "organ", "organic")]
    [InlineData("proceeds", "proceed", "proceed")]
    [InlineData("exceedingly", "exceed", "exceed")]
    [InlineData("evening's", "even", "evening")]
    [InlineData("skis", "ski", "ski")]
    [InlineData("running", "run", "run")]
    public void Stem_Revised_DiffersFromClassicWhereSnowball3Does(string word, string classic, string revised)
    {
        Assert.Equal(classic, Stemmer.Porter2.Stem(word));
        Assert.Equal(revised, Stemmer.Porter2Revised.Stem(word));
        Assert.Equal(StemmerAlgorithm.Porter2Revised, Stemmer.Porter2Revised.Algorithm);
        Assert.Same(Stemmer.Porter2Revised, Stemmer.Get(StemmerAlgorithm.Porter2Revised));
    }

    [Theory]
    [InlineData("caresses", "caress", "caress")]
    [InlineData("ponies", "poni", "poni")]
    [InlineData("ties", "ti", "tie")]
    [InlineData("generously", "gener", "generous")]
    [InlineData("skies", "ski", "sky")]
    [InlineData("dying", "dy", "die")]
    [InlineData("running", "run", "run")]
    [InlineData("hopping", "hop", "hop")]
    [InlineData("hoping", "hope", "hope")]
    [InlineData("relational", "relat", "relat")]
    [InlineData("happy", "happi", "happi")]
    [InlineData("sky", "sky", "sky")]
    [InlineData("proceed", "proce", "proceed")]
    [InlineData("yes", "ye", "yes")]
    [InlineData("Running", "Run", "Run")]
    public void Stem_ClassicExamples(string word, string porter, string porter2)
    {
        Assert.Equal(porter, Stemmer.Porter.Stem(word));
        Assert.Equal(porter2, Stemmer.Porter2.Stem(word));
    }

    [Fact]
    public void Stem_UnchangedWord_ReturnsSameInstance()
    {
        var word = "cat";
        Assert.Same(word, Stemmer.Porter2.Stem(word));
    }

    [Fact]
    public void Stem_EmptyAndOneCharacter_Defined()
    {
        Assert.Equal("", Stemmer.Porter.Stem(""));
        Assert.Equal("", Stemmer.Porter2.Stem(""));
        Assert.Equal("", Stemmer.Porter.Stem("s"));
        Assert.Equal("s", Stemmer.Porter2.Stem("s"));
        Assert.Equal(0, Stemmer.Porter2.Stem(ReadOnlySpan<char>.Empty, Span<char>.Empty));
    }

    [Fact]
    public void Stem_TenThousandCharacterWord_UsesPooledBuffer()
    {
        // -ational → -ate (step 2, in R1) → deleted (step 4, in R2), as Snowball does for any length.
        var stem = string.Concat(Enumerable.Repeat("abc", 3334));
        Assert.Equal(stem, Stemmer.Porter2.Stem(stem + "ational"));
        Assert.Equal(stem, Stemmer.Porter.Stem(stem + "ational"));
        var buffer = new char[stem.Length + 7];
        Assert.Equal(stem.Length, Stemmer.Porter2.Stem(stem + "ational", buffer));
    }

    [Fact]
    public void Stem_SurrogatePairsCountAsOneLetter()
    {
        // "😀y": one code point before y, so step 1c (needs two) leaves it; counting UTF-16 units would give "😀i".
        Assert.Equal("\U0001F600y", Stemmer.Porter2.Stem("\U0001F600y"));
        Assert.Equal("\U0001F600\U0001F600i", Stemmer.Porter2.Stem("\U0001F600\U0001F600y"));
        // Lone surrogates (invalid UTF-16) are one non-letter each and survive unchanged.
        Assert.Equal("a\uD800bcri", Stemmer.Porter2.Stem("a\uD800bcries"));
        Assert.Equal("\uDC00\uD800x", Stemmer.Porter2.Stem("\uDC00\uD800x"));
    }

    [Fact]
    public void Stem_DestinationTooShort_Throws()
    {
        var buffer = new char[3];
        Assert.Throws<ArgumentException>(() => Stemmer.Porter.Stem("running", buffer));
    }

    [Fact]
    public void Stem_InPlace_Works()
    {
        var chars = "generalizations".ToCharArray();
        int n = Stemmer.Porter2.Stem(chars, chars);
        Assert.Equal("general", new string(chars, 0, n));
    }

    [Fact]
    public void Stem_ParallelThreads_SameResults()
    {
        var words = ReadReference("tricky-stems.tsv").ToArray();
        Parallel.For(0, 8, _ =>
        {
            foreach (var (word, porter, porter2) in words)
            {
                Assert.Equal(porter, Stemmer.Porter.Stem(word));
                Assert.Equal(porter2, Stemmer.Porter2.Stem(word));
            }
        });
    }

    [Theory]
    [InlineData("porter", StemmerAlgorithm.Porter)]
    [InlineData("Porter2", StemmerAlgorithm.Porter2)]
    [InlineData("english", StemmerAlgorithm.Porter2)]
    [InlineData("porter2-revised", StemmerAlgorithm.Porter2Revised)]
    [InlineData("English-Revised", StemmerAlgorithm.Porter2Revised)]
    public void ParseAlgorithm_KnownNames(string name, StemmerAlgorithm expected) => Assert.Equal(expected, Stemmer.ParseAlgorithm(name));

    [Fact]
    public void ParseAlgorithm_Unknown_ThrowsTextKitException()
    {
        var e = Assert.Throws<TextKitException>(() => Stemmer.ParseAlgorithm("lancaster"));
        Assert.Equal("TK501", e.Code);
        Assert.Contains("porter2", e.Message, StringComparison.Ordinal);
    }
}
