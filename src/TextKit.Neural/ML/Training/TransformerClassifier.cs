using TextKit.Neural.Models;
using TextKit.Neural.Tokenizers;
using TextKit.Neural.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TextKit.Neural.ML.Training;

/// <summary>
/// A fine-tuned sequence classifier: tokenizer + model + label names. Tokenizes a text (and optional pair), runs the
/// model without gradients and returns softmax probabilities per label. Thread-safe.
/// </summary>
public sealed class TransformerClassifier : IDisposable
{
    private readonly object _lock = new();

    /// <summary>Wraps a sequence-classification model whose head has one output per label.</summary>
    public TransformerClassifier(TransformerModel model, ITransformerTokenizer tokenizer, IReadOnlyList<string> labels, int maxLength)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        Tokenizer = tokenizer ?? throw new ArgumentNullException(nameof(tokenizer));
        Labels = labels ?? throw new ArgumentNullException(nameof(labels));
        if (model.Task != ModelTask.SequenceClassification)
            throw new ArgumentException($"expected a sequence-classification model, got {model.Task}.", nameof(model));
        if (model.Config.NumLabels != labels.Count)
            throw new TextKitModelException("TK813", $"the model has {model.Config.NumLabels} outputs but {labels.Count} labels were given.");
        MaxLength = EffectiveMaxLength(model, tokenizer, maxLength);
        model.eval();
    }

    /// <summary>The model.</summary>
    public TransformerModel Model { get; }

    /// <summary>The tokenizer.</summary>
    public ITransformerTokenizer Tokenizer { get; }

    /// <summary>Label names by class id.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Maximum tokens per input, special tokens included (longer inputs are truncated).</summary>
    public int MaxLength { get; }

    internal static int EffectiveMaxLength(TransformerModel model, ITransformerTokenizer tokenizer, int requested)
    {
        int modelMax = model.MaxPositions ?? int.MaxValue;
        int tokenizerMax = tokenizer.ModelMaxLength > 0 ? tokenizer.ModelMaxLength : 512;
        return requested > 0 ? Math.Min(requested, modelMax) : Math.Min(modelMax, tokenizerMax);
    }

    /// <summary>Tokenizes one input (truncated to <see cref="MaxLength"/>) as a training example with <paramref name="label"/>.</summary>
    public TrainingExample Encode(string text, string? pair, int label)
    {
        var e = Tokenizer.Encode(text, pair, new EncodeOptions { MaxLength = MaxLength, Truncate = true });
        return new TrainingExample(e.InputIds, e.TokenTypeIds, [label]);
    }

    /// <summary>Label probabilities for each input (one batch, padded to its longest input).</summary>
    public float[][] Predict(IReadOnlyList<(string Text, string? Pair)> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0)
            return [];
        var examples = inputs.Select(i => Encode(i.Text, i.Pair, 0)).ToList();
        int pad = Tokenizer.PadTokenId;
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        var (input, _, _) = TransformerTrainer.Collate(examples, Enumerable.Range(0, examples.Count).ToArray(), pad, ModelTask.SequenceClassification);
        Tensor probabilities;
        lock (_lock)
        {
            using var output = Model.call(input);
            probabilities = nn.functional.softmax(output.Logits!, 1).contiguous();
        }
        var flat = probabilities.data<float>().ToArray();
        int k = Labels.Count;
        var result = new float[inputs.Count][];
        for (int i = 0; i < result.Length; i++)
            result[i] = flat.AsSpan(i * k, k).ToArray();
        return result;
    }

    /// <inheritdoc />
    public void Dispose() => Model.Dispose();
}
