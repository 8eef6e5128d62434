using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.ML;
using TextKit.ML.Tests.TestSupport;
using TextKit.Neural.ML;
using TextKit.Neural.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace TextKit.Neural.Tests.ML;

public sealed class TextRow
{
    public string Text { get; set; } = "";
}

public sealed class NumberRow
{
    public float Text { get; set; }
}

[Collection("TokenizerOverride")]
public class TransformerEmbeddingTests
{
    private static readonly FixtureTokenizer Tokenizer = new("bert-seqcls");

    public TransformerEmbeddingTests() => TransformerEmbeddingLoader.TokenizerFactoryOverride = _ => Tokenizer;

    private static string[] Texts => Fixtures.Inputs("bert-seqcls")["texts"]!.AsArray().Select(t => t!.GetValue<string>()).ToArray();

    private static TransformerEmbeddingEstimator Estimator(EmbeddingPooling pooling, int batchSize = 3, LongTextHandling longText = LongTextHandling.TruncateWithWarning)
        => new(new TransformerEmbeddingEstimator.Options
        {
            OutputColumnName = "Embedding",
            InputColumnName = "Text",
            ModelFolder = Fixtures.Folder("bert-seqcls"),
            Pooling = pooling,
            BatchSize = batchSize,
            LongText = longText,
        }, _ => Tokenizer);

    private static float[][] Column(IDataView view)
        => view.GetColumn<VBuffer<float>>("Embedding").Select(v => v.DenseValues().ToArray()).ToArray();

    [Fact]
    public void MeanPooling_Batched_MatchesTransformersMeanPooled()
    {
        var ml = new MLContext(0);
        var data = ml.Data.LoadFromEnumerable(Texts.Select(t => new TextRow { Text = t }));
        var model = Estimator(EmbeddingPooling.Mean, batchSize: 3).Fit(data);
        var vectors = Column(model.Transform(data));
        var reference = Fixtures.Reference("bert-seqcls")["mean_pooled"];
        using var actual = torch.tensor(vectors.SelectMany(v => v).ToArray(), [vectors.Length, vectors[0].Length]);
        Fixtures.AssertClose(reference, actual, 1e-4, "mean_pooled");
        Assert.Equal(64, ((VectorDataViewType)model.GetOutputSchema(data.Schema)["Embedding"].Type).Size);
    }

    [Fact]
    public void ClsAndMaxPooling_MatchLastHiddenState()
    {
        var ml = new MLContext(0);
        var data = ml.Data.LoadFromEnumerable(Texts.Select(t => new TextRow { Text = t }));
        var hidden = Fixtures.Reference("bert-seqcls")["last_hidden_state"];
        var mask = Fixtures.Ids(Fixtures.Inputs("bert-seqcls")["attention_mask"]);
        var cls = Column(Estimator(EmbeddingPooling.Cls).Fit(data).Transform(data));
        var max = Column(Estimator(EmbeddingPooling.Max).Fit(data).Transform(data));
        using var expectedCls = hidden.select(1, 0);
        using var expectedMax = TransformerEncoder.Pool(hidden, mask, EmbeddingPooling.Max);
        Fixtures.AssertClose(expectedCls, torch.tensor(cls.SelectMany(v => v).ToArray(), [4, 64]), 1e-4, "cls");
        Fixtures.AssertClose(expectedMax, torch.tensor(max.SelectMany(v => v).ToArray(), [4, 64]), 1e-4, "max");
    }

    [Fact]
    public void PredictionEngine_RowByRow_EqualsBatched()
    {
        var ml = new MLContext(0);
        var data = ml.Data.LoadFromEnumerable(Texts.Select(t => new TextRow { Text = t }));
        var model = Estimator(EmbeddingPooling.Mean, batchSize: 4).Fit(data);
        var batched = Column(model.Transform(data));
        var engine = ml.Model.CreatePredictionEngine<TextRow, EmbeddingRow>(model);
        for (int i = 0; i < Texts.Length; i++)
        {
            var single = engine.Predict(new TextRow { Text = Texts[i] }).Embedding;
            Assert.True(single.Zip(batched[i]).Max(p => Math.Abs(p.First - p.Second)) < 1e-5, $"row {i}: padding changed the embedding");
        }
    }

