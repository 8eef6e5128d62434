using System.Diagnostics;
using TextKit.Bench.Benchmarks;
using TextKit.Neural.Tokenizers;
using Mlt = Microsoft.ML.Tokenizers;

namespace TextKit.Bench;

/// <summary>
/// Interleaved side-by-side timing of the tokenizers on the same Brown sentences: each round runs every contender
/// once, and the best round of each is kept, so a machine shared with other jobs distorts the ratios less than
/// consecutive BenchmarkDotNet runs do. Run: <c>dotnet run -c Release --project bench/TextKit.Bench -- harness tokenizers [rounds] [sentences]</c>
/// </summary>
public sealed class TokenizerHarness : IHarness
{
    public string Name => "tokenizers";
    public string Description => "WordPiece/BPE vs Microsoft.ML.Tokenizers and FastBertTokenizer, interleaved best-of-N";

    public int Run(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0]) : 25;
        int count = args.Length > 1 ? int.Parse(args[1]) : 2000;
        var sentences = TokenizerBenchmarks.BrownSentences(count);
        string fixtures = Path.Combine(TokenizerBenchmarks.RepoRoot(), "tests", "TextKit.Neural.Tests", "Fixtures", "tokenizers");
        string vocabTxt = Path.Combine(fixtures, "wordpiece", "vocab.txt");
        string vocabJson = Path.Combine(fixtures, "bytelevel-bpe", "vocab.json");
        string merges = Path.Combine(fixtures, "bytelevel-bpe", "merges.txt");
        var wordPiece = BertWordPieceTokenizer.FromVocabFile(vocabTxt);
        var bpe = ByteLevelBpeTokenizer.FromFiles(vocabJson, merges);
        var mltBert = Mlt.BertTokenizer.Create(vocabTxt);
        var mltBpe = Mlt.BpeTokenizer.Create(new Mlt.BpeOptions(vocabJson, merges) { ByteLevel = true, PreTokenizer = Mlt.RobertaPreTokenizer.Instance });
        var fastBert = new FastBertTokenizer.BertTokenizer();
        using (var reader = new StreamReader(vocabTxt)) fastBert.LoadVocabulary(reader, convertInputToLowercase: true);

        var contenders = new (string Name, Func<int> Run)[]
        {
            ("TextKit WordPiece Encode", () => sentences.Sum(s => wordPiece.Encode(s).Length)),
            ("TextKit WordPiece EncodeToIds", () => sentences.Sum(s => wordPiece.EncodeToIds(s).Length)),
            ("MLT BertTokenizer EncodeToIds", () => sentences.Sum(s => mltBert.EncodeToIds(s).Count)),
            ("MLT BertTokenizer EncodeToTokens", () => sentences.Sum(s => mltBert.EncodeToTokens(s, out _).Count)),
            ("FastBertTokenizer Encode", () => sentences.Sum(s => fastBert.Encode(s, 512).InputIds.Length)),
            ("TextKit byte-level BPE Encode", () => sentences.Sum(s => bpe.Encode(s).Length)),
            ("MLT BpeTokenizer EncodeToTokens", () => sentences.Sum(s => mltBpe.EncodeToTokens(s, out _).Count)),
        };
        var best = new double[contenders.Length];
        var tokens = new int[contenders.Length];
        Array.Fill(best, double.MaxValue);
        for (int r = 0; r < rounds; r++)
        {
            for (int i = 0; i < contenders.Length; i++)
            {
                var sw = Stopwatch.StartNew();
                tokens[i] = contenders[i].Run();
                best[i] = Math.Min(best[i], sw.Elapsed.TotalMilliseconds);
            }
        }
        Console.WriteLine($"{sentences.Length} Brown sentences, {sentences.Sum(s => s.Split(' ').Length)} words; best of {rounds} interleaved rounds");
        Console.WriteLine($"{"contender",-34} {"ms",8} {"tokens",8} {"Mtok/s",7} {"vs TextKit",10}");
        for (int i = 0; i < contenders.Length; i++)
        {
            double reference = i < 5 ? best[0] : best[5];
            Console.WriteLine($"{contenders[i].Name,-34} {best[i],8:F1} {tokens[i],8} {tokens[i] / best[i] / 1000,7:F2} {best[i] / reference,10:F2}");
        }
        return 0;
    }
}
