namespace TextKit.Cli.Tests.Commands;

public class TokenizeCommandsTests
{
    [Fact]
    public void Tokenize_ThenEvaluateAgainstItself_Perfect()
    {
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            var raw = Path.Combine(dir.FullName, "raw.txt");
            File.WriteAllText(raw, "Dr. Smith can't come today. He's ill!\n\nSee http://x.org, etc.");
            var output = Path.Combine(dir.FullName, "out.conllu");
            var result = CliRunner.Run("tokenize", "--input", raw, "--output", output);
            Assert.True(result.ExitCode == 0, result.StdErr);
            var conllu = File.ReadAllText(output);
            Assert.Contains("# newdoc id = raw\n# newpar\n# sent_id = raw-1\n# text = Dr. Smith can't come today.\n", conllu);
            Assert.Contains("3-4\tcan't\t", conllu);
            Assert.Contains("# newpar\n# sent_id = raw-3\n# text = See http://x.org, etc.\n", conllu);
            Assert.Contains("\tetc\t", conllu);
            var eval = CliRunner.Run("evaluate", "tokenization", "--gold", output, "--pred", output);
            Assert.True(eval.ExitCode == 0, eval.StdErr);
            Assert.Contains("Tokens     |    100.00 |    100.00 |    100.00", eval.StdOut);
            Assert.Contains("Sentences  |    100.00", eval.StdOut);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void Evaluate_DifferentTexts_ClearError()
    {
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            var a = Path.Combine(dir.FullName, "a.conllu");
            var b = Path.Combine(dir.FullName, "b.conllu");
            File.WriteAllText(a, "1\tHello\t_\t_\t_\t_\t0\troot\t_\t_\n\n");
            File.WriteAllText(b, "1\tHallo\t_\t_\t_\t_\t0\troot\t_\t_\n\n");
            var result = CliRunner.Run("evaluate", "tokenization", "--gold", a, "--pred", b);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("TK220", result.StdErr);
            var missing = CliRunner.Run("evaluate", "tokenization", "--gold", a, "--pred", Path.Combine(dir.FullName, "none.conllu"));
            Assert.Equal(2, missing.ExitCode);
            Assert.Contains("TK010", missing.StdErr);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void Clean_StdinToStdout_Presets()
    {
        var result = CliRunner.RunWithInput("<p>Hello&nbsp;<b>world</b></p><script>x()</script>", "clean", "--preset", "web");
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Equal("Hello world\n", result.StdOut);
        var social = CliRunner.RunWithInput("@bob sooooo cool http://t.co/x", "clean", "--preset", "social", "--lower");
        Assert.Equal("@user sooo cool <url>\n", social.StdOut);
        var bad = CliRunner.RunWithInput("x", "clean", "--preset", "nope");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("TK420", bad.StdErr);
    }

    [Fact]
    public void Tokenize_InvalidUtf8_NamesFile()
    {
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            var raw = Path.Combine(dir.FullName, "bad.txt");
            File.WriteAllBytes(raw, [0x61, 0xFF, 0x62]);
            var result = CliRunner.Run("tokenize", "--input", raw);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("TK030", result.StdErr);
            Assert.Contains("bad.txt", result.StdErr);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void SegmenterTrain_PlainText_WritesModelUsableByTokenize()
    {
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            var text = Path.Combine(dir.FullName, "corpus.txt");
            File.WriteAllText(text, string.Join("\n\n", Enumerable.Range(0, 30).Select(i => $"I met Prz. Nowak on day {i} and it was long. Then Prz. Kowalski came too and left.")));
            var model = Path.Combine(dir.FullName, "model.txt");
            var train = CliRunner.Run("segmenter", "train", "--text", text, "--output", model);
            Assert.True(train.ExitCode == 0, train.StdErr);
            Assert.Contains("prz", File.ReadAllLines(model));
            var result = CliRunner.RunWithInput("I saw Prz. Nowak. He waved.", "tokenize", "--segmenter", model);
            Assert.True(result.ExitCode == 0, result.StdErr);
            Assert.Contains("# text = I saw Prz. Nowak.\n", result.StdOut);
            var both = CliRunner.Run("segmenter", "train", "--output", model);
            Assert.Equal(2, both.ExitCode);
            Assert.Contains("TK031", both.StdErr);
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
