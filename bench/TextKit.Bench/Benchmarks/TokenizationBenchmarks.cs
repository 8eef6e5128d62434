using BenchmarkDotNet.Attributes;
using TextKit.Cleaning;
using TextKit.Segmentation;
using TextKit.Tokenization;

namespace TextKit.Bench.Benchmarks;

/// <summary>
/// Micro-benchmarks of the tokenization area on a fixed English paragraph (allocations per call are reported):
/// <c>dotnet run -c Release --project bench/TextKit.Bench -- --filter '*TokenizationBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
public class TokenizationBenchmarks
{
    private const string Paragraph =
        "Dr. Smith can't attend the meeting on Sept. 5 at 3:30 p.m.; he's in the U.S. until then. " +
        "Prices rose 3.5% to $1,200.50 (see http://example.com/report?id=7), e.g. for well-known brands! " +
        "\"Don't worry,\" she said :) — we'll e-mail john.doe@example.com and @alice about it... Thanks!!";

    private readonly TokenList _tokens = new(256);
    private readonly List<SentenceSpan> _sentences = [];
    private readonly TextCleaner _cleaner = new();

    [Benchmark]
    public int Tokenize()
    {
        WordTokenizer.English.Tokenize(Paragraph, _tokens);
        return _tokens.Count;
    }

    [Benchmark]
    public int TokenizeAndSegment()
    {
        DocumentTokenizer.English.Process(Paragraph, _tokens, _sentences);
        return _sentences.Count;
    }

    [Benchmark]
    public int Clean() => _cleaner.Clean(Paragraph).Length;
}
