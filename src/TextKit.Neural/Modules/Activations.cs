using TorchSharp;
using static TorchSharp.torch;

namespace TextKit.Neural.Modules;

/// <summary>The activation functions HF configs name (<c>hidden_act</c>, <c>activation_function</c>, <c>dense_act_fn</c>).</summary>
public static class Activations
{
    /// <summary>Names accepted by <see cref="Get"/>.</summary>
    public static IReadOnlyList<string> Supported { get; } = ["gelu", "gelu_new", "gelu_pytorch_tanh", "gelu_fast", "relu", "silu", "swish", "tanh", "quick_gelu"];

    /// <summary>
    /// Returns the function for <paramref name="name"/>: "gelu" is the exact erf form; "gelu_new" and
    /// "gelu_pytorch_tanh" are the tanh approximation (HF NewGELUActivation, Hendrycks &amp; Gimpel 2016);
    /// unknown names fail with TK313.
    /// </summary>
    public static Func<Tensor, Tensor> Get(string name, string source) => name switch
    {
        "gelu" => x => nn.functional.gelu(x),
        "gelu_new" or "gelu_pytorch_tanh" or "gelu_fast" => x => nn.functional.gelu(x, TorchSharp.Modules.GELU.Approximate.tanh),
        "relu" => x => nn.functional.relu(x),
        "silu" or "swish" => x => nn.functional.silu(x),
        "tanh" => x => x.tanh(),
        "quick_gelu" => x => x * (x * 1.702).sigmoid(),
        _ => throw new TextKitModelException("TK313", $"{source}: activation '{name}' is not supported (supported: {string.Join(", ", Supported)})."),
    };
}
