using System.Text.Json.Nodes;
using TextKit.Neural.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace TextKit.Cli.Tests.Commands;

public class NeuralCommandsTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "hf-tiny", name);

    private static string Temp(string file)
    {
        var dir = Path.Combine(Path.GetTempPath(), "textkit-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, file);
    }

    private static double MaxDiff(Tensor a, Tensor b)
    {
        Assert.Equal(a.shape, b.shape);
        using var d = (a - b).abs().max();
        return d.item<float>();
    }

    [Theory]
    [InlineData("bert-seqcls", "last_hidden_state")]
    [InlineData("t5-tiny", "encoder_last_hidden_state")]
    public void Forward_Fixture_WritesLogitsAndHiddenStateMatchingTransformers(string fixture, string hiddenState)
    {
        var output = Temp("out.safetensors");
        var result = CliRunner.Run("forward", "--model", Fixture(fixture), "--inputs", Path.Combine(Fixture(fixture), "inputs.json"), "--output", output);
        Assert.True(result.ExitCode == 0, result.StdErr);
        var written = SafeTensors.Load(output);
        var reference = SafeTensors.Load(Path.Combine(Fixture(fixture), "reference.safetensors"));
        Assert.True(MaxDiff(written["logits"], reference["logits"]) <= 1e-4);
        Assert.True(MaxDiff(written[hiddenState], reference[hiddenState]) <= 1e-4);
    }

    [Fact]
    public void Forward_MalformedInputs_TK342WithFileName()
    {
        var inputs = Temp("inputs.json");
        File.WriteAllText(inputs, "{\"input_ids\": [[1, 2, 3], [4, 5]]}");
        var result = CliRunner.Run("forward", "--model", Fixture("bert-seqcls"), "--inputs", inputs, "--output", Temp("o.safetensors"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("TK342", result.StdErr);
        Assert.Contains("inputs.json", result.StdErr);
        Assert.Contains("row 1", result.StdErr);
    }

    [Fact]
    public void Forward_TooLong_TK341()
    {
        var inputs = Temp("inputs.json");
        File.WriteAllText(inputs, new JsonObject { ["input_ids"] = new JsonArray(new JsonArray(Enumerable.Repeat(5, 200).Select(v => (JsonNode)v).ToArray())) }.ToJsonString());
        var result = CliRunner.Run("forward", "--model", Fixture("bert-seqcls"), "--inputs", inputs, "--output", Temp("o.safetensors"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("TK341", result.StdErr);
    }

    [Fact]
    public void Generate_PromptIds_GreedyMatchesTransformers()
    {
        var inputs = JsonNode.Parse(File.ReadAllText(Path.Combine(Fixture("gpt2-lm"), "inputs.json")))!;
        var first = inputs["generations"]![0]!;
        var prompt = string.Join(',', first["prompt_ids"]!.AsArray().Select(v => v!.GetValue<long>()));
        var expected = string.Join(',', first["greedy_ids"]!.AsArray().Select(v => v!.GetValue<long>()));
        var result = CliRunner.Run("generate", "--model", Fixture("gpt2-lm"), "--prompt-ids", prompt, "--max-new-tokens", "20");
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Equal(expected, result.StdOut.Trim());
    }

    [Fact]
    public void Generate_SeededSampling_Reproducible()
    {
        string[] args = ["generate", "--model", Fixture("gpt2-lm"), "--prompt-ids", "337,507", "--temperature", "0.9", "--top-k", "50", "--top-p", "0.95", "--seed", "4", "--max-new-tokens", "8"];
        var a = CliRunner.Run(args);
        var b = CliRunner.Run(args);
        Assert.True(a.ExitCode == 0, a.StdErr);
        Assert.Equal(a.StdOut, b.StdOut);
        Assert.Equal(10, a.StdOut.Trim().Split(',').Length);
    }

    [Fact]
    public void Generate_BadArguments_ClearErrors()
    {
        var both = CliRunner.Run("generate", "--model", Fixture("gpt2-lm"));
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("--prompt", both.StdErr);
        var encoderOnly = CliRunner.Run("generate", "--model", Fixture("bert-seqcls"), "--prompt-ids", "2,3");
        Assert.Equal(2, encoderOnly.ExitCode);
        Assert.Contains("TK312", encoderOnly.StdErr);
        var badTemperature = CliRunner.Run("generate", "--model", Fixture("gpt2-lm"), "--prompt-ids", "2,3", "--temperature", "0");
        Assert.Equal(2, badTemperature.ExitCode);
        Assert.Contains("Temperature", badTemperature.StdErr);
    }

    [Fact]
    public void Embed_MissingInputFile_TK010()
    {
        var result = CliRunner.Run("embed", "--model", Fixture("bert-seqcls"), "--input", "/nonexistent/texts.txt", "--output", Temp("v.tsv"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("TK010", result.StdErr);
    }

    [Fact]
    public void Embed_MaskedLmCheckpointWithoutPooler_Works()
    {
        // bert-mlm (like TextKit's own shipped BERT) has no pooler weights; embedding never reads the pooler.
        var input = Temp("texts.txt");
        File.WriteAllLines(input, ["the jury said it did find", "new york city"]);
        var output = Temp("mlm.tsv");
        var result = CliRunner.Run("embed", "--model", Fixture("bert-mlm"), "--input", input, "--output", output);
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Equal(2, File.ReadAllLines(output).Length);
    }

    [Fact]
    public void Embed_FixtureTexts_OneVectorPerLineMatchingReference()
    {
        var texts = JsonNode.Parse(File.ReadAllText(Path.Combine(Fixture("bert-seqcls"), "inputs.json")))!["texts"]!.AsArray().Select(t => t!.GetValue<string>()).ToArray();
        var input = Temp("texts.txt");
        File.WriteAllLines(input, texts);
        var output = Temp("vectors.tsv");
        var result = CliRunner.Run("embed", "--model", Fixture("bert-seqcls"), "--input", input, "--output", output, "--pooling", "mean", "--batch-size", "3");
        Assert.True(result.ExitCode == 0, result.StdErr);
        var rows = File.ReadAllLines(output).Select(l => l.Split('\t').Select(v => float.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToArray();
        Assert.Equal(texts.Length, rows.Length);
        var reference = SafeTensors.Load(Path.Combine(Fixture("bert-seqcls"), "reference.safetensors"))["mean_pooled"];
        using var actual = torch.tensor(rows.SelectMany(r => r).ToArray(), [rows.Length, 64]);
        Assert.True(MaxDiff(actual, reference) <= 1e-4);
    }
}
