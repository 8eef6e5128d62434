namespace TextKit.Evaluation;

/// <summary>Correct out of total (e.g. words with the right UPOS).</summary>
public readonly record struct AccuracyScore(long Correct, long Total)
{
    /// <summary>Correct / Total (0 when Total is 0).</summary>
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;
}

/// <summary>
/// Precision/recall/F1 from counts, with conlleval's and scikit-learn's zero conventions: precision is 0 when nothing
/// was predicted, recall is 0 when nothing is in the gold data, F1 is 0 when precision + recall is 0.
/// </summary>
public readonly record struct PrfScore(long Correct, long Predicted, long Gold)
{
    public double Precision => Predicted == 0 ? 0 : (double)Correct / Predicted;

    public double Recall => Gold == 0 ? 0 : (double)Correct / Gold;

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}
