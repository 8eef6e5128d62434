using TextKit.Neural.Models;
using TextKit.Neural.Tokenizers;
using TorchSharp;
using static TorchSharp.torch;

namespace TextKit.Neural.ML;

/// <summary>What to do with texts longer than the model's position count.</summary>
public enum LongTextHandling
{
    /// <summary>Cut to the maximum length (special tokens kept) and report a warning.</summary>
    TruncateWithWarning,

    /// <summary>Fail with TK341.</summary>
    Error,
}

/// <summary>
/// Turns texts into sentence vectors with a tokenizer and a transformer's base network: tokenizes, pads each batch to
/// its longest row (dynamic padding), runs the model without gradients and pools. Thread-safe for concurrent calls.
/// </summary>
public sealed class TransformerEncoder : IDisposable
{
    private readonly object _lock = new();
    private int _truncatedRows;

    /// <summary>Wraps a loaded model and its tokenizer.</summary>
    public TransformerEncoder(TransformerModel model, ITransformerTokenizer tokenizer, EmbeddingPooling pooling, int maxLength = 0, LongTextHandling longText = LongTextHandling.TruncateWithWarning)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        Tokenizer = tokenizer ?? throw new ArgumentNullException(nameof(tokenizer));
        if (maxLength < 0)
            throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "must be 0 (model maximum) or positive.");
        Pooling = pooling;
        int modelMax = model.MaxPositions ?? int.MaxValue;
        MaxLength = maxLength == 0 ? Math.Min(modelMax, (tokenizer.ModelMaxLength > 0 ? tokenizer.ModelMaxLength : 512)) : Math.Min(maxLength, modelMax);
        LongText = longText;
        model.eval();
    }

    /// <summary>The model (base network used through <see cref="TransformerModel.Encode"/>).</summary>
    public TransformerModel Model { get; }

    /// <summary>The tokenizer.</summary>
    public ITransformerTokenizer Tokenizer { get; }

    /// <summary>Pooling of token vectors.</summary>
    public EmbeddingPooling Pooling { get; }

    /// <summary>Maximum tokens per text, special tokens included.</summary>
    public int MaxLength { get; }

    /// <summary>Handling of longer texts.</summary>
    public LongTextHandling LongText { get; }

    /// <summary>Vector size.</summary>
    public int Dimension => Model.HiddenSize;

    /// <summary>Rows truncated so far (with <see cref="LongTextHandling.TruncateWithWarning"/>).</summary>
    public int TruncatedRows => _truncatedRows;

    /// <summary>Called once per truncated text with a message; default writes nothing (callers decide).</summary>
    public Action<string>? Warning { get; set; }

    /// <summary>Encodes one text to token ids, applying the length policy (TK341 / warning) and rejecting texts that give no tokens (TK344).</summary>
    public EncodedInput Tokenize(string text, long row)
    {
        ArgumentNullException.ThrowIfNull(text);
        EncodedInput encoded;
        try
        {
            encoded = Tokenizer.Encode(text, null, new EncodeOptions { MaxLength = MaxLength, Truncate = false });
        }
        catch (TextKitException e) when (e.Code != "TK344")
        {
            // The tokenizer refuses texts longer than MaxLength when truncation is off.
            if (LongText == LongTextHandling.Error)
                throw new TextKitException("TK341", $"row {row}: the text is longer than {MaxLength} tokens, the model's maximum; shorten it or use LongTextHandling.TruncateWithWarning. ({e.Message})", e);
            encoded = Tokenizer.Encode(text, null, new EncodeOptions { MaxLength = MaxLength, Truncate = true });
            Interlocked.Increment(ref _truncatedRows);
            Warning?.Invoke($"row {row}: text truncated to {MaxLength} tokens (the model's maximum).");
        }
        if (encoded.InputIds.Length == 0)
            throw new TextKitException("TK344", $"row {row}: the text is empty and the tokenizer adds no special tokens, so there is nothing to embed.");
        return encoded;
    }

    /// <summary>Sentence vectors for <paramref name="texts"/> (one batch; rows numbered from <paramref name="firstRow"/> in errors).</summary>
    public float[][] Embed(IReadOnlyList<string> texts, long firstRow = 0)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0)
            return [];
        var encoded = new EncodedInput[texts.Count];
        for (int i = 0; i < texts.Count; i++)
            encoded[i] = Tokenize(texts[i], firstRow + i);
        return Embed(encoded);
    }

    /// <summary>Sentence vectors for already tokenized rows, padded to the longest row.</summary>
    public float[][] Embed(IReadOnlyList<EncodedInput> encoded)
    {
        int batch = encoded.Count;
        int length = encoded.Max(e => e.InputIds.Length);
        var ids = new long[batch * length];
        var mask = new long[batch * length];
        var types = new long[batch * length];
        Array.Fill(ids, Tokenizer.PadTokenId);
        for (int b = 0; b < batch; b++)
        {
            var e = encoded[b];
            for (int t = 0; t < e.InputIds.Length; t++)
            {
                ids[b * length + t] = e.InputIds[t];
                mask[b * length + t] = e.AttentionMask.Length > t ? e.AttentionMask[t] : 1;
                types[b * length + t] = e.TokenTypeIds.Length > t ? e.TokenTypeIds[t] : 0;
            }
        }
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        var idsT = torch.tensor(ids, [batch, length]);
        var maskT = torch.tensor(mask, [batch, length]);
        var typesT = torch.tensor(types, [batch, length]);
        var input = new ModelInput { InputIds = idsT, AttentionMask = maskT, TokenTypeIds = typesT };
        Model.ValidateInput(input);
        Tensor hidden;
        lock (_lock)
            hidden = Model.Encode(input);
        var pooled = Pool(hidden, maskT, Pooling).contiguous();
        var flat = pooled.data<float>().ToArray();
        int dim = (int)pooled.shape[1];
        var result = new float[batch][];
        for (int b = 0; b < batch; b++)
            result[b] = flat.AsSpan(b * dim, dim).ToArray();
        return result;
    }

    /// <summary>Pools hidden states [B, T, H] with a 0/1 mask [B, T] into [B, H].</summary>
    public static Tensor Pool(Tensor hidden, Tensor mask, EmbeddingPooling pooling)
    {
        using var scope = NewDisposeScope();
        var m = mask.unsqueeze(-1).to_type(hidden.dtype);
        Tensor result = pooling switch
        {
            EmbeddingPooling.Cls => hidden.select(1, 0),
            EmbeddingPooling.Mean => (hidden * m).sum(1) / m.sum(1).clamp_min(1e-9),
            EmbeddingPooling.Max => hidden.masked_fill(m.eq(0), float.NegativeInfinity).amax([1L]),
            _ => throw new ArgumentOutOfRangeException(nameof(pooling), pooling, null),
        };
        return result.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public void Dispose() => Model.Dispose();
}
