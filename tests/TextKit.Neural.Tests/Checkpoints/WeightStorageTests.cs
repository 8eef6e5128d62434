using System.IO.Compression;
using System.Text.Json.Nodes;
using TextKit.Neural.Checkpoints;
using TextKit.Neural.Models;
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
    public void Zip_WeightEntriesAreRewritten_OtherEntriesKept()
    {
        var source = Fixtures.Folder("bert-seqcls");
        var zip = Path.Combine(Fixtures.TempFolder(), "model.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            archive.CreateEntryFromFile(Path.Combine(source, "model.safetensors"), "textkit/0/model/model.safetensors");
            archive.CreateEntryFromFile(Path.Combine(source, "config.json"), "textkit/0/model/config.json");
            archive.CreateEntryFromFile(Path.Combine(source, "config.json"), "other/config.json");
            archive.CreateEntry("TransformerChain/Model.key").Open().Dispose();
        }
        var output = Path.Combine(Fixtures.TempFolder(), "half.zip");
        WeightStorage.Rewrite(zip, output, WeightPrecision.Float16);
        using var result = ZipFile.OpenRead(output);
        Assert.Equal(["TransformerChain/Model.key", "other/config.json", "textkit/0/model/config.json", "textkit/0/model/model.safetensors"], result.Entries.Select(e => e.FullName).OrderBy(n => n, StringComparer.Ordinal));
        var folder = Fixtures.TempFolder();
        result.GetEntry("textkit/0/model/model.safetensors")!.ExtractToFile(Path.Combine(folder, "m.safetensors"));
        Assert.All(SafeTensors.ReadHeader(Path.Combine(folder, "m.safetensors")).Tensors, t => Assert.Equal("F16", t.DType));
        using var otherConfig = new StreamReader(result.GetEntry("other/config.json")!.Open());
        Assert.Equal("float32", JsonNode.Parse(otherConfig.ReadToEnd())!["dtype"]!.GetValue<string>()); // not next to weights: untouched
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
