using TorchSharp;
using static TorchSharp.torch;

namespace TextKit.Neural.Training;

/// <summary>The losses HF task heads use.</summary>
public static class Losses
{
    /// <summary>Mean cross-entropy of logits [N, C] (or [B, T, C], flattened) against int64 labels; -100 is ignored (HF convention).</summary>
    public static Tensor CrossEntropy(Tensor logits, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var flat = logits.dim() > 2 ? logits.reshape(-1, logits.shape[^1]) : logits;
        var targets = labels.reshape(-1).to_type(ScalarType.Int64);
        return nn.functional.cross_entropy(flat, targets, ignore_index: -100).MoveToOuterDisposeScope();
    }
}
