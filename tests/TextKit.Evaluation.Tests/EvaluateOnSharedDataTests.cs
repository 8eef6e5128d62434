using System.Text.Json;
using Microsoft.ML;
using TextKit.Cli.Tests;
using TextKit.Corpora;
using TextKit.Evaluation;
using TextKit.ML;
using TextKit.ML.Data;

namespace TextKit.Evaluation.Tests;

/// <summary>Issue 2's done-when criterion for `textkit evaluate tags`, and the readers/scorers on the real corpora.</summary>
public class EvaluateOnSharedDataTests
{
    private static readonly string[] UposTags =
        ["ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X"];

    private static JsonElement RunTagsJson(string gold, string pred)
    {
        var result = CliRunner.Run("evaluate", "tags", "--gold", gold, "--pred", pred, "--json");
        Assert.True(result.ExitCode == 0, result.StdErr);
        return JsonDocument.Parse(result.StdOut).RootElement.GetProperty("metrics").Clone();
    }

    [Fact]
    public void EvaluateTags_EwtDevAgainstItself_AllColumnsOne()
    {
        var metrics = RunTagsJson(SharedData.EwtDev, SharedData.EwtDev);
        foreach (var name in new[] { "UPOS", "XPOS", "UFeats", "AllTags", "Lemmas" })
        {
            Assert.Equal(1.0, metrics.GetProperty(name).GetProperty("accuracy").GetDouble());
            Assert.Equal(25147, metrics.GetProperty(name).GetProperty("total").GetInt32());
        }
    }

    [Fact]
    public void EvaluateTags_TenPercentUposChanged_UposPointNineOthersUnchanged()
    {
        var sentences = ConllUReader.ReadFile(SharedData.EwtDev).ToList();
        var words = sentences.SelectMany(s => s.Words).ToList();
        // 10% of 25,147 words is 2,514.7: change round(N/10) = 2,515 distinct words, chosen with a fixed seed, each to a
        // different UPOS. UPOS accuracy is then 22,632 / 25,147 = 0.89999 (0.9000 at four decimals).
        int changed = (int)Math.Round(words.Count / 10.0);
        var random = new Random(20250502);
        var picked = Enumerable.Range(0, words.Count).OrderBy(_ => random.Next()).Take(changed).ToList();
        foreach (var i in picked)
        {
            int tag = Array.IndexOf(UposTags, words[i].Upos);
            words[i].Upos = UposTags[(tag + 1 + random.Next(UposTags.Length - 1)) % UposTags.Length];
        }
        var folder = Directory.CreateTempSubdirectory("textkit-eval-").FullName;
        try
        {
            var pred = Path.Combine(folder, "pred.conllu");
            ConllUWriter.WriteFile(pred, sentences);

            var metrics = RunTagsJson(SharedData.EwtDev, pred);
            var upos = metrics.GetProperty("UPOS");
            Assert.Equal(words.Count - changed, upos.GetProperty("correct").GetInt32());
            Assert.Equal(0.9, Math.Round(upos.GetProperty("accuracy").GetDouble(), 4));
            foreach (var name in new[] { "XPOS", "UFeats", "Lemmas" })
                Assert.Equal(1.0, metrics.GetProperty(name).GetProperty("accuracy").GetDouble());
            // AllTags = UPOS + XPOS + UFeats, so it drops exactly as UPOS does.
            Assert.Equal(words.Count - changed, metrics.GetProperty("AllTags").GetProperty("correct").GetInt32());

            var library = TagScorer.ScoreFiles(SharedData.EwtDev, pred);
            Assert.Equal(new AccuracyScore(words.Count - changed, words.Count), library.Upos);

            var table = CliRunner.Run("evaluate", "tags", "--gold", SharedData.EwtDev, "--pred", pred);
            Assert.Equal(0, table.ExitCode);
            Assert.Matches(@"UPOS\s+22632\s+25147\s+90\.00%", table.StdOut);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void EvaluateNer_BtcTestAgainstItself_F1One_CountsMatchSource()
    {
        // Strict reading (Error on any invalid IOB2 transition) also proves SOURCE.md's "every I- follows B-/I-".
        var gold = ConllNerReader.ReadFile(SharedData.BtcTest).ToList();
        Assert.Equal(2001, gold.Count);
        Assert.Equal(35428, gold.Sum(s => s.Count));
        var s = EntityScorer.ScoreFiles(SharedData.BtcTest, SharedData.BtcTest);
        Assert.Equal(1.0, s.Micro.F1);
        Assert.Equal(4376, s.Micro.Gold);
        Assert.Equal(2650, s.PerType["PER"].Gold);
        Assert.Equal(636, s.PerType["LOC"].Gold);
        Assert.Equal(1090, s.PerType["ORG"].Gold);

        var result = CliRunner.Run("evaluate", "ner", "--gold", SharedData.BtcTest, "--pred", SharedData.BtcTest, "--json");
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Equal(1.0, JsonDocument.Parse(result.StdOut).RootElement.GetProperty("micro").GetProperty("f1").GetDouble());
    }

    [Theory]
    [InlineData("train", 6338, 99933, 8779)]
    [InlineData("dev", 1001, 15027, 1730)]
    public void ReadBtc_CountsMatchSource(string split, int tweets, int tokens, int entities)
    {
        var path = split == "train" ? SharedData.BtcTrain : SharedData.BtcDev;
        var sentences = ConllNerReader.ReadFile(path).ToList();
        Assert.Equal(tweets, sentences.Count);
        Assert.Equal(tokens, sentences.Sum(s => s.Count));
        Assert.Equal(entities, sentences.Sum(s => s.Entities(TagScheme.Iob2).Count));
    }

    [Fact]
    public void ReadSst2_CountsMatchSource_AndLoaderAgrees()
    {
        var options = new ClassificationReaderOptions { TextColumn = "sentence" };
        var train = ClassificationReader.ReadFile(SharedData.Sst2Train, options).ToList();
        Assert.Equal(67349, train.Count);
        Assert.Equal(29780, train.Count(r => r.Label == "0"));
        Assert.Equal(37569, train.Count(r => r.Label == "1"));
        Assert.DoesNotContain(train, r => r.Text.EndsWith(' '));
        var ml = new MLContext(0);
        var dev = ml.Data.CreateEnumerable<ClassificationRow>(ml.TextKit().Data.LoadClassification(SharedData.Sst2Dev, options), reuseRowObject: false).ToList();
        Assert.Equal(872, dev.Count);
        Assert.Equal(428, dev.Count(r => r.Label == "0"));
        Assert.Equal(1.0, ClassificationScorer.ScoreFiles(SharedData.Sst2Dev, SharedData.Sst2Dev).Accuracy.Accuracy);
    }

    [Fact]
    public void LoadConllU_EwtDev_WordCountsMatch()
    {
        var ml = new MLContext(0);
        var rows = ml.Data.CreateEnumerable<ConllURow>(ml.TextKit().Data.LoadConllU(SharedData.EwtDev), reuseRowObject: false).ToList();
        Assert.Equal(2001, rows.Count);
        Assert.Equal(25147, rows.Sum(r => r.Tokens.Length));
        Assert.All(rows, r => Assert.Equal(r.Tokens.Length, r.Upos.Length));
    }
}
