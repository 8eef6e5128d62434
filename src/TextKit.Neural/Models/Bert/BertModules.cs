using TextKit.Neural.Modules;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace TextKit.Neural.Models.Bert;

// One class per HF module of modeling_bert.py, with the HF state-dict names pinned by [ComponentName].
// RoBERTa and ELECTRA reuse these classes for their encoders: HF's classes there are copies with identical keys.

/// <summary>HF <c>BertEmbeddings</c>: word + position + token-type embeddings, LayerNorm, dropout.</summary>
public sealed class BertEmbeddings : nn.Module
{
    [ComponentName(Name = "word_embeddings")]
    private readonly Embedding _wordEmbeddings;

    [ComponentName(Name = "position_embeddings")]
    private readonly Embedding _positionEmbeddings;

    [ComponentName(Name = "token_type_embeddings")]
    private readonly Embedding? _tokenTypeEmbeddings;

    [ComponentName(Name = "LayerNorm")]
    private readonly LayerNorm _layerNorm;

    [ComponentName(Name = "dropout")]
    private readonly Dropout _dropout;

    /// <summary>Creates the embeddings of size <see cref="BertConfig.EmbeddingSize"/>.</summary>
    public BertEmbeddings(BertConfig config) : base(nameof(BertEmbeddings))
    {
        _wordEmbeddings = nn.Embedding(config.VocabSize, config.EmbeddingSize, padding_idx: config.PadTokenId);
        _positionEmbeddings = nn.Embedding(config.MaxPositions, config.EmbeddingSize);
        _tokenTypeEmbeddings = config.TypeVocabSize > 0 ? nn.Embedding(config.TypeVocabSize, config.EmbeddingSize) : null;
        _layerNorm = nn.LayerNorm(config.EmbeddingSize, config.LayerNormEps);
        _dropout = nn.Dropout(config.HiddenDropout);
        RegisterComponents();
    }

    /// <summary>The word embedding matrix (tied to MLM decoders).</summary>
    public Parameter WordEmbeddingWeight => _wordEmbeddings.weight!;

    /// <summary>Embeds ids [B, T] with the given position ids [B or 1, T] and token types (null = zeros).</summary>
    public Tensor Forward(Tensor inputIds, Tensor positionIds, Tensor? tokenTypeIds)
    {
        using var scope = NewDisposeScope();
        var embeddings = _wordEmbeddings.call(inputIds);
        if (_tokenTypeEmbeddings is not null)
        {
            var types = tokenTypeIds ?? torch.zeros_like(inputIds);
            embeddings = embeddings + _tokenTypeEmbeddings.call(types);
        }
        embeddings = embeddings + _positionEmbeddings.call(positionIds);
        return _dropout.call(_layerNorm.call(embeddings)).MoveToOuterDisposeScope();
    }
}

/// <summary>HF <c>BertSelfAttention</c>: query, key, value projections and scaled dot-product attention.</summary>
public sealed class BertSelfAttention : nn.Module
{
    [ComponentName(Name = "query")]
    private readonly Linear _query;

    [ComponentName(Name = "key")]
    private readonly Linear _key;

    [ComponentName(Name = "value")]
    private readonly Linear _value;

    private readonly long _heads;
    private readonly double _dropout;

    /// <summary>Creates the projections (hidden → hidden, split into heads).</summary>
    public BertSelfAttention(int hidden, int heads, double dropout) : base(nameof(BertSelfAttention))
    {
        _query = nn.Linear(hidden, hidden);
        _key = nn.Linear(hidden, hidden);
        _value = nn.Linear(hidden, hidden);
        _heads = heads;
        _dropout = dropout;
        RegisterComponents();
    }

    /// <summary>Context [B, T, hidden] for hidden states [B, T, hidden] and an additive mask [B, 1, 1, T].</summary>
    public Tensor Forward(Tensor hidden, Tensor? mask, ForwardTrace? trace)
    {
        using var scope = NewDisposeScope();
        var q = Attention.SplitHeads(_query.call(hidden), _heads);
        var k = Attention.SplitHeads(_key.call(hidden), _heads);
        var v = Attention.SplitHeads(_value.call(hidden), _heads);
        var context = Attention.Compute(q, k, v, mask, 1.0 / Math.Sqrt(q.shape[^1]), _dropout, training, trace?.Attentions == true, out var probs);
        trace?.AddAttention(probs);
        return Attention.MergeHeads(context).MoveToOuterDisposeScope();
    }
}

/// <summary>HF <c>BertSelfOutput</c> / <c>BertOutput</c>: dense, dropout, residual, LayerNorm.</summary>
public sealed class BertResidualOutput : nn.Module
{
    [ComponentName(Name = "dense")]
    private readonly Linear _dense;

