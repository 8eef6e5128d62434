using TextKit.Neural.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace TextKit.Neural.Models;

/// <summary>
/// Base of every TextKit transformer model: a TorchSharp module whose state-dict keys are the Hugging Face ones,
/// built from a <see cref="ModelConfig"/>. Load from a HF folder with <c>TransformerModels.Load</c>.
/// </summary>
public abstract class TransformerModel : nn.Module<ModelInput, ModelOutput>
{
    /// <summary>Creates the module (subclasses call <c>RegisterComponents()</c> last).</summary>
    protected TransformerModel(string name, ModelConfig config, ModelTask task) : base(name)
    {
        Config = config;
        Task = task;
    }

    /// <summary>The HF config the model was built from.</summary>
    public ModelConfig Config { get; }

    /// <summary>The head on top of the base network.</summary>
    public ModelTask Task { get; }

    /// <summary>HF <c>base_model_prefix</c> ("bert", "roberta", "transformer", ...); empty when keys have no prefix.</summary>
    public abstract string BasePrefix { get; }

    /// <summary>Largest number of positions the model accepts (max_position_embeddings / n_positions); null = unbounded (relative positions).</summary>
    public abstract int? MaxPositions { get; }

    /// <summary>Vocabulary size (rows of the input embedding).</summary>
    public abstract int VocabSize { get; }

    /// <summary>Hidden size of <see cref="Encode"/>'s output.</summary>
    public abstract int HiddenSize { get; }

    /// <summary>
    /// Checkpoint keys that are tied to another parameter (and so not stored by the model), mapped to the parameter
    /// they duplicate, e.g. <c>cls.predictions.decoder.weight → bert.embeddings.word_embeddings.weight</c>.
    /// </summary>
    public virtual IReadOnlyDictionary<string, string> TiedKeys => new Dictionary<string, string>();

    /// <summary>Checkpoint keys that older writers store but that are recomputed here (buffers).</summary>
    public virtual bool IsIgnorableKey(string key) => key.EndsWith(".position_ids", StringComparison.Ordinal);

    /// <summary>Standard deviation of HF's weight initialisation (initializer_range), for parameters a checkpoint lacks.</summary>
    public virtual double InitializerRange => Config.GetDouble("initializer_range", 0.02);

    /// <summary>
    /// Hidden states of the base network for embeddings [B, T, hidden] (encoder output for encoder-decoders), without
    /// running the task head.
    /// </summary>
    public abstract Tensor Encode(ModelInput input);

    /// <summary>Validates an input batch against the model (ids in vocabulary, length within positions).</summary>
    public void ValidateInput(ModelInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        var ids = input.InputIds;
        if (ids.dim() != 2)
            throw new TextKitException("TK340", $"input_ids must be a [batch, tokens] matrix; got shape [{string.Join(", ", ids.shape)}].");
        if (ids.shape[1] == 0)
            throw new TextKitException("TK340", "input_ids has no tokens (empty text?): each row needs at least one token.");
        CheckSameShape(input.AttentionMask, ids, "attention_mask");
        CheckSameShape(input.TokenTypeIds, ids, "token_type_ids");
        if (MaxPositions is int max && ids.shape[1] > max)
            throw new TextKitException("TK341", $"input has {ids.shape[1]} tokens but the model accepts at most {max} positions (max_position_embeddings); truncate the input.");
        long minId = ids.min().ToInt64(), maxId = ids.max().ToInt64();
        if (minId < 0 || maxId >= VocabSize)
            throw new TextKitException("TK340", $"input_ids contains id {(minId < 0 ? minId : maxId)}, outside the vocabulary 0..{VocabSize - 1}.");
        if (input.DecoderInputIds is { } dec)
        {
            if (dec.dim() != 2 || dec.shape[0] != ids.shape[0])
                throw new TextKitException("TK340", $"decoder_input_ids must be [batch={ids.shape[0]}, tokens]; got [{string.Join(", ", dec.shape)}].");
            if (dec.numel() > 0 && (dec.min().ToInt64() < 0 || dec.max().ToInt64() >= VocabSize))
                throw new TextKitException("TK340", $"decoder_input_ids contains an id outside the vocabulary 0..{VocabSize - 1}.");
        }
    }

    private static void CheckSameShape(Tensor? t, Tensor ids, string name)
    {
        if (t is not null && !t.shape.SequenceEqual(ids.shape))
            throw new TextKitException("TK340", $"{name} has shape [{string.Join(", ", t.shape)}] but input_ids has [{string.Join(", ", ids.shape)}].");
    }
}
