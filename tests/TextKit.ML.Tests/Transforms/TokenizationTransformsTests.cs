using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.Cleaning;
using TextKit.ML.Tests.TestSupport;
using TextKit.ML.Transforms;
using TextKit.Segmentation;

namespace TextKit.ML.Tests.Transforms;

public class TokenizationTransformsTests
{
    public sealed class Doc
    {
        public string Text { get; set; } = "";

        public string[] Gold { get; set; } = [];
    }

    private static readonly Doc[] s_docs =
    [
        new() { Text = "<p>Dr. Smith can't come.</p> He's in the U.S. today!", Gold = ["Dr. Smith can't come.", "He's in the U.S. today!"] },
        new() { Text = "Visit http://x.org/a?b=1 now :) Thanks a lot", Gold = ["Visit http://x.org/a?b=1 now :)", "Thanks a lot"] },
        new() { Text = "", Gold = [] },
        new() { Text = "Ünïcödé  text\u200B with\u0000 noise 👍🏽", Gold = ["Ünïcödé  text\u200B with\u0000 noise 👍🏽"] },
    ];

    private static IDataView Data(MLContext ml) => ml.Data.LoadFromEnumerable(s_docs);

    private static IDataView Invalid(MLContext ml) => ml.Data.LoadFromEnumerable(new[] { new { Text = 1f, Gold = 2f } });

    public sealed class Tokens
    {
        public string[] Words { get; set; } = [];

        public int[] Offsets { get; set; } = [];
    }

    [Fact]
    public void TokenizeWords_Contract() => EstimatorContract.Check(new MLContext(1).TextKit().Transforms.TokenizeWords("Words", "Text", "Offsets"), Data(new MLContext(1)), Invalid(new MLContext(1)));

    [Fact]
    public void TokenizeWords_WordsAndOffsets()
    {
        var ml = new MLContext(1);
        var rows = ml.Data.CreateEnumerable<Tokens>(ml.TextKit().Transforms.TokenizeWords("Words", "Text", "Offsets").Fit(Data(ml)).Transform(Data(ml)), false).ToArray();
        Assert.Equal(["Visit", "http://x.org/a?b=1", "now", ":)", "Thanks", "a", "lot"], rows[1].Words);
        Assert.Contains("ca", rows[0].Words);
        Assert.Contains("n't", rows[0].Words);
        Assert.Empty(rows[2].Words);
        for (int i = 0; i < rows[0].Words.Length; i++)
            Assert.Equal(rows[0].Words[i], s_docs[0].Text[rows[0].Offsets[2 * i]..rows[0].Offsets[2 * i + 1]]);
    }

    [Fact]
    public void TokenizeWords_SurfaceTokens_AndStopWordsFromMlNet()
    {
        // Stop words: ML.NET's RemoveDefaultStopWords works on TextKit's token vectors (no TextKit list needed).
        var ml = new MLContext(1);
        var pipeline = ml.TextKit().Transforms.TokenizeWords(new TokenizeWordsEstimator.Options { OutputColumnName = "Words", InputColumnName = "Text", OutputWords = false })
            .Append(ml.Transforms.Text.RemoveDefaultStopWords("Content", "Words"));
        var output = pipeline.Fit(Data(ml)).Transform(Data(ml));
        var words = output.GetColumn<VBuffer<ReadOnlyMemory<char>>>("Words").First().DenseValues().Select(m => m.ToString()).ToArray();
        Assert.Contains("can't", words);
        var content = output.GetColumn<VBuffer<ReadOnlyMemory<char>>>("Content").ElementAt(1).DenseValues().Select(m => m.ToString()).ToArray();
        Assert.DoesNotContain("a", content);
        Assert.Contains("Thanks", content);
    }

    [Fact]
    public void CleanText_Contract()
    {
        var ml = new MLContext(1);
        var transformer = (CleanTextTransformer)EstimatorContract.Check(ml.TextKit().Transforms.CleanText("Clean", "Text", TextCleanerOptions.SocialMedia), Data(ml), Invalid(ml));
        Assert.True(transformer.Options.MaskUrls);
    }

    [Fact]
    public void CleanText_Output()
    {
        var ml = new MLContext(1);
        var output = ml.TextKit().Transforms.CleanText("Clean", "Text").Fit(Data(ml)).Transform(Data(ml));
        var cleaned = output.GetColumn<string>("Clean").ToArray();
        Assert.Equal("Dr. Smith can't come.\n\nHe's in the U.S. today!", cleaned[0]);
        Assert.Equal("Ünïcödé text with noise 👍🏽", cleaned[3]);
    }