    public sealed class EmbeddingRow
    {
        [VectorType(64)]
        public float[] Embedding { get; set; } = [];
    }

    [Fact]
    public void Contract_SchemaInvalidInputAndSaveLoadInNewContext()
    {
        var ml = new MLContext(0);
        var valid = ml.Data.LoadFromEnumerable(Texts.Select(t => new TextRow { Text = t }));
        var invalid = ml.Data.LoadFromEnumerable(new[] { new NumberRow { Text = 1 } });
        EstimatorContract.Check(Estimator(EmbeddingPooling.Mean), valid, invalid);
    }

    [Fact]
    public void LongText_ErrorPolicy_TK341_TruncatePolicy_Works()
    {
        var ml = new MLContext(0);
        var data = ml.Data.LoadFromEnumerable(new[] { new TextRow { Text = "long:300" } });
        var strict = Estimator(EmbeddingPooling.Mean, longText: LongTextHandling.Error).Fit(data);
        var e = Assert.Throws<TextKitException>(() => Column(strict.Transform(data)));
        Assert.Equal("TK341", e.Code);
        Assert.Contains("128", e.Message);
        var lenient = Estimator(EmbeddingPooling.Mean).Fit(data);
        var warnings = new List<string>();
        lenient.Encoder.Warning = warnings.Add;
        var vectors = Column(lenient.Transform(data));
        Assert.Single(vectors);
        Assert.Equal(1, lenient.Encoder.TruncatedRows);
        Assert.Contains("truncated to 128", Assert.Single(warnings));
    }

    [Fact]
    public void Options_Invalid_Throw()
    {
        var catalog = new MLContext(0).TextKit().Transforms;
        Assert.Throws<ArgumentOutOfRangeException>(() => catalog.ApplyTransformerEmbedding(new TransformerEmbeddingEstimator.Options { OutputColumnName = "E", ModelFolder = "x", BatchSize = 0 }));
        Assert.Throws<ArgumentException>(() => catalog.ApplyTransformerEmbedding("E", "Text", ""));
        var data = new MLContext(0).Data.LoadFromEnumerable(new[] { new TextRow { Text = "x" } });
        var missing = catalog.ApplyTransformerEmbedding("E", "Text", "/nonexistent/model");
        Assert.Equal("TK310", Assert.Throws<TextKitModelException>(() => missing.Fit(data)).Code);
    }
}

public class TransformerEmbeddingRealTokenizerTests
{
    [Fact]
    public void MeanPooling_FolderTokenizer_MatchesTransformersMeanPooled()
    {
        // The whole path with the folder's own WordPiece tokenizer (TransformerTokenizers.FromFolder).
        var ml = new MLContext(0);
        var texts = Fixtures.Inputs("bert-seqcls")["texts"]!.AsArray().Select(t => t!.GetValue<string>()).ToArray();
        var data = ml.Data.LoadFromEnumerable(texts.Select(t => new TextRow { Text = t }));
        using var model = ml.TextKit().Transforms.ApplyTransformerEmbedding("Embedding", "Text", Fixtures.Folder("bert-seqcls"), EmbeddingPooling.Mean).Fit(data);
        var vectors = model.Transform(data).GetColumn<VBuffer<float>>("Embedding").Select(v => v.DenseValues().ToArray()).ToArray();
        using var actual = torch.tensor(vectors.SelectMany(v => v).ToArray(), [vectors.Length, 64]);
        Fixtures.AssertClose(Fixtures.Reference("bert-seqcls")["mean_pooled"], actual, 1e-4, "mean_pooled via folder tokenizer");
    }
}
