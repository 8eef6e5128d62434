using TextKit.Neural.Models;
using TextKit.Neural.Tokenizers;
using TextKit.Neural.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TextKit.Neural.ML.Training;

/// <summary>
/// A fine-tuned token classifier over pre-tokenized words (NER): each word is split into sub-words, the first
/// sub-word carries the word's label (the others are ignored, HF's usual alignment), and sentences longer than the
/// model's window are split into overlapping windows (<see cref="Stride"/> sub-words of overlap); a word's prediction
/// comes from the window where it is farthest from an edge. Thread-safe.
/// </summary>
public sealed class TransformerTokenTagger : IDisposable
{
    private readonly object _lock = new();
    private readonly int[] _prefix;
    private readonly int[] _suffix;
    private readonly int _unknownId;

    /// <summary>Wraps a token-classification model whose head has one output per label.</summary>
    public TransformerTokenTagger(TransformerModel model, ITransformerTokenizer tokenizer, IReadOnlyList<string> labels, int maxLength, int stride)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        Tokenizer = tokenizer ?? throw new ArgumentNullException(nameof(tokenizer));
        Labels = labels ?? throw new ArgumentNullException(nameof(labels));
        if (model.Task != ModelTask.TokenClassification)
            throw new ArgumentException($"expected a token-classification model, got {model.Task}.", nameof(model));
        if (model.Config.NumLabels != labels.Count)
            throw new TextKitModelException("TK813", $"the model has {model.Config.NumLabels} outputs but {labels.Count} labels were given.");
        MaxLength = TransformerClassifier.EffectiveMaxLength(model, tokenizer, maxLength);
        // The special tokens around one segment, found by encoding a probe word: [CLS] … [SEP] for BERT, <s> … </s> for RoBERTa.
        var probe = tokenizer.Encode("a", null, new EncodeOptions { MaxLength = 0, Truncate = false });
        int first = Array.FindIndex(probe.SequenceIds, s => s == 0);
        int last = Array.FindLastIndex(probe.SequenceIds, s => s == 0);
        _prefix = first < 0 ? [] : probe.InputIds[..first];
        _suffix = last < 0 ? [] : probe.InputIds[(last + 1)..];
        int content = MaxLength - _prefix.Length - _suffix.Length;
        if (content < 2)
            throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "leaves fewer than 2 sub-words per window after special tokens.");
        if (stride < 0 || stride >= content)
            throw new ArgumentOutOfRangeException(nameof(stride), stride, $"must be in [0, {content - 1}] (window content {content} sub-words).");
        Stride = stride;
        _unknownId = tokenizer.TokenToId("[UNK]") ?? tokenizer.TokenToId("<unk>") ?? tokenizer.PadTokenId;
        model.eval();
    }

    /// <summary>The model.</summary>
    public TransformerModel Model { get; }

    /// <summary>The tokenizer.</summary>
    public ITransformerTokenizer Tokenizer { get; }

    /// <summary>Tags by class id.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Window size in sub-words, special tokens included.</summary>
    public int MaxLength { get; }

    /// <summary>Sub-words shared by consecutive windows of a long sentence.</summary>
    public int Stride { get; }

    private int Content => MaxLength - _prefix.Length - _suffix.Length;

    /// <summary>The sub-word ids of each word (an empty word or one the tokenizer drops becomes the unknown token).</summary>
    public int[][] Pieces(IReadOnlyList<string> words)
    {
        var pieces = new int[words.Count][];
        for (int i = 0; i < words.Count; i++)
        {
            var ids = words[i].Length == 0 ? [] : Tokenizer.Encode(words[i], null, new EncodeOptions { AddSpecialTokens = false, MaxLength = 0, Truncate = false }).InputIds;
            pieces[i] = ids.Length == 0 ? [_unknownId] : ids.Length > Content ? ids[..Content] : ids;
        }
        return pieces;
    }

    /// <summary>Word ranges [Start, End) of the windows covering a sentence, consecutive windows sharing up to <see cref="Stride"/> sub-words.</summary>
    public List<(int Start, int End)> Windows(int[][] pieces)
    {
        var windows = new List<(int, int)>();
        int n = pieces.Length, start = 0;
        if (n == 0)
            return windows;
        while (true)
        {
            int end = start, total = 0;
            while (end < n && total + pieces[end].Length <= Content)
                total += pieces[end++].Length;
            windows.Add((start, end));
            if (end >= n)
                return windows;
            int next = end, shared = 0;
            while (next - 1 > start && shared + pieces[next - 1].Length <= Stride)
                shared += pieces[--next].Length;
            start = next;
        }
    }

    /// <summary>One example per window: special tokens around the sub-words, labels on first sub-words (-100 elsewhere).</summary>
    public List<TrainingExample> Encode(IReadOnlyList<string> words, IReadOnlyList<int>? labels)
    {
        var pieces = Pieces(words);
        var examples = new List<TrainingExample>();
        foreach (var (start, end) in Windows(pieces))
            examples.Add(Window(pieces, start, end, labels, out _));
        return examples;
    }

    private TrainingExample Window(int[][] pieces, int start, int end, IReadOnlyList<int>? labels, out int[] firstPiece)
    {
        var ids = new List<int>(MaxLength);
        var tags = new List<int>(MaxLength);
        firstPiece = new int[end - start];
        ids.AddRange(_prefix);
        tags.AddRange(Enumerable.Repeat(-100, _prefix.Length));
        for (int w = start; w < end; w++)
        {
            firstPiece[w - start] = ids.Count;
            for (int p = 0; p < pieces[w].Length; p++)
            {
                ids.Add(pieces[w][p]);
                tags.Add(p == 0 && labels is not null ? labels[w] : -100);
            }
        }
        ids.AddRange(_suffix);
        tags.AddRange(Enumerable.Repeat(-100, _suffix.Length));
        return new TrainingExample([.. ids], new int[ids.Count], [.. tags]);
    }

    /// <summary>Tags for each sentence (one per word).</summary>
    public string[][] Predict(IReadOnlyList<IReadOnlyList<string>> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var examples = new List<TrainingExample>();
        var plan = new List<(int Sentence, int Start, int End, int[] FirstPiece)>();
        var result = new string[sentences.Count][];
        for (int s = 0; s < sentences.Count; s++)
        {
            result[s] = new string[sentences[s].Count];
            var pieces = Pieces(sentences[s]);
            foreach (var (start, end) in Windows(pieces))
            {
                examples.Add(Window(pieces, start, end, null, out var firstPiece));
                plan.Add((s, start, end, firstPiece));
            }
        }
        if (examples.Count == 0)
            return result;
        long[] predicted;
        int width;
        using (var scope = NewDisposeScope())
        using (var noGrad = torch.no_grad())
        {
            var (input, _, _) = TransformerTrainer.Collate(examples, Enumerable.Range(0, examples.Count).ToArray(), Tokenizer.PadTokenId, ModelTask.TokenClassification);
            lock (_lock)
            {
                using var output = Model.call(input);
                var argmax = output.Logits!.argmax(-1).contiguous();
                predicted = argmax.data<long>().ToArray();
                width = (int)argmax.shape[1];
            }
        }
        // Each word takes the prediction of the window where it is farthest from an edge (most context on both sides).
        var margin = sentences.Select(s => Enumerable.Repeat(-1, s.Count).ToArray()).ToArray();
        for (int e = 0; e < plan.Count; e++)
        {
            var (s, start, end, firstPiece) = plan[e];
            for (int w = start; w < end; w++)
            {
                int m = Math.Min(w - start, end - 1 - w);
                if (m <= margin[s][w])
                    continue;
                margin[s][w] = m;
                result[s][w] = Labels[(int)predicted[e * width + firstPiece[w - start]]];
            }
        }
        return result;
    }

    /// <inheritdoc />
    public void Dispose() => Model.Dispose();
}
