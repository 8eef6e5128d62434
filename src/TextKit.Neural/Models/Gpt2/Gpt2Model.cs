using TextKit.Neural.Checkpoints;
using TextKit.Neural.Generation;
using TextKit.Neural.Modules;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace TextKit.Neural.Models.Gpt2;

/// <summary>GPT-2 config fields (n_embd, n_layer, n_head, n_inner, activation_function, layer_norm_epsilon, ...).</summary>
public sealed record Gpt2Config
{
    public required int VocabSize { get; init; }
    public required int Positions { get; init; }
    public required int Embd { get; init; }
    public required int Layers { get; init; }
    public required int Heads { get; init; }
    public required int Inner { get; init; }
    public required string Activation { get; init; }
    public required double Eps { get; init; }
    public required double ResidDropout { get; init; }
    public required double EmbdDropout { get; init; }
    public required double AttnDropout { get; init; }
    public required bool ScaleAttnWeights { get; init; }
    public required bool ScaleByInverseLayerIdx { get; init; }
    public required bool Tied { get; init; }
    public required int? EosTokenId { get; init; }

    /// <summary>Reads the fields (TK311 when missing, TK313 when unsupported).</summary>
    public static Gpt2Config From(ModelConfig c)
    {
        c.Require(!c.GetBool("add_cross_attention", false), "add_cross_attention=true (GPT-2 as a decoder of an encoder-decoder).");
        int embd = c.GetInt("n_embd", "hidden_size");
        int heads = c.GetInt("n_head", "num_attention_heads");
        if (embd % heads != 0)
            throw new TextKitModelException("TK311", $"{c.Source}: n_embd {embd} is not a multiple of n_head {heads}.");
        return new Gpt2Config
        {
            VocabSize = c.GetInt("vocab_size"),
            Positions = c.GetInt("n_positions", "max_position_embeddings"),
            Embd = embd,
            Layers = c.GetInt("n_layer", "num_hidden_layers"),
            Heads = heads,
            Inner = c.GetIntOrNull("n_inner") ?? 4 * embd,
            Activation = c.GetString("activation_function", "gelu_new"),
            Eps = c.GetDouble("layer_norm_epsilon", 1e-5),
            ResidDropout = c.GetDouble("resid_pdrop", 0.1),
            EmbdDropout = c.GetDouble("embd_pdrop", 0.1),
            AttnDropout = c.GetDouble("attn_pdrop", 0.1),
            ScaleAttnWeights = c.GetBool("scale_attn_weights", true),
            ScaleByInverseLayerIdx = c.GetBool("scale_attn_by_inverse_layer_idx", false),
            Tied = c.GetBool("tie_word_embeddings", true),
            EosTokenId = c.GetIntOrNull("eos_token_id"),
        };
    }
}

/// <summary>Keys and values of past tokens for one attention layer, [B, H, T_past, D].</summary>
public sealed class LayerCache : IDisposable
{
    /// <summary>Cached keys.</summary>
    public Tensor? Keys { get; set; }

    /// <summary>Cached values.</summary>
    public Tensor? Values { get; set; }

    /// <summary>Number of cached positions.</summary>
    public long Length => Keys?.shape[2] ?? 0;

    /// <summary>Appends new keys/values (owning the result) and returns the full sequences.</summary>
    public (Tensor K, Tensor V) Append(Tensor k, Tensor v)
    {
        var newK = Keys is null ? k.alias() : torch.cat([Keys, k], 2);
        var newV = Values is null ? v.alias() : torch.cat([Values, v], 2);
        Keys?.Dispose();
        Values?.Dispose();
        Keys = newK.DetachFromDisposeScope();
        Values = newV.DetachFromDisposeScope();
        return (Keys, Values);
    }

    /// <summary>Selects batch rows.</summary>
    public void Reorder(Tensor rows)
    {
        if (Keys is null || Values is null)
            return;
        var k = Keys.index_select(0, rows).DetachFromDisposeScope();
        var v = Values.index_select(0, rows).DetachFromDisposeScope();
        Keys.Dispose();
        Values.Dispose();
        Keys = k;
        Values = v;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Keys?.Dispose();
        Values?.Dispose();
        Keys = Values = null;
    }
}

/// <summary>HF <c>GPT2Attention</c>: c_attn (fused q/k/v Conv1D), c_proj, causal masking, optional KV cache.</summary>
public sealed class Gpt2Attention : nn.Module
{
    [ComponentName(Name = "c_attn")]
    private readonly Conv1D _cAttn;

