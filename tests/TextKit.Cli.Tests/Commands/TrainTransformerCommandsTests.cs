using System.Text.Json.Nodes;

namespace TextKit.Cli.Tests.Commands;

public class TrainTransformerCommandsTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "hf-tiny", name);

    private static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "textkit-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string SentimentTsv(string dir)
    {
        string[] subjects = ["the house", "the book", "the street", "the table", "this town", "the man", "our school", "the car"];
        (string Word, string Label)[] adjectives = [("good", "pos"), ("bad", "neg"), ("great", "pos"), ("old", "neu")];
        var lines = new List<string> { "sentence\tlabel" };
        lines.AddRange(subjects.SelectMany(s => adjectives.Select(a => $"{s} was very {a.Word} today .\t{a.Label}")));
        var path = Path.Combine(dir, "train.tsv");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void TrainClassifier_TinyCheckpoint_SavesModelAndPrintsDevFigures()
    {
        var dir = TempDir();
        var tsv = SentimentTsv(dir);
        var output = Path.Combine(dir, "model.zip");
        var log = Path.Combine(dir, "log.csv");
        var result = CliRunner.Run("train", "classifier", "--train", tsv, "--dev", tsv, "--text-column", "sentence", "--label-column", "label",
            "--model", Fixture("bert-seqcls"), "--output", output, "--epochs", "20", "--batch-size", "8", "--lr", "1e-3", "--seed", "7", "--log", log, "--plot", Path.Combine(dir, "curves.png"), "--json", "--threads", "1");
        Assert.True(result.ExitCode == 0, result.StdErr);
        var json = JsonNode.Parse(result.StdOut)!;
        Assert.Equal(32, json["devExamples"]!.GetValue<long>());
        Assert.Equal(1.0, json["accuracy"]!.GetValue<double>());
        Assert.True(File.Exists(output));
        Assert.Equal(20 * 4 + 20 + 1, File.ReadAllLines(log).Length); // 4 steps and 1 validation per epoch, plus the header
        var png = File.ReadAllBytes(Path.Combine(dir, "curves.png"));
        Assert.True(png.Length > 1000);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
    }

    [Fact]
    public void TrainNer_TinyCheckpoint_PrintsConllevalSummary()
    {
        var dir = TempDir();
        var conll = Path.Combine(dir, "train.conll");
        File.WriteAllText(conll, "john\tB-PER\nmet\tO\nmary\tB-PER\nin\tO\nwashington\tB-LOC\n\nthe\tO\nman\tO\nwent\tO\nto\tO\nnew\tB-LOC\nyork\tI-LOC\n\n");
        var result = CliRunner.Run("train", "ner", "--train", conll, "--dev", conll, "--model", Fixture("bert-tokcls"), "--output", Path.Combine(dir, "ner.zip"),
            "--epochs", "2", "--batch-size", "2", "--lr", "1e-3", "--threads", "1");
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Contains("processed 11 tokens with 4 phrases", result.StdOut);
        Assert.Contains("FB1:", result.StdOut);
        Assert.Contains("epoch 2/2: dev accuracy", result.StdErr);
    }

    [Fact]
    public void TrainClassifier_BadInput_ClearErrors()
    {
        var dir = TempDir();
        var tsv = SentimentTsv(dir);
        var missingModel = CliRunner.Run("train", "classifier", "--train", tsv, "--text-column", "sentence", "--model", Path.Combine(dir, "nope"), "--output", Path.Combine(dir, "m.zip"));
        Assert.Equal(2, missingModel.ExitCode);
        Assert.Contains("TK010", missingModel.StdErr);
        var wrongColumn = CliRunner.Run("train", "classifier", "--train", tsv, "--text-column", "text", "--model", Fixture("bert-seqcls"), "--output", Path.Combine(dir, "m.zip"));
        Assert.Equal(2, wrongColumn.ExitCode);
        Assert.Contains("text", wrongColumn.StdErr);
        var badEpochs = CliRunner.Run("train", "classifier", "--train", tsv, "--text-column", "sentence", "--model", Fixture("bert-seqcls"), "--output", Path.Combine(dir, "m.zip"), "--epochs", "0");
        Assert.Equal(2, badEpochs.ExitCode);
        Assert.Contains("Epochs", badEpochs.StdErr);
    }
}
