using TextKit.Neural.Models.Gpt2;
using TextKit.Neural.Modules;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace TextKit.Neural.Models.T5;

/// <summary>
/// HF <c>T5Attention</c>: q, k, v, o without biases and without score scaling; block 0 owns
/// <c>relative_attention_bias</c> (bucketed relative positions, shared by the later blocks of the stack).
/// </summary>
public sealed class T5Attention : nn.Module
{
    [ComponentName(Name = "q")]
    private readonly Linear _q;

    [ComponentName(Name = "k")]
    private readonly Linear _k;

    [ComponentName(Name = "v")]
    private readonly Linear _v;

    [ComponentName(Name = "o")]
    private readonly Linear _o;

    [ComponentName(Name = "relative_attention_bias")]
    private readonly Embedding? _relativeBias;
    private readonly T5Config _c;
    private readonly bool _bidirectional;

    /// <summary>Creates the attention; <paramref name="hasRelativeBias"/> for the first block of a stack.</summary>
    public T5Attention(T5Config c, bool hasRelativeBias, bool isDecoder) : base(nameof(T5Attention))
    {
        int inner = c.Heads * c.DKv;
        _q = nn.Linear(c.DModel, inner, hasBias: false);
        _k = nn.Linear(c.DModel, inner, hasBias: false);
        _v = nn.Linear(c.DModel, inner, hasBias: false);
        _o = nn.Linear(inner, c.DModel, hasBias: false);
        _relativeBias = hasRelativeBias ? nn.Embedding(c.Buckets, c.Heads) : null;
        _c = c;
        _bidirectional = !isDecoder;
        RegisterComponents();
    }

    /// <summary>Position bias [1, H, queries, keys] for queries at positions past..past+queries-1.</summary>
    public Tensor ComputeBias(long queries, long keys, long past, Device device)
    {
        using var scope = NewDisposeScope();
        if (_relativeBias is null)
            return torch.zeros(1, _c.Heads, queries, keys, device: device).MoveToOuterDisposeScope();
        var context = torch.arange(past, past + queries, dtype: ScalarType.Int64, device: device).unsqueeze(1);
        var memory = torch.arange(keys, dtype: ScalarType.Int64, device: device).unsqueeze(0);
        var buckets = PositionEncodings.RelativePositionBucket(memory - context, _bidirectional, _c.Buckets, _c.MaxDistance);
        var values = _relativeBias.call(buckets); // [q, k, H]
        return values.permute(2, 0, 1).unsqueeze(0).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Attention of x over <paramref name="keyValueInput"/> (itself for self-attention, the encoder output for
    /// cross-attention) with additive <paramref name="bias"/> (position bias + mask). With a cache, self-attention
    /// appends; cross-attention computes its keys once.
    /// </summary>
    public Tensor Forward(Tensor x, Tensor? keyValueInput, Tensor bias, LayerCache? cache, bool isCross, ForwardTrace? trace)
    {
        using var scope = NewDisposeScope();
        long heads = _c.Heads;
        var q = Attention.SplitHeads(_q.call(x), heads);
        Tensor k, v;
        if (isCross && cache?.Keys is not null)
        {
            (k, v) = (cache.Keys, cache.Values!);
        }
        else
        {
            var source = keyValueInput ?? x;
            k = Attention.SplitHeads(_k.call(source), heads);
            v = Attention.SplitHeads(_v.call(source), heads);
            if (cache is not null)
                (k, v) = cache.Append(k, v);
        }
        var context = Attention.Compute(q, k, v, bias, 1.0, _c.Dropout, training, trace?.Attentions == true, out var probs);
        trace?.AddAttention(probs);
        return _o.call(Attention.MergeHeads(context)).MoveToOuterDisposeScope();
    }
}

/// <summary>HF <c>T5DenseActDense</c> (wi, act, wo) or <c>T5DenseGatedActDense</c> (act(wi_0)·wi_1, wo).</summary>
public sealed class T5DenseActDense : nn.Module
{
    [ComponentName(Name = "wi")]
    private readonly Linear? _wi;

    [ComponentName(Name = "wi_0")]
    private readonly Linear? _wi0;

    [ComponentName(Name = "wi_1")]
    private readonly Linear? _wi1;

    [ComponentName(Name = "wo")]
    private readonly Linear _wo;

    [ComponentName(Name = "dropout")]
    private readonly Dropout _dropout;
    private readonly Func<Tensor, Tensor> _act;

    /// <summary>Creates the feed-forward block.</summary>
    public T5DenseActDense(T5Config c, string source) : base(nameof(T5DenseActDense))
    {
        if (c.Gated)
        {
            _wi0 = nn.Linear(c.DModel, c.DFf, hasBias: false);
            _wi1 = nn.Linear(c.DModel, c.DFf, hasBias: false);
        }
        else
        {
            _wi = nn.Linear(c.DModel, c.DFf, hasBias: false);
        }
        _wo = nn.Linear(c.DFf, c.DModel, hasBias: false);
        _dropout = nn.Dropout(c.Dropout);
        _act = Activations.Get(c.Activation, source);
        RegisterComponents();
    }

    /// <summary>The FFN output.</summary>
    public Tensor Forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = _wi is not null ? _act(_wi.call(x)) : _act(_wi0!.call(x)) * _wi1!.call(x);
        return _wo.call(_dropout.call(h)).MoveToOuterDisposeScope();
    }
}

/// <summary>HF <c>T5LayerFF</c>: x + dropout(DenseReluDense(layer_norm(x))).</summary>
public sealed class T5LayerFF : nn.Module
{
    [ComponentName(Name = "DenseReluDense")]
    private readonly T5DenseActDense _dense;

