using System.CommandLine;

namespace TextKit.Cli.Commands;

/// <summary>Every top-level sub-command, in help order.</summary>
internal static class CommandRegistry
{
    public static IEnumerable<Command> All()
    {
        yield return DataCommands.Create();
        yield return ModelCommands.Create();
        foreach (var command in NeuralCommands.Create()) yield return command;
        yield return LmCommands.Create();
        yield return PretrainCommands.Create();
        yield return NormalizationCommands.Stem();
        yield return NormalizationCommands.Lemmatize();
        foreach (var command in TaggingCommands.Create()) yield return command;
        yield return InfoCommand.Create();
        yield return TrainingCurves.Command();
        yield return TokenizeCommands.Clean();
        yield return TokenizeCommands.Tokenize();
        yield return TokenizeCommands.Segmenter();
        yield return TaggingCommands.AttachTo(TrainTransformerCommands.AttachTo(TrainCommands.Create()));
        yield return PredictCommands.AttachTo(PredictCommand.Create());
        yield return EvaluateTokenizationCommand.AttachTo(EvaluateCommands.Create());
    }
}
