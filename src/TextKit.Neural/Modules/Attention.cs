using TorchSharp;
using static TorchSharp.torch;

namespace TextKit.Neural.Modules;

/// <summary>
/// Scaled dot-product attention over [batch, heads, tokens, head_dim] tensors (Vaswani et al. 2017). Uses libtorch's
/// fused kernel unless the attention probabilities are needed (then the eager softmax path, identical to HF "eager").
/// </summary>
public static class Attention
{
    /// <summary>
    /// softmax(q·kᵀ·scale + mask)·v. <paramref name="mask"/> is additive and broadcastable to [B, H, Tq, Tk].
    /// When <paramref name="probabilities"/> is requested the eager path runs and returns them.
    /// </summary>
    public static Tensor Compute(Tensor q, Tensor k, Tensor v, Tensor? mask, double scale, double dropout, bool training, bool wantProbabilities, out Tensor? probabilities)
    {
        double headScale = 1.0 / Math.Sqrt(q.shape[^1]);
        bool fusedScaleMatches = Math.Abs(scale - headScale) < 1e-12 * headScale;
        if (!wantProbabilities && fusedScaleMatches)
        {
            probabilities = null;
            return nn.functional.scaled_dot_product_attention(q, k, v, mask, training ? dropout : 0.0);
        }
        using var scope = NewDisposeScope();
        var scores = torch.matmul(q, k.transpose(-1, -2));
        if (scale != 1.0)
            scores = scores * scale;
        if (mask is not null)
            scores = scores + mask;
        var probs = nn.functional.softmax(scores, -1);
        var attended = training && dropout > 0 ? nn.functional.dropout(probs, dropout, true) : probs;
        var context = torch.matmul(attended, v);
        probabilities = wantProbabilities ? probs.MoveToOuterDisposeScope() : null;
        return context.MoveToOuterDisposeScope();
    }

    /// <summary>[B, T, H*D] → [B, H, T, D].</summary>
    public static Tensor SplitHeads(Tensor x, long heads)
    {
        var (b, t, hd) = (x.shape[0], x.shape[1], x.shape[2]);
        using var view = x.view(b, t, heads, hd / heads);
        return view.transpose(1, 2);
    }

    /// <summary>[B, H, T, D] → [B, T, H*D].</summary>
    public static Tensor MergeHeads(Tensor x)
    {
        var (b, h, t, d) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);
        using var transposed = x.transpose(1, 2);
        return transposed.reshape(b, t, h * d);
    }
}
