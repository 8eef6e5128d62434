using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.Corpora;
using TextKit.Evaluation;
using TextKit.ML;
using TextKit.ML.Data;
using TextKit.ML.Persistence;
using TextKit.ML.Trainers;
using TextKit.Sequence;

namespace TextKit.Cli.Commands;

/// <summary>
/// <c>textkit train classifier|ner</c>: the classical trainers (<c>--model linear</c>, <c>--model perceptron</c>). A
/// checkpoint folder as <c>--model</c> is handed to the transformer trainers through the partial hooks below, which
/// the transformer-training command file implements; without them such a value is a clear error.
/// </summary>
internal static partial class TrainCommands
{
    public static Command Create()
    {
        var train = new Command("train", "Train a model (classical: --model linear / perceptron) and print its evaluation figures.");
        train.Subcommands.Add(Classifier());
        train.Subcommands.Add(Ner());
        return train;
    }

    /// <summary>Fine-tunes a transformer classifier when <c>--model</c> is a checkpoint folder; sets <paramref name="exitCode"/> when handled.</summary>
    static partial void TrainTransformerClassifier(ParseResult parse, string model, ref int? exitCode);

    /// <summary>Fine-tunes a transformer token classifier when <c>--model</c> is a checkpoint folder; sets <paramref name="exitCode"/> when handled.</summary>
    static partial void TrainTransformerNer(ParseResult parse, string model, ref int? exitCode);

    internal static readonly Option<FileInfo> TrainFile = new("--train") { Description = "Training data.", Required = true };
    internal static readonly Option<FileInfo?> DevFile = new("--dev") { Description = "Development data: scored after training (figures as `textkit evaluate`)." };
    internal static readonly Option<FileInfo?> TestFile = new("--test") { Description = "Test data: also scored after training." };
    internal static readonly Option<FileInfo> OutputFile = new("--output") { Description = "Model file to write (one file, TextKitModel).", Required = true };

    private static string Pct(double value) => (100 * value).ToString("0.00", CultureInfo.InvariantCulture);

