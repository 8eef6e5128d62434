using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace TextKit.Neural.Modules;

/// <summary>
/// GPT-2's "Conv1D": a linear layer whose weight is stored transposed, [in, out] (HF <c>pytorch_utils.Conv1D</c>), so
/// that GPT-2 checkpoints load without reshaping. y = x·W + b.
/// </summary>
public sealed class Conv1D : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "weight")]
    private readonly Parameter _weight;

    [ComponentName(Name = "bias")]
    private readonly Parameter _bias;

    /// <summary>Creates the layer with HF's initialisation (normal, std 0.02; zero bias).</summary>
    public Conv1D(long outputFeatures, long inputFeatures, double initStd = 0.02) : base(nameof(Conv1D))
    {
        _weight = new Parameter(torch.empty(inputFeatures, outputFeatures));
        _bias = new Parameter(torch.zeros(outputFeatures));
        using (torch.no_grad())
            _weight.normal_(0, initStd);
        RegisterComponents();
    }

    /// <summary>The [in, out] weight.</summary>
    public Parameter Weight => _weight;

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        var shape = x.shape;
        using var flat = x.reshape(-1, shape[^1]);
        using var y = torch.addmm(_bias, flat, _weight, 1, 1);
        var outShape = shape.ToArray();
        outShape[^1] = _weight.shape[1];
        return y.view(outShape);
    }
}
