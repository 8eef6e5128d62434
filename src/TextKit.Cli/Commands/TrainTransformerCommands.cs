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
    /// <summary>
    /// Adds the transformer options to the classic <c>train classifier</c> and <c>train ner</c> commands (options those
    /// commands already have, e.g. --train, --dev, --test, --output, --epochs, --seed, are shared).
    /// </summary>
    public static Command AttachTo(Command train)
    {
        ArgumentNullException.ThrowIfNull(train);
        foreach (var sub in train.Subcommands.Where(c => c.Name is "classifier" or "ner"))
        {
            var present = sub.Options.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
            var mine = new List<Option>(Options.All);
            if (sub.Name == "ner")
                mine.AddRange([Options.Scheme, Options.Stride]);
            foreach (var option in mine.Where(o => !present.Contains(o.Name)))
                sub.Options.Add(option);
        }
        return train;
    }

    private static class Options
    {
        public static readonly Option<FileInfo> Train = new("--train") { Description = "Training file.", Required = true };
        public static readonly Option<FileInfo?> Dev = new("--dev") { Description = "Dev file: validated after every epoch (early stopping, best epoch kept) and scored at the end." };
        public static readonly Option<FileInfo?> Test = new("--test") { Description = "Test file scored at the end instead of the dev file (never used for model selection)." };
        public static readonly Option<string> Model = new("--model") { Description = "Hugging Face checkpoint folder to fine-tune (config.json, model.safetensors, tokenizer files).", Required = true };
        public static readonly Option<FileInfo> Output = new("--output") { Description = "Model file to write (TextKit/ML.NET zip).", Required = true };
        public static readonly Option<int> Epochs = new("--epochs") { Description = "Passes over the training data.", DefaultValueFactory = _ => 3 };
        public static readonly Option<int> BatchSize = new("--batch-size") { Description = "Examples per batch.", DefaultValueFactory = _ => 16 };
        public static readonly Option<int> Accumulation = new("--grad-accum") { Description = "Batches per optimizer step.", DefaultValueFactory = _ => 1 };
        public static readonly Option<double> LearningRate = new("--lr") { Description = "Peak learning rate (linear warm-up over 10% of the steps, then linear decay).", DefaultValueFactory = _ => 5e-5 };
        public static readonly Option<int> MaxLength = new("--max-length") { Description = "Maximum sub-words per input (0 = model maximum).", DefaultValueFactory = _ => 128 };
        public static readonly Option<int> Seed = new("--seed") { Description = "Seed (shuffling, dropout, new head).", DefaultValueFactory = _ => 42 };
        public static readonly Option<int> Patience = new("--patience") { Description = "Stop after this many epochs without dev improvement (0 = never).", DefaultValueFactory = _ => 0 };
        public static readonly Option<FileInfo?> Log = new("--log") { Description = "CSV log of every step and validation." };
        public static readonly Option<FileInfo?> Plot = new("--plot") { Description = "Save training curves (loss per step, dev metric per epoch) as a PNG; needs --log." };
        public static readonly Option<DirectoryInfo?> Checkpoints = new("--checkpoints") { Description = "Folder for resumable checkpoints (written every epoch)." };
        public static readonly Option<DirectoryInfo?> Resume = new("--resume") { Description = "Resume from this checkpoint folder (same data and options)." };
        public static readonly Option<int> Threads = new("--threads") { Description = "libtorch threads (0 = libtorch default).", DefaultValueFactory = _ => 0 };
        public static readonly Option<bool> Json = new("--json") { Description = "Print one JSON object with the figures instead of a table." };

        public static readonly Option<string> Scheme = MakeScheme();
        public static readonly Option<int> Stride = new("--stride") { Description = "Transformer: sub-words shared by the windows of a sentence longer than --max-length.", DefaultValueFactory = _ => 32 };

        /// <summary>Options the transformer path adds (those a command already has are shared, matched by name).</summary>
        public static Option[] All => [Epochs, Seed, BatchSize, Accumulation, LearningRate, MaxLength, Patience, Log, Plot, Checkpoints, Resume, Threads, Json];

        private static Option<string> MakeScheme()
        {
            var scheme = new Option<string>("--scheme") { Description = "Transformer: tag scheme of the files (bio = iob2).", DefaultValueFactory = _ => "iob2" };
            scheme.AcceptOnlyFromAmong("iob2", "bio", "iob1", "bilou", "bioes", "iobes");
            return scheme;
        }

        public static T Value<T>(ParseResult parse, Option<T> option) => parse.GetValue<T>(option.Name)!;

        public static string ModelFolder(string model)
        {
            if (!Directory.Exists(model))
                throw new TextKitException("TK010", $"--model: '{model}' is not a checkpoint folder (this build fine-tunes Hugging Face folders: config.json, model.safetensors, tokenizer files).");
            return model;
        }

        public static (FileInfo Train, FileInfo? Dev, FileInfo? Test) Files(ParseResult parse)
        {
            var train = Value(parse, Train)!;
            CliErrors.RequireFile(train, "--train");
            var dev = Value(parse, Dev);
            if (dev is not null)
                CliErrors.RequireFile(dev, "--dev");
            var test = Value(parse, Test);
            if (test is not null)
                CliErrors.RequireFile(test, "--test");
            return (train, dev, test);
        }

        public static void SavePlot(ParseResult parse)
        {
            if (Value(parse, Plot) is { } png)
                TrainingCurves.SavePng(Value(parse, Log)!.FullName, png.FullName);
        }

        public static TransformerTrainerOptions TrainerOptions(ParseResult parse, bool json)
        {
            if (Value(parse, Plot) is not null && Value(parse, Log) is null)
                throw new TextKitException("TK011", "--plot needs --log (the curves are drawn from the CSV log).");
            int threads = Value(parse, Threads);
            if (threads < 0)
                throw new TextKitException("TK011", "--threads must be 0 or positive.");
            if (threads > 0)
                torch.set_num_threads(threads);
            try
            {
                var options = new TransformerTrainerOptions
                {
                    Epochs = Value(parse, Epochs),
                    BatchSize = Value(parse, BatchSize),
                    GradientAccumulationSteps = Value(parse, Accumulation),
                    LearningRate = Value(parse, LearningRate),
                    Seed = Value(parse, Seed),
                    EarlyStoppingPatience = Value(parse, Patience),
                    LogCsvPath = Value(parse, Log)?.FullName,
                    CheckpointFolder = Value(parse, Checkpoints)?.FullName,
                    ResumeFrom = Value(parse, Resume)?.FullName,
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

    /// <summary>
    /// Saves the fitted model to --output (and the loss plot when asked). Without a set to score, also says what was
    /// saved, as JSON with --json.
    /// </summary>
    private static FileInfo Save(ParseResult parse, MLContext ml, ITransformer model, DataViewSchema schema, bool json, bool scoring, string task,
        (string JsonName, string Words, int Count) trained, double trainSeconds)
    {
        var output = Options.Value(parse, Options.Output);
        TextKitModel.Save(ml, model, schema, output.FullName);
        Options.SavePlot(parse);
        if (!scoring)
        {
            var summary = new Dictionary<string, object> { ["task"] = task, ["model"] = output.FullName, [trained.JsonName] = trained.Count, ["trainSeconds"] = trainSeconds };
            Console.WriteLine(json ? JsonSerializer.Serialize(summary)
                : $"saved {output.FullName} ({trained.Count} {trained.Words}, {trainSeconds:0.0}s); pass --dev or --test to score a set.");
        }
        return output;
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

    /// <summary>The transformer path of <c>train classifier</c> (called by TrainCommands when --model is not 'linear').</summary>
    public static int RunClassifier(ParseResult parse, string modelArgument)
    {
        var folder = Options.ModelFolder(modelArgument);
        var (trainFile, devFile, testFile) = Options.Files(parse);
        bool json = Options.Value(parse, Options.Json);
        var readerOptions = new ClassificationReaderOptions { TextColumn = parse.GetValue<string>("--text-column")!, LabelColumn = parse.GetValue<string>("--label-column")! };
        List<LabeledRow> Read(FileInfo f) => ClassificationReader.ReadFile(f.FullName, readerOptions).Select(r => new LabeledRow { Text = r.Text, Label = r.Label }).ToList();
        var ml = new MLContext(Options.Value(parse, Options.Seed));
        var trainRows = Read(trainFile);
        var devRows = devFile is null ? null : Read(devFile);
        var scoreRows = testFile is null ? devRows : Read(testFile);
        var trainData = ml.Data.LoadFromEnumerable(trainRows);
        var keys = ml.Transforms.Conversion.MapValueToKey("Label").Fit(trainData);
        var options = new TransformerClassificationTrainer.Options
        {
            ModelFolder = folder,
            MaxLength = Options.Value(parse, Options.MaxLength),
            Training = Options.TrainerOptions(parse, json),
        };
        if (devRows is not null)
            options.ValidationData = keys.Transform(ml.Data.LoadFromEnumerable(devRows));
        var started = DateTime.UtcNow;
        var classifier = ml.TextKit().Trainers.TransformerClassification(options).Fit(keys.Transform(trainData));
        double trainSeconds = (DateTime.UtcNow - started).TotalSeconds;
        var model = new TransformerChain<ITransformer>(keys, classifier);
        var output = Save(parse, ml, model, trainData.Schema, json, scoring: scoreRows is not null, "classification", ("trainExamples", "training examples", trainRows.Count), trainSeconds);
        if (scoreRows is null)
            return 0;
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
        PrintRun(output, (testFile ?? devFile)!, $"{trainRows.Count} examples", trainSeconds, predictSeconds);
        Console.WriteLine($"examples: {s.Count}");
        Console.WriteLine($"accuracy: {Pct(s.Accuracy.Accuracy)}%  macro-F1: {Pct(s.MacroF1)}  macro-P: {Pct(s.MacroPrecision)}  macro-R: {Pct(s.MacroRecall)}");
        Console.WriteLine();
        int width = Math.Max(8, s.Labels.Max(l => l.Length));
        Console.WriteLine($"{"Label".PadRight(width)} {"Precision",9} {"Recall",9} {"F1",9} {"Support",8}");
        foreach (var (label, score) in s.PerClass)
            Console.WriteLine($"{label.PadRight(width)} {Pct(score.Precision),9} {Pct(score.Recall),9} {Pct(score.F1),9} {score.Gold,8}");
        return 0;
    }

    private static TagScheme ParseScheme(string value) => value switch
    {
        "iob1" => TagScheme.Iob1,
        "bilou" => TagScheme.Bilou,
        "bioes" or "iobes" => TagScheme.Bioes,
        _ => TagScheme.Iob2,
    };

    /// <summary>The transformer path of <c>train ner</c> (called by TrainCommands when --model is not 'perceptron').</summary>
    public static int RunNer(ParseResult parse, string modelArgument)
    {
        var folder = Options.ModelFolder(modelArgument);
        var (trainFile, devFile, testFile) = Options.Files(parse);
        bool json = Options.Value(parse, Options.Json);
        var tagScheme = ParseScheme(Options.Value(parse, Options.Scheme));
        var handling = parse.GetValue<string>("--invalid-tags") == "repair" ? InvalidTagHandling.Repair : InvalidTagHandling.Error;
        var readerOptions = new ConllNerReaderOptions { Scheme = tagScheme, InvalidTags = handling };
        List<NerRow> Read(FileInfo f) => ConllNerReader.ReadFile(f.FullName, readerOptions).Select(s => new NerRow { Tokens = s.Tokens, Tags = s.Tags }).ToList();
        var ml = new MLContext(Options.Value(parse, Options.Seed));
        var trainRows = Read(trainFile);
        var devRows = devFile is null ? null : Read(devFile);
        var scoreRows = testFile is null ? devRows : Read(testFile);
        int strideValue = Options.Value(parse, Options.Stride);
        if (strideValue < 0)
            throw new TextKitException("TK011", "--stride must be 0 or positive.");
        var options = new TransformerTokenClassificationTrainer.Options
        {
            ModelFolder = folder,
            Scheme = tagScheme,
            InvalidTags = handling,
            MaxLength = Options.Value(parse, Options.MaxLength),
            Stride = strideValue,
            Training = Options.TrainerOptions(parse, json),
        };
        if (devRows is not null)
            options.ValidationData = ml.Data.LoadFromEnumerable(devRows);
        var started = DateTime.UtcNow;
        var trainData = ml.Data.LoadFromEnumerable(trainRows);
        var tagger = ml.TextKit().Trainers.TransformerTokenClassification(options).Fit(trainData);
        double trainSeconds = (DateTime.UtcNow - started).TotalSeconds;
        var output = Save(parse, ml, tagger, trainData.Schema, json, scoring: scoreRows is not null, "ner", ("trainSentences", "training sentences", trainRows.Count), trainSeconds);
        if (scoreRows is null)
            return 0;
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
        PrintRun(output, (testFile ?? devFile)!, $"{trainRows.Count} sentences", trainSeconds, predictSeconds);
        Console.WriteLine($"processed {s.Tokens} tokens with {s.Micro.Gold} phrases; found: {s.Micro.Predicted} phrases; correct: {s.Micro.Correct}.");
        Console.WriteLine($"accuracy: {Pct(s.TagAccuracy.Accuracy)}%; precision: {Pct(s.Micro.Precision)}%; recall: {Pct(s.Micro.Recall)}%; FB1: {Pct(s.Micro.F1)}");
        Console.WriteLine();
        Console.WriteLine($"{"Type",-12} {"Precision",9} {"Recall",9} {"F1",9} {"Gold",8} {"Found",8} {"Correct",8}");
        foreach (var (type, score) in s.PerType.Append(new KeyValuePair<string, PrfScore>("micro", s.Micro)))
            Console.WriteLine($"{type,-12} {Pct(score.Precision),9} {Pct(score.Recall),9} {Pct(score.F1),9} {score.Gold,8} {score.Predicted,8} {score.Correct,8}");
        return 0;
    }

    /// <summary>The text report's first lines, shared by classifier and NER: the model, the set scored, the timings.</summary>
    private static void PrintRun(FileInfo output, FileInfo scored, string trained, double trainSeconds, double predictSeconds)
    {
        Console.WriteLine($"model:    {output.FullName}");
        Console.WriteLine($"scored:   {scored.FullName}");
        Console.WriteLine(FormattableString.Invariant($"train:    {trained}, {trainSeconds:0.0}s; prediction {predictSeconds:0.0}s"));
    }
}

/// <summary>The classic train commands' hooks for checkpoint folders (declared in TrainCommands.cs).</summary>
internal static partial class TrainCommands
{
    static partial void TrainTransformerClassifier(ParseResult parse, string model, ref int? exitCode)
    {
        if (Directory.Exists(model))
            exitCode = TrainTransformerCommands.RunClassifier(parse, model);
    }

    static partial void TrainTransformerNer(ParseResult parse, string model, ref int? exitCode)
    {
        if (Directory.Exists(model))
            exitCode = TrainTransformerCommands.RunNer(parse, model);
    }
}
