using TextKit.Neural.Tokenizers;

namespace TextKit.Neural.Training;

/// <summary>
/// BERT's masked-LM corruption (Devlin et al. 2019, §3.1; HF <c>DataCollatorForLanguageModeling</c>): each
/// non-special token is selected with <see cref="MaskProbability"/>; a selected token becomes the mask token 80% of the
/// time, a uniformly random vocabulary token 10% and stays unchanged 10%, and only selected tokens carry a label (the
/// original id; the rest -100). Set as <see cref="TransformerTrainerOptions.DynamicMasking"/>, the trainer masks every
/// batch afresh (a new mask each epoch, seeded per micro-batch so that runs and resumes are reproducible).
/// </summary>
public sealed class MaskedLanguageModeling
{
    private readonly HashSet<int> _special;

    /// <summary>Creates the corruption for a vocabulary.</summary>
    /// <param name="maskTokenId">Id of [MASK] / &lt;mask&gt;.</param>
    /// <param name="vocabularySize">Random replacements are drawn from 0..vocabularySize-1.</param>
    /// <param name="specialTokenIds">Ids never selected ([CLS], [SEP], [PAD], ...).</param>
    /// <param name="maskProbability">Fraction of tokens selected (BERT: 0.15).</param>
    public MaskedLanguageModeling(int maskTokenId, int vocabularySize, IEnumerable<int> specialTokenIds, double maskProbability = 0.15)
    {
        if (vocabularySize < 2)
            throw new ArgumentOutOfRangeException(nameof(vocabularySize), vocabularySize, "must be at least 2.");
        if ((uint)maskTokenId >= (uint)vocabularySize)
            throw new ArgumentOutOfRangeException(nameof(maskTokenId), maskTokenId, "must be an id of the vocabulary.");
        if (!(maskProbability is > 0 and < 1))
            throw new ArgumentOutOfRangeException(nameof(maskProbability), maskProbability, "must be in (0, 1).");
        MaskTokenId = maskTokenId;
        VocabularySize = vocabularySize;
        MaskProbability = maskProbability;
        _special = [.. specialTokenIds ?? throw new ArgumentNullException(nameof(specialTokenIds))];
    }

    /// <summary>For a BERT WordPiece tokenizer: [MASK], and [CLS]/[SEP]/[PAD]/[UNK] never selected.</summary>
    public static MaskedLanguageModeling ForBert(BertWordPieceTokenizer tokenizer, double maskProbability = 0.15)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        return new MaskedLanguageModeling(tokenizer.MaskTokenId, tokenizer.VocabularySize,
            [tokenizer.ClassificationTokenId, tokenizer.SeparatorTokenId, tokenizer.PadTokenId, tokenizer.UnknownTokenId], maskProbability);
    }

    /// <summary>The mask token id.</summary>
    public int MaskTokenId { get; }

    /// <summary>Vocabulary size for random replacements.</summary>
    public int VocabularySize { get; }

    /// <summary>Selection probability per token.</summary>
    public double MaskProbability { get; }

    /// <summary>Whether <paramref name="id"/> is never selected.</summary>
    public bool IsSpecial(int id) => _special.Contains(id);

    /// <summary>A corrupted copy of <paramref name="example"/> with masked-LM labels (its own labels are ignored).</summary>
    public TrainingExample Apply(TrainingExample example, Random random)
    {
        ArgumentNullException.ThrowIfNull(example);
        ArgumentNullException.ThrowIfNull(random);
        var ids = (int[])example.InputIds.Clone();
        var labels = new int[ids.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            labels[i] = -100;
            if (_special.Contains(ids[i]) || random.NextDouble() >= MaskProbability)
                continue;
            labels[i] = ids[i];
            double r = random.NextDouble();
            if (r < 0.8)
                ids[i] = MaskTokenId;
            else if (r < 0.9)
                ids[i] = random.Next(VocabularySize);
        }
        return new TrainingExample(ids, example.TokenTypeIds, labels);
    }

    /// <summary>Unlabelled examples from texts (truncated to <paramref name="maxLength"/> tokens, empty texts skipped), ready for dynamic masking.</summary>
    public static List<TrainingExample> Examples(ITransformerTokenizer tokenizer, IEnumerable<string> texts, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(texts);
        var examples = new List<TrainingExample>();
        foreach (var text in texts)
        {
            if (string.IsNullOrWhiteSpace(text))
                continue;
            var e = tokenizer.Encode(text, null, new EncodeOptions { MaxLength = maxLength, Truncate = true });
            examples.Add(new TrainingExample(e.InputIds, e.TokenTypeIds, []));
        }
        return examples;
    }
}
