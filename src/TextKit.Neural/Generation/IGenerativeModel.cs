using static TorchSharp.torch;

namespace TextKit.Neural.Generation;

/// <summary>
/// Decoding state of a generative model: the logits for the next token of every sequence in the batch plus whatever
/// the model caches (keys/values of past tokens). Owned by the caller.
/// </summary>
public abstract class GenerationState : IDisposable
{
    /// <summary>Logits for the next token, [batch, vocab].</summary>
    public Tensor NextLogits { get; protected set; } = null!;

    /// <summary>Frees cached tensors.</summary>
    public abstract void Dispose();
}

/// <summary>A model that <see cref="TextGenerator"/> can decode: GPT-2 (decoder-only) and T5 (encoder-decoder).</summary>
public interface IGenerativeModel
{
    /// <summary>Rows of the output vocabulary.</summary>
    int VocabSize { get; }

    /// <summary>End-of-sequence id from config.json, if any.</summary>
    int? EosTokenId { get; }

    /// <summary>Whether the returned sequences start with the prompt (decoder-only) or with the decoder start token (encoder-decoder).</summary>
    bool IsEncoderDecoder { get; }

    /// <summary>First token(s) of the output sequence: the prompt for decoder-only, [decoder_start_token_id] for encoder-decoder.</summary>
    Tensor InitialOutput(Tensor inputIds);

    /// <summary>Runs the prompt (with a 0/1 mask for left padding) and returns the state with the first next-token logits.</summary>
    GenerationState Begin(Tensor inputIds, Tensor? attentionMask);

    /// <summary>Feeds one chosen token per row ([batch] int64) and updates <see cref="GenerationState.NextLogits"/>.</summary>
    void Advance(GenerationState state, Tensor nextTokens);

    /// <summary>Reorders (and replicates) the batch rows of the state by <paramref name="rows"/> (beam search).</summary>
    void Reorder(GenerationState state, Tensor rows);
}
