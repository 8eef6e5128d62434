using System.Text.Json.Nodes;
using TextKit.Neural.Checkpoints;
using TextKit.Neural.Models;
using TextKit.Neural.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace TextKit.Neural.Tests.Checkpoints;

public class CheckpointLoadingTests
{
    /// <summary>Copies a fixture folder to a temp folder, optionally editing config.json and the weights.</summary>
    private static string CopyFixture(string name, Action<JsonObject>? editConfig = null, Func<Dictionary<string, Tensor>, Dictionary<string, Tensor>>? editWeights = null)
    {
        var target = Fixtures.TempFolder();
        foreach (var file in Directory.GetFiles(Fixtures.Folder(name)))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        if (editConfig is not null)
        {
            var config = (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(target, "config.json")))!;
            editConfig(config);
            File.WriteAllText(Path.Combine(target, "config.json"), config.ToJsonString());
        }
        if (editWeights is not null)
        {
            var path = Path.Combine(target, "model.safetensors");
            var weights = editWeights(SafeTensors.Load(path));
            SafeTensors.Save(path, weights);
        }
        return target;
    }

    private static Tensor Logits(TransformerModel model, string fixture)
    {
        var inputs = Fixtures.Inputs(fixture);
        using var ids = Fixtures.Ids(inputs["input_ids"]);
        using var mask = Fixtures.Ids(inputs["attention_mask"]);
        using var grad = torch.no_grad();
        using var output = model.call(new ModelInput { InputIds = ids, AttentionMask = mask });
        return output.Logits!.alias();
    }

    [Fact]
    public void Load_NumLabelsOverride_ReachesTheTypedConfig()
    {
        // The override must read back as an integer (it once failed with TK311 "num_labels must be an integer, got 3").
        using var model = TransformerModels.Load(Fixtures.Folder("bert-seqcls"), new LoadOptions { NumLabels = 3 });
        Assert.Equal(3, model.Config.GetInt("num_labels"));
    }

    [Fact]
    public void Load_MissingFolder_TK310()
        => Assert.Equal("TK310", Assert.Throws<TextKitModelException>(() => TransformerModels.Load("/nonexistent/model")).Code);

    [Fact]
    public void Load_NoConfig_TK310()
    {
        var folder = CopyFixture("bert-seqcls");
        File.Delete(Path.Combine(folder, "config.json"));
        var e = Assert.Throws<TextKitModelException>(() => TransformerModels.Load(folder));
        Assert.Equal("TK310", e.Code);
        Assert.Contains("config.json", e.Message);
    }

    [Fact]
    public void Load_NoWeights_TK310()
    {
        var folder = CopyFixture("bert-seqcls");
        File.Delete(Path.Combine(folder, "model.safetensors"));
        Assert.Equal("TK310", Assert.Throws<TextKitModelException>(() => TransformerModels.Load(folder)).Code);
    }

    [Fact]
    public void Load_PickleOnly_TK323SaysHowToConvert()
    {
        var folder = CopyFixture("bert-seqcls");
        File.Move(Path.Combine(folder, "model.safetensors"), Path.Combine(folder, "pytorch_model.bin"));
        var e = Assert.Throws<TextKitModelException>(() => TransformerModels.Load(folder));
        Assert.Equal("TK323", e.Code);
        Assert.Contains("safetensors", e.Message);
    }

    [Fact]
    public void Load_UnknownModelType_TK312()
    {
        var folder = CopyFixture("bert-seqcls", c => c["model_type"] = "llama");
        var e = Assert.Throws<TextKitModelException>(() => TransformerModels.Load(folder));
        Assert.Equal("TK312", e.Code);
        Assert.Contains("llama", e.Message);
    }

    [Fact]
    public void Load_MalformedConfig_TK311()
    {
        var folder = CopyFixture("bert-seqcls");
        File.WriteAllText(Path.Combine(folder, "config.json"), "{ \"model_type\": \"bert\", ");
        Assert.Equal("TK311", Assert.Throws<TextKitModelException>(() => TransformerModels.Load(folder)).Code);
    }

    [Fact]
    public void Load_MissingConfigField_TK311NamesIt()
    {
        var folder = CopyFixture("bert-seqcls", c => c.Remove("hidden_size"));
        var e = Assert.Throws<TextKitModelException>(() => TransformerModels.Load(folder));
        Assert.Equal("TK311", e.Code);
        Assert.Contains("hidden_size", e.Message);
    }

    [Theory]
    [InlineData("position_embedding_type", "relative_key")]
    [InlineData("hidden_act", "mish_variant")]
    public void Load_UnsupportedOption_TK313(string field, string value)
    {
        var folder = CopyFixture("bert-seqcls", c => c[field] = value);
        var e = Assert.Throws<TextKitModelException>(() => TransformerModels.Load(folder));
        Assert.Equal("TK313", e.Code);
        Assert.Contains(value, e.Message);
    }

    [Fact]
    public void Load_ConfigDisagreesWithWeights_TK331NamesTensorAndShapes()
    {
        var folder = CopyFixture("bert-seqcls", c => c["intermediate_size"] = 96);
        var e = Assert.Throws<TextKitModelException>(() => TransformerModels.Load(folder));
        Assert.Equal("TK331", e.Code);
        Assert.Contains("96", e.Message);
    }

    [Fact]
    public void Load_MissingAndUnexpectedKeys_StrictTK330ListsThem()
    {
        var folder = CopyFixture("bert-seqcls", editWeights: w =>
        {
            w.Remove("classifier.weight");
            w["some.extra.weight"] = torch.zeros(2);
            return w;
        });
        var e = Assert.Throws<TextKitModelException>(() => TransformerModels.Load(folder));
        Assert.Equal("TK330", e.Code);
        Assert.Contains("classifier.weight", e.Message);
        Assert.Contains("some.extra.weight", e.Message);
    }

    [Fact]
    public void Load_NotStrict_InitialisesMissingAndReportsUnexpected()
    {
        var folder = CopyFixture("bert-seqcls", editWeights: w =>
        {
            w.Remove("classifier.weight");
            w["some.extra.weight"] = torch.zeros(2);
            return w;
        });
        using var model = TransformerModels.Load(folder, new LoadOptions { Strict = false, Seed = 1 }, out var report);
        Assert.Equal(["classifier.weight"], report.MissingKeys);
        Assert.Equal(["some.extra.weight"], report.UnexpectedKeys);
        using var w = model.state_dict()["classifier.weight"];
        Assert.True(w.std().ToDouble() is > 0.2 and < 0.9, "classifier.weight ~ normal(0, initializer_range=0.5)");
    }

    [Fact]
    public void Load_LegacyGammaBetaAndNoPrefix_NormalisedToSameLogits()
    {
        using var reference = TransformerModels.Load(Fixtures.Folder("bert-seqcls"));
        using var expected = Logits(reference, "bert-seqcls");
        var folder = CopyFixture("bert-seqcls", editWeights: w => w.ToDictionary(
            kv => (kv.Key.StartsWith("bert.") ? kv.Key[5..] : kv.Key).Replace("LayerNorm.weight", "LayerNorm.gamma").Replace("LayerNorm.bias", "LayerNorm.beta"),
            kv => kv.Value));
        using var model = TransformerModels.Load(folder, null, out var report);
        Assert.Contains("embeddings.LayerNorm.gamma", report.RenamedKeys.Keys);
        Assert.Equal("bert.embeddings.LayerNorm.weight", report.RenamedKeys["embeddings.LayerNorm.gamma"]);
        using var actual = Logits(model, "bert-seqcls");
        Assert.Equal(0, Fixtures.MaxAbsDiff(actual, expected));
    }

    [Fact]
    public void Load_Fp16AndBf16Checkpoints_ConvertedToFloat32()
    {
        using var reference = TransformerModels.Load(Fixtures.Folder("bert-seqcls"));
        using var expected = Logits(reference, "bert-seqcls");
        foreach (var type in new[] { ScalarType.Float16, ScalarType.BFloat16 })
        {
            var folder = CopyFixture("bert-seqcls", editWeights: w => w.ToDictionary(kv => kv.Key, kv => kv.Value.to_type(type)));
            using var model = TransformerModels.Load(folder, null, out var report);
            Assert.Equal(type == ScalarType.Float16 ? "F16" : "BF16", Assert.Single(report.SourceDTypes));
            Assert.All(model.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
            using var actual = Logits(model, "bert-seqcls");
            double diff = Fixtures.MaxAbsDiff(actual, expected);
            Assert.True(diff > 0 && diff < 1.0, $"half-precision weights give close but not identical logits (diff {diff})");
        }
    }

    [Fact]
    public void Load_TiedDecoderStoredExplicitly_Accepted()
    {
        // Older BERT MLM checkpoints store cls.predictions.decoder.{weight,bias} although they are tied.
        var folder = CopyFixture("bert-mlm", editWeights: w =>
        {
            w["cls.predictions.decoder.weight"] = w["bert.embeddings.word_embeddings.weight"].clone();
            w["cls.predictions.decoder.bias"] = w["cls.predictions.bias"].clone();
            w["bert.embeddings.position_ids"] = torch.arange(128).unsqueeze(0);
            return w;
        });
        using var model = TransformerModels.Load(folder, null, out var report);
        Assert.Contains("cls.predictions.decoder.weight", report.IgnoredKeys);
        Assert.Contains("bert.embeddings.position_ids", report.IgnoredKeys);
    }

    [Fact]
    public void Load_BaseTaskFromClassifierCheckpoint_IgnoresHead()
    {
        using var model = TransformerModels.Load(Fixtures.Folder("bert-seqcls"), new LoadOptions { Task = ModelTask.Base }, out var report);
        Assert.Equal(ModelTask.Base, model.Task);
        Assert.Contains("classifier.weight", report.IgnoredKeys);
        Assert.Empty(report.MissingKeys);
    }

    [Theory]
    [InlineData("bert-seqcls")]
    [InlineData("bert-mlm")]
    [InlineData("roberta-seqcls")]
    [InlineData("electra-seqcls")]
    [InlineData("distilbert-seqcls")]
    [InlineData("gpt2-lm")]
    [InlineData("t5-tiny")]
    public void Save_HfLayout_SameKeysAsTransformersAndReloadsIdentically(string fixture)
    {
        using var model = TransformerModels.Load(Fixtures.Folder(fixture));
        var folder = Fixtures.TempFolder();
        CheckpointWriter.Save(model, folder, Fixtures.Folder(fixture));
        var original = SafeTensors.ReadHeader(Path.Combine(Fixtures.Folder(fixture), "model.safetensors")).Tensors.Select(t => t.Name).OrderBy(n => n);
        var saved = SafeTensors.ReadHeader(Path.Combine(folder, "model.safetensors")).Tensors.Select(t => t.Name).OrderBy(n => n);
        Assert.Equal(original, saved);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "config.json")))!;
        Assert.Equal(model.Config.Architecture, config["architectures"]![0]!.GetValue<string>());
        foreach (var file in new[] { "vocab.txt", "vocab.json", "merges.txt", "tokenizer_config.json" })
            Assert.Equal(File.Exists(Path.Combine(Fixtures.Folder(fixture), file)), File.Exists(Path.Combine(folder, file)));
        using var reloaded = TransformerModels.Load(folder);
        var a = model.state_dict();
        foreach (var (key, value) in reloaded.state_dict())
            Assert.Equal(0, Fixtures.MaxAbsDiff(value, a[key]));
    }

    [Fact]
    public void MlmCheckpoint_AsBaseModel_NeedsPoolerOptional_ThenMatchesTheMlmEncoder()
    {
        // HF BertForMaskedLM checkpoints have no pooler: a strict Base load fails on exactly those keys, and
        // PoolerOptional (used by the embedding transform, which never reads the pooler) initialises them instead.
        var folder = Fixtures.Folder("bert-mlm");
        var error = Assert.Throws<TextKitModelException>(() => TransformerModels.Load(folder, new LoadOptions { Task = ModelTask.Base }));
        Assert.Equal("TK330", error.Code);
        Assert.Contains("pooler", error.Message);
        using var baseModel = TransformerModels.Load(folder, new LoadOptions { Task = ModelTask.Base, PoolerOptional = true }, out var report);
        Assert.All(report.MissingKeys, k => Assert.Contains(".pooler.", k));
        Assert.NotEmpty(report.MissingKeys);
        using var mlm = TransformerModels.Load(folder);
        using var ids = torch.tensor(new long[] { 2, 10, 11, 12, 3 }, [1, 5]);
        using var a = baseModel.Encode(new ModelInput { InputIds = ids });
        using var b = mlm.Encode(new ModelInput { InputIds = ids });
        Assert.True(a.allclose(b, rtol: 0, atol: 0));
    }
}