    [Fact]
    public void SplitSentences_Contract() => EstimatorContract.Check(new MLContext(1).TextKit().Transforms.SplitSentences("Sentences", "Text", "Spans"), Data(new MLContext(1)), Invalid(new MLContext(1)));

    [Fact]
    public void SplitSentences_AfterCleaning()
    {
        var ml = new MLContext(1);
        var pipeline = ml.TextKit().Transforms.CleanText("Clean", "Text").Append(ml.TextKit().Transforms.SplitSentences("Sentences", "Clean"));
        var output = pipeline.Fit(Data(ml)).Transform(Data(ml));
        var first = output.GetColumn<VBuffer<ReadOnlyMemory<char>>>("Sentences").First().DenseValues().Select(m => m.ToString()).ToArray();
        Assert.Equal(["Dr. Smith can't come.", "He's in the U.S. today!"], first);
    }

    [Fact]
    public void TrainSentenceSplitter_Supervised_ContractAndLearnedModelSaved()
    {
        var ml = new MLContext(1);
        var docs = Enumerable.Range(0, 20).Select(i => new Doc
        {
            Text = $"Send file {i} today Thanks a lot The report is ready.",
            Gold = [$"Send file {i} today", "Thanks a lot", "The report is ready."],
        }).ToArray();
        var data = ml.Data.LoadFromEnumerable(docs);
        var estimator = ml.TextKit().Transforms.TrainSentenceSplitter(new TrainSentenceSplitterEstimator.Options
        {
            OutputColumnName = "Sentences", InputColumnName = "Text", GoldSentencesColumnName = "Gold",
        });
        var transformer = (SplitSentencesTransformer)EstimatorContract.Check(estimator, data, Invalid(ml));
        Assert.True(transformer.Model.HasClassifier);
        var first = transformer.Transform(data).GetColumn<VBuffer<ReadOnlyMemory<char>>>("Sentences").First().DenseValues().Select(m => m.ToString());
        Assert.Equal(["Send file 0 today", "Thanks a lot", "The report is ready."], first);
    }

    [Fact]
    public void TrainSentenceSplitter_Unsupervised_Punkt()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 30).Select(i => new Doc { Text = $"I met Prz. Nowak on day {i} and it was long. Then Prz. Kowalski came too and left." }));
        var estimator = ml.TextKit().Transforms.TrainSentenceSplitter(new TrainSentenceSplitterEstimator.Options { OutputColumnName = "Sentences", InputColumnName = "Text" });
        var transformer = (SplitSentencesTransformer)EstimatorContract.Check(estimator, data);
        Assert.Contains("prz", transformer.Model.Abbreviations);
    }

    [Fact]
    public void TrainSentenceSplitter_GoldNotInText_ClearError()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(new[] { new Doc { Text = "One. Two.", Gold = ["One.", "Three."] } });
        var estimator = ml.TextKit().Transforms.TrainSentenceSplitter(new TrainSentenceSplitterEstimator.Options { OutputColumnName = "S", InputColumnName = "Text", GoldSentencesColumnName = "Gold" });
        var error = Assert.Throws<TextKitException>(() => estimator.Fit(data));
        Assert.Equal("TK430", error.Code);
        Assert.Contains("Row 1", error.Message);
    }

    [Fact]
    public void Estimators_BadOptions_Throw()
    {
        var t = new MLContext(1).TextKit().Transforms;
        Assert.Throws<ArgumentException>(() => t.TokenizeWords(""));
        Assert.Throws<ArgumentException>(() => t.TokenizeWords("A", "Text", "A"));
        Assert.Throws<ArgumentException>(() => t.SplitSentences("A", "Text", "A"));
        Assert.Throws<ArgumentOutOfRangeException>(() => t.SplitSentences(new SplitSentencesEstimator.Options { OutputColumnName = "S", LineBreaks = (LineBreakMode)9 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => t.CleanText("C", "Text", new TextCleanerOptions { MaxRepeatedLetters = -2 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => t.TrainSentenceSplitter(new TrainSentenceSplitterEstimator.Options { OutputColumnName = "S", Epochs = 0 }));
    }
}
