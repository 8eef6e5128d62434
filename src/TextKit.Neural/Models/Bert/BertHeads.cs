using TextKit.Neural.Modules;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace TextKit.Neural.Models.Bert;

/// <summary>HF <c>BertPredictionHeadTransform</c>: dense, activation, LayerNorm.</summary>
public sealed class BertPredictionHeadTransform : nn.Module
{
    [ComponentName(Name = "dense")]
    private readonly Linear _dense;

    [ComponentName(Name = "LayerNorm")]
    private readonly LayerNorm _layerNorm;
    private readonly Func<Tensor, Tensor> _act;

    /// <summary>Creates the transform (hidden → outputSize).</summary>
    public BertPredictionHeadTransform(int hidden, int outputSize, string act, double eps, string source) : base(nameof(BertPredictionHeadTransform))
    {
        _dense = nn.Linear(hidden, outputSize);
        _layerNorm = nn.LayerNorm(outputSize, eps);
        _act = Activations.Get(act, source);
        RegisterComponents();
    }

    /// <summary>LayerNorm(act(dense(x))).</summary>
    public Tensor Forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return _layerNorm.call(_act(_dense.call(x))).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// HF <c>BertLMPredictionHead</c>: transform, then the decoder (weight tied to the word embeddings unless
/// tie_word_embeddings is false) plus a vocabulary bias <c>bias</c>.
/// </summary>
public sealed class BertLMPredictionHead : nn.Module
{
    [ComponentName(Name = "transform")]
    private readonly BertPredictionHeadTransform _transform;

    [ComponentName(Name = "decoder")]
    private readonly Linear? _decoder;

    [ComponentName(Name = "bias")]
    private readonly Parameter _bias;
    private readonly Func<Tensor> _tiedWeight;

    /// <summary>Creates the head; <paramref name="tiedWeight"/> is used when <paramref name="tied"/>.</summary>
    public BertLMPredictionHead(BertConfig c, bool tied, Func<Tensor> tiedWeight, string source) : base(nameof(BertLMPredictionHead))
    {
        _transform = new BertPredictionHeadTransform(c.HiddenSize, c.HiddenSize, c.HiddenAct, c.LayerNormEps, source);
        _decoder = tied ? null : nn.Linear(c.HiddenSize, c.VocabSize, hasBias: false);
        _bias = new Parameter(torch.zeros(c.VocabSize));
        _tiedWeight = tiedWeight;
        RegisterComponents();
    }

    /// <summary>Vocabulary logits [.., vocab].</summary>
    public Tensor Forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        var h = _transform.Forward(hidden);
        var weight = _decoder?.weight ?? _tiedWeight();
        return nn.functional.linear(h, weight, _bias).MoveToOuterDisposeScope();
    }
}

/// <summary>HF <c>BertOnlyMLMHead</c>: <c>predictions</c>.</summary>
public sealed class BertOnlyMLMHead : nn.Module
{
    [ComponentName(Name = "predictions")]
    private readonly BertLMPredictionHead _predictions;

    /// <summary>Creates the head.</summary>
    public BertOnlyMLMHead(BertConfig c, bool tied, Func<Tensor> tiedWeight, string source) : base(nameof(BertOnlyMLMHead))
    {
        _predictions = new BertLMPredictionHead(c, tied, tiedWeight, source);
        RegisterComponents();
    }

    /// <summary>Vocabulary logits.</summary>
    public Tensor Forward(Tensor hidden) => _predictions.Forward(hidden);
}

/// <summary>
/// HF <c>RobertaClassificationHead</c> / <c>ElectraClassificationHead</c>: first token, dropout, dense, activation
/// (tanh for RoBERTa, GELU for ELECTRA), dropout, out_proj.
/// </summary>
public sealed class ClassificationHead : nn.Module
{
    [ComponentName(Name = "dense")]
    private readonly Linear _dense;

    [ComponentName(Name = "dropout")]
    private readonly Dropout _dropout;

    [ComponentName(Name = "out_proj")]
    private readonly Linear _outProj;
    private readonly Func<Tensor, Tensor> _act;

    /// <summary>Creates the head.</summary>
    public ClassificationHead(int hidden, int labels, double dropout, Func<Tensor, Tensor> act) : base("ClassificationHead")
    {
        _dense = nn.Linear(hidden, hidden);
        _dropout = nn.Dropout(dropout);
        _outProj = nn.Linear(hidden, labels);
        _act = act;
        RegisterComponents();
    }

    /// <summary>Logits [B, labels] from the sequence output [B, T, hidden].</summary>
    public Tensor Forward(Tensor sequence)
    {
        using var scope = NewDisposeScope();
        var x = _dropout.call(sequence.select(1, 0));
        x = _dropout.call(_act(_dense.call(x)));
        return _outProj.call(x).MoveToOuterDisposeScope();
    }
}

/// <summary>HF <c>RobertaLMHead</c>: dense, GELU, layer_norm, decoder (tied) + bias.</summary>
public sealed class RobertaLMHead : nn.Module
{
    [ComponentName(Name = "dense")]
    private readonly Linear _dense;

    [ComponentName(Name = "layer_norm")]
    private readonly LayerNorm _layerNorm;

    [ComponentName(Name = "decoder")]
    private readonly Linear? _decoder;

    [ComponentName(Name = "bias")]
    private readonly Parameter _bias;
    private readonly Func<Tensor> _tiedWeight;

    /// <summary>Creates the head.</summary>
    public RobertaLMHead(BertConfig c, bool tied, Func<Tensor> tiedWeight) : base(nameof(RobertaLMHead))
    {
        _dense = nn.Linear(c.HiddenSize, c.HiddenSize);
        _layerNorm = nn.LayerNorm(c.HiddenSize, c.LayerNormEps);
        _decoder = tied ? null : nn.Linear(c.HiddenSize, c.VocabSize, hasBias: false);
        _bias = new Parameter(torch.zeros(c.VocabSize));
        _tiedWeight = tiedWeight;
        RegisterComponents();
    }

    /// <summary>Vocabulary logits.</summary>
    public Tensor Forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        var x = _layerNorm.call(nn.functional.gelu(_dense.call(hidden)));
        return nn.functional.linear(x, _decoder?.weight ?? _tiedWeight(), _bias).MoveToOuterDisposeScope();
    }
}

/// <summary>HF <c>ElectraGeneratorPredictions</c>: dense (hidden → embedding_size), activation, LayerNorm.</summary>
public sealed class ElectraGeneratorPredictions : nn.Module
{
    [ComponentName(Name = "dense")]
    private readonly Linear _dense;

    [ComponentName(Name = "LayerNorm")]
    private readonly LayerNorm _layerNorm;
    private readonly Func<Tensor, Tensor> _act;

    /// <summary>Creates the block.</summary>
    public ElectraGeneratorPredictions(BertConfig c, string source) : base(nameof(ElectraGeneratorPredictions))
    {
        _dense = nn.Linear(c.HiddenSize, c.EmbeddingSize);
        _layerNorm = nn.LayerNorm(c.EmbeddingSize, c.LayerNormEps);
        _act = Activations.Get(c.HiddenAct, source);
        RegisterComponents();
    }

    /// <summary>LayerNorm(act(dense(x))).</summary>
    public Tensor Forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return _layerNorm.call(_act(_dense.call(x))).MoveToOuterDisposeScope();
    }
}