    [ComponentName(Name = "c_proj")]
    private readonly Conv1D _cProj;

    [ComponentName(Name = "resid_dropout")]
    private readonly Dropout _residDropout;
    private readonly long _heads;
    private readonly double _scale;
    private readonly double _attnDropout;

    /// <summary>Creates layer <paramref name="layerIndex"/>'s attention.</summary>
    public Gpt2Attention(Gpt2Config c, int layerIndex) : base("GPT2Attention")
    {
        _cAttn = new Conv1D(3 * c.Embd, c.Embd);
        _cProj = new Conv1D(c.Embd, c.Embd);
        _residDropout = nn.Dropout(c.ResidDropout);
        _heads = c.Heads;
        double headDim = c.Embd / c.Heads;
        _scale = (c.ScaleAttnWeights ? 1.0 / Math.Sqrt(headDim) : 1.0) / (c.ScaleByInverseLayerIdx ? layerIndex + 1 : 1);
        _attnDropout = c.AttnDropout;
        RegisterComponents();
    }

    /// <summary>Attention output for x [B, T, E]; <paramref name="mask"/> is the combined causal + padding additive mask.</summary>
    public Tensor Forward(Tensor x, Tensor mask, LayerCache? cache, ForwardTrace? trace)
    {
        using var scope = NewDisposeScope();
        var qkv = _cAttn.call(x).chunk(3, -1);
        var q = Attention.SplitHeads(qkv[0], _heads);
        var k = Attention.SplitHeads(qkv[1], _heads);
        var v = Attention.SplitHeads(qkv[2], _heads);
        if (cache is not null)
            (k, v) = cache.Append(k, v);
        var context = Attention.Compute(q, k, v, mask, _scale, _attnDropout, training, trace?.Attentions == true, out var probs);
        trace?.AddAttention(probs);
        return _residDropout.call(_cProj.call(Attention.MergeHeads(context))).MoveToOuterDisposeScope();
    }
}

/// <summary>HF <c>GPT2MLP</c>: c_fc, activation, c_proj, dropout.</summary>
public sealed class Gpt2Mlp : nn.Module
{
    [ComponentName(Name = "c_fc")]
    private readonly Conv1D _cFc;

    [ComponentName(Name = "c_proj")]
    private readonly Conv1D _cProj;

    [ComponentName(Name = "dropout")]
    private readonly Dropout _dropout;
    private readonly Func<Tensor, Tensor> _act;

    /// <summary>Creates the MLP.</summary>
    public Gpt2Mlp(Gpt2Config c, string source) : base("GPT2MLP")
    {
        _cFc = new Conv1D(c.Inner, c.Embd);
        _cProj = new Conv1D(c.Embd, c.Inner);
        _dropout = nn.Dropout(c.ResidDropout);
        _act = Activations.Get(c.Activation, source);
        RegisterComponents();
    }

    /// <summary>dropout(c_proj(act(c_fc(x)))).</summary>
    public Tensor Forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return _dropout.call(_cProj.call(_act(_cFc.call(x)))).MoveToOuterDisposeScope();
    }
}

/// <summary>HF <c>GPT2Block</c>: pre-norm ln_1 → attn → residual, ln_2 → mlp → residual.</summary>
public sealed class Gpt2Block : nn.Module
{
    [ComponentName(Name = "ln_1")]
    private readonly LayerNorm _ln1;

    [ComponentName(Name = "attn")]
    private readonly Gpt2Attention _attn;

    [ComponentName(Name = "ln_2")]
    private readonly LayerNorm _ln2;

    [ComponentName(Name = "mlp")]
    private readonly Gpt2Mlp _mlp;

    /// <summary>Creates block <paramref name="index"/>.</summary>
    public Gpt2Block(Gpt2Config c, int index, string source) : base("GPT2Block")
    {
        _ln1 = nn.LayerNorm(c.Embd, c.Eps);
        _attn = new Gpt2Attention(c, index);
        _ln2 = nn.LayerNorm(c.Embd, c.Eps);
        _mlp = new Gpt2Mlp(c, source);
        RegisterComponents();
    }

    /// <summary>One block.</summary>
    public Tensor Forward(Tensor x, Tensor mask, LayerCache? cache, ForwardTrace? trace)
    {
        using var scope = NewDisposeScope();
        var h = x + _attn.Forward(_ln1.call(x), mask, cache, trace);
        return (h + _mlp.Forward(_ln2.call(h))).MoveToOuterDisposeScope();
    }
}