    private static Command Classifier()
    {
        var textColumn = new Option<string>("--text-column") { Description = "Header name of the text column.", DefaultValueFactory = _ => "text" };
        var labelColumn = new Option<string>("--label-column") { Description = "Header name of the label column.", DefaultValueFactory = _ => "label" };
        var model = new Option<string>("--model") { Description = "'linear' (TF-IDF n-grams + linear learner) or a transformer checkpoint folder.", DefaultValueFactory = _ => "linear" };
        var algorithm = new Option<string>("--algorithm") { Description = "Linear learner: sdca (default), lbfgs or svm.", DefaultValueFactory = _ => "sdca" };
        algorithm.AcceptOnlyFromAmong("sdca", "lbfgs", "svm");
        var ngrams = new Option<int>("--ngrams") { Description = "Longest word n-gram.", DefaultValueFactory = _ => 2 };
        var l2 = new Option<float?>("--l2") { Description = "L2 regularization (default: the learner's TextKit default)." };
        var command = new Command("classifier", "Train a text classifier from TSV/CSV files with a header (text and label columns).")
        {
            TrainFile, DevFile, TestFile, textColumn, labelColumn, model, algorithm, ngrams, l2, OutputFile,
        };
        command.SetAction(parse =>
        {
            var modelName = parse.GetValue(model)!;
            if (modelName != "linear")
            {
                int? handled = null;
                TrainTransformerClassifier(parse, modelName, ref handled);
                return handled ?? throw UnknownModel(modelName, "linear");
            }
            var trainFile = parse.GetValue(TrainFile)!;
            var devFile = parse.GetValue(DevFile);
            CliErrors.RequireFile(trainFile, "--train");
            if (devFile is not null)
                CliErrors.RequireFile(devFile, "--dev");
            var reader = new ClassificationReaderOptions { TextColumn = parse.GetValue(textColumn)!, LabelColumn = parse.GetValue(labelColumn)! };
            var ml = new MLContext(seed: 1);
            // Read the file up front: format errors surface as they are (ML.NET's cache would wrap them).
            var train = ml.Data.LoadFromEnumerable(ClassificationReader.ReadFile(trainFile.FullName, reader)
                .Select(r => new ClassificationRow { Text = r.Text, Label = r.Label }).ToList());
            var options = new TextClassificationTrainer.Options
            {
                Algorithm = parse.GetValue(algorithm) switch { "lbfgs" => TextClassifierAlgorithm.Lbfgs, "svm" => TextClassifierAlgorithm.LinearSvm, _ => TextClassifierAlgorithm.Sdca },
                NgramLength = parse.GetValue(ngrams),
                L2Regularization = parse.GetValue(l2),
            };
            var watch = Stopwatch.StartNew();
            var trained = ml.TextKit().Trainers.TextClassification(options).Fit(train);
            var trainLabels = train.GetColumn<ReadOnlyMemory<char>>("Label").Select(l => l.ToString()).ToList();
            Console.WriteLine($"trained linear ({options.Algorithm}) on {trainLabels.Count} examples, {trainLabels.Distinct().Count()} classes, in {watch.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
            var output = parse.GetValue(OutputFile)!;
            TextKitModel.Save(ml, trained, train.Schema, output.FullName);
            Console.WriteLine($"saved: {output.FullName}");
            foreach (var (name, file) in new[] { ("dev", devFile), ("test", parse.GetValue(TestFile)) })
            {
                if (file is null)
                    continue;
                CliErrors.RequireFile(file, "--" + name);
                var dev = ml.Data.LoadFromEnumerable(ClassificationReader.ReadFile(file.FullName, reader)
                    .Select(r => new ClassificationRow { Text = r.Text, Label = r.Label }).ToList());
                var gold = dev.GetColumn<ReadOnlyMemory<char>>("Label").Select(l => l.ToString()).ToList();
                var predicted = trained.Transform(dev).GetColumn<ReadOnlyMemory<char>>(options.PredictedLabelValueColumnName).Select(l => l.ToString()).ToList();
                var known = trainLabels.ToHashSet(StringComparer.Ordinal);
                var unseen = gold.Where(g => !known.Contains(g)).GroupBy(g => g, StringComparer.Ordinal).ToList();
                if (unseen.Count > 0)
                    Console.Error.WriteLine($"warning: --{name} has labels never seen in --train ({string.Join(", ", unseen.Select(g => $"'{g.Key}' x{g.Count()}"))}); the model cannot predict them, so those examples count as errors.");
                Console.WriteLine();
                Console.WriteLine($"{name}: {file.FullName}");
                EvaluateCommands.PrintClassification(ClassificationScorer.Score(gold, predicted));
            }
            return 0;
        });
        return command;
    }

    private static TextKitException UnknownModel(string value, string classical)
        => new("TK012", Directory.Exists(value)
            ? $"--model: '{value}' is a folder, but transformer fine-tuning is not available in this build; use --model {classical}."
            : $"--model: '{value}' is neither '{classical}' nor an existing checkpoint folder.");

    private static Command Ner()
    {
        var model = new Option<string>("--model") { Description = "'perceptron' (averaged perceptron over words) or a transformer checkpoint folder.", DefaultValueFactory = _ => "perceptron" };
        var epochs = new Option<int>("--epochs") { Description = "Training passes.", DefaultValueFactory = _ => new PerceptronNerOptions().Epochs };
        var seed = new Option<int>("--seed") { Description = "Shuffle seed.", DefaultValueFactory = _ => 1 };
        var invalid = new Option<string>("--invalid-tags") { Description = "An I-X after O in the files: error (default) or repair (to B-X, as conlleval reads it).", DefaultValueFactory = _ => "error" };
        invalid.AcceptOnlyFromAmong("error", "repair");
        var command = new Command("ner", "Train a named-entity tagger from token-per-line CoNLL files (IOB2 tags).")
        {
            TrainFile, DevFile, TestFile, model, epochs, seed, invalid, OutputFile,
        };
        command.SetAction(parse =>
        {
            var modelName = parse.GetValue(model)!;
            if (modelName != "perceptron")
            {
                int? handled = null;
                TrainTransformerNer(parse, modelName, ref handled);
                return handled ?? throw UnknownModel(modelName, "perceptron");
            }
            var trainFile = parse.GetValue(TrainFile)!;
            var devFile = parse.GetValue(DevFile);
            CliErrors.RequireFile(trainFile, "--train");
            if (devFile is not null)
                CliErrors.RequireFile(devFile, "--dev");
            var reader = new ConllNerReaderOptions
            {
                Scheme = TagScheme.Iob2,
                InvalidTags = parse.GetValue(invalid) == "repair" ? InvalidTagHandling.Repair : InvalidTagHandling.Error,
            };
            var ml = new MLContext(seed: 1);
            var train = ml.Data.LoadFromEnumerable(ConllNerReader.ReadFile(trainFile.FullName, reader)
                .Select(s => new NerSentenceRow { Tokens = s.Tokens, Tags = s.Tags }).ToList());
            var training = new PerceptronNerOptions { Epochs = parse.GetValue(epochs), Seed = parse.GetValue(seed) };
            var watch = Stopwatch.StartNew();
            var tagger = ml.TextKit().Trainers.NerPerceptron("PredictedTags", training: training).Fit(train);
            Console.WriteLine($"trained perceptron ({training.Epochs} epochs) on {train.GetColumn<string[]>("Tokens").Count()} sentences, {tagger.Model.Tags.Count} tags, {tagger.Model.FeatureCount} features, in {watch.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
            var output = parse.GetValue(OutputFile)!;
            TextKitModel.Save(ml, tagger, train.Schema, output.FullName);
            Console.WriteLine($"saved: {output.FullName}");
            foreach (var (name, file) in new[] { ("dev", devFile), ("test", parse.GetValue(TestFile)) })
            {
                if (file is null)
                    continue;
                CliErrors.RequireFile(file, "--" + name);
                var gold = ConllNerReader.ReadFile(file.FullName, reader).ToList();
                var predicted = gold.Select(s => new NerSentence(s.Tokens, tagger.Model.Predict(s.Tokens)) { SourceLine = s.SourceLine }).ToList();
                Console.WriteLine();
                Console.WriteLine($"{name}: {file.FullName}");
                EvaluateCommands.PrintNer(EntityScorer.Score(gold, predicted, TagScheme.Iob2, file.FullName, "predicted"));
            }
            return 0;
        });
        return command;
    }
}
