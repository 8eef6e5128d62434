using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using TextKit.Corpora;
using TextKit.Evaluation;

namespace TextKit.Cli.Commands;

/// <summary>
/// <c>textkit evaluate tags|ner|classification</c>: the library scorers (TextKit.Evaluation) from the command line.
/// A table by default; <c>--json</c> prints exactly one JSON object on standard output.
/// </summary>
internal static class EvaluateCommands
{
    public static Command Create()
    {
        var evaluate = new Command("evaluate", "Score predictions against gold data (CoNLL 2018 tags, conlleval entities, classification).");
        evaluate.Subcommands.Add(Tags());
        evaluate.Subcommands.Add(Ner());
        evaluate.Subcommands.Add(Classification());
        return evaluate;
    }

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    private static Option<FileInfo> FileOption(string name, string description) => new(name) { Description = description, Required = true };

    private static Option<bool> JsonOption() => new("--json") { Description = "Print one JSON object instead of a table." };

    private static string Pct(double value) => (100 * value).ToString("0.00", CultureInfo.InvariantCulture);

    private static Command Tags()
    {
        var gold = FileOption("--gold", "Gold CoNLL-U file.");
        var pred = FileOption("--pred", "Predicted CoNLL-U file with the same sentences and words.");
        var json = JsonOption();
        var command = new Command("tags", "UPOS, XPOS, UFeats, AllTags and Lemmas accuracy (CoNLL 2018 UD definitions, gold tokenization).")
        {
            gold, pred, json,
        };
        command.SetAction(parse =>
        {
            var goldFile = parse.GetValue(gold)!;
            var predFile = parse.GetValue(pred)!;
            CliErrors.RequireFile(goldFile, "--gold");
            CliErrors.RequireFile(predFile, "--pred");
            var scores = TagScorer.ScoreFiles(goldFile.FullName, predFile.FullName);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    task = "tags",
                    gold = goldFile.FullName,
                    predicted = predFile.FullName,
                    sentences = scores.Sentences,
                    words = scores.Words,
                    metrics = scores.Metrics.ToDictionary(m => m.Name, m => new { correct = m.Score.Correct, total = m.Score.Total, accuracy = m.Score.Accuracy }),
                }, Json));
                return 0;
            }
            Console.WriteLine($"gold:      {goldFile.FullName}");
            Console.WriteLine($"predicted: {predFile.FullName}");
            Console.WriteLine($"sentences: {scores.Sentences}, words: {scores.Words}");
            Console.WriteLine();
            Console.WriteLine($"{"Metric",-8} {"Correct",10} {"Total",10} {"Accuracy",9}");
            foreach (var (name, score) in scores.Metrics)
                Console.WriteLine($"{name,-8} {score.Correct,10} {score.Total,10} {Pct(score.Accuracy),8}%");
            return 0;
        });
        return command;
    }

    private static TagScheme ParseScheme(string value) => value switch
    {
        "iob1" => TagScheme.Iob1,
        "iob2" or "bio" => TagScheme.Iob2,
        "bilou" => TagScheme.Bilou,
        "bioes" or "iobes" => TagScheme.Bioes,
        _ => throw new TextKitException("TK011", $"--scheme: unknown scheme '{value}'."),
    };

    private static Command Ner()
    {
        var gold = FileOption("--gold", "Gold token-per-line CoNLL file (token first, tag last).");
        var pred = FileOption("--pred", "Predicted file with the same sentences and tokens.");
        var scheme = new Option<string>("--scheme") { Description = "Tag scheme of both files (bio = iob2).", DefaultValueFactory = _ => "iob2" };
        scheme.AcceptOnlyFromAmong("iob2", "bio", "iob1", "bilou", "bioes", "iobes");
        var json = JsonOption();
        var command = new Command("ner", "Entity-level precision/recall/F1 (exact span + type, per type and micro; conlleval-compatible).")
        {
            gold, pred, scheme, json,
        };
        command.SetAction(parse =>
        {
            var goldFile = parse.GetValue(gold)!;
            var predFile = parse.GetValue(pred)!;
            CliErrors.RequireFile(goldFile, "--gold");
            CliErrors.RequireFile(predFile, "--pred");
            var schemeName = parse.GetValue(scheme)!;
            var s = EntityScorer.ScoreFiles(goldFile.FullName, predFile.FullName, ParseScheme(schemeName));
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    task = "ner",
                    scheme = schemeName,
                    gold = goldFile.FullName,
                    predicted = predFile.FullName,
                    sentences = s.Sentences,
                    tokens = s.Tokens,
                    tagAccuracy = s.TagAccuracy.Accuracy,
                    micro = Prf(s.Micro),
                    perType = s.PerType.ToDictionary(kv => kv.Key, kv => Prf(kv.Value)),
                }, Json));
                return 0;
            }
            PrintNer(s);
            return 0;
        });
        return command;
    }

    private static object Prf(PrfScore s) => new { precision = s.Precision, recall = s.Recall, f1 = s.F1, correct = s.Correct, predicted = s.Predicted, gold = s.Gold };

    private static void PrintPrf(string name, PrfScore s)
        => Console.WriteLine($"{name,-12} {Pct(s.Precision),9} {Pct(s.Recall),9} {Pct(s.F1),9} {s.Gold,8} {s.Predicted,8} {s.Correct,8}");

    private static Command Classification()
    {
        var gold = FileOption("--gold", "Gold labels: one label per line, or a .tsv/.csv file with a header and a label column.");
        var pred = FileOption("--pred", "Predicted labels, same layout choices, same order.");
        var format = new Option<string>("--format") { Description = "File layout: auto (.tsv/.csv by suffix, else one label per line), lines, tsv or csv.", DefaultValueFactory = _ => "auto" };
        format.AcceptOnlyFromAmong("auto", "lines", "tsv", "csv");
        var labelColumn = new Option<string>("--label-column") { Description = "Header name of the label column in TSV/CSV files.", DefaultValueFactory = _ => "label" };
        var json = JsonOption();
        var command = new Command("classification", "Accuracy, macro-F1, per-class precision/recall/F1 and the confusion matrix.")
        {
            gold, pred, format, labelColumn, json,
        };
        command.SetAction(parse =>
        {
            var goldFile = parse.GetValue(gold)!;
            var predFile = parse.GetValue(pred)!;
            CliErrors.RequireFile(goldFile, "--gold");
            CliErrors.RequireFile(predFile, "--pred");
            var layout = parse.GetValue(format) switch
            {
                "lines" => LabelFileFormat.Lines,
                "tsv" => LabelFileFormat.Tsv,
                "csv" => LabelFileFormat.Csv,
                _ => LabelFileFormat.Auto,
            };
            var s = ClassificationScorer.ScoreFiles(goldFile.FullName, predFile.FullName, layout, parse.GetValue(labelColumn)!);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    task = "classification",
                    gold = goldFile.FullName,
                    predicted = predFile.FullName,
                    count = s.Count,
                    accuracy = s.Accuracy.Accuracy,
                    macroPrecision = s.MacroPrecision,
                    macroRecall = s.MacroRecall,
                    macroF1 = s.MacroF1,
                    labels = s.Labels,
                    perClass = s.PerClass.ToDictionary(kv => kv.Key, kv => new
                    {
                        precision = kv.Value.Precision, recall = kv.Value.Recall, f1 = kv.Value.F1,
                        support = kv.Value.Gold, predicted = kv.Value.Predicted, correct = kv.Value.Correct,
                    }),
                    confusionMatrix = s.ConfusionMatrix,
                    unknownPredictedLabels = s.UnknownPredictedLabels,
                }, Json));
                return 0;
            }
            PrintClassification(s);
            return 0;
        });
        return command;
    }

    /// <summary>The entity-score table of <c>textkit evaluate ner</c> (also printed by <c>textkit train ner</c>).</summary>
    internal static void PrintNer(EntityScores s)
    {
        // The first two lines follow conlleval's summary layout.
        Console.WriteLine($"processed {s.Tokens} tokens with {s.Micro.Gold} phrases; found: {s.Micro.Predicted} phrases; correct: {s.Micro.Correct}.");
        Console.WriteLine($"accuracy: {Pct(s.TagAccuracy.Accuracy)}%; precision: {Pct(s.Micro.Precision)}%; recall: {Pct(s.Micro.Recall)}%; FB1: {Pct(s.Micro.F1)}");
        Console.WriteLine();
        Console.WriteLine($"{"Type",-12} {"Precision",9} {"Recall",9} {"F1",9} {"Gold",8} {"Found",8} {"Correct",8}");
        foreach (var (type, score) in s.PerType)
            PrintPrf(type, score);
        PrintPrf("micro", s.Micro);
    }

    /// <summary>The classification report of <c>textkit evaluate classification</c> (also printed by <c>textkit train classifier</c>).</summary>
    internal static void PrintClassification(ClassificationScores s)
    {
        Console.WriteLine($"examples: {s.Count}");
        Console.WriteLine($"accuracy: {Pct(s.Accuracy.Accuracy)}%  macro-F1: {Pct(s.MacroF1)}  macro-P: {Pct(s.MacroPrecision)}  macro-R: {Pct(s.MacroRecall)}");
        if (s.UnknownPredictedLabels.Count > 0)
            Console.WriteLine($"predicted labels never seen in gold: {string.Join(", ", s.UnknownPredictedLabels)}");
        Console.WriteLine();
        int width = Math.Max(8, s.Labels.Max(l => l.Length));
        Console.WriteLine($"{"Label".PadRight(width)} {"Precision",9} {"Recall",9} {"F1",9} {"Support",8}");
        foreach (var (label, score) in s.PerClass)
            Console.WriteLine($"{label.PadRight(width)} {Pct(score.Precision),9} {Pct(score.Recall),9} {Pct(score.F1),9} {score.Gold,8}");
        Console.WriteLine();
        Console.WriteLine("Confusion matrix (rows: gold, columns: predicted):");
        int cell = Math.Max(width, s.ConfusionMatrix.SelectMany(r => r).Max().ToString(CultureInfo.InvariantCulture).Length);
        Console.WriteLine("".PadRight(width) + " " + string.Join(" ", s.Labels.Select(l => l.PadLeft(cell))));
        for (int g = 0; g < s.Labels.Count; g++)
            Console.WriteLine(s.Labels[g].PadRight(width) + " " + string.Join(" ", s.ConfusionMatrix[g].Select(v => v.ToString(CultureInfo.InvariantCulture).PadLeft(cell))));
    }
}
