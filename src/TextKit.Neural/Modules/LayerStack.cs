using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace TextKit.Neural.Modules;

/// <summary>One layer of an encoder stack: hidden states and attention mask in, hidden states out.</summary>
public interface IEncoderLayer
{
    /// <summary>The layer's output; attention weights go to <paramref name="trace"/> when it asks for them.</summary>
    Tensor Forward(Tensor hidden, Tensor? mask, ForwardTrace? trace);
}

/// <summary>
/// The HF encoder stacks that are only a <c>layer</c> list (BERT's <c>BertEncoder</c>, DistilBERT's
/// <c>Transformer</c>): runs the layers in turn and records each one's hidden states in the trace.
/// </summary>
public abstract class LayerStack<TLayer> : nn.Module
    where TLayer : nn.Module, IEncoderLayer
{
    [ComponentName(Name = "layer")]
    private readonly ModuleList<TLayer> _layers;

    /// <summary>A stack named <paramref name="name"/> of <paramref name="count"/> layers made by <paramref name="layer"/>.</summary>
    protected LayerStack(string name, int count, Func<TLayer> layer) : base(name)
    {
        _layers = nn.ModuleList(Enumerable.Range(0, count).Select(_ => layer()).ToArray());
        RegisterComponents();
    }

    /// <summary>Runs every layer; records hidden states in <paramref name="trace"/>.</summary>
    public Tensor Forward(Tensor hidden, Tensor? mask, ForwardTrace? trace)
    {
        var current = hidden.alias();
        foreach (var layer in _layers)
        {
            var next = layer.Forward(current, mask, trace);
            current.Dispose();
            current = next;
            trace?.AddHidden(current);
        }
        return current;
    }
}
