using TextKit.ML.Trainers;
using TextKit.Sequence;

namespace TextKit.ML;

/// <summary>Sequence labelling (NER) on <c>mlContext.TextKit().Trainers</c>.</summary>
public static class SequenceCatalog
{
    /// <summary>The averaged-perceptron NER tagger (see <see cref="NerPerceptronTrainer"/>); null options mean the defaults.</summary>
    public static NerPerceptronTrainer NerPerceptron(this TextKitTrainers catalog, NerPerceptronTrainer.Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new NerPerceptronTrainer(options ?? new NerPerceptronTrainer.Options());
    }

    /// <summary>The tagger with the given columns and training options.</summary>
    public static NerPerceptronTrainer NerPerceptron(this TextKitTrainers catalog, string outputColumnName, string tokensColumnName = "Tokens",
        string tagsColumnName = "Tags", PerceptronNerOptions? training = null)
        => NerPerceptron(catalog, new NerPerceptronTrainer.Options
        {
            OutputColumnName = outputColumnName,
            TokensColumnName = tokensColumnName,
            TagsColumnName = tagsColumnName,
            Training = training ?? new PerceptronNerOptions(),
        });
}