    [ComponentName(Name = "layer_norm")]
    private readonly RmsNorm _layerNorm;

    [ComponentName(Name = "dropout")]
    private readonly Dropout _dropout;

    /// <summary>Creates the layer.</summary>
    public T5LayerFF(T5Config c, string source) : base(nameof(T5LayerFF))
    {
        _dense = new T5DenseActDense(c, source);
        _layerNorm = new RmsNorm(c.DModel, c.Eps);
        _dropout = nn.Dropout(c.Dropout);
        RegisterComponents();
    }

    /// <summary>Pre-norm residual FFN.</summary>
    public Tensor Forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return (x + _dropout.call(_dense.Forward(_layerNorm.call(x)))).MoveToOuterDisposeScope();
    }
}

/// <summary>HF <c>T5LayerSelfAttention</c> (<c>SelfAttention</c>) and <c>T5LayerCrossAttention</c> (<c>EncDecAttention</c>).</summary>
public sealed class T5AttentionLayer : nn.Module
{
    [ComponentName(Name = "SelfAttention")]
    private readonly T5Attention? _selfAttention;

    [ComponentName(Name = "EncDecAttention")]
    private readonly T5Attention? _encDecAttention;

    [ComponentName(Name = "layer_norm")]
    private readonly RmsNorm _layerNorm;

    [ComponentName(Name = "dropout")]
    private readonly Dropout _dropout;
    private readonly bool _cross;

    /// <summary>Creates a self- or cross-attention layer.</summary>
    public T5AttentionLayer(T5Config c, bool cross, bool hasRelativeBias, bool isDecoder) : base(cross ? "T5LayerCrossAttention" : "T5LayerSelfAttention")
    {
        var attention = new T5Attention(c, hasRelativeBias, isDecoder);
        if (cross)
            _encDecAttention = attention;
        else
            _selfAttention = attention;
        _layerNorm = new RmsNorm(c.DModel, c.Eps);
        _dropout = nn.Dropout(c.Dropout);
        _cross = cross;
        RegisterComponents();
    }

    /// <summary>The attention module (to compute the position bias).</summary>
    public T5Attention Inner => _selfAttention ?? _encDecAttention!;

    /// <summary>x + dropout(attention(layer_norm(x))).</summary>
    public Tensor Forward(Tensor x, Tensor? encoderOutput, Tensor bias, LayerCache? cache, ForwardTrace? trace)
    {
        using var scope = NewDisposeScope();
        var attended = Inner.Forward(_layerNorm.call(x), encoderOutput, bias, cache, _cross, trace);
        return (x + _dropout.call(attended)).MoveToOuterDisposeScope();
    }
}

/// <summary>HF <c>T5Block</c>: <c>layer</c> = [self-attention, (cross-attention,) FF].</summary>
public sealed class T5Block : nn.Module
{
    [ComponentName(Name = "layer")]
    private readonly ModuleList<nn.Module> _layer;

    // Typed views of _layer's entries, kept in a tuple so that RegisterComponents does not register them a second time.
    private readonly (T5AttentionLayer Self, T5AttentionLayer? Cross, T5LayerFF Ff) _parts;

    /// <summary>Creates block <paramref name="index"/> of an encoder or decoder stack.</summary>
    public T5Block(T5Config c, int index, bool isDecoder, string source) : base(nameof(T5Block))
    {
        var self = new T5AttentionLayer(c, cross: false, hasRelativeBias: index == 0, isDecoder);
        var cross = isDecoder ? new T5AttentionLayer(c, cross: true, hasRelativeBias: false, isDecoder) : null;
        var ff = new T5LayerFF(c, source);
        _parts = (self, cross, ff);
        _layer = cross is null ? nn.ModuleList<nn.Module>(self, ff) : nn.ModuleList<nn.Module>(self, cross, ff);
        RegisterComponents();
    }

    /// <summary>Self-attention layer (block 0 computes the stack's position bias).</summary>
    public T5AttentionLayer SelfLayer => _parts.Self;

    /// <summary>One block.</summary>
    public Tensor Forward(Tensor x, Tensor selfBias, Tensor? encoderOutput, Tensor? crossBias, LayerCache? selfCache, LayerCache? crossCache, ForwardTrace? trace)
    {
        using var scope = NewDisposeScope();
        var h = _parts.Self.Forward(x, null, selfBias, selfCache, trace);
        if (_parts.Cross is not null)
            h = _parts.Cross.Forward(h, encoderOutput, crossBias!, crossCache, trace);
        return _parts.Ff.Forward(h).MoveToOuterDisposeScope();
    }
}
