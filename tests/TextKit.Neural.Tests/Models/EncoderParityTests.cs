using TextKit.Neural.Models;
using TextKit.Neural.Modules;
using TextKit.Neural.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace TextKit.Neural.Tests.Models;

/// <summary>Numeric parity with HF transformers on the tiny reference checkpoints (max |diff| ≤ 1e-4).</summary>
public class EncoderParityTests
{
    private const double Tolerance = 1e-4;

    [Theory]
    [InlineData("bert-seqcls")]
    [InlineData("bert-tokcls")]
    [InlineData("bert-mlm")]
    public void Bert_LogitsHiddenStatesAttentions_MatchTransformers(string fixture)
    {
        var inputs = Fixtures.Inputs(fixture);
        var reference = Fixtures.Reference(fixture);
        using var model = TransformerModels.Load(Fixtures.Folder(fixture));
        using var ids = Fixtures.Ids(inputs["input_ids"]);
        using var mask = Fixtures.Ids(inputs["attention_mask"]);
        using var types = Fixtures.Ids(inputs["token_type_ids"]);
        using var trace = new ForwardTrace { HiddenStates = true, Attentions = true };
        using var grad = torch.no_grad();
        using var output = model.call(new ModelInput { InputIds = ids, AttentionMask = mask, TokenTypeIds = types, Trace = trace });
        Fixtures.AssertClose(reference["logits"], output.Logits!, Tolerance, "logits");
        Fixtures.AssertClose(reference["last_hidden_state"], output.LastHiddenState!, Tolerance, "last_hidden_state");
        Fixtures.AssertClose(reference["embedding_output"], trace.CollectedHiddenStates[0], Tolerance, "embedding_output");
        Fixtures.AssertClose(reference["last_hidden_state"], trace.CollectedHiddenStates[^1], Tolerance, "hidden_states[-1]");
        Fixtures.AssertClose(reference["attentions_layer0"], trace.CollectedAttentions[0], Tolerance, "attentions_layer0");
        if (fixture == "bert-seqcls")
            Fixtures.AssertClose(reference["pooler_output"], output.PoolerOutput!, Tolerance, "pooler_output");

        using var pairIds = Fixtures.Ids(inputs["pairs_input_ids"]);
        using var pairMask = Fixtures.Ids(inputs["pairs_attention_mask"]);
        using var pairTypes = Fixtures.Ids(inputs["pairs_token_type_ids"]);
        using var pairs = model.call(new ModelInput { InputIds = pairIds, AttentionMask = pairMask, TokenTypeIds = pairTypes });
        Fixtures.AssertClose(reference["pairs_logits"], pairs.Logits!, Tolerance, "pairs_logits");
    }

    [Fact]
    public void BertMlm_MaskedInput_MatchesTransformers()
    {
        var inputs = Fixtures.Inputs("bert-mlm");
        var masked = Fixtures.Reference("bert-mlm", "masked.safetensors");
        using var model = TransformerModels.Load(Fixtures.Folder("bert-mlm"));
        using var mask = Fixtures.Ids(inputs["attention_mask"]);
        using var grad = torch.no_grad();
        using var output = model.call(new ModelInput { InputIds = masked["masked_input_ids"], AttentionMask = mask });
        Fixtures.AssertClose(masked["masked_logits"], output.Logits!, Tolerance, "masked_logits");
    }

    [Theory]
    [InlineData("roberta-seqcls")]
    [InlineData("electra-seqcls")]
    [InlineData("distilbert-seqcls")]
    public void OtherEncoders_LogitsAndLastHiddenState_MatchTransformers(string fixture)
    {
        var inputs = Fixtures.Inputs(fixture);
        var reference = Fixtures.Reference(fixture);
        using var model = TransformerModels.Load(Fixtures.Folder(fixture));
        using var ids = Fixtures.Ids(inputs["input_ids"]);
        using var mask = Fixtures.Ids(inputs["attention_mask"]);
        using var types = inputs["token_type_ids"] is null ? null : Fixtures.Ids(inputs["token_type_ids"]);
        using var grad = torch.no_grad();
        using var output = model.call(new ModelInput { InputIds = ids, AttentionMask = mask, TokenTypeIds = types });
        Fixtures.AssertClose(reference["logits"], output.Logits!, Tolerance, "logits");
        Fixtures.AssertClose(reference["last_hidden_state"], output.LastHiddenState!, Tolerance, "last_hidden_state");
    }

    [Fact]
    public void BertSeqcls_MaskAwareMeanPooling_MatchesReference()
    {
        var inputs = Fixtures.Inputs("bert-seqcls");
        var reference = Fixtures.Reference("bert-seqcls");
        using var model = TransformerModels.Load(Fixtures.Folder("bert-seqcls"), new LoadOptions { Task = ModelTask.Base });
        using var ids = Fixtures.Ids(inputs["input_ids"]);
        using var mask = Fixtures.Ids(inputs["attention_mask"]);
        using var grad = torch.no_grad();
        using var hidden = model.Encode(new ModelInput { InputIds = ids, AttentionMask = mask });
        using var m = mask.unsqueeze(-1).to_type(ScalarType.Float32);
        using var pooled = (hidden * m).sum(1) / m.sum(1);
        Fixtures.AssertClose(reference["mean_pooled"], pooled, Tolerance, "mean_pooled");
    }
}
