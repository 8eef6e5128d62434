using System.Text;
using TextKit.Stemming;

namespace TextKit.Cli.Tests.Commands;

public class NormalizationCommandsTests
{
    [Fact]
    public void Stem_StdinToStdout_OneStemPerLine()
    {
        var result = CliRunner.RunWithInput("running\nponies\n\nGeneralizations\r\ncaresses", "stem", "--algorithm", "porter2");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("run\nponi\n\nGener\ncaress\n", result.StdOut);
        var porter = CliRunner.RunWithInput("Generalizations\n", "stem", "-a", "porter", "--lowercase");
        Assert.Equal(Stemmer.Porter.Stem("generalizations") + "\n", porter.StdOut);
        var revised = CliRunner.RunWithInput("added\norganic\nvying\n", "stem", "--algorithm", "porter2-revised");
        Assert.Equal(0, revised.ExitCode);
        Assert.Equal("add\norganic\nvie\n", revised.StdOut);
    }

    [Fact]
    public void Stem_Files_AndInvalidUtf8NamesTheLine()
    {
        var dir = Directory.CreateTempSubdirectory("textkit-stem-").FullName;
        try
        {
            var input = Path.Combine(dir, "words.txt");
            var output = Path.Combine(dir, "stems.txt");
            File.WriteAllText(input, "cats\nrelational\n", new UTF8Encoding(false));
            var ok = CliRunner.Run("stem", "--input", input, "--output", output);
            Assert.Equal(0, ok.ExitCode);
            Assert.Equal("cat\nrelat\n", File.ReadAllText(output));

            File.WriteAllBytes(input, [.. "good\nfine\n"u8, 0xC3, 0x28, (byte)'\n']);
            var bad = CliRunner.Run("stem", "--input", input);
            Assert.Equal(2, bad.ExitCode);
            Assert.Contains("TK502", bad.StdErr);
            Assert.Contains("words.txt:3", bad.StdErr);

            var unknown = CliRunner.RunWithInput("x\n", "stem", "--algorithm", "lancaster");
            Assert.Equal(2, unknown.ExitCode);
            Assert.Contains("TK501", unknown.StdErr);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private const string Conllu =
        "# sent_id = 1\n" +
        "# text = The geese weren't flying.\n" +
        "1\tThe\t_\tDET\tDT\tDefinite=Def|PronType=Art\t3\tdet\t_\t_\n" +
        "2\tgeese\t_\tNOUN\tNNS\tNumber=Plur\t5\tnsubj\t_\t_\n" +
        "3-4\tweren't\t_\t_\t_\t_\t_\t_\t_\t_\n" +
        "3\twere\t_\tAUX\tVBD\t_\t5\taux\t_\t_\n" +
        "4\tn't\t_\tPART\tRB\t_\t5\tadvmod\t_\t_\n" +
        "5\tflying\t_\tVERB\tVBG\t_\t0\troot\t_\tSpaceAfter=No\n" +
        "6\t.\t_\tPUNCT\t.\t_\t5\tpunct\t_\t_\n" +
        "\n";

    [Fact]
    public void Lemmatize_GoldPos_FillsLemmaKeepsEverythingElse()
    {
        var result = CliRunner.RunWithInput(Conllu, "lemmatize", "--pos", "gold");
        Assert.Equal(0, result.ExitCode);
        var expected = Conllu
            .Replace("1\tThe\t_", "1\tThe\tthe").Replace("2\tgeese\t_", "2\tgeese\tgoose").Replace("3\twere\t_", "3\twere\tbe")
            .Replace("4\tn't\t_", "4\tn't\tnot").Replace("5\tflying\t_", "5\tflying\tfly").Replace("6\t.\t_", "6\t.\t.");
        Assert.Equal(expected, result.StdOut);
    }

    [Fact]
    public void Lemmatize_GuessedPos_AndFiles()
    {
        var dir = Directory.CreateTempSubdirectory("textkit-lem-").FullName;
        try
        {
            var input = Path.Combine(dir, "in.conllu");
            var output = Path.Combine(dir, "out.conllu");
            File.WriteAllText(input, Conllu.Replace("\tNOUN\tNNS\t", "\t_\t_\t"));
            var result = CliRunner.Run("lemmatize", "--input", input, "--output", output);
            Assert.Equal(0, result.ExitCode);
            Assert.Contains("2\tgeese\tgoose\t_\t_\t", File.ReadAllText(output));

            File.WriteAllText(input, "1\tbroken line\n\n");
            var bad = CliRunner.Run("lemmatize", "--input", input);
            Assert.Equal(2, bad.ExitCode);
            Assert.Contains("in.conllu:1", bad.StdErr);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void LemmatizeTrain_TinyCorpus_ModelUsableByLemmatize()
    {
        var dir = Directory.CreateTempSubdirectory("textkit-lemtrain-").FullName;
        try
        {
            var train = Path.Combine(dir, "train.conllu");
            File.WriteAllText(train,
                "1\tcats\tcat\tNOUN\tNNS\tNumber=Plur\t0\troot\t_\t_\n\n" +
                "1\tdogs\tdog\tNOUN\tNNS\tNumber=Plur\t0\troot\t_\t_\n\n" +
                "1\tbirds\tbird\tNOUN\tNNS\tNumber=Plur\t0\troot\t_\t_\n\n");
            var model = Path.Combine(dir, "tiny.tkm");
            var trained = CliRunner.Run("lemmatize", "train", "--train", train, "--no-wordnet", "--output", model, "--dev", train);
            Assert.Equal(0, trained.ExitCode);
            Assert.Contains("100.00%", trained.StdOut);
            Assert.True(File.Exists(model));
            var used = CliRunner.RunWithInput("1\tfrogs\t_\tNOUN\tNNS\t_\t0\troot\t_\t_\n\n", "lemmatize", "--pos", "gold", "--model", model);
            Assert.Equal(0, used.ExitCode);
            Assert.Equal("1\tfrogs\tfrog\tNOUN\tNNS\t_\t0\troot\t_\t_\n\n", used.StdOut);

            File.WriteAllText(model, "not a model");
            var broken = CliRunner.RunWithInput("1\tx\t_\tX\tX\t_\t0\troot\t_\t_\n\n", "lemmatize", "--model", model);
            Assert.Equal(2, broken.ExitCode);
            Assert.Contains("TK531", broken.StdErr);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
