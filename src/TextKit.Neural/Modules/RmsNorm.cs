using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace TextKit.Neural.Modules;

/// <summary>
/// Root-mean-square layer norm without mean subtraction or bias (Zhang &amp; Sennrich 2019; HF <c>T5LayerNorm</c>):
/// y = w · x / sqrt(mean(x²) + eps), with the variance computed in float32.
/// </summary>
public sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "weight")]
    private readonly Parameter _weight;
    private readonly double _eps;

    /// <summary>Creates the norm over the last dimension of size <paramref name="size"/>.</summary>
    public RmsNorm(long size, double eps) : base(nameof(RmsNorm))
    {
        _weight = new Parameter(torch.ones(size));
        _eps = eps;
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var variance = x.to_type(ScalarType.Float32).pow(2).mean([-1L], keepdim: true);
        var normalized = x * torch.rsqrt(variance + _eps);
        return (_weight * normalized.to_type(_weight.dtype)).MoveToOuterDisposeScope();
    }
}
