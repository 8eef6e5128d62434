using TextKit.Neural.Checkpoints;
using TextKit.Neural.Modules;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace TextKit.Neural.Models.DistilBert;

/// <summary>DistilBERT config fields (dim, n_layers, n_heads, hidden_dim, activation, sinusoidal_pos_embds, ...).</summary>
public sealed record DistilBertConfig
{
    public required int VocabSize { get; init; }
    public required int Dim { get; init; }
    public required int NumLayers { get; init; }
    public required int NumHeads { get; init; }
    public required int HiddenDim { get; init; }
    public required string Activation { get; init; }
    public required int MaxPositions { get; init; }
    public required bool Sinusoidal { get; init; }
    public required int PadTokenId { get; init; }
    public required double Dropout { get; init; }
    public required double AttentionDropout { get; init; }
    public required double SeqClassifDropout { get; init; }
    public required double LayerNormEps { get; init; }
    public required int NumLabels { get; init; }

    /// <summary>Reads the fields; HF hard-codes LayerNorm eps 1e-12 for DistilBERT, so that is the default of <c>layer_norm_eps</c>.</summary>
    public static DistilBertConfig From(ModelConfig c)
    {
        int dim = c.GetInt("dim", "hidden_size");
        int heads = c.GetInt("n_heads", "num_attention_heads");
        if (dim % heads != 0)
            throw new TextKitModelException("TK311", $"{c.Source}: dim {dim} is not a multiple of n_heads {heads}.");
        return new DistilBertConfig
        {
            VocabSize = c.GetInt("vocab_size"),
            Dim = dim,
            NumLayers = c.GetInt("n_layers", "num_hidden_layers"),
            NumHeads = heads,
            HiddenDim = c.GetInt("hidden_dim", "intermediate_size"),
            Activation = c.GetString("activation", "gelu"),
            MaxPositions = c.GetInt("max_position_embeddings"),
            Sinusoidal = c.GetBool("sinusoidal_pos_embds", false),
            PadTokenId = c.GetIntOrNull("pad_token_id") ?? 0,
            Dropout = c.GetDouble("dropout", 0.1),
            AttentionDropout = c.GetDouble("attention_dropout", 0.1),
            SeqClassifDropout = c.GetDouble("seq_classif_dropout", 0.2),
            LayerNormEps = c.GetDouble("layer_norm_eps", 1e-12),
            NumLabels = c.NumLabels,
        };
    }
}

/// <summary>HF <c>distilbert Embeddings</c>: word + (learned or sinusoidal) position embeddings, LayerNorm, dropout.</summary>
public sealed class DistilBertEmbeddings : nn.Module
{
    [ComponentName(Name = "word_embeddings")]
    private readonly Embedding _wordEmbeddings;

    [ComponentName(Name = "position_embeddings")]
    private readonly Embedding _positionEmbeddings;

    [ComponentName(Name = "LayerNorm")]
    private readonly LayerNorm _layerNorm;

    [ComponentName(Name = "dropout")]
    private readonly Dropout _dropout;

    /// <summary>Creates the embeddings; sinusoidal positions are filled in and frozen as HF does.</summary>
    public DistilBertEmbeddings(DistilBertConfig c) : base("Embeddings")
    {
        _wordEmbeddings = nn.Embedding(c.VocabSize, c.Dim, padding_idx: c.PadTokenId);
        _positionEmbeddings = nn.Embedding(c.MaxPositions, c.Dim);
        if (c.Sinusoidal)
        {
            using var table = PositionEncodings.Sinusoidal(c.MaxPositions, c.Dim);
            using (torch.no_grad())
                _positionEmbeddings.weight!.copy_(table);
            _positionEmbeddings.weight!.requires_grad = false;
        }
        _layerNorm = nn.LayerNorm(c.Dim, c.LayerNormEps);
        _dropout = nn.Dropout(c.Dropout);
        RegisterComponents();
    }

    /// <summary>The word embedding matrix.</summary>
    public Parameter WordEmbeddingWeight => _wordEmbeddings.weight!;

    /// <summary>Embeds ids [B, T].</summary>
    public Tensor Forward(Tensor ids)
    {
        using var scope = NewDisposeScope();
        var positions = torch.arange(ids.shape[1], dtype: ScalarType.Int64, device: ids.device).unsqueeze(0);
        var x = _wordEmbeddings.call(ids) + _positionEmbeddings.call(positions);
        return _dropout.call(_layerNorm.call(x)).MoveToOuterDisposeScope();
    }
}

/// <summary>HF <c>MultiHeadSelfAttention</c>: q_lin, k_lin, v_lin, out_lin.</summary>
public sealed class DistilBertSelfAttention : nn.Module
{
    [ComponentName(Name = "q_lin")]
    private readonly Linear _q;

    [ComponentName(Name = "k_lin")]
    private readonly Linear _k;

