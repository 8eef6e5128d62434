// Sentiment with TextKit's shipped transformer (models/sentiment-sst2.zip), or fine-tune your own binary classifier.
//
//   dotnet run --project samples/Sentiment -- "What a lovely day." "This is awful."    # predict (stdin when no args)
//   dotnet run --project samples/Sentiment -- --train train.tsv --dev dev.tsv          # fine-tune models/textkit-bert-mini
//
// TSV files: a header, then `text<TAB>label` with label 1/0 (or true/false). Fine-tuning uses a Boolean label, so the
// model has ML.NET's binary columns and BinaryClassification.Evaluate reports accuracy, AUC and F1.
using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.ML;
using TextKit.Neural.ML.Training;
using TextKit.Neural.Training;
using TextKit.Samples;

var ml = new MLContext(seed: 1);
if (args.Length >= 2 && args[0] == "--train")
{
    string? dev = args.Length >= 4 && args[2] == "--dev" ? args[3] : null;
    var train = ml.Data.LoadFromEnumerable(ReadTsv(args[1]));
    var options = new TransformerClassificationTrainer.Options
    {
        ModelFolder = RepositoryModels.Find("textkit-bert-mini"),
        MaxLength = 64,
        Training = new TransformerTrainerOptions { Epochs = 3, BatchSize = 32, LearningRate = 1e-4, Progress = new Progress<TrainingProgress>(p => Console.Error.Write($"\repoch {p.Epoch}/{p.Epochs} step {p.Step}/{p.TotalSteps} loss {p.Loss:0.000}   ")) },
    };
    var model = ml.TextKit().Trainers.TransformerClassification(options).Fit(train);
    Console.Error.WriteLine();
    if (dev is not null)
    {
        var metrics = ml.BinaryClassification.Evaluate(((ITransformer)model).Transform(ml.Data.LoadFromEnumerable(ReadTsv(dev))));
        Console.WriteLine($"dev: accuracy {metrics.Accuracy:P2}, AUC {metrics.AreaUnderRocCurve:F4}, F1 {metrics.F1Score:F4}");
    }
    ml.TextKit().Model.Save(model, train.Schema, "sentiment.zip");
    Console.WriteLine("saved sentiment.zip (load it with ml.TextKit().Model.Load)");
    return 0;
}

// Predict with the shipped model: SST-2 labels are "0" (negative) and "1" (positive); Score holds one probability per
// label key, in key order.
var shipped = ml.TextKit().Model.Load(RepositoryModels.Find("sentiment-sst2.zip"), out var schema);
var engine = ml.Model.CreatePredictionEngine<Review, Scored>(shipped, schema);
var texts = args.Length > 0 ? args : ReadLines(Console.In).ToArray();
foreach (var text in texts.Where(t => !string.IsNullOrWhiteSpace(t)))
{
    var score = engine.Predict(new Review { Text = text }).Score;
    float positive = score[PositiveSlot(ml, shipped, schema)];
    Console.WriteLine($"{(positive >= 0.5f ? "positive" : "negative"),-8} {positive:0.000}  {text}");
}
return 0;

static IEnumerable<string> ReadLines(TextReader reader)
{
    while (reader.ReadLine() is { } line)
        yield return line;
}

static List<LabeledReview> ReadTsv(string path)
    => File.ReadLines(path).Skip(1).Select((line, i) =>
    {
        var parts = line.Split('\t');
        if (parts.Length < 2)
            throw new FormatException($"{path} line {i + 2}: expected 'text<TAB>label'.");
        var label = parts[^1].Trim().ToLowerInvariant();
        if (label is not ("1" or "0" or "true" or "false"))
            throw new FormatException($"{path} line {i + 2}: label '{parts[^1]}' is not 1/0/true/false.");
        return new LabeledReview { Text = string.Join('\t', parts[..^1]), Label = label is "1" or "true" };
    }).ToList();

static int PositiveSlot(MLContext ml, ITransformer model, Microsoft.ML.DataViewSchema schema)
{
    var keys = default(Microsoft.ML.Data.VBuffer<ReadOnlyMemory<char>>);
    model.GetOutputSchema(schema)["PredictedLabel"].GetKeyValues(ref keys);
    return keys.DenseValues().Select(k => k.ToString()).ToList().IndexOf("1");
}

internal sealed class Review
{
    public string Text { get; set; } = "";

    public string Label { get; set; } = "";
}

internal sealed class LabeledReview
{
    public string Text { get; set; } = "";

    public bool Label { get; set; }
}

internal sealed class Scored
{
    public float[] Score { get; set; } = [];
}
