using Microsoft.ML;
using TextKit.ML.Tests.TestSupport;
using TextKit.ML.Transforms;

namespace TextKit.ML.Tests.Transforms;

public class ReplaceRareTokensTests
{
    public sealed class Row
    {
        public string[] Tokens { get; set; } = [];

        public string Text { get; set; } = "";
    }

    private static IDataView Data(MLContext ml) => ml.Data.LoadFromEnumerable(new[]
    {
        new Row { Tokens = ["the", "cat", "sat"], Text = "x" },
        new Row { Tokens = ["the", "dog", "sat"], Text = "y" },
        new Row { Tokens = [], Text = "z" },
        new Row { Tokens = ["the", "émigré", "émigré"], Text = "w" },
    });

    [Fact]
    public void ReplaceRareTokens_Contract()
    {
        var ml = new MLContext(1);
        var data = Data(ml);
        var invalid = ml.Data.LoadFromEnumerable(new[] { new { Tokens = 1f } });
        var transformer = (ReplaceRareTokensTransformer)EstimatorContract.Check(ml.TextKit().Transforms.ReplaceRareTokens("Out", "Tokens"), data, invalid);
        Assert.Equal(["the", "sat", "émigré"], transformer.Vocabulary.Types);
    }

    [Fact]
    public void ReplaceRareTokens_ReplacesUnseenAndRare()
    {
        var ml = new MLContext(1);
        var model = ml.TextKit().Transforms.ReplaceRareTokens("Out", "Tokens", minCount: 2, unknownToken: "<UNK>").Fit(Data(ml));
        var rows = ml.Data.CreateEnumerable<OutRow>(model.Transform(Data(ml)), reuseRowObject: false).ToArray();
        Assert.Equal(["the", "<UNK>", "sat"], rows[0].Out);
        Assert.Empty(rows[2].Out);
    }

    public sealed class OutRow
    {
        public string[] Out { get; set; } = [];
    }

    [Fact]
    public void ReplaceRareTokens_MissingColumn_NamesIt()
    {
        var ml = new MLContext(1);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ml.TextKit().Transforms.ReplaceRareTokens("Out", "Nope").Fit(Data(ml)));
        Assert.Contains("'Nope'", error.Message);
    }

    [Fact]
    public void ReplaceRareTokens_WrongType_SaysExpectedAndActual()
    {
        var ml = new MLContext(1);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ml.TextKit().Transforms.ReplaceRareTokens("Out", "Text").Fit(Data(ml)));
        Assert.Contains("Schema mismatch for input column 'Text'", error.Message);
        Assert.Contains("vector of Text", error.Message);
    }

    [Fact]
    public void ReplaceRareTokens_BadOptions_Throw()
    {
        var ml = new MLContext(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.TextKit().Transforms.ReplaceRareTokens("Out", "Tokens", minCount: 0));
        Assert.Throws<ArgumentException>(() => ml.TextKit().Transforms.ReplaceRareTokens("", "Tokens"));
    }
}
