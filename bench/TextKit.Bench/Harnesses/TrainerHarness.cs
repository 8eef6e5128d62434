using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using TextKit.Neural;
using TextKit.Neural.Checkpoints;
using TextKit.Neural.ML.Training;
using TextKit.Neural.Models;
using TextKit.Neural.Tokenizers;
using TextKit.Neural.Training;
using TorchSharp;

namespace TextKit.Bench;

/// <summary>
/// Throughput of the shared training loop on a BERT-mini shape: real (non-padding) training tokens/s through
/// <see cref="TransformerTrainer"/> on variable-length examples (16–128 sub-words) with and without length bucketing,
/// and prediction sentences/s through <see cref="TransformerClassifier"/> (tokenizer + padded batches + softmax).
/// The per-step comparison with PyTorch on fixed shapes is the <c>transformer</c> harness.
/// Run: <c>dotnet run -c Release --project bench/TextKit.Bench -- harness trainer [--steps 8] [--batch 32] [--threads 2] [--sentences 256]</c>.
/// </summary>
public sealed class TrainerHarness : IHarness
{
    public string Name => "trainer";

    public string Description => "TransformerTrainer tokens/s (BERT-mini, variable lengths, bucketing on/off) and TransformerClassifier sentences/s";

    public int Run(string[] args)
    {
        int steps = 8, batch = 32, threads = 2, sentences = 256;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--steps": steps = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--batch": batch = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--threads": threads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--sentences": sentences = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown argument {args[i]}");
            }
        }
        TorchRuntime.EnsureInitialized();
        torch.set_num_threads(threads);
        const int vocab = 30522;
        Console.WriteLine($"BERT-mini (4 layers, hidden 256, 4 heads, FFN 1024, vocab {vocab}), batch {batch}, {steps} steps, {threads} libtorch threads; load average {LoadAverage()}");

        var random = new Random(0);
        var examples = Enumerable.Range(0, steps * batch).Select(_ =>
        {
            int length = random.Next(16, 129);
            var ids = Enumerable.Range(0, length).Select(_ => random.Next(5, vocab)).ToArray();
            return new TrainingExample(ids, new int[length], [random.Next(2)]);
        }).ToList();
        long realTokens = examples.Sum(e => (long)e.Length);
        foreach (bool bucketing in new[] { false, true })
        {
            torch.manual_seed(0);
            using var model = TransformerModels.Create(Config(vocab));
            var trainer = new TransformerTrainer(new TransformerTrainerOptions
            {
                Epochs = 1, BatchSize = batch, LearningRate = 1e-4, Seed = 1, LengthBucketing = bucketing, BucketPoolBatches = steps,
            });
            var result = trainer.Train(model, examples);
            Console.WriteLine(FormattableString.Invariant(
                $"train, bucketing {(bucketing ? "on " : "off")}: {result.Steps} steps in {result.Elapsed.TotalSeconds:F1} s = {result.Elapsed.TotalMilliseconds / result.Steps:F0} ms/step, {realTokens / result.Elapsed.TotalSeconds:F0} real tokens/s  (load {LoadAverage()})"));
        }

        // Prediction through the classifier API: a synthetic WordPiece vocabulary, texts of 8–60 words.
        var words = new List<string> { "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]" };
        words.AddRange(Enumerable.Range(0, vocab - words.Count).Select(i => "w" + i.ToString(CultureInfo.InvariantCulture)));
        var tokenizer = BertWordPieceTokenizer.FromVocabulary(words, new BertTokenizerOptions { ModelMaxLength = 128 });
        var texts = Enumerable.Range(0, sentences)
            .Select(_ => string.Join(' ', Enumerable.Range(0, random.Next(8, 61)).Select(_ => "w" + random.Next(vocab - 5).ToString(CultureInfo.InvariantCulture))))
            .Select(t => (t, (string?)null)).ToList();
        torch.manual_seed(0);
        using var classifier = new TransformerClassifier(TransformerModels.Create(Config(vocab)), tokenizer, ["negative", "positive"], 128);
        classifier.Predict(texts.Take(batch).ToList()); // warm-up
        var sw = Stopwatch.StartNew();
        for (int start = 0; start < texts.Count; start += batch)
            classifier.Predict(texts.Skip(start).Take(batch).ToList());
        Console.WriteLine(FormattableString.Invariant(
            $"predict: {texts.Count} sentences (8–60 words) in batches of {batch}: {sw.Elapsed.TotalSeconds:F1} s = {texts.Count / sw.Elapsed.TotalSeconds:F1} sentences/s  (load {LoadAverage()})"));
        return 0;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static ModelConfig Config(int vocab) => ModelConfig.Parse(new JsonObject
    {
        ["model_type"] = "bert",
        ["architectures"] = new JsonArray("BertForSequenceClassification"),
        ["vocab_size"] = vocab,
        ["hidden_size"] = 256,
        ["num_hidden_layers"] = 4,
        ["num_attention_heads"] = 4,
        ["intermediate_size"] = 1024,
        ["hidden_act"] = "gelu",
        ["max_position_embeddings"] = 512,
        ["type_vocab_size"] = 2,
        ["layer_norm_eps"] = 1e-12,
        ["hidden_dropout_prob"] = 0.1,
        ["attention_probs_dropout_prob"] = 0.1,
        ["num_labels"] = 2,
        ["pad_token_id"] = 0,
    }.ToJsonString(), "bert-mini");
}
