using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.ML;
using TextKit.Neural;
using TextKit.Neural.Checkpoints;
using TextKit.Neural.ML;
using TextKit.Neural.Models;
using TextKit.Neural.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TextKit.Bench;

/// <summary>
/// BERT forward and training-step speed against PyTorch (Debian python3-torch, bench/peers/neural/bert_step.py) on the
/// same shapes and thread count, plus the fraction of libtorch's matmul throughput the step reaches and the
/// ApplyTransformerEmbedding throughput.
/// Run: <c>dotnet run -c Release --project bench/TextKit.Bench -- harness transformer [--shapes mini,base] [--iters 5] [--threads 2] [--no-peer] [--embedding-folder DIR]</c>.
/// </summary>
public sealed class TransformerHarness : IHarness
{
    public string Name => "transformer";

    public string Description => "BERT-mini/base forward and forward+backward+AdamW vs PyTorch 1.13; matmul-throughput fraction; embedding sentences/s";

    private sealed record Shape(string Name, int Layers, int Hidden, int Heads, int Ffn, int Vocab, int Seq, int Batch);

    private static readonly Shape[] Shapes =
    [
        new("mini", 4, 256, 4, 1024, 30522, 128, 32),
        new("base", 12, 768, 12, 3072, 30522, 128, 8),
    ];

    public int Run(string[] args)
    {
        var options = Parse(args);
        TorchRuntime.EnsureInitialized();
        torch.set_num_threads(options.Threads);
        Console.WriteLine($"libtorch threads: {torch.get_num_threads()}  (peer: /usr/bin/python3 bench/peers/neural/bert_step.py)");
        Console.WriteLine($"load average at start: {LoadAverage()}");
        foreach (var shape in Shapes.Where(s => options.Shapes.Contains(s.Name)))
            RunShape(shape, options);
        if (options.EmbeddingFolder is not null)
            RunEmbedding(options);
        return 0;
    }

    private sealed record Options(HashSet<string> Shapes, int Iters, int Threads, bool Peer, string? EmbeddingFolder);

