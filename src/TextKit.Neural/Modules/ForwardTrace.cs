using static TorchSharp.torch;

namespace TextKit.Neural.Modules;

/// <summary>
/// Optional collector of intermediate outputs (HF <c>output_hidden_states</c> / <c>output_attentions</c>): hidden
/// states after the embeddings and after every layer, and attention probabilities of every layer. The collected
/// tensors belong to no dispose scope; dispose the trace to free them.
/// </summary>
public sealed class ForwardTrace : IDisposable
{
    /// <summary>Collect hidden states.</summary>
    public bool HiddenStates { get; init; }

    /// <summary>Collect attention probabilities (forces the eager attention path).</summary>
    public bool Attentions { get; init; }

    /// <summary>Embedding output, then each layer's output.</summary>
    public List<Tensor> CollectedHiddenStates { get; } = [];

    /// <summary>Attention probabilities [B, H, T, T] per layer.</summary>
    public List<Tensor> CollectedAttentions { get; } = [];

    internal void AddHidden(Tensor t)
    {
        if (HiddenStates)
            CollectedHiddenStates.Add(t.detach().DetachFromDisposeScope());
    }

    internal void AddAttention(Tensor? t)
    {
        if (Attentions && t is not null)
            CollectedAttentions.Add(t.detach().DetachFromDisposeScope());
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in CollectedHiddenStates)
            t.Dispose();
        foreach (var t in CollectedAttentions)
            t.Dispose();
        CollectedHiddenStates.Clear();
        CollectedAttentions.Clear();
    }
}
