namespace TextKit.Neural.Training;

/// <summary>
/// One tokenized training example, unpadded: token ids, segment ids (same length) and labels. For sequence
/// classification <see cref="Labels"/> holds one class id; for token classification and masked LM it holds one id per
/// token, with -100 for tokens that carry no label (special tokens, continuation sub-words, unmasked positions).
/// </summary>
public sealed record TrainingExample(int[] InputIds, int[] TokenTypeIds, int[] Labels)
{
    /// <summary>Number of tokens.</summary>
    public int Length => InputIds.Length;
}
