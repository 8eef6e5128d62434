using TextKit.Neural.ML.Training;

namespace TextKit.ML;

/// <summary>Transformer fine-tuning on <c>mlContext.TextKit().Trainers</c>.</summary>
public static class NeuralTrainersCatalog
{
    /// <summary>
    /// Fine-tunes a transformer checkpoint folder for text classification: text column + key label →
    /// <c>Score</c> (probabilities) and <c>PredictedLabel</c> (key with the label's key values), ready for
    /// <c>mlContext.MulticlassClassification.Evaluate</c>.
    /// </summary>
    /// <param name="catalog">The trainers catalog.</param>
    /// <param name="modelFolder">HF checkpoint folder (config.json, model.safetensors, tokenizer files).</param>
    /// <param name="textColumnName">Input text column.</param>
    /// <param name="labelColumnName">Key label column.</param>
    /// <param name="epochs">Passes over the data.</param>
    /// <param name="learningRate">Peak learning rate.</param>
    /// <param name="seed">Seed of shuffling, dropout and new head weights.</param>
    public static TransformerClassificationTrainer TransformerClassification(this TextKitTrainers catalog, string modelFolder,
        string textColumnName = "Text", string labelColumnName = "Label", int epochs = 3, double learningRate = 5e-5, int seed = 42)
        => TransformerClassification(catalog, new TransformerClassificationTrainer.Options
        {
            ModelFolder = modelFolder,
            TextColumnName = textColumnName,
            LabelColumnName = labelColumnName,
            Training = new Neural.Training.TransformerTrainerOptions { Epochs = epochs, LearningRate = learningRate, Seed = seed },
        });

    /// <summary>Fine-tunes a text classifier with all options (text pairs, training loop, validation data).</summary>
    public static TransformerClassificationTrainer TransformerClassification(this TextKitTrainers catalog, TransformerClassificationTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TransformerClassificationTrainer(options);
    }

    /// <summary>
    /// Fine-tunes a transformer checkpoint folder for token classification (NER): token column + tag column (vectors
    /// of text, IOB2 by default) → one predicted tag per token.
    /// </summary>
    /// <param name="catalog">The trainers catalog.</param>
    /// <param name="modelFolder">HF checkpoint folder.</param>
    /// <param name="tokensColumnName">Input tokens (vector of text).</param>
    /// <param name="labelColumnName">Gold tags (vector of text).</param>
    /// <param name="outputColumnName">Predicted tags (vector of text).</param>
    /// <param name="epochs">Passes over the data.</param>
    /// <param name="learningRate">Peak learning rate.</param>
    /// <param name="seed">Seed of shuffling, dropout and new head weights.</param>
    public static TransformerTokenClassificationTrainer TransformerTokenClassification(this TextKitTrainers catalog, string modelFolder,
        string tokensColumnName = "Tokens", string labelColumnName = "Tags", string outputColumnName = "PredictedTags", int epochs = 3, double learningRate = 5e-5, int seed = 42)
        => TransformerTokenClassification(catalog, new TransformerTokenClassificationTrainer.Options
        {
            ModelFolder = modelFolder,
            TokensColumnName = tokensColumnName,
            LabelColumnName = labelColumnName,
            OutputColumnName = outputColumnName,
            Training = new Neural.Training.TransformerTrainerOptions { Epochs = epochs, LearningRate = learningRate, Seed = seed },
        });

    /// <summary>Fine-tunes a token classifier with all options (scheme, invalid-tag handling, windowing, training loop).</summary>
    public static TransformerTokenClassificationTrainer TransformerTokenClassification(this TextKitTrainers catalog, TransformerTokenClassificationTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TransformerTokenClassificationTrainer(options);
    }
}
