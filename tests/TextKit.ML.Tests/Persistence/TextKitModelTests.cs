using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.ML;
using TextKit.ML.Persistence;
using TextKit.ML.Tests.TestSupport;
using TextKit.ML.Transforms;

namespace TextKit.ML.Tests.Persistence;

public class TextKitModelTests
{
    private static (ITransformer Model, IDataView Data, MLContext Ml) Fit(int variant = 0, int minCount = 2)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(MixedPipeline.Reviews(variant));
        return (MixedPipeline.Build(ml, minCount).Fit(data), data, ml);
    }

    private static byte[] SaveToBytes(MLContext ml, ITransformer model, DataViewSchema schema)
    {
        using var stream = new MemoryStream();
        TextKitModel.Save(ml, model, schema, stream);
        return stream.ToArray();
    }

    [Fact]
    public void SaveLoad_MixedPipeline_SameOutputsInFreshContext()
    {
        var (model, data, ml) = Fit();
        var expected = EstimatorContract.Tsv(model.Transform(data), MixedPipeline.OutputColumns);
        Assert.Contains("<unk>", expected); // the TextKit component did something

        var path = Path.Combine(Path.GetTempPath(), $"textkit-mixed-{Guid.NewGuid():N}.zip");
        try
        {
            TextKitModel.Save(ml, model, data.Schema, path);
            var fresh = new MLContext(seed: 99);
            var loaded = TextKitModel.Load(fresh, path, out var schema);
            Assert.Equal(data.Schema.Select(c => c.Name), schema.Select(c => c.Name));
            Assert.Contains(TextKitModel.Flatten(loaded), t => t is ReplaceRareTokensTransformer);
            Assert.Equal(expected, EstimatorContract.Tsv(loaded.Transform(data), MixedPipeline.OutputColumns));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_PredictionEngine_UsesRowMapperPath()
    {
        var (model, data, ml) = Fit();
        var bytes = SaveToBytes(ml, model, data.Schema);
        var fresh = new MLContext(seed: 5);
        var loaded = TextKitModel.Load(fresh, new MemoryStream(bytes), out _);
        var before = ml.Model.CreatePredictionEngine<MixedPipeline.Review, Prediction>(model);
        var after = fresh.Model.CreatePredictionEngine<MixedPipeline.Review, Prediction>(loaded);
        foreach (var review in MixedPipeline.Reviews())
        {
            var a = before.Predict(review);
            var b = after.Predict(review);
            Assert.Equal(a.PredictedText, b.PredictedText);
            Assert.Equal(a.Score, b.Score);
            Assert.Equal(a.Known, b.Known);
        }
    }

    public sealed class Prediction
    {
        public string PredictedText { get; set; } = "";

        public float[] Score { get; set; } = [];

        public string[] Known { get; set; } = [];
    }

    [Fact]
    public void Load_TwoModelsOfSameComponentType_CoexistInOneProcess()
    {
        var (modelA, dataA, mlA) = Fit(variant: 0, minCount: 2);
        var (modelB, dataB, mlB) = Fit(variant: 1, minCount: 3);
        var bytesA = SaveToBytes(mlA, modelA, dataA.Schema);
        var bytesB = SaveToBytes(mlB, modelB, dataB.Schema);
        var ml = new MLContext(seed: 3);
        var loadedA = TextKitModel.Load(ml, new MemoryStream(bytesA), out _);
        var loadedB = TextKitModel.Load(ml, new MemoryStream(bytesB), out _);
        var probe = ml.Data.LoadFromEnumerable(MixedPipeline.Reviews());
        var outA = EstimatorContract.Tsv(loadedA.Transform(probe), MixedPipeline.OutputColumns);
        var outB = EstimatorContract.Tsv(loadedB.Transform(probe), MixedPipeline.OutputColumns);
        Assert.NotEqual(outA, outB);
        Assert.Equal(EstimatorContract.Tsv(modelA.Transform(probe), MixedPipeline.OutputColumns), outA);
        Assert.Equal(EstimatorContract.Tsv(modelB.Transform(probe), MixedPipeline.OutputColumns), outB);
        var vocabA = TextKitModel.Flatten(loadedA).OfType<ReplaceRareTokensTransformer>().Single().Vocabulary;
        var vocabB = TextKitModel.Flatten(loadedB).OfType<ReplaceRareTokensTransformer>().Single().Vocabulary;
        Assert.NotEqual(vocabA.Count, vocabB.Count);
    }

    [Fact]
    public void PlainMLNetLoad_TextKitFile_FailsWithTextKitErrorNamingTheFix()
    {
        var (model, data, ml) = Fit();
        var bytes = SaveToBytes(ml, model, data.Schema);
        var error = Assert.ThrowsAny<Exception>(() => new MLContext().Model.Load(new MemoryStream(bytes), out _));
        var textKitError = Assert.IsType<TextKitModelException>(error.GetBaseException());
        Assert.Equal("TK120", textKitError.Code);
        Assert.Contains("TextKitModel.Load", textKitError.Message);
    }

    [Fact]
    public void PlainMLNetSave_WithTextKitComponent_FailsWithTextKitErrorNamingTheFix()
    {
        var (model, data, ml) = Fit();
        var error = Assert.ThrowsAny<Exception>(() => ml.Model.Save(model, data.Schema, new MemoryStream()));
        var textKitError = Assert.IsType<TextKitModelException>(error.GetBaseException());
        Assert.Equal("TK121", textKitError.Code);
        Assert.Contains("TextKitModel.Save", textKitError.Message);
    }

    [Fact]
    public void Load_PlainMLNetModel_Works()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(MixedPipeline.Reviews());
        var model = ml.Transforms.Text.FeaturizeText("F", "Text").Fit(data);
        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        var loaded = TextKitModel.Load(new MLContext(2), stream, out _);
        Assert.Equal(EstimatorContract.Tsv(model.Transform(data), "F"), EstimatorContract.Tsv(loaded.Transform(data), "F"));
    }

    [Fact]
    public void Load_TruncatedFile_FailsClearly()
    {
        var (model, data, ml) = Fit();
        var bytes = SaveToBytes(ml, model, data.Schema);
        foreach (int keep in new[] { 0, 10, bytes.Length / 2, bytes.Length - 30 })
        {
            var error = Assert.ThrowsAny<TextKitModelException>(() => TextKitModel.Load(new MLContext(), new MemoryStream(bytes[..keep]), out _));
            Assert.True(error.Code is "TK110", $"keep={keep}: {error.Message}");
            Assert.Contains(keep == 0 ? "empty" : "truncated", error.Message);
        }
    }

    [Fact]
    public void Load_CorruptedComponentFile_FailsWithChecksumError()
    {
        var (model, data, ml) = Fit();
        var bytes = Rewrite(SaveToBytes(ml, model, data.Schema), "textkit/components/000/vocabulary.txt", s => s.Replace("great", "grate"));
        var error = Assert.Throws<TextKitModelException>(() => TextKitModel.Load(new MLContext(), new MemoryStream(bytes), out _));
        Assert.Equal("TK114", error.Code);
        Assert.Contains("vocabulary.txt", error.Message);
        Assert.Contains("SHA-256", error.Message);
    }

    [Fact]
    public void Load_FlippedByteInArchive_FailsWithTextKitError()
    {
        var (model, data, ml) = Fit();
        var bytes = SaveToBytes(ml, model, data.Schema);
        int failures = 0;
        // Flip bytes across the file: every corruption must end in a TextKit error, never a silent success with wrong output
        // or a raw exception from deep inside (a flip in an unused zip field may legitimately go unnoticed).
        var expected = EstimatorContract.Tsv(model.Transform(data), MixedPipeline.OutputColumns);
        for (int offset = 0; offset < bytes.Length; offset += Math.Max(1, bytes.Length / 97))
        {
            var copy = (byte[])bytes.Clone();
            copy[offset] ^= 0x5A;
            try
            {
                var loaded = TextKitModel.Load(new MLContext(), new MemoryStream(copy), out _);
                Assert.Equal(expected, EstimatorContract.Tsv(loaded.Transform(data), MixedPipeline.OutputColumns));
            }
            catch (TextKitModelException)
            {
                failures++;
            }
        }
        Assert.True(failures > 10, $"only {failures} corruptions were detected");
    }

    [Fact]
    public void Load_FutureFormatVersion_FailsNamingBothVersions()
    {
        var (model, data, ml) = Fit();
        var bytes = Rewrite(SaveToBytes(ml, model, data.Schema), TextKitModel.ManifestEntry, s =>
        {
            var json = JsonNode.Parse(s)!;
            json["formatVersion"] = 99;
            return json.ToJsonString();
        });
        var error = Assert.Throws<TextKitModelException>(() => TextKitModel.Load(new MLContext(), new MemoryStream(bytes), out _));
        Assert.Equal("TK112", error.Code);
        Assert.Contains("format 99", error.Message);
        Assert.Contains($"up to {TextKitModel.FormatVersion}", error.Message);
    }

    [Fact]
    public void Load_FutureComponentVersion_FailsNamingComponent()
    {
        var (model, data, ml) = Fit();
        var bytes = Rewrite(SaveToBytes(ml, model, data.Schema), TextKitModel.ManifestEntry, s =>
        {
            var json = JsonNode.Parse(s)!;
            json["components"]![0]!["version"] = 7;
            return json.ToJsonString();
        });
        var error = Assert.Throws<TextKitModelException>(() => TextKitModel.Load(new MLContext(), new MemoryStream(bytes), out _));
        Assert.Equal("TK112", error.Code);
        Assert.Contains("TextKit.ReplaceRareTokens", error.Message);
    }

    [Fact]
    public void Load_UnknownLoaderType_FailsNamingIt()
    {
        var (model, data, ml) = Fit();
        var bytes = Rewrite(SaveToBytes(ml, model, data.Schema), TextKitModel.ManifestEntry, s =>
        {
            var json = JsonNode.Parse(s)!;
            json["components"]![0]!["loader"] = "System.IO.File, System.Private.CoreLib";
            return json.ToJsonString();
        });
        var error = Assert.Throws<TextKitModelException>(() => TextKitModel.Load(new MLContext(), new MemoryStream(bytes), out _));
        Assert.Equal("TK117", error.Code);
    }

    [Fact]
    public void Load_MissingFile_FailsNamingPath()
    {
        var error = Assert.Throws<TextKitModelException>(() => TextKitModel.Load(new MLContext(), "/nonexistent/model.zip", out _));
        Assert.Equal("TK100", error.Code);
        Assert.Contains("/nonexistent/model.zip", error.Message);
    }

    [Fact]
    public void Load_NotAZip_FailsClearly()
    {
        var error = Assert.Throws<TextKitModelException>(() => TextKitModel.Load(new MLContext(), new MemoryStream(Encoding.UTF8.GetBytes("hello, I am not a model")), out _));
        Assert.Equal("TK110", error.Code);
    }

    [Fact]
    public void Save_SingleComponent_LoadsBackAsThatComponent()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(new[] { new Tokens { Words = ["a", "a", "b"] } });
        var transformer = ml.TextKit().Transforms.ReplaceRareTokens("Out", "Words").Fit(data);
        using var stream = new MemoryStream();
        TextKitModel.Save(ml, transformer, data.Schema, stream);
        stream.Position = 0;
        var loaded = TextKitModel.Load(new MLContext(2), stream, out _);
        var component = Assert.IsType<ReplaceRareTokensTransformer>(loaded);
        Assert.Equal(["a"], component.Vocabulary.Types);
    }

    public sealed class Tokens
    {
        public string[] Words { get; set; } = [];
    }

    internal static byte[] Rewrite(byte[] zipBytes, string entryName, Func<string, string> change)
    {
        using var stream = new MemoryStream();
        stream.Write(zipBytes);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.GetEntry(entryName) ?? throw new InvalidOperationException($"no entry {entryName}");
            string text;
            using (var reader = new StreamReader(entry.Open()))
                text = reader.ReadToEnd();
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry(entryName).Open());
            writer.Write(change(text));
        }
        return stream.ToArray();
    }
}
