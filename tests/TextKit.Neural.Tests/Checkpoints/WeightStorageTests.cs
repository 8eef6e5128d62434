using System.IO.Compression;
using System.Text.Json.Nodes;
using TextKit.Neural.Checkpoints;
using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.ML;
using TextKit.Neural.ML.Training;
using TextKit.Neural.Models;
using TextKit.Neural.Training;
using TextKit.Neural.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace TextKit.Neural.Tests.Checkpoints;

public class WeightStorageTests
{
    private static Tensor Logits(string folder)
    {
        using var model = TransformerModels.Load(folder);
        var inputs = Fixtures.Inputs("bert-seqcls");
        using var ids = Fixtures.Ids(inputs["input_ids"]);
        using var mask = Fixtures.Ids(inputs["attention_mask"]);
        using var output = model.call(new ModelInput { InputIds = ids, AttentionMask = mask });
        return output.Logits!.detach().clone();
    }

    [Theory]
    [InlineData(WeightPrecision.Float16, "F16", 1e-2)]
    [InlineData(WeightPrecision.BFloat16, "BF16", 5e-2)]
    public void Folder_RewrittenInHalfPrecision_IsHalfTheSizeAndLoadsAsFloat32WithCloseOutputs(WeightPrecision precision, string dtype, double tolerance)
    {
        var source = Fixtures.Folder("bert-seqcls");
        var target = Path.Combine(Fixtures.TempFolder(), "half");
        var (inBytes, outBytes) = WeightStorage.Rewrite(source, target, precision);
        Assert.InRange(outBytes, inBytes * 0.45, inBytes * 0.55);
        Assert.All(SafeTensors.ReadHeader(Path.Combine(target, "model.safetensors")).Tensors, t => Assert.Equal(dtype, t.DType));
        Assert.Equal(WeightStorage.ConfigName(precision), JsonNode.Parse(File.ReadAllText(Path.Combine(target, "config.json")))!["dtype"]!.GetValue<string>());
        Assert.True(File.Exists(Path.Combine(target, "vocab.txt")));
        using var expected = Logits(source);
        using var actual = Logits(target);
        Assert.Equal(ScalarType.Float32, actual.dtype);
        // Relative to the logits' scale: fp16 keeps ~3 significant digits per weight, bf16 ~2.
        double scale = expected.abs().max().item<float>();
        double diff = Fixtures.MaxAbsDiff(expected, actual);
        Assert.True(diff <= tolerance * scale, $"logits after {dtype} storage: max |diff| {diff:E2} > {tolerance} x {scale:F3}");
        Assert.Equal(expected.argmax(-1).data<long>().ToArray(), actual.argmax(-1).data<long>().ToArray());
    }

    [Fact]
    public void FolderWithTiedDuplicate_IsWrittenCanonical()
    {
        // Some writers store the MLM decoder weight although it is tied to the word embeddings; compact drops the duplicate.
        var source = Fixtures.Folder("bert-mlm");
        var folder = Fixtures.TempFolder();
        foreach (var file in Directory.GetFiles(source))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        using (var model = TransformerModels.Load(source))
        {
            var state = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value);
            state["cls.predictions.decoder.weight"] = state["bert.embeddings.word_embeddings.weight"];
            SafeTensors.Save(Path.Combine(folder, "model.safetensors"), state);
        }
        Assert.Contains("cls.predictions.decoder.weight", SafeTensors.ReadHeader(Path.Combine(folder, "model.safetensors")).Tensors.Select(t => t.Name));
        var output = Path.Combine(Fixtures.TempFolder(), "out");
        WeightStorage.Rewrite(folder, output, WeightPrecision.Float16);
        Assert.DoesNotContain("cls.predictions.decoder.weight", SafeTensors.ReadHeader(Path.Combine(output, "model.safetensors")).Tensors.Select(t => t.Name));
        using var loaded = TransformerModels.Load(output);
        Assert.Equal(ModelTask.MaskedLM, loaded.Task);
    }

    [Fact]
    public void SavedModelZip_RewrittenInFloat16_LoadsWithTheManifestChecksAndScoresClose()
    {
        var ml = new MLContext(0);
        var rows = ML.Training.TransformerClassificationTests.ThirtyTwo().Take(8).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.TextKit().Trainers.TransformerClassification(new TransformerClassificationTrainer.Options
        {
            ModelFolder = Fixtures.Folder("bert-seqcls"),
            Training = new TransformerTrainerOptions { Epochs = 1, BatchSize = 8, Seed = 1 },
        })).Fit(data);
        var folder = Fixtures.TempFolder();
        var zip = Path.Combine(folder, "model.zip");
        ml.TextKit().Model.Save(model, data.Schema, zip);
        var half = Path.Combine(folder, "half.zip");
        var (inBytes, outBytes) = WeightStorage.Rewrite(zip, half, WeightPrecision.Float16);
        Assert.InRange(outBytes, inBytes * 0.45, inBytes * 0.55);
        Assert.True(new FileInfo(half).Length < new FileInfo(zip).Length * 0.7);

        var loaded = new MLContext(1).TextKit().Model.Load(half, out _); // SHA-256 of every file checked against the updated manifest
        var before = model.Transform(data).GetColumn<float[]>("Score").ToArray();
        var after = loaded.Transform(ml.Data.LoadFromEnumerable(rows)).GetColumn<float[]>("Score").ToArray();
        for (int i = 0; i < before.Length; i++)
            Assert.All(before[i].Zip(after[i]), p => Assert.Equal(p.First, p.Second, 2e-3f));

        var notTextKit = Path.Combine(folder, "plain.zip");
        using (var archive = ZipFile.Open(notTextKit, ZipArchiveMode.Create))
            archive.CreateEntry("TransformerChain/Model.key").Open().Dispose();
        Assert.Equal("TK111", Assert.Throws<TextKitModelException>(() => WeightStorage.Rewrite(notTextKit, Path.Combine(folder, "x.zip"), WeightPrecision.Float16)).Code);
    }

    [Fact]
    public void BadInputs_GiveCodedErrors()
    {
        var temp = Fixtures.TempFolder();
        Assert.Equal("TK310", Assert.Throws<TextKitException>(() => WeightStorage.Rewrite(Path.Combine(temp, "missing"), Path.Combine(temp, "out"), WeightPrecision.Float16)).Code);
        Assert.Equal("TK310", Assert.Throws<TextKitModelException>(() => WeightStorage.Rewrite(temp, Path.Combine(temp, "out"), WeightPrecision.Float16)).Code);
        var notZip = Path.Combine(temp, "x.zip");
        File.WriteAllText(notZip, "not a zip");
        Assert.Equal("TK110", Assert.Throws<TextKitModelException>(() => WeightStorage.Rewrite(notZip, Path.Combine(temp, "y.zip"), WeightPrecision.Float16)).Code);
        Assert.Equal("TK324", Assert.Throws<TextKitException>(() => WeightStorage.Rewrite(notZip, notZip, WeightPrecision.Float16)).Code);
        using var huge = torch.full(2, 1e6f);
        Assert.Equal("TK324", Assert.Throws<TextKitException>(() => WeightStorage.Convert(new Dictionary<string, Tensor> { ["w"] = huge }, WeightPrecision.Float16)).Code);
    }
}