/// <summary>HF <c>GPT2Model</c>: wte, wpe, drop, h (blocks), ln_f.</summary>
public sealed class Gpt2Transformer : nn.Module
{
    [ComponentName(Name = "wte")]
    private readonly Embedding _wte;

    [ComponentName(Name = "wpe")]
    private readonly Embedding _wpe;

    [ComponentName(Name = "drop")]
    private readonly Dropout _drop;

    [ComponentName(Name = "h")]
    private readonly ModuleList<Gpt2Block> _h;

    [ComponentName(Name = "ln_f")]
    private readonly LayerNorm _lnF;

    /// <summary>Creates the network.</summary>
    public Gpt2Transformer(Gpt2Config c, string source) : base("GPT2Model")
    {
        _wte = nn.Embedding(c.VocabSize, c.Embd);
        _wpe = nn.Embedding(c.Positions, c.Embd);
        _drop = nn.Dropout(c.EmbdDropout);
        _h = nn.ModuleList(Enumerable.Range(0, c.Layers).Select(i => new Gpt2Block(c, i, source)).ToArray());
        _lnF = nn.LayerNorm(c.Embd, c.Eps);
        RegisterComponents();
    }

    /// <summary>Token embedding matrix (tied LM head).</summary>
    public Parameter TokenEmbeddingWeight => _wte.weight!;

    /// <summary>Number of blocks.</summary>
    public int LayerCount => _h.Count;

    /// <summary>
    /// Hidden states [B, T, E] after ln_f for ids [B, T]. <paramref name="attentionMask"/> covers past + current tokens
    /// ([B, past + T], 0 = padding); positions count only real tokens (as HF generate does for left padding).
    /// </summary>
    public Tensor Forward(Tensor ids, Tensor? attentionMask, LayerCache[]? cache, ForwardTrace? trace)
    {
        using var scope = NewDisposeScope();
        long past = cache is { Length: > 0 } ? cache[0].Length : 0;
        long length = ids.shape[1];
        Tensor positions;
        if (attentionMask is not null)
        {
            var m = attentionMask.to_type(ScalarType.Int64);
            var pos = (m.cumsum(1) - 1).masked_fill(m.eq(0), 1);
            positions = pos.narrow(1, past, length);
        }
        else
        {
            positions = torch.arange(past, past + length, dtype: ScalarType.Int64, device: ids.device).unsqueeze(0);
        }
        var h = _drop.call(_wte.call(ids) + _wpe.call(positions));
        trace?.AddHidden(h);
        var mask = AttentionMasks.Causal(length, past + length, ids.device);
        if (attentionMask is not null)
            mask = AttentionMasks.Combine(mask, AttentionMasks.Padding(attentionMask))!;
        for (int i = 0; i < _h.Count; i++)
        {
            h = _h[i].Forward(h, mask, cache?[i], trace);
            if (i < _h.Count - 1)
                trace?.AddHidden(h);
        }
        h = _lnF.call(h);
        trace?.AddHidden(h);
        return h.MoveToOuterDisposeScope();
    }
}

/// <summary>HF <c>GPT2Model</c> / <c>GPT2LMHeadModel</c> (lm_head tied to wte unless tie_word_embeddings is false), with a KV cache for generation.</summary>
public sealed class Gpt2Model : TransformerModel, IGenerativeModel
{
    private readonly Gpt2Transformer _transformer;
    private readonly Linear? _lmHead;

    /// <summary>Builds the model.</summary>
    public Gpt2Model(ModelConfig config, ModelTask task) : base("GPT2LMHeadModel", config, task)
    {
        if (task is not (ModelTask.Base or ModelTask.CausalLM))
            throw new TextKitModelException("TK312", $"{config.Source}: TextKit's GPT-2 supports the base model and the causal LM head, not {task}.");
        Parsed = Gpt2Config.From(config);
        _transformer = new Gpt2Transformer(Parsed, config.Source);
        register_module("transformer", _transformer);
        if (task == ModelTask.CausalLM && !Parsed.Tied)
        {
            _lmHead = nn.Linear(Parsed.Embd, Parsed.VocabSize, hasBias: false);
            register_module("lm_head", _lmHead);
        }
    }

    /// <summary>Parsed config.</summary>
    public Gpt2Config Parsed { get; }

