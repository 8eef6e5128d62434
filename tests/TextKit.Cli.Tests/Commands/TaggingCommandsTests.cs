using System.Text;

namespace TextKit.Cli.Tests.Commands;

public class TaggingCommandsTests
{
    private const string Input =
        "# sent_id = 1\n" +
        "# text = The geese weren't flying.\n" +
        "1\tThe\tthe\t_\t_\t_\t3\tdet\t_\t_\n" +
        "2\tgeese\tgoose\t_\t_\t_\t5\tnsubj\t_\t_\n" +
        "3-4\tweren't\t_\t_\t_\t_\t_\t_\t_\t_\n" +
        "3\twere\tbe\t_\t_\t_\t5\taux\t_\t_\n" +
        "4\tn't\tnot\t_\t_\t_\t5\tadvmod\t_\t_\n" +
        "5\tflying\tfly\t_\t_\t_\t0\troot\t_\tSpaceAfter=No\n" +
        "6\t.\t.\t_\t_\t_\t5\tpunct\t_\t_\n" +
        "\n";

    [Fact]
    public void Tag_DefaultModel_FillsTagsKeepsOtherColumns()
    {
        var result = CliRunner.RunWithInput(Input, "tag", "--model", "default");
        Assert.Equal(0, result.ExitCode);
        var lines = result.StdOut.Split('\n');
        Assert.Equal("# text = The geese weren't flying.", lines[1]);
        Assert.Equal("1\tThe\tthe\tDET\tDT\tDefinite=Def|PronType=Art\t3\tdet\t_\t_", lines[2]);
        Assert.StartsWith("2\tgeese\tgoose\tNOUN\tNNS\tNumber=Plur\t5\tnsubj", lines[3]);
        Assert.Equal("3-4\tweren't\t_\t_\t_\t_\t_\t_\t_\t_", lines[4]);
        Assert.StartsWith("4\tn't\tnot\tPART\tRB\t", lines[6]);
        Assert.StartsWith("5\tflying\tfly\tVERB\tVBG\t", lines[7]);
        Assert.EndsWith("\troot\t_\tSpaceAfter=No", lines[7]);
    }

    [Fact]
    public void TrainTagger_PerceptronAndHmm_ThenTagWithTheirFiles()
    {
        var dir = Directory.CreateTempSubdirectory("textkit-tag-").FullName;
        try
        {
            var train = Path.Combine(dir, "train.conllu");
            var gold = new StringBuilder();
            string[][] rows =
            [
                ["The", "DET", "DT"], ["dog", "NOUN", "NN"], ["barks", "VERB", "VBZ"], [".", "PUNCT", "."],
            ];
            for (int s = 0; s < 30; s++)
            {
                gold.Append($"# sent_id = {s + 1}\n");
                for (int i = 0; i < rows.Length; i++)
                    gold.Append($"{i + 1}\t{rows[i][0]}\t_\t{rows[i][1]}\t{rows[i][2]}\t_\t_\t_\t_\t_\n");
                gold.Append('\n');
            }
            File.WriteAllText(train, gold.ToString(), new UTF8Encoding(false));
            var input = Path.Combine(dir, "in.conllu");
            File.WriteAllText(input, "1\tThe\t_\t_\t_\t_\t_\t_\t_\t_\n2\tdog\t_\t_\t_\t_\t_\t_\t_\t_\n3\tbarks\t_\t_\t_\t_\t_\t_\t_\t_\n\n", new UTF8Encoding(false));

            var model = Path.Combine(dir, "m.tkpos");
            var trained = CliRunner.Run("train", "tagger", "--kind", "perceptron", "--train", train, "--dev", train, "--iterations", "2", "--no-morphology", "--beam", "2", "--output", model);
            Assert.Equal(0, trained.ExitCode);
            Assert.Contains("iteration 2/2", trained.StdErr);
            Assert.Contains("dev UPOS 100.00", trained.StdErr);
            Assert.Equal(2, TextKit.Tagging.PerceptronTagger.Load(model).BeamWidth);
            var output = Path.Combine(dir, "out.conllu");
            Assert.Equal(0, CliRunner.Run("tag", "--model", model, "--input", input, "--output", output).ExitCode);
            Assert.StartsWith("1\tThe\t_\tDET\tDT\t", File.ReadAllText(output));
            // --beam overrides the model's width when tagging; out-of-range widths are refused before any work.
            var greedy = CliRunner.Run("tag", "--model", model, "--input", input, "--beam", "1");
            Assert.Equal(0, greedy.ExitCode);
            Assert.Equal(File.ReadAllText(output), greedy.StdOut);
            var cold = CliRunner.Run("tag", "--model", model, "--input", input, "--beam-temperature", "-1");
            Assert.Equal(2, cold.ExitCode);
            Assert.Contains("--beam-temperature", cold.StdErr);
            Assert.Equal(0, CliRunner.Run("tag", "--model", model, "--input", input, "--beam", "3", "--beam-temperature", "20").ExitCode);
            var zero = CliRunner.Run("tag", "--model", model, "--input", input, "--beam", "0");
            Assert.Equal(2, zero.ExitCode);
            Assert.Contains("TK011", zero.StdErr);
            Assert.Contains("--beam", zero.StdErr);
            var badTrain = CliRunner.Run("train", "tagger", "--train", train, "--beam", "17", "--output", model);
            Assert.Equal(2, badTrain.ExitCode);
            Assert.Contains("--beam must be in 1..16", badTrain.StdErr);
            var badTemperature = CliRunner.Run("train", "tagger", "--train", train, "--beam-temperature", "0", "--output", model);
            Assert.Equal(2, badTemperature.ExitCode);
            Assert.Contains("--beam-temperature", badTemperature.StdErr);

            var hmm = Path.Combine(dir, "m.tkhmm");
            var hmmResult = CliRunner.Run("train", "tagger", "--kind", "hmm", "--train", train, "--output", hmm);
            Assert.Equal(0, hmmResult.ExitCode);
            var tagged = CliRunner.Run("tag", "--model", hmm, "--input", input);
            Assert.Equal(0, tagged.ExitCode);
            Assert.Contains("3\tbarks\t_\tVERB\tVBZ\t", tagged.StdOut);
            var hmmBeam = CliRunner.Run("tag", "--model", hmm, "--input", input, "--beam", "2");
            Assert.Equal(2, hmmBeam.ExitCode);
            Assert.Contains("perceptron models", hmmBeam.StdErr);
            Assert.Equal(2, CliRunner.Run("tag", "--model", hmm, "--input", input, "--beam-temperature", "20").ExitCode);

            File.WriteAllText(train, "1\tx\t_\tNOTATAG\tNN\t_\t_\t_\t_\t_\n\n", new UTF8Encoding(false));
            var bad = CliRunner.Run("train", "tagger", "--train", train, "--output", model);
            Assert.Equal(2, bad.ExitCode);
            Assert.Contains("TK624", bad.StdErr);
            Assert.Contains("train.conllu:1", bad.StdErr);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Tag_MissingOrInvalidModel_ClearError()
    {
        var missing = CliRunner.RunWithInput(Input, "tag", "--model", "/nonexistent/x.tkpos");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("TK643", missing.StdErr);
        var junk = Path.GetTempFileName();
        try
        {
            File.WriteAllText(junk, "junk junk");
            var bad = CliRunner.RunWithInput(Input, "tag", "--model", junk);
            Assert.Equal(2, bad.ExitCode);
            Assert.Contains("TK640", bad.StdErr);
        }
        finally
        {
            File.Delete(junk);
        }
    }
}
