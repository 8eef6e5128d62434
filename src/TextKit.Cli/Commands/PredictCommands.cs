using System.CommandLine;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.Corpora;
using TextKit.ML.Persistence;

namespace TextKit.Cli.Commands;

/// <summary>
/// <c>textkit predict classifier|ner --model M.zip</c>: load a model file written by <c>textkit train</c> (or
/// <c>TextKitModel.Save</c>) in a fresh process and predict.
/// </summary>
internal static class PredictCommands
{
    /// <summary>Adds <c>classifier</c> and <c>ner</c> sub-commands (transformer models) to the classic <c>predict</c> command.</summary>
    public static Command AttachTo(Command predict)
    {
        ArgumentNullException.ThrowIfNull(predict);
        predict.Subcommands.Add(Classifier());
        predict.Subcommands.Add(Ner());
        return predict;
    }

    private sealed class TextRow
    {
        public string Text { get; set; } = "";

        public string Label { get; set; } = "";
    }

    private sealed class TokensRow
    {
        public string[] Tokens { get; set; } = [];

        public string[] Tags { get; set; } = [];
    }

    private static Option<FileInfo> ModelOption() => new("--model") { Description = "Model file (.zip) written by `textkit train`.", Required = true };

    private static Command Classifier()
    {
        var model = ModelOption();
        var input = new Option<FileInfo>("--input") { Description = "Texts: one per line, or a TSV file with a header when --text-column is given.", Required = true };
        var textColumn = new Option<string?>("--text-column") { Description = "Header name of the text column of a TSV input." };
        var scores = new Option<bool>("--scores") { Description = "Also print the probability of every label." };
        var command = new Command("classifier", "Print the predicted label (and with --scores the label probabilities) of every text, tab-separated.") { model, input, textColumn, scores };
        command.SetAction(parse =>
        {
            var modelFile = parse.GetValue(model)!;
            var inputFile = parse.GetValue(input)!;
            CliErrors.RequireFile(modelFile, "--model");
            CliErrors.RequireFile(inputFile, "--input");
            var texts = ReadTexts(inputFile.FullName, parse.GetValue(textColumn));
            var ml = new MLContext(0);
            var loaded = TextKitModel.Load(ml, modelFile.FullName, out var inputSchema);
            if (inputSchema.GetColumnOrNull("Text") is null)
                throw new TextKitException("TK817", $"--model: '{modelFile.FullName}' is not a text classifier saved by `textkit train classifier` (its input has no Text column).");
            var scored = loaded.Transform(ml.Data.LoadFromEnumerable(texts.Select(t => new TextRow { Text = t })));
            if (scored.Schema.GetColumnOrNull("PredictedLabel") is null || scored.Schema.GetColumnOrNull("Score") is null)
                throw new TextKitException("TK817", $"--model: '{modelFile.FullName}' is not a classifier (no Score/PredictedLabel columns).");
            VBuffer<ReadOnlyMemory<char>> names = default;
            scored.Schema["PredictedLabel"].Annotations.GetValue("KeyValues", ref names);
            var labels = names.DenseValues().Select(v => v.ToString()).ToArray();
            bool withScores = parse.GetValue(scores);
            Console.WriteLine(withScores ? "label\t" + string.Join('\t', labels) : "label");
            using var cursor = scored.GetRowCursor([scored.Schema["PredictedLabel"], scored.Schema["Score"]]);
            var predicted = cursor.GetGetter<uint>(scored.Schema["PredictedLabel"]);
            var score = cursor.GetGetter<VBuffer<float>>(scored.Schema["Score"]);
            uint key = 0;
            VBuffer<float> values = default;
            while (cursor.MoveNext())
            {
                predicted(ref key);
                var label = key == 0 ? "" : labels[key - 1];
                if (!withScores)
                {
                    Console.WriteLine(label);
                    continue;
                }
                score(ref values);
                Console.WriteLine(label + "\t" + string.Join('\t', values.DenseValues().Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
            }
            return 0;
        });
        return command;
    }

    private static List<string> ReadTexts(string path, string? textColumn)
    {
        var lines = File.ReadAllLines(path);
        if (textColumn is null)
            return [.. lines];
        if (lines.Length == 0)
            throw new TextKitFormatException("TK817", path, 1, "the file is empty; a TSV input needs a header line.");
        var header = lines[0].Split('\t');
        int index = Array.IndexOf(header, textColumn);
        if (index < 0)
            throw new TextKitFormatException("TK817", path, 1, $"no column '{textColumn}' in the header (columns: {string.Join(", ", header)}).");
        var texts = new List<string>(lines.Length - 1);
        for (int i = 1; i < lines.Length; i++)
        {
            var fields = lines[i].Split('\t');
            if (fields.Length <= index)
                throw new TextKitFormatException("TK817", path, i + 1, $"the line has {fields.Length} fields; column '{textColumn}' is field {index + 1}.");
            texts.Add(fields[index]);
        }
        return texts;
    }

    private static Command Ner()
    {
        var model = ModelOption();
        var input = new Option<FileInfo>("--input") { Description = "Token-per-line CoNLL file (token first; a tag column, if any, is replaced).", Required = true };
        var output = new Option<FileInfo>("--output") { Description = "CoNLL file to write: token and predicted tag (score it with `textkit evaluate ner`).", Required = true };
        var command = new Command("ner", "Tag a CoNLL file with a saved token-classification model.") { model, input, output };
        command.SetAction(parse =>
        {
            var modelFile = parse.GetValue(model)!;
            var inputFile = parse.GetValue(input)!;
            CliErrors.RequireFile(modelFile, "--model");
            CliErrors.RequireFile(inputFile, "--input");
            // Tags in the input are not used; read them leniently so that any scheme (or a dummy column) is accepted.
            var sentences = ConllNerReader.ReadFile(inputFile.FullName, new ConllNerReaderOptions { InvalidTags = InvalidTagHandling.Keep }).ToList();
            var ml = new MLContext(0);
            var loaded = TextKitModel.Load(ml, modelFile.FullName, out var inputSchema);
            if (inputSchema.GetColumnOrNull("Tokens") is null)
                throw new TextKitException("TK817", $"--model: '{modelFile.FullName}' is not a token classifier saved by `textkit train ner` (its input has no Tokens column).");
            var scored = loaded.Transform(ml.Data.LoadFromEnumerable(sentences.Select(s => new TokensRow { Tokens = s.Tokens, Tags = s.Tags })));
            if (scored.Schema.GetColumnOrNull("PredictedTags") is null)
                throw new TextKitException("TK817", $"--model: '{modelFile.FullName}' is not a token classifier (no PredictedTags column).");
            var tags = scored.GetColumn<VBuffer<ReadOnlyMemory<char>>>("PredictedTags").Select(v => v.DenseValues().Select(t => t.ToString()).ToArray()).ToList();
            var written = sentences.Select((s, i) => new NerSentence(s.Tokens, tags[i]) { StartsDocument = s.StartsDocument });
            ConllNerWriter.WriteFile(parse.GetValue(output)!.FullName, written);
            Console.WriteLine($"tagged {sentences.Count} sentences, {sentences.Sum(s => s.Count)} tokens → {parse.GetValue(output)!.FullName}");
            return 0;
        });
        return command;
    }
}
