using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using TextKit.Data;
using TextKit.Neural.Tokenizers;
using Mlt = Microsoft.ML.Tokenizers;

namespace TextKit.Bench.Benchmarks;

/// <summary>
/// WordPiece and byte-level BPE over 2,000 Brown sentences (≈ 45k words), one Encode per sentence, against
/// Microsoft.ML.Tokenizers 2.0.1 (BertTokenizer; BpeTokenizer with ByteLevel + RobertaPreTokenizer) and
/// FastBertTokenizer 1.2.6, with the hf-tiny vocabularies (tests/TextKit.Neural.Tests/Fixtures/tokenizers).
/// Run: <c>dotnet run -c Release --project bench/TextKit.Bench -- --filter '*TokenizerBenchmarks*'</c>
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessConfig))]
public class TokenizerBenchmarks
{
    /// <summary>In-process: the generated project would copy libtorch and take longer than BenchmarkDotNet's build timeout on 2 cores.</summary>
    private sealed class InProcessConfig : ManualConfig
    {
        public InProcessConfig() =>
            AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(10));
    }

    private string[] _sentences = [];
    private BertWordPieceTokenizer _wordPiece = null!;
    private ByteLevelBpeTokenizer _bpe = null!;
    private Mlt.BertTokenizer _mltBert = null!;
    private Mlt.BpeTokenizer _mltBpe = null!;
    private FastBertTokenizer.BertTokenizer _fastBert = null!;

    [GlobalSetup]
    public void Setup()
    {
        _sentences = BrownSentences(2000);
        string fixtures = Path.Combine(RepoRoot(), "tests", "TextKit.Neural.Tests", "Fixtures", "tokenizers");
        string vocabTxt = Path.Combine(fixtures, "wordpiece", "vocab.txt");
        string vocabJson = Path.Combine(fixtures, "bytelevel-bpe", "vocab.json");
        string merges = Path.Combine(fixtures, "bytelevel-bpe", "merges.txt");
        _wordPiece = BertWordPieceTokenizer.FromVocabFile(vocabTxt);
        _bpe = ByteLevelBpeTokenizer.FromFiles(vocabJson, merges);
        _mltBert = Mlt.BertTokenizer.Create(vocabTxt);
        _mltBpe = Mlt.BpeTokenizer.Create(new Mlt.BpeOptions(vocabJson, merges) { ByteLevel = true, PreTokenizer = Mlt.RobertaPreTokenizer.Instance });
        _fastBert = new FastBertTokenizer.BertTokenizer();
        using (var reader = new StreamReader(vocabTxt)) _fastBert.LoadVocabulary(reader, convertInputToLowercase: true);
        Console.WriteLine($"// {_sentences.Length} sentences, {_sentences.Sum(s => s.Split(' ').Length)} words, " +
                          $"{_sentences.Sum(s => _wordPiece.Encode(s).Length)} WordPiece tokens, {_sentences.Sum(s => _bpe.Encode(s).Length)} BPE tokens");
    }

    [Benchmark(Baseline = true, Description = "TextKit WordPiece Encode (ids, types, offsets)")]
    public int TextKitWordPiece()
    {
        int n = 0;
        foreach (var s in _sentences) n += _wordPiece.Encode(s).Length;
        return n;
    }

    [Benchmark(Description = "TextKit WordPiece EncodeToIds")]
    public int TextKitWordPieceIds()
    {
        int n = 0;
        foreach (var s in _sentences) n += _wordPiece.EncodeToIds(s).Length;
        return n;
    }

    [Benchmark(Description = "MLT 2.0.1 BertTokenizer EncodeToIds")]
    public int MltBert()
    {
        int n = 0;
        foreach (var s in _sentences) n += _mltBert.EncodeToIds(s).Count;
        return n;
    }

    [Benchmark(Description = "MLT 2.0.1 BertTokenizer EncodeToTokens (offsets)")]
    public int MltBertTokens()
    {
        int n = 0;
        foreach (var s in _sentences) n += _mltBert.EncodeToTokens(s, out _).Count;
        return n;
    }

    [Benchmark(Description = "FastBertTokenizer 1.2.6 Encode")]
    public int FastBert()
    {
        int n = 0;
        foreach (var s in _sentences) n += _fastBert.Encode(s, 512).InputIds.Length;
        return n;
    }

    [Benchmark(Description = "TextKit byte-level BPE Encode (ids, offsets)")]
    public int TextKitBpe()
    {
        int n = 0;
        foreach (var s in _sentences) n += _bpe.Encode(s).Length;
        return n;
    }

    [Benchmark(Description = "MLT 2.0.1 BpeTokenizer (ByteLevel) EncodeToTokens")]
    public int MltBpe()
    {
        int n = 0;
        foreach (var s in _sentences) n += _mltBpe.EncodeToTokens(s, out _).Count;
        return n;
    }

    /// <summary>Brown sentences as plain text (NLTK word/tag files, tags removed), fetched through the DataCatalog.</summary>
    internal static string[] BrownSentences(int count)
    {
        string root = DataCatalog.Ensure("brown");
        var result = new List<string>(count);
        foreach (var file in Directory.EnumerateFiles(root, "c*").Where(f => Path.GetFileName(f).Length == 4).Order(StringComparer.Ordinal))
        {
            foreach (var line in File.ReadLines(file))
            {
                var words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
                    .Select(t => t.LastIndexOf('/') is int i and > 0 ? t[..i] : t).ToArray();
                if (words.Length == 0) continue;
                result.Add(string.Join(' ', words));
                if (result.Count == count) return [.. result];
            }
        }
        return [.. result];
    }

    internal static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "TextKit.sln"))) return d.FullName;
        throw new DirectoryNotFoundException("Run the benchmarks from inside the TextKit repository.");
    }
}
