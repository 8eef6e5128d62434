using System.Buffers.Binary;
using System.Text;
using TextKit.Neural.Checkpoints;
using TextKit.Neural.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace TextKit.Neural.Tests.Checkpoints;

public class SafeTensorsTests
{
    private static string WriteRaw(string header, byte[] data)
    {
        var path = Path.Combine(Fixtures.TempFolder(), "x.safetensors");
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + json.Length);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void SaveLoad_RoundTripsDtypesAndMetadata()
    {
        var path = Path.Combine(Fixtures.TempFolder(), "t.safetensors");
        using var f = torch.arange(6, dtype: ScalarType.Float32).reshape(2, 3) / 7;
        using var i = torch.tensor(new long[] { 1, -2, 3 });
        using var h = f.to_type(ScalarType.Float16);
        using var b = f.to_type(ScalarType.BFloat16);
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["f"] = f, ["i"] = i, ["h"] = h, ["b"] = b }, new Dictionary<string, string> { ["format"] = "pt" });
        var (infos, meta, _) = SafeTensors.ReadHeader(path);
        Assert.Equal("pt", meta["format"]);
        Assert.Equal(["b", "f", "h", "i"], infos.Select(t => t.Name).OrderBy(n => n));
        Assert.Equal("F16", infos.Single(t => t.Name == "h").DType);
        var loaded = SafeTensors.Load(path);
        Assert.Equal(ScalarType.Float32, loaded["h"].dtype);
        Assert.Equal(ScalarType.Float32, loaded["b"].dtype);
        Assert.Equal(ScalarType.Int64, loaded["i"].dtype);
        Assert.Equal(0, Fixtures.MaxAbsDiff(loaded["f"], f));
        Assert.True(Fixtures.MaxAbsDiff(loaded["h"], f) < 1e-3);
        Assert.True(Fixtures.MaxAbsDiff(loaded["b"], f) < 1e-2);
        Assert.Equal([1L, -2, 3], loaded["i"].data<long>().ToArray());
    }

    [Fact]
    public void Load_MissingFile_TK320()
    {
        var e = Assert.Throws<TextKitModelException>(() => SafeTensors.Load("/nonexistent/model.safetensors"));
        Assert.Equal("TK320", e.Code);
    }

    [Fact]
    public void Load_EmptyFile_TK321()
    {
        var path = Path.Combine(Fixtures.TempFolder(), "empty.safetensors");
        File.WriteAllBytes(path, []);
        var e = Assert.Throws<TextKitModelException>(() => SafeTensors.Load(path));
        Assert.Equal("TK321", e.Code);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Load_TruncatedFixture_TK321NamesTheTensor()
    {
        var source = File.ReadAllBytes(Path.Combine(Fixtures.Folder("bert-seqcls"), "model.safetensors"));
        var path = Path.Combine(Fixtures.TempFolder(), "cut.safetensors");
        File.WriteAllBytes(path, source.AsSpan(0, source.Length - 1000).ToArray());
        var e = Assert.Throws<TextKitModelException>(() => SafeTensors.Load(path));
        Assert.Equal("TK321", e.Code);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Load_HeaderLongerThanFile_TK321()
    {
        var path = Path.Combine(Fixtures.TempFolder(), "h.safetensors");
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1000);
        File.WriteAllBytes(path, bytes);
        Assert.Equal("TK321", Assert.Throws<TextKitModelException>(() => SafeTensors.Load(path)).Code);
    }

    [Fact]
    public void Load_MalformedJson_TK321()
    {
        var path = WriteRaw("{\"a\": {", []);
        var e = Assert.Throws<TextKitModelException>(() => SafeTensors.Load(path));
        Assert.Equal("TK321", e.Code);
        Assert.Contains("JSON", e.Message);
    }

    [Fact]
    public void Load_OffsetsDisagreeWithShape_TK321()
    {
        var path = WriteRaw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,12]}}", new byte[12]);
        var e = Assert.Throws<TextKitModelException>(() => SafeTensors.Load(path));
        Assert.Equal("TK321", e.Code);
        Assert.Contains("'a'", e.Message);
    }

    [Fact]
    public void Load_OverlappingTensors_TK321()
    {
        var path = WriteRaw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12]);
        Assert.Equal("TK321", Assert.Throws<TextKitModelException>(() => SafeTensors.Load(path)).Code);
    }

    [Fact]
    public void Load_UnsupportedDtype_TK322()
    {
        var path = WriteRaw("{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[0,2]}}", new byte[2]);
        var e = Assert.Throws<TextKitModelException>(() => SafeTensors.Load(path));
        Assert.Equal("TK322", e.Code);
        Assert.Contains("F8_E4M3", e.Message);
    }
}
