using System.Text.Json;

namespace TextKit.Cli.Tests.Commands;

public class LmCommandsTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("textkit-lm-cli-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    private const string TrainText = "the cat sat on the mat\nthe dog sat on the log\n\nthe cat saw the dog\nThe Cat sat\n";

    [Theory]
    [InlineData("model.tklm", "mkn")]
    [InlineData("model.arpa", "witten-bell")]
    public void TrainPerplexityGenerate_EndToEnd(string modelName, string smoothing)
    {
        var train = Write("train.txt", TrainText);
        var test = Write("test.txt", "the cat sat on the log\nthe zebra sat\n");
        var model = Path.Combine(_dir.FullName, modelName);
        var trained = CliRunner.Run("lm", "train", "--order", "3", "--smoothing", smoothing, "--input", train, "--output", model, "--lowercase");
        Assert.True(trained.ExitCode == 0, trained.StdErr);
        Assert.Contains("4 sentences", trained.StdErr);
        Assert.True(File.Exists(model));

        var ppl = CliRunner.Run("lm", "perplexity", "--model", model, "--input", test, "--json");
        Assert.True(ppl.ExitCode == 0, ppl.StdErr);
        using var json = JsonDocument.Parse(ppl.StdOut);
        Assert.Equal(11, json.RootElement.GetProperty("predictions").GetInt64());
        Assert.Equal(1, json.RootElement.GetProperty("oov").GetInt64());
        double perplexity = json.RootElement.GetProperty("perplexity").GetDouble();
        Assert.InRange(perplexity, 1.0, 100.0);

        var tokens = CliRunner.Run("lm", "perplexity", "--model", model, "--input", test, "--per-token");
        Assert.Contains("2\tzebra\t", tokens.StdOut);
        Assert.Contains("\tOOV", tokens.StdOut);

        var a = CliRunner.Run("lm", "generate", "--model", model, "--seed", "4", "--max-tokens", "8", "--count", "3");
        var b = CliRunner.Run("lm", "generate", "--model", model, "--seed", "4", "--max-tokens", "8", "--count", "3");
        Assert.True(a.ExitCode == 0, a.StdErr);
        Assert.Equal(a.StdOut, b.StdOut);
        Assert.Equal(3, a.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Train_BadInputs_FailWithClearMessages()
    {
        var model = Path.Combine(_dir.FullName, "m.tklm");
        var missing = CliRunner.Run("lm", "train", "--input", Path.Combine(_dir.FullName, "none.txt"), "--output", model);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("does not exist", missing.StdErr);

        var reserved = Write("reserved.txt", "a b\na </s> b\n");
        var r = CliRunner.Run("lm", "train", "--input", reserved, "--output", model);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("reserved.txt:2:", r.StdErr);

        var bad = Path.Combine(_dir.FullName, "bad.txt");
        File.WriteAllBytes(bad, [(byte)'a', (byte)'\n', 0xC3, 0x28, (byte)'\n']);
        var u = CliRunner.Run("lm", "train", "--input", bad, "--output", model);
        Assert.Equal(2, u.ExitCode);
        Assert.Contains("bad.txt:2:", u.StdErr);
        Assert.Contains("UTF-8", u.StdErr);

        var smoothing = CliRunner.Run("lm", "train", "--input", reserved, "--output", model, "--smoothing", "magic");
        Assert.Equal(2, smoothing.ExitCode);
        Assert.Contains("unknown method 'magic'", smoothing.StdErr);

        var order = CliRunner.Run("lm", "train", "--input", Write("ok.txt", "a b\n"), "--output", model, "--order", "7");
        Assert.Equal(2, order.ExitCode);
        Assert.Contains("Order", order.StdErr);
    }

    [Fact]
    public void Perplexity_BrokenArpa_NamesFileAndLine()
    {
        var arpa = Write("broken.arpa", "\\data\\\nngram 1=3\n\n\\1-grams:\n-1\t<unk>\n-x\t<s>\n-1\t</s>\n\n\\end\\\n");
        var test = Write("t.txt", "a\n");
        var result = CliRunner.Run("lm", "perplexity", "--model", arpa, "--input", test);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("broken.arpa:6:", result.StdErr);
        Assert.Contains("not a number", result.StdErr);
    }
}
