using System.Text.Json;
using TextKit.Cli.Tests;
using TextKit.Corpora;
using TextKit.Hmm;
using TextKit.Tagging;
using Xunit.Abstractions;

namespace TextKit.Evaluation.Tests;

/// <summary>
/// POS tagging on UD EWT dev with gold tokenization, scored like `textkit evaluate tags` (CoNLL 2018 UPOS, XPOS,
/// UFeats). The shipped perceptron is held to the issue's targets (UPOS 95.8 / XPOS 95.3 / UFeats 95.8); its greedy
/// decoding and the HMM (target UPOS 93.0) to floors just under the figures measured when the models were built
/// (docs/tagging.md).
/// </summary>
public class TaggingEvaluationTests(ITestOutputHelper output)
{
    [Fact]
    public void ShippedPerceptron_EwtDev_MeetsTheTargets_ThroughTheCli()
    {
        // The shipped model tags with its beam of 3. Measured 95.82 / 95.32 / 96.29 (docs/tagging.md, "Beam search").
        var (upos, xpos, ufeats) = ScoreThroughCli();
        Assert.True(upos >= 95.8, $"UPOS {upos:F2} < 95.8 (issue target)");
        Assert.True(xpos >= 95.3, $"XPOS {xpos:F2} < 95.3 (issue target)");
        Assert.True(ufeats >= 95.8, $"UFeats {ufeats:F2} < 95.8 (issue target)");
    }

    [Fact]
    public void ShippedPerceptron_Greedy_EwtDev_MeasuredAccuracy()
    {
        // `--beam 1`, the fastest decoding: measured 95.74 / 95.25 / 96.23; a drop means the model or the features regressed.
        var (upos, xpos, ufeats) = ScoreThroughCli("--beam", "1");
        Assert.True(upos >= 95.7, $"UPOS {upos:F2} < 95.7");
        Assert.True(xpos >= 95.2, $"XPOS {xpos:F2} < 95.2");
        Assert.True(ufeats >= 95.8, $"UFeats {ufeats:F2} < 95.8 (issue target)");
    }

    /// <summary>`textkit tag --model default [args] --input dev`, then `textkit evaluate tags`: UPOS, XPOS, UFeats in %.</summary>
    private (double Upos, double Xpos, double UFeats) ScoreThroughCli(params string[] args)
    {
        var dir = Directory.CreateTempSubdirectory("textkit-tag-eval-").FullName;
        try
        {
            var predicted = Path.Combine(dir, "dev.pred.conllu");
            var tag = CliRunner.Run(["tag", "--model", "default", .. args, "--input", SharedData.EwtDev, "--output", predicted]);
            Assert.True(tag.ExitCode == 0, tag.StdErr);
            var evaluate = CliRunner.Run("evaluate", "tags", "--gold", SharedData.EwtDev, "--pred", predicted, "--json");
            Assert.True(evaluate.ExitCode == 0, evaluate.StdErr);
            using var json = JsonDocument.Parse(evaluate.StdOut);
            double Metric(string name) => 100 * json.RootElement.GetProperty("metrics").GetProperty(name).GetProperty("accuracy").GetDouble();
            double upos = Metric("UPOS"), xpos = Metric("XPOS"), ufeats = Metric("UFeats");
            output.WriteLine($"shipped perceptron {string.Join(' ', args)} on EWT dev: UPOS {upos:F2} (target 95.8)  XPOS {xpos:F2} (target 95.3)  UFeats {ufeats:F2} (target 95.8)  AllTags {Metric("AllTags"):F2}");
            return (upos, xpos, ufeats);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void ShippedPerceptron_RecordsItsTrainingAndDevScores()
    {
        var tagger = PerceptronTagger.LoadDefault();
        Assert.Equal(TagLayers.Upos | TagLayers.Xpos | TagLayers.Feats, tagger.Layers);
        Assert.Equal(1, tagger.Info.Seed);
        Assert.Equal(12, tagger.Info.Iterations);
        Assert.Contains("en_ewt-ud-train.conllu", tagger.Info.TrainingData);
        // The scores stored at build time equal what the library measures now on the same dev file.
        var dev = AnnotatedSentence.ReadConllU(SharedData.EwtDev).ToList();
        var accuracy = TagAccuracy.Evaluate(tagger, dev);
        Assert.Equal(tagger.Info.DevScores["UPOS"], Math.Round(accuracy.Upos, 2));
        Assert.Equal(tagger.Info.DevScores["XPOS"], Math.Round(accuracy.Xpos, 2));
        Assert.Equal(tagger.Info.DevScores["UFeats"], Math.Round(accuracy.UFeats, 2));
    }

    [Fact]
    public void TrigramHmm_EwtDev_UposAtLeast93()
    {
        var train = AnnotatedSentence.ReadConllU(SharedData.EwtTrain).ToList();
        var hmm = TrigramHmmTagger.Train(train);
        var gold = ConllUReader.ReadFile(SharedData.EwtDev).ToList();
        var predicted = ConllUReader.ReadFile(SharedData.EwtDev).ToList();
        foreach (var s in predicted)
            hmm.Tag(s);
        var scores = TextKit.Evaluation.TagScorer.Score(gold, predicted);
        double upos = 100 * scores.Upos.Accuracy, xpos = 100 * scores.Xpos.Accuracy;
        output.WriteLine($"trigram HMM (UPOS+XPOS jointly) on EWT dev: UPOS {upos:F2} (target 93.0)  XPOS {xpos:F2}");
        Assert.True(upos >= 93.0, $"HMM UPOS {upos:F2} < 93.0");
    }
}
