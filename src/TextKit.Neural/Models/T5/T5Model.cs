using TextKit.Neural.Checkpoints;
using TextKit.Neural.Generation;
using TextKit.Neural.Models.Gpt2;
using TextKit.Neural.Modules;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace TextKit.Neural.Models.T5;

/// <summary>HF <c>T5Stack</c>: blocks, final_layer_norm, dropout; token embeddings are the shared matrix.</summary>
public sealed class T5Stack : nn.Module
{
    [ComponentName(Name = "block")]
    private readonly ModuleList<T5Block> _blocks;

    [ComponentName(Name = "final_layer_norm")]
    private readonly RmsNorm _finalLayerNorm;

    [ComponentName(Name = "dropout")]
    private readonly Dropout _dropout;
    private readonly Func<Tensor> _embedding;
    private readonly bool _isDecoder;

    /// <summary>Creates an encoder or decoder stack over the shared embedding matrix.</summary>
    public T5Stack(T5Config c, bool isDecoder, Func<Tensor> embedding, string source) : base(nameof(T5Stack))
    {
        int layers = isDecoder ? c.DecoderLayers : c.EncoderLayers;
        _blocks = nn.ModuleList(Enumerable.Range(0, layers).Select(i => new T5Block(c, i, isDecoder, source)).ToArray());
        _finalLayerNorm = new RmsNorm(c.DModel, c.Eps);
        _dropout = nn.Dropout(c.Dropout);
        _embedding = embedding;
        _isDecoder = isDecoder;
        RegisterComponents();
    }

    /// <summary>Number of blocks.</summary>
    public int BlockCount => _blocks.Count;

    /// <summary>
    /// Runs the stack on ids [B, T]. Decoders take the encoder output and mask, and optional per-block self/cross caches.
    /// </summary>
    public Tensor Forward(Tensor ids, Tensor? mask, Tensor? encoderOutput, Tensor? encoderMask, LayerCache[]? selfCache, LayerCache[]? crossCache, ForwardTrace? trace)
    {
        using var scope = NewDisposeScope();
        long length = ids.shape[1];
        long past = selfCache is { Length: > 0 } ? selfCache[0].Length : 0;
        var x = _dropout.call(_embedding().index_select(0, ids.reshape(-1)).view(ids.shape[0], ids.shape[1], -1));
        trace?.AddHidden(x);
        var bias = _blocks[0].SelfLayer.Inner.ComputeBias(length, past + length, past, ids.device);
        if (_isDecoder)
            bias = bias + AttentionMasks.Causal(length, past + length, ids.device);
        if (AttentionMasks.Padding(mask) is { } padding)
            bias = bias + padding;
        Tensor? crossBias = null;
        if (_isDecoder)
        {
            long sourceLength = encoderOutput!.shape[1];
            crossBias = torch.zeros(1, 1, length, sourceLength, device: ids.device);
            if (AttentionMasks.Padding(encoderMask) is { } encoderPadding)
                crossBias = crossBias + encoderPadding;
        }
        for (int i = 0; i < _blocks.Count; i++)
        {
            x = _blocks[i].Forward(x, bias, encoderOutput, crossBias, selfCache?[i], crossCache?[i], trace);
            if (i < _blocks.Count - 1)
                trace?.AddHidden(x);
        }
        x = _dropout.call(_finalLayerNorm.call(x));
        trace?.AddHidden(x);
        return x.MoveToOuterDisposeScope();
    }
}

/// <summary>
/// HF <c>T5ForConditionalGeneration</c>: shared embeddings, encoder, decoder, lm_head (tied to shared unless
/// tie_word_embeddings is false; tied outputs are scaled by d_model^-0.5 as HF does).
/// </summary>
public sealed class T5Model : TransformerModel, IGenerativeModel
{
    private readonly Embedding _shared;
    private readonly T5Stack _encoder;
    private readonly T5Stack _decoder;
    private readonly Linear? _lmHead;

    /// <summary>Builds the model.</summary>
    public T5Model(ModelConfig config, ModelTask task) : base("T5ForConditionalGeneration", config, task)
    {
        if (task is not (ModelTask.Base or ModelTask.Seq2SeqLM))
            throw new TextKitModelException("TK312", $"{config.Source}: TextKit's T5 supports the encoder-decoder LM (T5ForConditionalGeneration), not {task}.");
        Parsed = T5Config.From(config);
        _shared = nn.Embedding(Parsed.VocabSize, Parsed.DModel);
        register_module("shared", _shared);
        _encoder = new T5Stack(Parsed, isDecoder: false, () => _shared.weight!, config.Source);
        register_module("encoder", _encoder);
        _decoder = new T5Stack(Parsed, isDecoder: true, () => _shared.weight!, config.Source);
        register_module("decoder", _decoder);
        if (!Parsed.Tied)
        {
            _lmHead = nn.Linear(Parsed.DModel, Parsed.VocabSize, hasBias: false);
            register_module("lm_head", _lmHead);
        }
    }

