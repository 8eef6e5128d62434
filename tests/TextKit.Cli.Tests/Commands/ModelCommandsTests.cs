using Microsoft.ML;
using TextKit.ML;
using TextKit.ML.DataView;
using TextKit.ML.Persistence;

namespace TextKit.Cli.Tests.Commands;

public class ModelCommandsTests
{
    public sealed class Review
    {
        public string Text { get; set; } = "";

        public string Label { get; set; } = "";
    }

    private static readonly Review[] s_reviews =
    [
        new() { Text = "a great film with a great cast", Label = "pos" },
        new() { Text = "great acting and a moving story", Label = "pos" },
        new() { Text = "the story was dull and the cast was bored", Label = "neg" },
        new() { Text = "dull , slow and far too long", Label = "neg" },
        new() { Text = "a moving , great story", Label = "pos" },
        new() { Text = "bored by the dull plot", Label = "neg" },
    ];

    [Fact]
    public void ModelApply_NewProcess_IdenticalOutputs()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(s_reviews);
        var pipeline = ml.Transforms.Text.TokenizeIntoWords("Tokens", "Text")
            .Append(ml.TextKit().Transforms.ReplaceRareTokens("Known", "Tokens"))
            .Append(ml.Transforms.Conversion.MapValueToKey("KnownKeys", "Known"))
            .Append(ml.Transforms.Text.ProduceNgrams("KnownNgrams", "KnownKeys"))
            .Append(ml.Transforms.Text.FeaturizeText("TextFeatures", "Text"))
            .Append(ml.Transforms.Concatenate("Features", "TextFeatures", "KnownNgrams"))
            .Append(ml.Transforms.Conversion.MapValueToKey("Label"))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(maximumNumberOfIterations: 20));
        var model = pipeline.Fit(data);

        var dir = Directory.CreateTempSubdirectory("textkit-cli-").FullName;
        try
        {
            var modelPath = Path.Combine(dir, "model.zip");
            TextKitModel.Save(ml, model, data.Schema, modelPath);
            var inputPath = Path.Combine(dir, "input.tsv");
            File.WriteAllText(inputPath, "Text\tLabel\n" + string.Join("", s_reviews.Select(r => $"{r.Text}\t{r.Label}\n")) + "an unseen dull film\tneg\n");

            // Expected: the same input through the in-process model.
            var input = DataViewTsv.Load(ml, inputPath, data.Schema);
            using var expected = new StringWriter();
            DataViewTsv.Write(model.Transform(input), expected, ["Known", "Score", "PredictedLabel"]);

            var outputPath = Path.Combine(dir, "out.tsv");
            var result = CliRunner.Run("model", "apply", "--model", modelPath, "--input", inputPath, "--output", outputPath, "--columns", "Known,Score,PredictedLabel");
            Assert.True(result.ExitCode == 0, result.StdErr);
            Assert.Equal(expected.ToString(), File.ReadAllText(outputPath));
            Assert.Contains("<unk>", expected.ToString());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ModelApply_MissingModel_ExitsWithClearError()
    {
        var result = CliRunner.Run("model", "apply", "--model", "/nonexistent/m.zip", "--input", "/nonexistent/i.tsv");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("/nonexistent/m.zip", result.StdErr);
        Assert.Contains("does not exist", result.StdErr);
    }

    [Fact]
    public void ModelApply_CorruptedModel_ExitsWithClearError()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "garbage");
            var input = Path.GetTempFileName();
            File.WriteAllText(input, "Text\n");
            var result = CliRunner.Run("model", "apply", "--model", path, "--input", input);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("TK110", result.StdErr);
            File.Delete(input);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Info_ReportsTorchRuntime()
    {
        var result = CliRunner.Run("info");
        Assert.True(result.ExitCode == 0, result.StdErr + result.StdOut);
        Assert.Contains("TorchSharp:", result.StdOut);
    }
}
