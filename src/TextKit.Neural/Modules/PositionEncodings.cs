using TorchSharp;
using static TorchSharp.torch;

namespace TextKit.Neural.Modules;

/// <summary>Position encodings that are computed rather than learned.</summary>
public static class PositionEncodings
{
    /// <summary>
    /// Fixed sinusoidal table [positions, dim] (Vaswani et al. 2017, §3.5), laid out as HF
    /// <c>create_sinusoidal_embeddings</c> does: even columns sin, odd columns cos.
    /// </summary>
    public static Tensor Sinusoidal(int positions, int dim)
    {
        var table = new float[positions * dim];
        for (int pos = 0; pos < positions; pos++)
        {
            for (int j = 0; j < dim; j++)
            {
                double angle = pos / Math.Pow(10000, 2 * (j / 2) / (double)dim);
                table[pos * dim + j] = (float)(j % 2 == 0 ? Math.Sin(angle) : Math.Cos(angle));
            }
        }
        return torch.tensor(table, [positions, dim]);
    }

    /// <summary>
    /// RoBERTa position ids: padding tokens get <paramref name="paddingIdx"/>, other tokens count up from
    /// <c>paddingIdx + 1</c> (HF <c>create_position_ids_from_input_ids</c>), offset by <paramref name="pastLength"/>.
    /// </summary>
    public static Tensor RobertaPositionIds(Tensor inputIds, long paddingIdx, long pastLength = 0)
    {
        using var scope = NewDisposeScope();
        var mask = inputIds.ne(paddingIdx).to_type(ScalarType.Int64);
        var incremental = (torch.cumsum(mask, 1) + pastLength) * mask;
        return (incremental + paddingIdx).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// T5 relative position bucket (Raffel et al. 2020; HF <c>T5Attention._relative_position_bucket</c>): half the
    /// buckets for exact small distances, the rest logarithmic up to <paramref name="maxDistance"/>.
    /// </summary>
    public static Tensor RelativePositionBucket(Tensor relativePosition, bool bidirectional, int numBuckets, int maxDistance)
    {
        using var scope = NewDisposeScope();
        var buckets = torch.zeros_like(relativePosition);
        Tensor rel;
        if (bidirectional)
        {
            numBuckets /= 2;
            buckets = buckets + relativePosition.gt(0).to_type(ScalarType.Int64) * numBuckets;
            rel = relativePosition.abs();
        }
        else
        {
            rel = -torch.minimum(relativePosition, torch.zeros_like(relativePosition));
        }
        int maxExact = numBuckets / 2;
        var isSmall = rel.lt(maxExact);
        var relFloat = rel.to_type(ScalarType.Float32);
        var large = (relFloat / maxExact).log() / Math.Log(maxDistance / (double)maxExact) * (numBuckets - maxExact);
        var ifLarge = large.to_type(ScalarType.Int64) + maxExact;
        ifLarge = torch.minimum(ifLarge, torch.full_like(ifLarge, numBuckets - 1));
        buckets = buckets + torch.where(isSmall, rel, ifLarge);
        return buckets.MoveToOuterDisposeScope();
    }
}