    /// <summary>Parsed config.</summary>
    public T5Config Parsed { get; }

    /// <inheritdoc />
    public override string BasePrefix => "";

    /// <inheritdoc />
    public override int? MaxPositions => null;

    /// <inheritdoc />
    public override int VocabSize => Parsed.VocabSize;

    /// <inheritdoc />
    public override int HiddenSize => Parsed.DModel;

    /// <inheritdoc />
    public override double InitializerRange => Config.GetDouble("initializer_factor", 1.0);

    /// <inheritdoc />
    public int? EosTokenId => Parsed.EosTokenId;

    /// <inheritdoc />
    public bool IsEncoderDecoder => true;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> TiedKeys
    {
        get
        {
            var tied = new Dictionary<string, string>
            {
                ["encoder.embed_tokens.weight"] = "shared.weight",
                ["decoder.embed_tokens.weight"] = "shared.weight",
            };
            if (Parsed.Tied)
                tied["lm_head.weight"] = "shared.weight";
            return tied;
        }
    }

    /// <inheritdoc />
    public override Tensor Encode(ModelInput input) => _encoder.Forward(input.InputIds, input.AttentionMask, null, null, null, null, input.Trace);

    private Tensor Head(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        var h = Parsed.ScaleDecoderOutputs ? hidden * Math.Pow(Parsed.DModel, -0.5) : hidden;
        return nn.functional.linear(h, _lmHead?.weight ?? _shared.weight!).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override ModelOutput forward(ModelInput input)
    {
        if (input.DecoderInputIds is null)
            throw new TextKitException("TK340", "T5 needs decoder_input_ids (start with decoder_start_token_id) besides input_ids.");
        using var scope = NewDisposeScope();
        var encoded = _encoder.Forward(input.InputIds, input.AttentionMask, null, null, null, null, null);
        var decoded = _decoder.Forward(input.DecoderInputIds, input.DecoderAttentionMask, encoded, input.AttentionMask, null, null, input.Trace);
        var logits = Head(decoded);
        return new ModelOutput
        {
            Logits = logits.MoveToOuterDisposeScope(),
            LastHiddenState = decoded.MoveToOuterDisposeScope(),
            EncoderLastHiddenState = encoded.MoveToOuterDisposeScope(),
        };
    }

    private sealed class State : GenerationState
    {
        public required Tensor Encoded { get; set; }
        public Tensor? EncoderMask { get; set; }
        public required LayerCache[] SelfCache { get; init; }
        public required LayerCache[] CrossCache { get; init; }

        public void SetLogits(Tensor logits)
        {
            NextLogits?.Dispose();
            NextLogits = logits.DetachFromDisposeScope();
        }

        public override void Dispose()
        {
            Encoded.Dispose();
            EncoderMask?.Dispose();
            foreach (var c in SelfCache.Concat(CrossCache))
                c.Dispose();
            NextLogits?.Dispose();
        }
    }

    /// <inheritdoc />
    public Tensor InitialOutput(Tensor inputIds) => torch.full(inputIds.shape[0], 1, Parsed.DecoderStartTokenId, dtype: ScalarType.Int64, device: inputIds.device);

    /// <inheritdoc />
    public GenerationState Begin(Tensor inputIds, Tensor? attentionMask)
    {
        using var scope = NewDisposeScope();
        var encoded = _encoder.Forward(inputIds, attentionMask, null, null, null, null, null);
        var state = new State
        {
            Encoded = encoded.DetachFromDisposeScope(),
            EncoderMask = attentionMask?.alias().DetachFromDisposeScope(),
            SelfCache = Enumerable.Range(0, _decoder.BlockCount).Select(_ => new LayerCache()).ToArray(),
            CrossCache = Enumerable.Range(0, _decoder.BlockCount).Select(_ => new LayerCache()).ToArray(),
        };
        var start = InitialOutput(inputIds);
        Step(state, start);
        return state;
    }

    private void Step(State s, Tensor tokens)
    {
        using var scope = NewDisposeScope();
        var decoded = _decoder.Forward(tokens, null, s.Encoded, s.EncoderMask, s.SelfCache, s.CrossCache, null);
        s.SetLogits(Head(decoded.select(1, -1)));
    }

    /// <inheritdoc />
    public void Advance(GenerationState state, Tensor nextTokens) => Step((State)state, nextTokens.view(-1, 1));

    /// <inheritdoc />
    public void Reorder(GenerationState state, Tensor rows)
    {
        var s = (State)state;
        foreach (var c in s.SelfCache.Concat(s.CrossCache))
            c.Reorder(rows);
        var encoded = s.Encoded.index_select(0, rows).DetachFromDisposeScope();
        s.Encoded.Dispose();
        s.Encoded = encoded;
        if (s.EncoderMask is not null)
        {
            var m = s.EncoderMask.index_select(0, rows).DetachFromDisposeScope();
            s.EncoderMask.Dispose();
            s.EncoderMask = m;
        }
        s.SetLogits(s.NextLogits.index_select(0, rows));
    }
}
