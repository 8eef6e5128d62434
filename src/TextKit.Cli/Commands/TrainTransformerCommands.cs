using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.Corpora;
using TextKit.Evaluation;
using TextKit.ML;
using TextKit.ML.Persistence;
using TextKit.Neural.ML.Training;
using TextKit.Neural.Training;
using TorchSharp;

namespace TextKit.Cli.Commands;

/// <summary>
/// <c>textkit train classifier|ner --model DIR</c>: fine-tune a transformer checkpoint folder in the ML.NET flow, save
/// one model file, and print the dev-set figures <c>textkit evaluate</c> prints. (Classical baselines plug into the
/// same commands through a non-folder <c>--model</c> value; this file handles checkpoint folders.)
/// </summary>
internal static class TrainTransformerCommands
{
    public static Command Create()
    {
        var train = new Command("train", "Train a model in the ML.NET flow and print its dev-set figures.");
        train.Subcommands.Add(Classifier());
        train.Subcommands.Add(Ner());
        return train;
    }

    private sealed class Shared
    {
        public Option<FileInfo> Train { get; } = new("--train") { Description = "Training file.", Required = true };
        public Option<FileInfo?> Dev { get; } = new("--dev") { Description = "Dev file: validated after every epoch (early stopping, best epoch kept) and scored at the end." };
        public Option<FileInfo?> Test { get; } = new("--test") { Description = "Test file scored at the end instead of the dev file (never used for model selection)." };
        public Option<string> Model { get; } = new("--model") { Description = "Hugging Face checkpoint folder to fine-tune (config.json, model.safetensors, tokenizer files).", Required = true };
        public Option<FileInfo> Output { get; } = new("--output") { Description = "Model file to write (TextKit/ML.NET zip).", Required = true };
        public Option<int> Epochs { get; } = new("--epochs") { Description = "Passes over the training data.", DefaultValueFactory = _ => 3 };
        public Option<int> BatchSize { get; } = new("--batch-size") { Description = "Examples per batch.", DefaultValueFactory = _ => 16 };
        public Option<int> Accumulation { get; } = new("--grad-accum") { Description = "Batches per optimizer step.", DefaultValueFactory = _ => 1 };
        public Option<double> LearningRate { get; } = new("--lr") { Description = "Peak learning rate (linear warm-up over 10% of the steps, then linear decay).", DefaultValueFactory = _ => 5e-5 };
        public Option<int> MaxLength { get; } = new("--max-length") { Description = "Maximum sub-words per input (0 = model maximum).", DefaultValueFactory = _ => 128 };
        public Option<int> Seed { get; } = new("--seed") { Description = "Seed (shuffling, dropout, new head).", DefaultValueFactory = _ => 42 };
        public Option<int> Patience { get; } = new("--patience") { Description = "Stop after this many epochs without dev improvement (0 = never).", DefaultValueFactory = _ => 0 };
        public Option<FileInfo?> Log { get; } = new("--log") { Description = "CSV log of every step and validation." };
        public Option<FileInfo?> Plot { get; } = new("--plot") { Description = "Save training curves (loss per step, dev metric per epoch) as a PNG; needs --log." };
        public Option<DirectoryInfo?> Checkpoints { get; } = new("--checkpoints") { Description = "Folder for resumable checkpoints (written every epoch)." };
        public Option<DirectoryInfo?> Resume { get; } = new("--resume") { Description = "Resume from this checkpoint folder (same data and options)." };
        public Option<int> Threads { get; } = new("--threads") { Description = "libtorch threads (0 = libtorch default).", DefaultValueFactory = _ => 0 };
        public Option<bool> Json { get; } = new("--json") { Description = "Print one JSON object with the figures instead of a table." };

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { Train, Dev, Test, Model, Output, Epochs, BatchSize, Accumulation, LearningRate, MaxLength, Seed, Patience, Log, Plot, Checkpoints, Resume, Threads, Json })
                command.Options.Add(option);
        }

        public string ModelFolder(ParseResult parse)
        {
            var model = parse.GetValue(Model)!;
            if (!Directory.Exists(model))
                throw new TextKitException("TK010", $"--model: '{model}' is not a checkpoint folder (this build fine-tunes Hugging Face folders: config.json, model.safetensors, tokenizer files).");
            return model;
        }

        public (FileInfo Train, FileInfo? Dev, FileInfo? Test) Files(ParseResult parse)
        {
            var train = parse.GetValue(Train)!;
            CliErrors.RequireFile(train, "--train");
            var dev = parse.GetValue(Dev);
            if (dev is not null)
                CliErrors.RequireFile(dev, "--dev");
            var test = parse.GetValue(Test);
            if (test is not null)
                CliErrors.RequireFile(test, "--test");
            return (train, dev, test);
        }

        public void SavePlot(ParseResult parse)
        {
            if (parse.GetValue(Plot) is { } png)
                TrainingCurves.SavePng(parse.GetValue(Log)!.FullName, png.FullName);
        }

        public TransformerTrainerOptions TrainerOptions(ParseResult parse, bool json)
        {
            if (parse.GetValue(Plot) is not null && parse.GetValue(Log) is null)
                throw new TextKitException("TK011", "--plot needs --log (the curves are drawn from the CSV log).");
            int threads = parse.GetValue(Threads);
            if (threads < 0)
                throw new TextKitException("TK011", "--threads must be 0 or positive.");
            if (threads > 0)
                torch.set_num_threads(threads);
            try
            {
                var options = new TransformerTrainerOptions
                {
                    Epochs = parse.GetValue(Epochs),
                    BatchSize = parse.GetValue(BatchSize),
                    GradientAccumulationSteps = parse.GetValue(Accumulation),
                    LearningRate = parse.GetValue(LearningRate),
                    Seed = parse.GetValue(Seed),
                    EarlyStoppingPatience = parse.GetValue(Patience),
                    LogCsvPath = parse.GetValue(Log)?.FullName,
                    CheckpointFolder = parse.GetValue(Checkpoints)?.FullName,
                    ResumeFrom = parse.GetValue(Resume)?.FullName,
                    Progress = new ProgressLine(json),
                };
                options.Validate();
                return options;
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new TextKitException("TK011", $"invalid training option: {e.Message}", e);
            }
        }
    }

    /// <summary>Progress on standard error: one updating line on a terminal, one line per validation otherwise.</summary>
    private sealed class ProgressLine(bool quiet) : IProgress<TrainingProgress>
    {
        private readonly bool _interactive = !Console.IsErrorRedirected;
        private DateTime _last;

        public void Report(TrainingProgress p)
        {
            if (quiet)
                return;
            string eta = p.Eta is { } e ? e.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture) : "--:--:--";
            if (p.IsValidation)
            {
                if (_interactive)
                    Console.Error.WriteLine();
                Console.Error.WriteLine(FormattableString.Invariant($"epoch {p.Epoch}/{p.Epochs}: dev accuracy {100 * p.ValidationMetric:0.00}% (step {p.Step}/{p.TotalSteps}, {p.Elapsed.TotalSeconds:0}s)"));
                return;
            }
            if (!_interactive || (DateTime.UtcNow - _last).TotalMilliseconds < 250 && p.Step != p.TotalSteps)
                return;
            _last = DateTime.UtcNow;
            int width = 30, filled = (int)Math.Round(width * p.Fraction);
            Console.Error.Write(FormattableString.Invariant($"\r[{new string('#', filled)}{new string('.', width - filled)}] epoch {p.Epoch}/{p.Epochs} step {p.Step}/{p.TotalSteps} loss {p.Loss:0.0000} lr {p.LearningRate:0.00e0} eta {eta}  "));
        }
    }

    private static string Pct(double value) => (100 * value).ToString("0.00", CultureInfo.InvariantCulture);

    private sealed class LabeledRow
    {
        public string Text { get; set; } = "";

        public string Label { get; set; } = "";
    }

    private sealed class NerRow
    {
        public string[] Tokens { get; set; } = [];

        public string[] Tags { get; set; } = [];
    }

    private static Command Classifier()
    {
        var shared = new Shared();
        var textColumn = new Option<string>("--text-column") { Description = "Header name of the text column.", DefaultValueFactory = _ => "text" };
        var labelColumn = new Option<string>("--label-column") { Description = "Header name of the label column.", DefaultValueFactory = _ => "label" };
        var command = new Command("classifier", "Fine-tune a transformer text classifier on a TSV/CSV file with a header (ML.NET Score/PredictedLabel), save it, print dev accuracy and macro-F1.")
        {
            textColumn, labelColumn,
        };
        shared.AddTo(command);
        command.SetAction(parse =>
        {
            var folder = shared.ModelFolder(parse);
            var (trainFile, devFile, testFile) = shared.Files(parse);
            bool json = parse.GetValue(shared.Json);
            var readerOptions = new ClassificationReaderOptions { TextColumn = parse.GetValue(textColumn)!, LabelColumn = parse.GetValue(labelColumn)! };
            List<LabeledRow> Read(FileInfo f) => ClassificationReader.ReadFile(f.FullName, readerOptions).Select(r => new LabeledRow { Text = r.Text, Label = r.Label }).ToList();
            var ml = new MLContext(parse.GetValue(shared.Seed));
            var trainRows = Read(trainFile);
            var devRows = devFile is null ? null : Read(devFile);
            var scoreRows = testFile is null ? devRows : Read(testFile);
            var trainData = ml.Data.LoadFromEnumerable(trainRows);
            var keys = ml.Transforms.Conversion.MapValueToKey("Label").Fit(trainData);
            var options = new TransformerClassificationTrainer.Options
            {
                ModelFolder = folder,
                MaxLength = parse.GetValue(shared.MaxLength),
                Training = shared.TrainerOptions(parse, json),
            };
            if (devRows is not null)
                options.ValidationData = keys.Transform(ml.Data.LoadFromEnumerable(devRows));
            var started = DateTime.UtcNow;
            var classifier = ml.TextKit().Trainers.TransformerClassification(options).Fit(keys.Transform(trainData));
            double trainSeconds = (DateTime.UtcNow - started).TotalSeconds;
            var model = new TransformerChain<ITransformer>(keys, classifier);
            var output = parse.GetValue(shared.Output)!;
            TextKitModel.Save(ml, model, trainData.Schema, output.FullName);
            shared.SavePlot(parse);
            if (scoreRows is null)
            {
                Console.WriteLine(json ? JsonSerializer.Serialize(new { task = "classification", model = output.FullName, trainExamples = trainRows.Count, trainSeconds })
                    : $"saved {output.FullName} ({trainRows.Count} training examples, {trainSeconds:0.0}s); pass --dev or --test to score a set.");
                return 0;
            }
            started = DateTime.UtcNow;
            var scored = model.Transform(ml.Data.LoadFromEnumerable(scoreRows));
            var predicted = ml.Transforms.Conversion.MapKeyToValue("PredictedText", "PredictedLabel").Fit(scored).Transform(scored)
                .GetColumn<ReadOnlyMemory<char>>("PredictedText").Select(v => v.ToString()).ToList();
            double predictSeconds = (DateTime.UtcNow - started).TotalSeconds;
            var s = ClassificationScorer.Score(scoreRows.Select(r => r.Label).ToList(), predicted);
            if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    task = "classification", model = output.FullName, trainExamples = trainRows.Count, trainSeconds, devExamples = s.Count, predictSeconds,
                    accuracy = s.Accuracy.Accuracy, macroF1 = s.MacroF1, macroPrecision = s.MacroPrecision, macroRecall = s.MacroRecall,
                }));
                return 0;
            }
            Console.WriteLine($"model:    {output.FullName}");
            Console.WriteLine($"scored:   {(testFile ?? devFile)!.FullName}");
            Console.WriteLine(FormattableString.Invariant($"train:    {trainRows.Count} examples, {trainSeconds:0.0}s; prediction {predictSeconds:0.0}s"));
            Console.WriteLine($"examples: {s.Count}");
            Console.WriteLine($"accuracy: {Pct(s.Accuracy.Accuracy)}%  macro-F1: {Pct(s.MacroF1)}  macro-P: {Pct(s.MacroPrecision)}  macro-R: {Pct(s.MacroRecall)}");
            Console.WriteLine();
            int width = Math.Max(8, s.Labels.Max(l => l.Length));
            Console.WriteLine($"{"Label".PadRight(width)} {"Precision",9} {"Recall",9} {"F1",9} {"Support",8}");
            foreach (var (label, score) in s.PerClass)
                Console.WriteLine($"{label.PadRight(width)} {Pct(score.Precision),9} {Pct(score.Recall),9} {Pct(score.F1),9} {score.Gold,8}");
            return 0;
        });
        return command;
    }

    private static TagScheme ParseScheme(string value) => value switch
    {
        "iob1" => TagScheme.Iob1,
        "bilou" => TagScheme.Bilou,
        "bioes" or "iobes" => TagScheme.Bioes,
        _ => TagScheme.Iob2,
    };

    private static Command Ner()
    {
        var shared = new Shared();
        var scheme = new Option<string>("--scheme") { Description = "Tag scheme of the files (bio = iob2).", DefaultValueFactory = _ => "iob2" };
        scheme.AcceptOnlyFromAmong("iob2", "bio", "iob1", "bilou", "bioes", "iobes");
        var invalid = new Option<string>("--invalid-tags") { Description = "Transitions the scheme forbids (I-X after O): error or repair.", DefaultValueFactory = _ => "error" };
        invalid.AcceptOnlyFromAmong("error", "repair");
        var stride = new Option<int>("--stride") { Description = "Sub-words shared by the windows of a sentence longer than --max-length.", DefaultValueFactory = _ => 32 };
        var command = new Command("ner", "Fine-tune a transformer token classifier on token-per-line CoNLL files, save it, print dev entity precision/recall/F1 (conlleval-compatible).")
        {
            scheme, invalid, stride,
        };
        shared.AddTo(command);
        command.SetAction(parse =>
        {
            var folder = shared.ModelFolder(parse);
            var (trainFile, devFile, testFile) = shared.Files(parse);
            bool json = parse.GetValue(shared.Json);
            var tagScheme = ParseScheme(parse.GetValue(scheme)!);
            var handling = parse.GetValue(invalid) == "repair" ? InvalidTagHandling.Repair : InvalidTagHandling.Error;
            var readerOptions = new ConllNerReaderOptions { Scheme = tagScheme, InvalidTags = handling };
            List<NerRow> Read(FileInfo f) => ConllNerReader.ReadFile(f.FullName, readerOptions).Select(s => new NerRow { Tokens = s.Tokens, Tags = s.Tags }).ToList();
            var ml = new MLContext(parse.GetValue(shared.Seed));
            var trainRows = Read(trainFile);
            var devRows = devFile is null ? null : Read(devFile);
            var scoreRows = testFile is null ? devRows : Read(testFile);
            int strideValue = parse.GetValue(stride);
            if (strideValue < 0)
                throw new TextKitException("TK011", "--stride must be 0 or positive.");
            var options = new TransformerTokenClassificationTrainer.Options
            {
                ModelFolder = folder,
                Scheme = tagScheme,
                InvalidTags = handling,
                MaxLength = parse.GetValue(shared.MaxLength),
                Stride = strideValue,
                Training = shared.TrainerOptions(parse, json),
            };
            if (devRows is not null)
                options.ValidationData = ml.Data.LoadFromEnumerable(devRows);
            var started = DateTime.UtcNow;
            var trainData = ml.Data.LoadFromEnumerable(trainRows);
            var tagger = ml.TextKit().Trainers.TransformerTokenClassification(options).Fit(trainData);
            double trainSeconds = (DateTime.UtcNow - started).TotalSeconds;
            var output = parse.GetValue(shared.Output)!;
            TextKitModel.Save(ml, tagger, trainData.Schema, output.FullName);
            shared.SavePlot(parse);
            if (scoreRows is null)
            {
                Console.WriteLine(json ? JsonSerializer.Serialize(new { task = "ner", model = output.FullName, trainSentences = trainRows.Count, trainSeconds })
                    : $"saved {output.FullName} ({trainRows.Count} training sentences, {trainSeconds:0.0}s); pass --dev or --test to score a set.");
                return 0;
            }
            started = DateTime.UtcNow;
            var predicted = ((ITransformer)tagger).Transform(ml.Data.LoadFromEnumerable(scoreRows)).GetColumn<VBuffer<ReadOnlyMemory<char>>>("PredictedTags")
                .Select(v => (IReadOnlyList<string>)v.DenseValues().Select(t => t.ToString()).ToArray()).ToList();
            double predictSeconds = (DateTime.UtcNow - started).TotalSeconds;
            var s = EntityScorer.Score(scoreRows.Select(r => (IReadOnlyList<string>)r.Tags).ToList(), predicted, tagScheme);
            if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    task = "ner", model = output.FullName, trainSentences = trainRows.Count, trainSeconds, devSentences = s.Sentences, predictSeconds,
                    tagAccuracy = s.TagAccuracy.Accuracy, precision = s.Micro.Precision, recall = s.Micro.Recall, f1 = s.Micro.F1,
                }));
                return 0;
            }
            Console.WriteLine($"model:    {output.FullName}");
            Console.WriteLine($"scored:   {(testFile ?? devFile)!.FullName}");
            Console.WriteLine(FormattableString.Invariant($"train:    {trainRows.Count} sentences, {trainSeconds:0.0}s; prediction {predictSeconds:0.0}s"));
            Console.WriteLine($"processed {s.Tokens} tokens with {s.Micro.Gold} phrases; found: {s.Micro.Predicted} phrases; correct: {s.Micro.Correct}.");
            Console.WriteLine($"accuracy: {Pct(s.TagAccuracy.Accuracy)}%; precision: {Pct(s.Micro.Precision)}%; recall: {Pct(s.Micro.Recall)}%; FB1: {Pct(s.Micro.F1)}");
            Console.WriteLine();
            Console.WriteLine($"{"Type",-12} {"Precision",9} {"Recall",9} {"F1",9} {"Gold",8} {"Found",8} {"Correct",8}");
            foreach (var (type, score) in s.PerType.Append(new KeyValuePair<string, PrfScore>("micro", s.Micro)))
                Console.WriteLine($"{type,-12} {Pct(score.Precision),9} {Pct(score.Recall),9} {Pct(score.F1),9} {score.Gold,8} {score.Predicted,8} {score.Correct,8}");
            return 0;
        });
        return command;
    }
}
