using TorchSharp;
using static TorchSharp.torch;

namespace TextKit.Neural.Modules;

/// <summary>Additive attention masks: 0 where attention is allowed, the most negative float where it is not (as HF does).</summary>
public static class AttentionMasks
{
    /// <summary>The value HF adds to masked scores (<c>torch.finfo(float32).min</c>).</summary>
    public const float MaskValue = float.MinValue;

    /// <summary>
    /// Padding mask [batch, 1, 1, keys] from a 0/1 mask [batch, keys]; null in, null out.
    /// </summary>
    public static Tensor? Padding(Tensor? attentionMask, ScalarType dtype = ScalarType.Float32)
    {
        if (attentionMask is null)
            return null;
        // An all-ones mask masks nothing: dropping it lets the fused attention kernel take its unmasked path.
        using (var smallest = attentionMask.min())
        {
            if (smallest.ToDouble() >= 1)
                return null;
        }
        using var m = attentionMask.to_type(dtype);
        using var inverted = 1.0f - m;
        using var expanded = inverted.unsqueeze(1).unsqueeze(1);
        return expanded * MaskValue;
    }

    /// <summary>Causal mask [1, 1, queries, keys] for queries at positions <c>keys - queries .. keys - 1</c> (KV cache aware).</summary>
    public static Tensor Causal(long queries, long keys, Device? device = null)
    {
        using var allowed = torch.ones(queries, keys, dtype: ScalarType.Bool, device: device).tril(keys - queries);
        using var zeros = torch.zeros(queries, keys, device: device);
        using var masked = zeros.masked_fill(allowed.logical_not(), MaskValue);
        return masked.unsqueeze(0).unsqueeze(0);
    }

    /// <summary>Combines two additive masks (either may be null) without overflowing to -inf.</summary>
    public static Tensor? Combine(Tensor? a, Tensor? b)
    {
        if (a is null)
            return b?.alias();
        if (b is null)
            return a.alias();
        using var sum = a + b;
        return sum.clamp_min(MaskValue);
    }
}