    [ComponentName(Name = "LayerNorm")]
    private readonly LayerNorm _layerNorm;

    [ComponentName(Name = "dropout")]
    private readonly Dropout _dropout;

    /// <summary>Creates dense (in → hidden) and LayerNorm(hidden).</summary>
    public BertResidualOutput(int inputSize, int hidden, double eps, double dropout) : base("BertOutput")
    {
        _dense = nn.Linear(inputSize, hidden);
        _layerNorm = nn.LayerNorm(hidden, eps);
        _dropout = nn.Dropout(dropout);
        RegisterComponents();
    }

    /// <summary>LayerNorm(dropout(dense(x)) + residual).</summary>
    public Tensor Forward(Tensor x, Tensor residual)
    {
        using var scope = NewDisposeScope();
        return _layerNorm.call(_dropout.call(_dense.call(x)) + residual).MoveToOuterDisposeScope();
    }
}

/// <summary>HF <c>BertAttention</c>: <c>self</c> + <c>output</c>.</summary>
public sealed class BertAttention : nn.Module
{
    [ComponentName(Name = "self")]
    private readonly BertSelfAttention _self;

    [ComponentName(Name = "output")]
    private readonly BertResidualOutput _output;

    /// <summary>Creates the block.</summary>
    public BertAttention(BertConfig c) : base(nameof(BertAttention))
    {
        _self = new BertSelfAttention(c.HiddenSize, c.NumHeads, c.AttentionDropout);
        _output = new BertResidualOutput(c.HiddenSize, c.HiddenSize, c.LayerNormEps, c.HiddenDropout);
        RegisterComponents();
    }

    /// <summary>Self-attention with residual and LayerNorm.</summary>
    public Tensor Forward(Tensor hidden, Tensor? mask, ForwardTrace? trace)
    {
        using var context = _self.Forward(hidden, mask, trace);
        return _output.Forward(context, hidden);
    }
}

/// <summary>HF <c>BertIntermediate</c>: dense (hidden → intermediate) + activation.</summary>
public sealed class BertIntermediate : nn.Module
{
    [ComponentName(Name = "dense")]
    private readonly Linear _dense;
    private readonly Func<Tensor, Tensor> _act;

    /// <summary>Creates the layer.</summary>
    public BertIntermediate(BertConfig c, string source) : base(nameof(BertIntermediate))
    {
        _dense = nn.Linear(c.HiddenSize, c.IntermediateSize);
        _act = Activations.Get(c.HiddenAct, source);
        RegisterComponents();
    }

    /// <summary>act(dense(x)).</summary>
    public Tensor Forward(Tensor x)
    {
        using var h = _dense.call(x);
        return _act(h);
    }
}

/// <summary>HF <c>BertLayer</c>: attention, intermediate, output.</summary>
public sealed class BertLayer : nn.Module, IEncoderLayer
{
    [ComponentName(Name = "attention")]
    private readonly BertAttention _attention;

    [ComponentName(Name = "intermediate")]
    private readonly BertIntermediate _intermediate;

    [ComponentName(Name = "output")]
    private readonly BertResidualOutput _output;

    /// <summary>Creates one transformer layer (post-LayerNorm).</summary>
    public BertLayer(BertConfig c, string source) : base(nameof(BertLayer))
    {
        _attention = new BertAttention(c);
        _intermediate = new BertIntermediate(c, source);
        _output = new BertResidualOutput(c.IntermediateSize, c.HiddenSize, c.LayerNormEps, c.HiddenDropout);
        RegisterComponents();
    }

    /// <summary>One layer.</summary>
    public Tensor Forward(Tensor hidden, Tensor? mask, ForwardTrace? trace)
    {
        using var attended = _attention.Forward(hidden, mask, trace);
        using var inner = _intermediate.Forward(attended);
        return _output.Forward(inner, attended);
    }
}

/// <summary>HF <c>BertEncoder</c>: <c>layer</c> list.</summary>
public sealed class BertEncoder(BertConfig c, string source)
    : LayerStack<BertLayer>(nameof(BertEncoder), c.NumLayers, () => new BertLayer(c, source));

/// <summary>HF <c>BertPooler</c>: tanh(dense(first token)).</summary>
public sealed class BertPooler : nn.Module
{
    [ComponentName(Name = "dense")]
    private readonly Linear _dense;

    /// <summary>Creates the pooler.</summary>
    public BertPooler(int hidden) : base(nameof(BertPooler))
    {
        _dense = nn.Linear(hidden, hidden);
        RegisterComponents();
    }

    /// <summary>Pooled output [B, hidden].</summary>
    public Tensor Forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        return _dense.call(hidden.select(1, 0)).tanh().MoveToOuterDisposeScope();
    }
}
