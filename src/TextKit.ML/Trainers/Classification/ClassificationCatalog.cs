using TextKit.ML.Trainers;

namespace TextKit.ML;

/// <summary>Text classification on <c>mlContext.TextKit().Trainers</c>.</summary>
public static class ClassificationCatalog
{
    /// <summary>
    /// A classical text classifier (TextKit cleaning + tokenizing, ML.NET word n-grams, linear learner); see
    /// <see cref="TextClassificationTrainer"/>. Null options mean the defaults (columns "Text" and "Label").
    /// </summary>
    public static TextClassificationTrainer TextClassification(this TextKitTrainers catalog, TextClassificationTrainer.Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TextClassificationTrainer(catalog.Context, options ?? new TextClassificationTrainer.Options());
    }

    /// <summary>The classifier with the given column names and defaults otherwise.</summary>
    public static TextClassificationTrainer TextClassification(this TextKitTrainers catalog, string labelColumnName, string textColumnName)
        => TextClassification(catalog, new TextClassificationTrainer.Options { LabelColumnName = labelColumnName, TextColumnName = textColumnName });
}
