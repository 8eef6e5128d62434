using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.ML;
using TextKit.ML.Persistence;
using TextKit.Neural.ML;
using TextKit.Neural.Models;
using TextKit.Neural.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace TextKit.Neural.Tests.ML;

[Collection("TokenizerOverride")]
public class OnnxScoringTests
{
    private static readonly FixtureTokenizer Tokenizer = new("bert-seqcls");

    public OnnxScoringTests() => TransformerEmbeddingLoader.TokenizerFactoryOverride = _ => Tokenizer;

    [Fact]
    public void TokenizeThenApplyOnnxModel_MatchesTorchSharpAndSurvivesSaveLoad()
    {
        var folder = Fixtures.Folder("bert-seqcls");
        var texts = Fixtures.Inputs("bert-seqcls")["texts"]!.AsArray().Select(t => t!.GetValue<string>()).ToArray();
        var ml = new MLContext(0);
        var data = ml.Data.LoadFromEnumerable(texts.Select(t => new TextRow { Text = t }));
        const int length = 40;
        var shapes = new Dictionary<string, int[]> { ["input_ids"] = [1, length], ["attention_mask"] = [1, length], ["token_type_ids"] = [1, length] };
        var pipeline = new TransformerTokenizeEstimator(new TransformerTokenizeEstimator.Options { InputColumnName = "Text", TokenizerFolder = folder, MaxLength = length }, _ => Tokenizer)
            .Append(ml.Transforms.ApplyOnnxModel(["logits"], ["input_ids", "attention_mask", "token_type_ids"], Path.Combine(folder, "model.onnx"), shapes, gpuDeviceId: null, fallbackToCpu: false));
        var model = pipeline.Fit(data);
        var onnx = model.Transform(data).GetColumn<VBuffer<float>>("logits").Select(v => v.DenseValues().ToArray()).ToArray();

        using var torchModel = TransformerModels.Load(folder);
        using var ids = Fixtures.Ids(Fixtures.Inputs("bert-seqcls")["input_ids"]);
        using var mask = Fixtures.Ids(Fixtures.Inputs("bert-seqcls")["attention_mask"]);
        using var grad = torch.no_grad();
        using var output = torchModel.call(new ModelInput { InputIds = ids, AttentionMask = mask });
        using var onnxTensor = torch.tensor(onnx.SelectMany(v => v).ToArray(), [onnx.Length, 3]);
        Fixtures.AssertClose(output.Logits!, onnxTensor, 1e-4, "onnx vs torchsharp logits");

        var path = Path.Combine(Fixtures.TempFolder(), "onnx-pipeline.zip");
        TextKitModel.Save(ml, model, data.Schema, path);
        var loaded = TextKitModel.Load(new MLContext(1), path, out _);
        var again = loaded.Transform(data).GetColumn<VBuffer<float>>("logits").Select(v => v.DenseValues().ToArray()).ToArray();
        Assert.Equal(onnx.SelectMany(v => v), again.SelectMany(v => v));
    }
}
