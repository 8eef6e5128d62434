using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.Corpora;
using TextKit.ML;
using TextKit.ML.Data;
using TextKit.ML.Persistence;

namespace TextKit.Cli.Tests.Commands;

/// <summary><c>textkit train classifier|ner</c> and <c>textkit predict</c> on tiny committed fixtures.</summary>
public sealed class TrainCommandsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("textkit-train-").FullName;

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "classic", name);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TrainClassifier_PrintsFigures_PredictInNewProcessMatchesInProcess()
    {
        var model = Path.Combine(_folder, "sentiment.zip");
        var train = CliRunner.Run("train", "classifier", "--train", Fixture("train.tsv"), "--dev", Fixture("dev.tsv"),
            "--text-column", "text", "--label-column", "label", "--model", "linear", "--output", model);
        Assert.True(train.ExitCode == 0, train.StdErr);
        Assert.Contains("trained linear (Sdca) on 20 examples, 2 classes", train.StdOut);
        Assert.Contains("Confusion matrix", train.StdOut);
        var accuracyLine = train.StdOut.Split('\n').Single(l => l.StartsWith("accuracy:", StringComparison.Ordinal));

        var pred = Path.Combine(_folder, "pred.tsv");
        var predict = CliRunner.Run("predict", "--model", model, "--input", Fixture("dev.tsv"), "--output", pred);
        Assert.True(predict.ExitCode == 0, predict.StdErr);
        var rows = File.ReadAllLines(pred).Skip(1).Select(l => l.Split('\t')).ToArray();
        Assert.Equal(8, rows.Length);

        // The same file loaded in this process gives the same labels and the same scores, bit for bit.
        var ml = new MLContext(5);
        var loaded = TextKitModel.Load(ml, model, out _);
        var dev = ml.TextKit().Data.LoadClassification(Fixture("dev.tsv"));
        var scored = loaded.Transform(dev);
        var labels = scored.GetColumn<ReadOnlyMemory<char>>("PredictedLabelValue").Select(v => v.ToString()).ToArray();
        var scores = scored.GetColumn<float[]>("Score").Select(s => s.Max().ToString("R", CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(labels, rows.Select(r => r[1]));
        Assert.Equal(scores, rows.Select(r => r[2]));

        // `textkit evaluate classification` on the predictions prints the figures `train` printed.
        var evaluate = CliRunner.Run("evaluate", "classification", "--gold", Fixture("dev.tsv"), "--pred", pred);
        Assert.True(evaluate.ExitCode == 0, evaluate.StdErr);
        Assert.Contains(accuracyLine, evaluate.StdOut);
    }

    [Fact]
    public void Predict_PlainTextWithEmptyLine_OneRowPerLine()
    {
        var model = Path.Combine(_folder, "m.zip");
        Assert.Equal(0, CliRunner.Run("train", "classifier", "--train", Fixture("train.tsv"), "--output", model).ExitCode);
        var input = Path.Combine(_folder, "input.txt");
        File.WriteAllText(input, "a wonderful , beautiful film\n\nterrible and boring\n");
        var predict = CliRunner.Run("predict", "--model", model, "--input", input);
        Assert.True(predict.ExitCode == 0, predict.StdErr);
        var lines = predict.StdOut.TrimEnd('\n').Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.Equal("pos", lines[1].Split('\t')[1]);
        Assert.Equal("", lines[2].Split('\t')[0]);
        Assert.Contains(lines[2].Split('\t')[1], new[] { "pos", "neg" });
        Assert.Equal("neg", lines[3].Split('\t')[1]);
    }

    [Fact]
    public void TrainClassifier_UnseenDevLabel_WarnsAndCountsAsErrors()
    {
        var result = CliRunner.Run("train", "classifier", "--train", Fixture("train.tsv"), "--dev", Fixture("dev-unseen.tsv"), "--output", Path.Combine(_folder, "m.zip"));
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Contains("labels never seen in --train ('mixed' x1)", result.StdErr);
        Assert.Contains("mixed", result.StdOut);
    }

    [Fact]
    public void TrainClassifier_MissingColumn_TK233NamesColumnAndFile()
    {
        var result = CliRunner.Run("train", "classifier", "--train", Fixture("train.tsv"), "--text-column", "review", "--output", Path.Combine(_folder, "m.zip"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("TK233", result.StdErr);
        Assert.Contains("'review'", result.StdErr);
        Assert.Contains("train.tsv", result.StdErr);
    }

    [Fact]
    public void TrainClassifier_UnknownModel_Error()
    {
        var result = CliRunner.Run("train", "classifier", "--train", Fixture("train.tsv"), "--model", "no-such-model", "--output", Path.Combine(_folder, "m.zip"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'no-such-model'", result.StdErr);
    }

    [Fact]
    public void TrainNer_PrintsFigures_PredictInNewProcessMatchesInProcess()
    {
        var model = Path.Combine(_folder, "ner.zip");
        var train = CliRunner.Run("train", "ner", "--train", Fixture("train.conll"), "--dev", Fixture("dev.conll"), "--model", "perceptron", "--output", model);
        Assert.True(train.ExitCode == 0, train.StdErr);
        Assert.Contains("FB1:", train.StdOut);
        Assert.Contains("trained perceptron (10 epochs) on 8 sentences", train.StdOut);

        var pred = Path.Combine(_folder, "pred.conll");
        var predict = CliRunner.Run("predict", "--model", model, "--input", Fixture("dev.conll"), "--output", pred);
        Assert.True(predict.ExitCode == 0, predict.StdErr);
        var predicted = ConllNerReader.ReadFile(pred, new ConllNerReaderOptions { InvalidTags = InvalidTagHandling.Keep }).Select(s => s.Tags).ToList();

        var ml = new MLContext(5);
        var loaded = TextKitModel.Load(ml, model, out _);
        var dev = ml.TextKit().Data.LoadConllNer(Fixture("dev.conll"));
        var expected = loaded.Transform(dev).GetColumn<string[]>("PredictedTags").ToList();
        Assert.Equal(expected, predicted);

        var evaluate = CliRunner.Run("evaluate", "ner", "--gold", Fixture("dev.conll"), "--pred", pred);
        Assert.True(evaluate.ExitCode == 0, evaluate.StdErr);
        var fb1 = train.StdOut.Split('\n').Single(l => l.StartsWith("accuracy:", StringComparison.Ordinal));
        Assert.Contains(fb1, evaluate.StdOut);
    }

    [Fact]
    public void TrainNer_InsideAfterOutside_ErrorNamesLine_RepairByOption()
    {
        var model = Path.Combine(_folder, "ner.zip");
        var error = CliRunner.Run("train", "ner", "--train", Fixture("bad-iob.conll"), "--output", model);
        Assert.Equal(2, error.ExitCode);
        Assert.Contains("TK225", error.StdErr);
        Assert.Contains("bad-iob.conll:2", error.StdErr);
        var repaired = CliRunner.Run("train", "ner", "--train", Fixture("bad-iob.conll"), "--invalid-tags", "repair", "--output", model);
        Assert.True(repaired.ExitCode == 0, repaired.StdErr);
    }

    [Fact]
    public void Predict_NotATrainedModel_ClearError()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(new[] { new ClassificationRow { Text = "x", Label = "y" } });
        var model = ml.Transforms.Text.FeaturizeText("F", "Text").Fit(data);
        var path = Path.Combine(_folder, "plain.zip");
        ml.Model.Save(model, data.Schema, path);
        var input = Path.Combine(_folder, "in.txt");
        File.WriteAllText(input, "hello\n");
        var result = CliRunner.Run("predict", "--model", path, "--input", input);
        Assert.True(result.ExitCode == 2, result.StdErr);
        Assert.Contains("textkit model apply", result.StdErr);
    }
}
