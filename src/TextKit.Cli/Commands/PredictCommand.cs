using System.CommandLine;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.Corpora;
using TextKit.ML.Data;
using TextKit.ML.Persistence;
using TextKit.ML.Trainers;

namespace TextKit.Cli.Commands;

/// <summary>
/// <c>textkit predict</c>: applies a model written by <c>textkit train classifier|ner</c>. Classifier: a TSV/CSV file
/// with a header (the text column by name) or plain text, one example per line → TSV <c>text, label, score</c>
/// (scorable with <c>textkit evaluate classification</c>). NER: token-per-line CoNLL (first column; other columns are
/// ignored) → <c>token TAB tag</c> lines (scorable with <c>textkit evaluate ner</c>).
/// </summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var modelOption = new Option<FileInfo>("--model") { Description = "Model file from `textkit train classifier|ner`.", Required = true };
        var inputOption = new Option<FileInfo>("--input") { Description = "Classifier: .tsv/.csv with a header, or one text per line. NER: token-per-line CoNLL.", Required = true };
        var outputOption = new Option<FileInfo?>("--output") { Description = "Output file (default: standard output)." };
        var textColumn = new Option<string>("--text-column") { Description = "Classifier, TSV/CSV input: header name of the text column.", DefaultValueFactory = _ => "text" };
        var command = new Command("predict", "Predict labels (classifier) or entity tags (NER) with a trained model.")
        {
            modelOption, inputOption, outputOption, textColumn,
        };
        command.SetAction(parse =>
        {
            var modelFile = parse.GetValue(modelOption)!;
            var inputFile = parse.GetValue(inputOption)!;
            CliErrors.RequireFile(modelFile, "--model");
            CliErrors.RequireFile(inputFile, "--input");
            var ml = new MLContext(seed: 1);
            var model = TextKitModel.Load(ml, modelFile.FullName, out var inputSchema);
            var outputFile = parse.GetValue(outputOption);
            using var writer = outputFile is null ? Console.Out : new StreamWriter(outputFile.FullName);
            writer.NewLine = "\n";
            if (TextKitModel.Flatten(model).OfType<NerTaggerTransformer>().FirstOrDefault() is { } tagger)
                PredictNer(ml, model, tagger, inputFile.FullName, writer);
            else
                PredictClassifier(ml, model, inputSchema, inputFile.FullName, parse.GetValue(textColumn)!, writer, modelFile.FullName);
            return 0;
        });
        return command;
    }

    private static void PredictClassifier(MLContext ml, ITransformer model, DataViewSchema inputSchema, string input, string textColumn, TextWriter writer, string modelPath)
    {
        if (inputSchema.GetColumnOrNull("Text") is not { Type: TextDataViewType } || inputSchema.GetColumnOrNull("Label") is not { Type: TextDataViewType }
            || model.GetOutputSchema(inputSchema) is var output && (output.GetColumnOrNull("PredictedLabelValue") is null || output.GetColumnOrNull("Score") is null))
            throw new TextKitException("TK013", $"--model: '{modelPath}' is not a model written by `textkit train classifier|ner` (it needs Text and Label input columns and PredictedLabelValue and Score outputs); apply it with `textkit model apply`.");
        var ext = Path.GetExtension(input).ToLowerInvariant();
        List<string> texts;
        if (ext is ".tsv" or ".csv")
        {
            var separator = DelimitedReader.SeparatorFor(input);
            using var records = DelimitedReader.ReadFile(input, separator).GetEnumerator();
            if (!records.MoveNext())
                throw new TextKitFormatException("TK232", input, 0, $"the file is empty; expected a header row with a '{textColumn}' column.");
            var header = records.Current.Fields;
            int column = ClassificationReader.ColumnIndex(header, textColumn, input);
            texts = [];
            while (records.MoveNext())
            {
                if (records.Current.Fields.Length != header.Length)
                    throw new TextKitFormatException("TK234", input, records.Current.Line, $"found {records.Current.Fields.Length} fields, but the header has {header.Length}.");
                texts.Add(records.Current.Fields[column].Trim());
            }
        }
        else
        {
            texts = File.ReadAllLines(input).Select(l => l.Trim()).ToList();
        }
        // The model maps its label column to a key; unlabeled rows carry an empty label (the missing key).
        var data = ml.Data.LoadFromEnumerable(texts.Select(t => new ClassificationRow { Text = t, Label = "" }));
        var scored = model.Transform(data);
        var labels = scored.GetColumn<ReadOnlyMemory<char>>("PredictedLabelValue").Select(l => l.ToString()).ToList();
        var scores = scored.GetColumn<float[]>("Score").ToList();
        writer.WriteLine("text\tlabel\tscore");
        for (int i = 0; i < texts.Count; i++)
            writer.WriteLine($"{Clean(texts[i])}\t{labels[i]}\t{scores[i].Max().ToString("R", CultureInfo.InvariantCulture)}");
    }

    private static string Clean(string text) => text.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ').Replace("\"", "\"\"") is var t && t.Contains('"') ? $"\"{t}\"" : t;

    private static void PredictNer(MLContext ml, ITransformer model, NerTaggerTransformer tagger, string input, TextWriter writer)
    {
        var sentences = ReadTokens(input);
        var data = ml.Data.LoadFromEnumerable(sentences.Select(s => new NerSentenceRow { Tokens = s, Tags = [] }));
        var predicted = model.Transform(data).GetColumn<string[]>(tagger.OutputColumnName).ToList();
        for (int s = 0; s < sentences.Count; s++)
        {
            for (int i = 0; i < sentences[s].Length; i++)
                writer.WriteLine($"{sentences[s][i]}\t{predicted[s][i]}");
            writer.WriteLine();
        }
    }

    /// <summary>Token-per-line text: the first tab-separated field (or the whole line) is the token; blank lines end sentences.</summary>
    private static List<string[]> ReadTokens(string path)
    {
        var sentences = new List<string[]>();
        var current = new List<string>();
        foreach (var line in File.ReadLines(path))
        {
            if (line.Trim().Length == 0)
            {
                if (current.Count > 0)
                    sentences.Add([.. current]);
                current.Clear();
                continue;
            }
            var token = line.Contains('\t') ? line[..line.IndexOf('\t')] : line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            if (token == ConllNerReader.DocStart)
                continue;
            current.Add(token);
        }
        if (current.Count > 0)
            sentences.Add([.. current]);
        return sentences;
    }
}