    [ComponentName(Name = "v_lin")]
    private readonly Linear _v;

    [ComponentName(Name = "out_lin")]
    private readonly Linear _out;
    private readonly long _heads;
    private readonly double _dropout;

    /// <summary>Creates the projections.</summary>
    public DistilBertSelfAttention(DistilBertConfig c) : base("MultiHeadSelfAttention")
    {
        _q = nn.Linear(c.Dim, c.Dim);
        _k = nn.Linear(c.Dim, c.Dim);
        _v = nn.Linear(c.Dim, c.Dim);
        _out = nn.Linear(c.Dim, c.Dim);
        _heads = c.NumHeads;
        _dropout = c.AttentionDropout;
        RegisterComponents();
    }

    /// <summary>Attention output [B, T, dim].</summary>
    public Tensor Forward(Tensor x, Tensor? mask, ForwardTrace? trace)
    {
        using var scope = NewDisposeScope();
        var q = Attention.SplitHeads(_q.call(x), _heads);
        var k = Attention.SplitHeads(_k.call(x), _heads);
        var v = Attention.SplitHeads(_v.call(x), _heads);
        var context = Attention.Compute(q, k, v, mask, 1.0 / Math.Sqrt(q.shape[^1]), _dropout, training, trace?.Attentions == true, out var probs);
        trace?.AddAttention(probs);
        return _out.call(Attention.MergeHeads(context)).MoveToOuterDisposeScope();
    }
}

/// <summary>HF <c>FFN</c>: lin1, activation, lin2, dropout.</summary>
public sealed class DistilBertFfn : nn.Module
{
    [ComponentName(Name = "lin1")]
    private readonly Linear _lin1;

    [ComponentName(Name = "lin2")]
    private readonly Linear _lin2;

    [ComponentName(Name = "dropout")]
    private readonly Dropout _dropout;
    private readonly Func<Tensor, Tensor> _act;

    /// <summary>Creates the feed-forward block.</summary>
    public DistilBertFfn(DistilBertConfig c, string source) : base("FFN")
    {
        _lin1 = nn.Linear(c.Dim, c.HiddenDim);
        _lin2 = nn.Linear(c.HiddenDim, c.Dim);
        _dropout = nn.Dropout(c.Dropout);
        _act = Activations.Get(c.Activation, source);
        RegisterComponents();
    }

    /// <summary>dropout(lin2(act(lin1(x)))).</summary>
    public Tensor Forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return _dropout.call(_lin2.call(_act(_lin1.call(x)))).MoveToOuterDisposeScope();
    }
}

/// <summary>HF <c>TransformerBlock</c>: attention, sa_layer_norm, ffn, output_layer_norm (post-norm).</summary>
public sealed class DistilBertBlock : nn.Module, IEncoderLayer
{
    [ComponentName(Name = "attention")]
    private readonly DistilBertSelfAttention _attention;

    [ComponentName(Name = "sa_layer_norm")]
    private readonly LayerNorm _saLayerNorm;

    [ComponentName(Name = "ffn")]
    private readonly DistilBertFfn _ffn;

    [ComponentName(Name = "output_layer_norm")]
    private readonly LayerNorm _outputLayerNorm;

    /// <summary>Creates one block.</summary>
    public DistilBertBlock(DistilBertConfig c, string source) : base("TransformerBlock")
    {
        _attention = new DistilBertSelfAttention(c);
        _saLayerNorm = nn.LayerNorm(c.Dim, c.LayerNormEps);
        _ffn = new DistilBertFfn(c, source);
        _outputLayerNorm = nn.LayerNorm(c.Dim, c.LayerNormEps);
        RegisterComponents();
    }

    /// <summary>One block.</summary>
    public Tensor Forward(Tensor x, Tensor? mask, ForwardTrace? trace)
    {
        using var scope = NewDisposeScope();
        var sa = _saLayerNorm.call(_attention.Forward(x, mask, trace) + x);
        return _outputLayerNorm.call(_ffn.Forward(sa) + sa).MoveToOuterDisposeScope();
    }
}

/// <summary>HF <c>Transformer</c>: <c>layer</c> list.</summary>
public sealed class DistilBertTransformer(DistilBertConfig c, string source)
    : LayerStack<DistilBertBlock>("Transformer", c.NumLayers, () => new DistilBertBlock(c, source));

/// <summary>HF <c>DistilBertModel</c>: embeddings + transformer.</summary>
public sealed class DistilBertBase : nn.Module
{
    [ComponentName(Name = "embeddings")]
    private readonly DistilBertEmbeddings _embeddings;

    [ComponentName(Name = "transformer")]
    private readonly DistilBertTransformer _transformer;

    /// <summary>Creates the base network.</summary>
    public DistilBertBase(DistilBertConfig c, string source) : base("DistilBertModel")
    {
        _embeddings = new DistilBertEmbeddings(c);
        _transformer = new DistilBertTransformer(c, source);
        RegisterComponents();
    }

