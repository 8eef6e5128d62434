using TextKit.Neural.Modules;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace TextKit.Neural.Models.Bert;

/// <summary>How a BERT-family model numbers positions.</summary>
public enum PositionIdStyle
{
    /// <summary>0, 1, 2, ... (BERT, ELECTRA).</summary>
    Absolute,

    /// <summary>padding_idx + 1, +2, ... for real tokens, padding_idx for pads (RoBERTa).</summary>
    AfterPadding,
}

/// <summary>
/// HF <c>BertModel</c> (and the identical module trees of <c>RobertaModel</c> and <c>ElectraModel</c>): embeddings,
/// optional <c>embeddings_project</c> (ELECTRA, when embedding_size ≠ hidden_size), encoder, optional pooler.
/// </summary>
public sealed class BertModel : nn.Module
{
    [ComponentName(Name = "embeddings")]
    private readonly BertEmbeddings _embeddings;

    [ComponentName(Name = "embeddings_project")]
    private readonly Linear? _embeddingsProject;

    [ComponentName(Name = "encoder")]
    private readonly BertEncoder _encoder;

    [ComponentName(Name = "pooler")]
    private readonly BertPooler? _pooler;
    private readonly PositionIdStyle _positions;
    private readonly long _padId;

    /// <summary>Creates the base network.</summary>
    public BertModel(BertConfig config, string source, bool addPooler, PositionIdStyle positions) : base(nameof(BertModel))
    {
        Config = config;
        _positions = positions;
        _padId = config.PadTokenId;
        _embeddings = new BertEmbeddings(config);
        if (config.EmbeddingSize != config.HiddenSize)
            _embeddingsProject = nn.Linear(config.EmbeddingSize, config.HiddenSize);
        _encoder = new BertEncoder(config, source);
        if (addPooler)
            _pooler = new BertPooler(config.HiddenSize);
        RegisterComponents();
    }

    /// <summary>The parsed config.</summary>
    public BertConfig Config { get; }

    /// <summary>The embeddings module (word embeddings are tied to MLM decoders).</summary>
    public BertEmbeddings Embeddings => _embeddings;

    /// <summary>Whether this base network has a pooler.</summary>
    public bool HasPooler => _pooler is not null;

    /// <summary>Sequence output [B, T, hidden] and, when the model has a pooler, the pooled output [B, hidden].</summary>
    public (Tensor Sequence, Tensor? Pooled) Forward(ModelInput input, bool pool)
    {
        using var scope = NewDisposeScope();
        var ids = input.InputIds;
        long length = ids.shape[1];
        Tensor positionIds = _positions == PositionIdStyle.AfterPadding
            ? PositionEncodings.RobertaPositionIds(ids, _padId)
            : torch.arange(length, dtype: ScalarType.Int64, device: ids.device).unsqueeze(0);
        var embedded = _embeddings.Forward(ids, positionIds, input.TokenTypeIds);
        if (_embeddingsProject is not null)
            embedded = _embeddingsProject.call(embedded);
        input.Trace?.AddHidden(embedded);
        var mask = AttentionMasks.Padding(input.AttentionMask);
        var sequence = _encoder.Forward(embedded, mask, input.Trace);
        Tensor? pooled = pool && _pooler is not null ? _pooler.Forward(sequence).MoveToOuterDisposeScope() : null;
        return (sequence.MoveToOuterDisposeScope(), pooled);
    }
}
