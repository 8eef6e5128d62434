using TextKit.Neural.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace TextKit.Neural.Models;

/// <summary>What a model computes on top of its base network (the HF "ForXxx" class).</summary>
public enum ModelTask
{
    /// <summary>The base network only (BertModel, GPT2Model, T5Model encoder): hidden states.</summary>
    Base,

    /// <summary>One label per sequence (…ForSequenceClassification).</summary>
    SequenceClassification,

    /// <summary>One label per token (…ForTokenClassification).</summary>
    TokenClassification,

    /// <summary>Masked-token prediction (…ForMaskedLM).</summary>
    MaskedLM,

    /// <summary>Next-token prediction (GPT2LMHeadModel).</summary>
    CausalLM,

    /// <summary>Encoder-decoder generation (T5ForConditionalGeneration).</summary>
    Seq2SeqLM,
}

/// <summary>
/// A batch of model inputs, laid out as HF models take them: int64 [batch, tokens] ids, 0/1 attention mask, token
/// type ids; for encoder-decoders also decoder ids. Tensors are borrowed, not owned.
/// </summary>
public sealed class ModelInput
{
    /// <summary>Token ids [batch, tokens] (int64).</summary>
    public required Tensor InputIds { get; init; }

    /// <summary>1 for real tokens, 0 for padding [batch, tokens]; null = all ones.</summary>
    public Tensor? AttentionMask { get; init; }

    /// <summary>Segment ids [batch, tokens]; null = all zeros.</summary>
    public Tensor? TokenTypeIds { get; init; }

    /// <summary>Decoder input ids [batch, target tokens] (encoder-decoder models).</summary>
    public Tensor? DecoderInputIds { get; init; }

    /// <summary>Decoder attention mask; null = all ones (causal masking is always applied).</summary>
    public Tensor? DecoderAttentionMask { get; init; }

    /// <summary>Collects hidden states and/or attention probabilities; null = none.</summary>
    public ForwardTrace? Trace { get; init; }

    /// <summary>
    /// Masked-LM only: int64 indices into the flattened [batch × tokens] positions where logits are wanted; the
    /// BERT-family heads then return logits [positions, vocab] instead of [batch, tokens, vocab]. Pre-training uses
    /// it to run the vocabulary projection on the ~15% masked positions only (the projection is the largest matrix
    /// of a small BERT). Null = every position.
    /// </summary>
    public Tensor? MaskedPositions { get; init; }

    /// <summary>The rows of <paramref name="sequence"/> [batch, tokens, hidden] that the masked-LM head should score.</summary>
    internal Tensor MaskedLmRows(Tensor sequence)
        => MaskedPositions is { } positions ? sequence.reshape(-1, sequence.shape[^1]).index_select(0, positions) : sequence;
}

/// <summary>Model outputs. Owned by the caller: dispose to free them.</summary>
public sealed class ModelOutput : IDisposable
{
    /// <summary>Task logits: [B, labels], [B, T, labels] or [B, T, vocab]; null for <see cref="ModelTask.Base"/>.</summary>
    public Tensor? Logits { get; init; }

    /// <summary>Final hidden states [B, T, hidden] (decoder side for encoder-decoders).</summary>
    public Tensor? LastHiddenState { get; init; }

    /// <summary>BERT-style pooled first token (dense + tanh), where the model has a pooler.</summary>
    public Tensor? PoolerOutput { get; init; }

    /// <summary>Encoder final hidden states of an encoder-decoder.</summary>
    public Tensor? EncoderLastHiddenState { get; init; }

    /// <inheritdoc />
    public void Dispose()
    {
        Logits?.Dispose();
        LastHiddenState?.Dispose();
        PoolerOutput?.Dispose();
        EncoderLastHiddenState?.Dispose();
    }
}