    /// <summary>The embeddings.</summary>
    public DistilBertEmbeddings Embeddings => _embeddings;

    /// <summary>Last hidden state [B, T, dim].</summary>
    public Tensor Forward(ModelInput input)
    {
        using var scope = NewDisposeScope();
        var x = _embeddings.Forward(input.InputIds);
        input.Trace?.AddHidden(x);
        var mask = AttentionMasks.Padding(input.AttentionMask);
        return _transformer.Forward(x, mask, input.Trace).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// DistilBERT with the HF heads: DistilBertModel, ForSequenceClassification (pre_classifier, ReLU, classifier),
/// ForTokenClassification (classifier), ForMaskedLM (vocab_transform, vocab_layer_norm, vocab_projector tied).
/// </summary>
public sealed class DistilBertFamilyModel : TransformerModel
{
    private readonly DistilBertBase _base;
    private readonly Linear? _preClassifier;
    private readonly Linear? _classifier;
    private readonly Dropout? _dropout;
    private readonly Linear? _vocabTransform;
    private readonly LayerNorm? _vocabLayerNorm;
    private readonly Linear? _vocabProjector;
    private readonly Func<Tensor, Tensor>? _act;
    private readonly bool _tied;

    /// <summary>Builds the model for <paramref name="task"/>.</summary>
    public DistilBertFamilyModel(ModelConfig config, ModelTask task) : base("DistilBertModel", config, task)
    {
        if (task is ModelTask.CausalLM or ModelTask.Seq2SeqLM)
            throw new TextKitModelException("TK312", $"{config.Source}: DistilBERT has no {task} head.");
        Parsed = DistilBertConfig.From(config);
        var c = Parsed;
        _base = new DistilBertBase(c, config.Source);
        register_module("distilbert", _base);
        _tied = config.GetBool("tie_word_embeddings", true);
        switch (task)
        {
            case ModelTask.SequenceClassification:
                _preClassifier = nn.Linear(c.Dim, c.Dim);
                register_module("pre_classifier", _preClassifier);
                _classifier = nn.Linear(c.Dim, c.NumLabels);
                register_module("classifier", _classifier);
                _dropout = nn.Dropout(c.SeqClassifDropout);
                register_module("dropout", _dropout);
                break;
            case ModelTask.TokenClassification:
                _dropout = nn.Dropout(c.Dropout);
                register_module("dropout", _dropout);
                _classifier = nn.Linear(c.Dim, c.NumLabels);
                register_module("classifier", _classifier);
                break;
            case ModelTask.MaskedLM:
                _act = Activations.Get(c.Activation, config.Source);
                _vocabTransform = nn.Linear(c.Dim, c.Dim);
                register_module("vocab_transform", _vocabTransform);
                _vocabLayerNorm = nn.LayerNorm(c.Dim, c.LayerNormEps);
                register_module("vocab_layer_norm", _vocabLayerNorm);
                _vocabProjector = nn.Linear(c.Dim, c.VocabSize);
                if (_tied)
                    _vocabProjector.weight = _base.Embeddings.WordEmbeddingWeight;
                register_module("vocab_projector", _vocabProjector);
                break;
        }
    }

    /// <summary>Parsed config.</summary>
    public DistilBertConfig Parsed { get; }

    /// <inheritdoc />
    public override string BasePrefix => "distilbert";

    /// <inheritdoc />
    public override int? MaxPositions => Parsed.MaxPositions;

    /// <inheritdoc />
    public override int VocabSize => Parsed.VocabSize;

    /// <inheritdoc />
    public override int HiddenSize => Parsed.Dim;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> TiedKeys => Task == ModelTask.MaskedLM && _tied
        ? new Dictionary<string, string> { ["vocab_projector.weight"] = "distilbert.embeddings.word_embeddings.weight" }
        : new Dictionary<string, string>();

    /// <inheritdoc />
    public override Tensor Encode(ModelInput input) => _base.Forward(input);

    /// <inheritdoc />
    public override ModelOutput forward(ModelInput input)
    {
        using var scope = NewDisposeScope();
        var hidden = _base.Forward(input);
        Tensor? logits = Task switch
        {
            ModelTask.SequenceClassification => _classifier!.call(_dropout!.call(nn.functional.relu(_preClassifier!.call(hidden.select(1, 0))))),
            ModelTask.TokenClassification => _classifier!.call(_dropout!.call(hidden)),
            ModelTask.MaskedLM => _vocabProjector!.call(_vocabLayerNorm!.call(_act!(_vocabTransform!.call(input.MaskedLmRows(hidden))))),
            _ => null,
        };
        return new ModelOutput { Logits = logits?.MoveToOuterDisposeScope(), LastHiddenState = hidden.MoveToOuterDisposeScope() };
    }
}
