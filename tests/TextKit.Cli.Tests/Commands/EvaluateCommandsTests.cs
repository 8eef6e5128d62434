using System.Text.Json;

namespace TextKit.Cli.Tests.Commands;

public sealed class EvaluateCommandsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("textkit-cli-eval-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static string Word(int id, string form, string lemma, string upos, string xpos, string feats)
        => $"{id}\t{form}\t{lemma}\t{upos}\t{xpos}\t{feats}\t0\troot\t_\t_\n";

    [Fact]
    public void Tags_Json_OneObjectWithHandComputedScores()
    {
        var gold = Write("g.conllu", "# sent_id = 1\n" + Word(1, "Dogs", "dog", "NOUN", "NNS", "Number=Plur") + Word(2, "bark", "bark", "VERB", "VBP", "Mood=Ind|Tense=Pres") + "\n");
        // UPOS wrong on word 1; FEATS reordered on word 2 (still right).
        var pred = Write("p.conllu", "# sent_id = 1\n" + Word(1, "Dogs", "dog", "PROPN", "NNS", "Number=Plur") + Word(2, "bark", "bark", "VERB", "VBP", "Tense=Pres|Mood=Ind") + "\n");
        var result = CliRunner.Run("evaluate", "tags", "--gold", gold, "--pred", pred, "--json");
        Assert.True(result.ExitCode == 0, result.StdErr);
        using var json = JsonDocument.Parse(result.StdOut); // throws unless stdout is exactly one JSON value
        var metrics = json.RootElement.GetProperty("metrics");
        Assert.Equal(0.5, metrics.GetProperty("UPOS").GetProperty("accuracy").GetDouble());
        Assert.Equal(1.0, metrics.GetProperty("UFeats").GetProperty("accuracy").GetDouble());
        Assert.Equal(0.5, metrics.GetProperty("AllTags").GetProperty("accuracy").GetDouble());
        Assert.Equal(2, json.RootElement.GetProperty("words").GetInt32());

        var table = CliRunner.Run("evaluate", "tags", "--gold", gold, "--pred", pred);
        Assert.Equal(0, table.ExitCode);
        Assert.Matches(@"UPOS\s+1\s+2\s+50\.00%", table.StdOut);
        Assert.Matches(@"Lemmas\s+2\s+2\s+100\.00%", table.StdOut);
    }

    [Fact]
    public void Tags_DifferentWords_ExitTwoWithOneLine()
    {
        var gold = Write("g.conllu", Word(1, "Dogs", "dog", "NOUN", "NNS", "_") + "\n");
        var pred = Write("p.conllu", Word(1, "Cats", "cat", "NOUN", "NNS", "_") + "\n");
        var result = CliRunner.Run("evaluate", "tags", "--gold", gold, "--pred", pred);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: [TK241]", result.StdErr);
        Assert.Single(result.StdErr.TrimEnd().Split('\n'));
        Assert.Contains("p.conllu:1", result.StdErr);
    }

    [Fact]
    public void Ner_TableAndJson()
    {
        var gold = Write("g.conll", "John B-PER\nlives O\nin O\nNew B-LOC\nYork I-LOC\n\nIBM B-ORG\n");
        var pred = Write("p.conll", "John B-PER\nlives O\nin O\nNew B-LOC\nYork O\n\nIBM I-ORG\n");
        var result = CliRunner.Run("evaluate", "ner", "--gold", gold, "--pred", pred, "--scheme", "bio", "--json");
        Assert.True(result.ExitCode == 0, result.StdErr);
        using var json = JsonDocument.Parse(result.StdOut);
        var micro = json.RootElement.GetProperty("micro");
        Assert.Equal(2, micro.GetProperty("correct").GetInt32()); // PER and ORG (I- after the sentence start) right, LOC span wrong
        Assert.Equal(3, micro.GetProperty("gold").GetInt32());
        Assert.Equal(2.0 / 3, micro.GetProperty("f1").GetDouble(), 12);
        Assert.Equal(0, json.RootElement.GetProperty("perType").GetProperty("LOC").GetProperty("f1").GetDouble());

        var table = CliRunner.Run("evaluate", "ner", "--gold", gold, "--pred", pred);
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("processed 6 tokens with 3 phrases; found: 3 phrases; correct: 2.", table.StdOut);
        Assert.Matches(@"micro\s+66\.67\s+66\.67\s+66\.67\s+3\s+3\s+2", table.StdOut);
    }

    [Fact]
    public void Ner_UnknownScheme_Rejected()
    {
        var gold = Write("g.conll", "a O\n");
        var result = CliRunner.Run("evaluate", "ner", "--gold", gold, "--pred", gold, "--scheme", "xyz");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("xyz", result.StdErr);
    }

    [Fact]
    public void Classification_LinesAgainstTsv_TableAndJson()
    {
        var gold = Write("gold.tsv", "sentence\tlabel\ngood \t1\nbad \t0\nfine \t1\nawful \t0\n");
        var pred = Write("pred.txt", "1\n1\n1\n0\n");
        var result = CliRunner.Run("evaluate", "classification", "--gold", gold, "--pred", pred, "--json");
        Assert.True(result.ExitCode == 0, result.StdErr);
        using var json = JsonDocument.Parse(result.StdOut);
        Assert.Equal(0.75, json.RootElement.GetProperty("accuracy").GetDouble());
        // class 0: P 1, R .5, F1 2/3; class 1: P 2/3, R 1, F1 .8
        Assert.Equal((2.0 / 3 + 0.8) / 2, json.RootElement.GetProperty("macroF1").GetDouble(), 12);
        Assert.Equal("[[1,1],[0,2]]", json.RootElement.GetProperty("confusionMatrix").GetRawText());

        var table = CliRunner.Run("evaluate", "classification", "--gold", gold, "--pred", pred);
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("accuracy: 75.00%  macro-F1: 73.33", table.StdOut);
    }

    [Fact]
    public void Classification_CountMismatch_ExitTwo()
    {
        var gold = Write("g.txt", "a\nb\n");
        var pred = Write("p.txt", "a\n");
        var result = CliRunner.Run("evaluate", "classification", "--gold", gold, "--pred", pred);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: [TK243]", result.StdErr);
    }
}