    private static Options Parse(string[] args)
    {
        var shapes = new HashSet<string> { "mini", "base" };
        int iters = 5, threads = 2;
        bool peer = true;
        string? embedding = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--shapes": shapes = args[++i].Split(',').ToHashSet(); break;
                case "--iters": iters = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--threads": threads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--no-peer": peer = false; break;
                case "--embedding-folder": embedding = args[++i]; break;
                default: throw new ArgumentException($"unknown argument {args[i]}");
            }
        }
        return new Options(shapes, iters, threads, peer, embedding);
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

    private static ModelConfig Config(Shape s) => ModelConfig.Parse(new JsonObject
    {
        ["model_type"] = "bert",
        ["architectures"] = new JsonArray("BertForSequenceClassification"),
        ["vocab_size"] = s.Vocab,
        ["hidden_size"] = s.Hidden,
        ["num_hidden_layers"] = s.Layers,
        ["num_attention_heads"] = s.Heads,
        ["intermediate_size"] = s.Ffn,
        ["hidden_act"] = "gelu",
        ["max_position_embeddings"] = 512,
        ["type_vocab_size"] = 2,
        ["layer_norm_eps"] = 1e-12,
        ["hidden_dropout_prob"] = 0.1,
        ["attention_probs_dropout_prob"] = 0.1,
        ["num_labels"] = 2,
        ["pad_token_id"] = 0,
    }.ToJsonString(), $"bert-{s.Name}");

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static List<double> Time(int warmup, int iters, Action action)
    {
        var times = new List<double>();
        for (int i = 0; i < warmup + iters; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            if (i >= warmup)
                times.Add(sw.Elapsed.TotalMilliseconds);
        }
        return times;
    }

    private void RunShape(Shape s, Options o)
    {
        Console.WriteLine();
        Console.WriteLine($"== BERT-{s.Name}: {s.Layers} layers, hidden {s.Hidden}, {s.Heads} heads, FFN {s.Ffn}, vocab {s.Vocab}, seq {s.Seq}, batch {s.Batch}, {o.Threads} threads");
        torch.manual_seed(0);
        using var model = TransformerModels.Create(Config(s), ModelTask.SequenceClassification);
        using var ids = torch.randint(1, s.Vocab, [s.Batch, s.Seq], dtype: ScalarType.Int64);
        using var mask = torch.ones(s.Batch, s.Seq, dtype: ScalarType.Int64);
        using var labels = torch.randint(0, 2, [s.Batch], dtype: ScalarType.Int64);
        var input = new ModelInput { InputIds = ids, AttentionMask = mask };
        using var optimizer = new AdamW(model.parameters(), new AdamWOptions { LearningRate = 1e-4, WeightDecay = 0.01 });
        void Forward()
        {
            using var scope = NewDisposeScope();
            using var grad = torch.no_grad();
            model.eval();
            model.call(input);
        }
        void Train() => TrainingStep.Run(model, input, labels, optimizer);

        // TextKit and PyTorch iterations alternate (the peer stays up and answers one command at a time), so that
        // both see the same machine load; the ratio is the median of the per-pair ratios.
        using var peer = o.Peer ? Peer.Start(s, o) : null;
        var (tkForward, pyForward) = Alternate(Forward, peer, "forward", o.Iters);
        var (tkTrain, pyTrain) = Alternate(Train, peer, "train", o.Iters);
        // Breakdown of the step: forward+backward alone, then the optimizer alone.
        model.train();
        var fwdBwd = Time(1, o.Iters, () =>
        {
            using var scope = NewDisposeScope();
            optimizer.ZeroGrad();
            using var output = model.call(input);
            Losses.CrossEntropy(output.Logits!, labels).backward();
        });
        var opt = Time(1, o.Iters, optimizer.Step);
        double fwdMs = Median(tkForward), trainMs = Median(tkTrain);
        Console.WriteLine($"TextKit  forward {fwdMs,8:F0} ms   train step {trainMs,8:F0} ms   (fwd+bwd {Median(fwdBwd):F0} ms, AdamW {Median(opt):F0} ms)");
        using var replay = new GemmReplay(s);
        // The fraction pairs each step with a GEMM-only replay run right after it and takes the median of the
        // per-pair ratios: timing the two phases minutes apart let machine-load drift decide the figure (39-84 %
        // for the same build in one session on a shared VM).
        var fwdPairs = Pairs(Forward, replay.Forward, o.Iters);
        var trainPairs = Pairs(Train, replay.Train, o.Iters);
        double gemmFwdMs = Median(fwdPairs.Select(p => p.Replay)), gemmTrainMs = Median(trainPairs.Select(p => p.Replay));
        Console.WriteLine($"GEMM-only replay of the same matmul shapes: forward {gemmFwdMs:F0} ms ({replay.ForwardFlops / gemmFwdMs / 1e6:F1} GFLOP/s), train {gemmTrainMs:F0} ms ({3 * replay.ForwardFlops / gemmTrainMs / 1e6:F1} GFLOP/s)");
        Console.WriteLine($"matmul-throughput fraction reached (median of {o.Iters} step/replay pairs, min-max): forward {Fraction(fwdPairs)}, train step {Fraction(trainPairs)}  (step FLOPs: forward {replay.ForwardFlops / 1e9:F1} G, train {3 * replay.ForwardFlops / 1e9:F1} G)");
        if (peer is null)
            return;
        Console.WriteLine($"PyTorch  forward {Median(pyForward),8:F0} ms   train step {Median(pyTrain),8:F0} ms   ({peer.Version})");
        double fr = Median(pyForward.Zip(tkForward, (p, t) => p / t)), tr = Median(pyTrain.Zip(tkTrain, (p, t) => p / t));
        Console.WriteLine($"ratio (PyTorch / TextKit, median of alternating pairs, >1 = TextKit faster): forward {fr:F2}x, train step {tr:F2}x   load average: {LoadAverage()}");
    }

    private static (List<double> TextKit, List<double> Peer) Alternate(Action textKit, Peer? peer, string command, int iters)
    {
        var tk = new List<double>();
        var py = new List<double>();
        for (int i = 0; i < 2 + iters; i++)
        {
            var sw = Stopwatch.StartNew();
            textKit();
            double t = sw.Elapsed.TotalMilliseconds;
            double? p = peer?.Time(command);
            if (i < 2)
                continue;
            tk.Add(t);
            if (p is double value)
                py.Add(value);
        }
        return (tk, py);
    }

    /// <summary>The PyTorch peer in --serve mode: one process, one model, timed commands over stdin/stdout.</summary>
    private sealed class Peer : IDisposable
    {
        private readonly Process _process;

        private Peer(Process process, string version)
        {
            _process = process;
            Version = version;
        }

        public string Version { get; }

        public static Peer? Start(Shape s, Options o)
        {
            var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
            info.ArgumentList.Add(FindScript());
            info.ArgumentList.Add("--serve");
            foreach (var (k, v) in new[] { ("layers", s.Layers), ("hidden", s.Hidden), ("heads", s.Heads), ("ffn", s.Ffn), ("vocab", s.Vocab), ("seq", s.Seq), ("batch", s.Batch), ("threads", o.Threads) })
            {
                info.ArgumentList.Add("--" + k);
                info.ArgumentList.Add(v.ToString(CultureInfo.InvariantCulture));
            }
            try
            {
                var process = Process.Start(info)!;
                var ready = process.StandardOutput.ReadLine();
                if (ready is null)
                {
                    Console.WriteLine("peer did not start; install it with: bash bench/peers/install.sh");
                    return null;
                }
                var json = JsonNode.Parse(ready)!;
                return new Peer(process, $"torch {json["torch"]}, {json["threads"]} threads");
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                Console.WriteLine($"peer not runnable ({e.Message}); install it with: bash bench/peers/install.sh");
                return null;
            }
        }

        public double Time(string command)
        {
            _process.StandardInput.WriteLine(command);
            _process.StandardInput.Flush();
            var line = _process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("peer exited");
            return JsonNode.Parse(line)!["ms"]!.GetValue<double>();
        }

        public void Dispose()
        {
            try
            {
                _process.StandardInput.WriteLine("quit");
                _process.WaitForExit(10_000);
            }
            finally
            {
                _process.Dispose();
            }
        }
    }

    /// <summary>
    /// Times only the matrix products of one forward (and, for training, of forward + both backward products per
    /// GEMM) with the step's exact shapes: the best the step could do if everything else were free.
    /// </summary>
    /// <summary>One step and one GEMM-only replay, back to back, per iteration (after one warm-up pair).</summary>
    private static List<(double Step, double Replay)> Pairs(Action step, Action replay, int iters)
    {
        var pairs = new List<(double, double)>();
        for (int i = 0; i < 1 + iters; i++)
        {
            var sw = Stopwatch.StartNew();
            step();
            double stepMs = sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            replay();
            if (i >= 1)
                pairs.Add((stepMs, sw.Elapsed.TotalMilliseconds));
        }
        return pairs;
    }

    private static string Fraction(List<(double Step, double Replay)> pairs)
    {
        var ratios = pairs.Select(p => p.Replay / p.Step).ToArray();
        return $"{Median(ratios):P0} ({ratios.Min():P0}-{ratios.Max():P0})";
    }

    /// <summary>
    /// Exactly the matrix products of one forward of the shape (q, k, v, attention output, FFN in/out per layer as
    /// [B·T, H] GEMMs; scores and context as batched per-head GEMMs) and, for training, each with its two backward
    /// GEMMs, on random operands at the same thread count: the time the step would take if everything else were free.
    /// </summary>
    private sealed class GemmReplay : IDisposable
    {
        private readonly DisposeScope _scope = NewDisposeScope();
        private readonly (Tensor A, Tensor B, Tensor C)[] _operands;
        private readonly int _layers;

        public GemmReplay(Shape s)
        {
            long n = (long)s.Batch * s.Seq, h = s.Hidden, f = s.Ffn, bh = (long)s.Batch * s.Heads, t = s.Seq, d = s.Hidden / s.Heads;
            // (A rows, inner, B cols, batch) per GEMM of one layer: q, k, v, attention out, FFN in, FFN out; scores, context.
            var gemms = new List<(long M, long K, long N, long Batch)>
            {
                (n, h, h, 1), (n, h, h, 1), (n, h, h, 1), (n, h, h, 1), (n, h, f, 1), (n, f, h, 1),
                (t, d, t, bh), (t, t, d, bh),
            };
            _layers = s.Layers;
            ForwardFlops = s.Layers * gemms.Sum(g => 2.0 * g.M * g.K * g.N * g.Batch) + 2.0 * s.Batch * h * h + 2.0 * s.Batch * h * 2;
            _operands = gemms.Select(g => (torch.randn(g.Batch, g.M, g.K), torch.randn(g.Batch, g.K, g.N), torch.randn(g.Batch, g.M, g.N))).ToArray();
            _scope.Detach(_operands.SelectMany(o => new[] { o.A, o.B, o.C }));
            _scope.Dispose();
        }

        public double ForwardFlops { get; }

        public void Forward()
        {
            using var inner = NewDisposeScope();
            for (int l = 0; l < _layers; l++)
                foreach (var (a, b, _) in _operands)
                    torch.bmm(a, b);
        }

        public void Train()
        {
            using var inner = NewDisposeScope();
            for (int l = 0; l < _layers; l++)
                foreach (var (a, b, c) in _operands)
                {
                    torch.bmm(a, b);                   // forward
                    torch.bmm(c, b.transpose(1, 2));    // dA = dC · Bᵀ
                    torch.bmm(a.transpose(1, 2), c);    // dB = Aᵀ · dC
                }
        }

        public void Dispose()
        {
            foreach (var (a, b, c) in _operands)
            {
                a.Dispose();
                b.Dispose();
                c.Dispose();
            }
        }
    }

    private static string FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "bench", "peers", "neural", "bert_step.py");
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FileNotFoundException("bench/peers/neural/bert_step.py not found above " + AppContext.BaseDirectory);
    }

    public sealed class TextRow
    {
        public string Text { get; set; } = "";
    }

    /// <summary>
    /// ApplyTransformerEmbedding over real sentences (the folder's tokenizer through TransformerTokenizers.FromFolder):
    /// sentences per second for the whole ML.NET pipeline (tokenize, batch, forward, pool).
    /// </summary>
    private static void RunEmbedding(Options o)
    {
        Console.WriteLine();
        var folder = o.EmbeddingFolder!;
        var sentences = EmbeddingSentences();
        var ml = new MLContext(0);
        var data = ml.Data.LoadFromEnumerable(sentences.Select(t => new TextRow { Text = t }));
        foreach (int batch in new[] { 1, 32 })
        {
            var estimator = ml.TextKit().Transforms.ApplyTransformerEmbedding(new TransformerEmbeddingEstimator.Options
            {
                OutputColumnName = "Embedding", InputColumnName = "Text", ModelFolder = folder, BatchSize = batch, ThreadCount = o.Threads,
            });
            using var model = estimator.Fit(data);
            var times = Time(1, 3, () =>
            {
                foreach (var _ in model.Transform(data).GetColumn<VBuffer<float>>("Embedding"))
                {
                }
            });
            double ms = Median(times);
            Console.WriteLine($"ApplyTransformerEmbedding ({Path.GetFileName(folder.TrimEnd('/'))}, batch {batch}, {o.Threads} threads): {sentences.Length / (ms / 1000):F0} sentences/s ({sentences.Length} sentences, avg {sentences.Average(t => t.Split(' ').Length):F1} words)");
        }
    }

    private static string[] EmbeddingSentences()
    {
        // SST-2 dev sentences when ../shared/data is present (benchmark only), else a fixed synthetic set.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var sst = Path.Combine(dir.FullName, "shared", "data", "sentiment");
            if (Directory.Exists(sst))
            {
                var file = Directory.GetFiles(sst, "*dev*", SearchOption.AllDirectories).FirstOrDefault();
                if (file is not null)
                    return File.ReadLines(file).Skip(1).Select(l => l.Split('\t')[0]).Where(l => l.Length > 0).Take(512).ToArray();
            }
        }
        var rng = new Random(0);
        string[] words = ["the", "movie", "was", "a", "great", "story", "with", "dull", "acting", "and", "moving", "scenes", "of", "love", "war"];
        return Enumerable.Range(0, 512).Select(_ => string.Join(' ', Enumerable.Range(0, rng.Next(5, 30)).Select(_ => words[rng.Next(words.Length)]))).ToArray();
    }
}