    /// <inheritdoc />
    public override string BasePrefix => "transformer";

    /// <inheritdoc />
    public override int? MaxPositions => Parsed.Positions;

    /// <inheritdoc />
    public override int VocabSize => Parsed.VocabSize;

    /// <inheritdoc />
    public override int HiddenSize => Parsed.Embd;

    /// <inheritdoc />
    public int? EosTokenId => Parsed.EosTokenId;

    /// <inheritdoc />
    public bool IsEncoderDecoder => false;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> TiedKeys => Parsed.Tied
        ? new Dictionary<string, string> { ["lm_head.weight"] = "transformer.wte.weight" }
        : new Dictionary<string, string>();

    /// <inheritdoc />
    public override bool IsIgnorableKey(string key)
        => base.IsIgnorableKey(key) || key.EndsWith(".attn.bias", StringComparison.Ordinal) || key.EndsWith(".attn.masked_bias", StringComparison.Ordinal);

    /// <inheritdoc />
    public override Tensor Encode(ModelInput input) => _transformer.Forward(input.InputIds, input.AttentionMask, null, input.Trace);

    private Tensor Head(Tensor hidden) => nn.functional.linear(hidden, _lmHead?.weight ?? _transformer.TokenEmbeddingWeight);

    /// <inheritdoc />
    public override ModelOutput forward(ModelInput input)
    {
        using var scope = NewDisposeScope();
        var hidden = _transformer.Forward(input.InputIds, input.AttentionMask, null, input.Trace);
        var logits = Task == ModelTask.CausalLM ? Head(hidden) : null;
        return new ModelOutput { Logits = logits?.MoveToOuterDisposeScope(), LastHiddenState = hidden.MoveToOuterDisposeScope() };
    }

    private sealed class State : GenerationState
    {
        public required LayerCache[] Cache { get; init; }
        public Tensor? Mask { get; set; }

        public void SetLogits(Tensor logits)
        {
            NextLogits?.Dispose();
            NextLogits = logits.DetachFromDisposeScope();
        }

        public override void Dispose()
        {
            foreach (var c in Cache)
                c.Dispose();
            Mask?.Dispose();
            NextLogits?.Dispose();
        }
    }

    /// <inheritdoc />
    public Tensor InitialOutput(Tensor inputIds) => inputIds.alias();

    /// <inheritdoc />
    public GenerationState Begin(Tensor inputIds, Tensor? attentionMask)
    {
        RequireLmHead();
        var state = new State { Cache = Enumerable.Range(0, _transformer.LayerCount).Select(_ => new LayerCache()).ToArray() };
        state.Mask = attentionMask?.to_type(ScalarType.Int64).DetachFromDisposeScope();
        using var scope = NewDisposeScope();
        var hidden = _transformer.Forward(inputIds, state.Mask, state.Cache, null);
        state.SetLogits(Head(hidden.select(1, -1)));
        return state;
    }

    /// <inheritdoc />
    public void Advance(GenerationState state, Tensor nextTokens)
    {
        var s = (State)state;
        using var scope = NewDisposeScope();
        if (s.Mask is not null)
        {
            var grown = torch.cat([s.Mask, torch.ones(s.Mask.shape[0], 1, dtype: ScalarType.Int64, device: s.Mask.device)], 1).DetachFromDisposeScope();
            s.Mask.Dispose();
            s.Mask = grown;
        }
        if (s.Cache[0].Length + 1 > Parsed.Positions)
            throw new TextKitException("TK343", $"generation reached {Parsed.Positions} tokens, the model's maximum (n_positions); lower the maximum length.");
        var hidden = _transformer.Forward(nextTokens.view(-1, 1), s.Mask, s.Cache, null);
        s.SetLogits(Head(hidden.select(1, -1)));
    }

    /// <inheritdoc />
    public void Reorder(GenerationState state, Tensor rows)
    {
        var s = (State)state;
        foreach (var c in s.Cache)
            c.Reorder(rows);
        if (s.Mask is not null)
        {
            var m = s.Mask.index_select(0, rows).DetachFromDisposeScope();
            s.Mask.Dispose();
            s.Mask = m;
        }
        s.SetLogits(s.NextLogits.index_select(0, rows));
    }

    private void RequireLmHead()
    {
        if (Task != ModelTask.CausalLM)
            throw new TextKitModelException("TK312", "This GPT-2 model was loaded without its LM head (task Base); load it with Task = CausalLM to generate.");
    }
}
