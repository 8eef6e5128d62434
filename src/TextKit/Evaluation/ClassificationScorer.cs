using TextKit.Corpora;

namespace TextKit.Evaluation;

/// <summary>Classification scores (see <see cref="ClassificationScorer"/>).</summary>
public sealed class ClassificationScores
{
    public long Count => Accuracy.Total;

    public AccuracyScore Accuracy { get; init; }

    /// <summary>Every label seen in gold or predictions, ordinal order; the confusion matrix uses this order.</summary>
    public required IReadOnlyList<string> Labels { get; init; }

    /// <summary>Per label: correct, predicted and gold (support) counts with precision, recall and F1.</summary>
    public required IReadOnlyDictionary<string, PrfScore> PerClass { get; init; }

    /// <summary>Unweighted mean over <see cref="Labels"/> of per-class precision.</summary>
    public double MacroPrecision { get; init; }

    /// <summary>Unweighted mean over <see cref="Labels"/> of per-class recall.</summary>
    public double MacroRecall { get; init; }

    /// <summary>Unweighted mean over <see cref="Labels"/> of per-class F1 (scikit-learn's f1_score(average="macro")).</summary>
    public double MacroF1 { get; init; }

    /// <summary>ConfusionMatrix[g][p] = examples with gold label Labels[g] predicted as Labels[p].</summary>
    public required long[][] ConfusionMatrix { get; init; }

    /// <summary>Predicted labels that never occur in gold (they lower macro-F1: their F1 is 0).</summary>
    public required IReadOnlyList<string> UnknownPredictedLabels { get; init; }
}

/// <summary>How a label file is laid out.</summary>
public enum LabelFileFormat
{
    /// <summary>*.tsv → <see cref="Tsv"/>, *.csv → <see cref="Csv"/>, anything else → <see cref="Lines"/>.</summary>
    Auto,

    /// <summary>One label per line, no header; whitespace around a label is trimmed; a blank line is an error.</summary>
    Lines,

    /// <summary>Tab-separated with a header row; the label column is chosen by name.</summary>
    Tsv,

    /// <summary>Comma-separated (RFC 4180) with a header row; the label column is chosen by name.</summary>
    Csv,
}

/// <summary>
/// Accuracy, per-class precision/recall/F1, macro averages and the confusion matrix of predicted labels against gold
/// labels, example by example. Labels are compared as exact strings. The label set is the union of gold and
/// predicted labels (as scikit-learn's <c>classification_report</c>/<c>f1_score</c>), so a predicted label unknown to
/// gold counts as a class with F1 0 and is listed in <see cref="ClassificationScores.UnknownPredictedLabels"/>.
/// Different counts are TK243; no examples is TK244.
/// </summary>
public static class ClassificationScorer
{
    public static ClassificationScores Score(IReadOnlyList<string> gold, IReadOnlyList<string> predicted)
    {
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(predicted);
        if (gold.Count != predicted.Count)
            throw new TextKitException("TK243", $"{gold.Count} gold labels but {predicted.Count} predicted labels; they must pair up example by example.");
        if (gold.Count == 0)
            throw new TextKitException("TK244", "no examples; there is nothing to score.");
        var labels = gold.Concat(predicted).Distinct().Order(StringComparer.Ordinal).ToList();
        var index = labels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i, StringComparer.Ordinal);
        var matrix = labels.Select(_ => new long[labels.Count]).ToArray();
        long correct = 0;
        for (int i = 0; i < gold.Count; i++)
        {
            matrix[index[gold[i]]][index[predicted[i]]]++;
            if (gold[i] == predicted[i])
                correct++;
        }
        var perClass = new SortedDictionary<string, PrfScore>(StringComparer.Ordinal);
        for (int k = 0; k < labels.Count; k++)
        {
            long goldCount = matrix[k].Sum();
            long predictedCount = matrix.Sum(row => row[k]);
            perClass[labels[k]] = new PrfScore(matrix[k][k], predictedCount, goldCount);
        }
        var goldLabels = gold.ToHashSet(StringComparer.Ordinal);
        return new ClassificationScores
        {
            Accuracy = new AccuracyScore(correct, gold.Count),
            Labels = labels,
            PerClass = perClass,
            MacroPrecision = perClass.Values.Average(s => s.Precision),
            MacroRecall = perClass.Values.Average(s => s.Recall),
            MacroF1 = perClass.Values.Average(s => s.F1),
            ConfusionMatrix = matrix,
            UnknownPredictedLabels = labels.Where(l => !goldLabels.Contains(l)).ToList(),
        };
    }

    /// <summary>Scores two label files (see <see cref="ReadLabels"/>).</summary>
    public static ClassificationScores ScoreFiles(string goldPath, string predictedPath,
        LabelFileFormat format = LabelFileFormat.Auto, string labelColumn = "label")
    {
        var gold = ReadLabels(goldPath, format, labelColumn);
        var predicted = ReadLabels(predictedPath, format, labelColumn);
        if (gold.Count != predicted.Count)
            throw new TextKitException("TK243", $"{goldPath} has {gold.Count} labels but {predictedPath} has {predicted.Count}; they must pair up example by example.");
        return Score(gold, predicted);
    }

    /// <summary>
    /// Reads the labels of a file: one label per line (<see cref="LabelFileFormat.Lines"/>) or the column
    /// <paramref name="labelColumn"/> of a TSV/CSV file with a header. Errors name file:line (TK23x).
    /// </summary>
    public static List<string> ReadLabels(string path, LabelFileFormat format = LabelFileFormat.Auto, string labelColumn = "label")
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
            throw new TextKitException("TK230", $"Label file '{path}' does not exist.");
        if (format == LabelFileFormat.Auto)
        {
            format = Path.GetExtension(path).ToLowerInvariant() switch
            {
                ".tsv" => LabelFileFormat.Tsv,
                ".csv" => LabelFileFormat.Csv,
                _ => LabelFileFormat.Lines,
            };
        }
        var labels = new List<string>();
        if (format == LabelFileFormat.Lines)
        {
            using var lines = LineSource.FromFile(path, "TK231");
            while (lines.ReadLine() is { } line)
            {
                var label = line.Trim();
                if (label.Length == 0)
                    throw new TextKitFormatException("TK236", path, lines.LineNumber, "empty line in a one-label-per-line file.");
                labels.Add(label);
            }
            return labels;
        }
        var separator = format == LabelFileFormat.Csv ? ',' : '\t';
        using var records = DelimitedReader.ReadFile(path, separator).GetEnumerator();
        if (!records.MoveNext())
            throw new TextKitFormatException("TK232", path, 0, $"the file is empty; expected a header row with a '{labelColumn}' column.");
        var header = records.Current.Fields;
        int column = ClassificationReader.ColumnIndex(header, labelColumn, path);
        while (records.MoveNext())
        {
            var record = records.Current;
            if (record.Fields.Length != header.Length)
                throw new TextKitFormatException("TK234", path, record.Line, $"found {record.Fields.Length} fields, but the header has {header.Length}.");
            var label = record.Fields[column].Trim();
            if (label.Length == 0)
                throw new TextKitFormatException("TK236", path, record.Line, $"the label ('{header[column]}') is empty.");
            labels.Add(label);
        }
        return labels;
    }
}
