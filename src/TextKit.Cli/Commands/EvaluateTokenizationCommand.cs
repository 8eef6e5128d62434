using System.CommandLine;
using System.Globalization;
using TextKit.Evaluation;

namespace TextKit.Cli.Commands;

/// <summary>
/// <c>textkit evaluate tokenization --gold G.conllu --pred P.conllu</c>: CoNLL 2018 Tokens / Sentences / Words F1.
/// Kept in its own file and attached to the <c>evaluate</c> group of <see cref="EvaluateCommands"/> by
/// <see cref="AttachTo"/> in the registry, so neither file edits the other.
/// </summary>
internal static class EvaluateTokenizationCommand
{
    /// <summary>The <c>tokenization</c> subcommand.</summary>
    internal static Command TokenizationEvaluateCommand()
    {
        var gold = new Option<FileInfo>("--gold") { Description = "Gold CoNLL-U.", Required = true };
        var pred = new Option<FileInfo>("--pred") { Description = "System CoNLL-U over the same raw text (e.g. from `textkit tokenize`).", Required = true };
        var command = new Command("tokenization", "Score tokenization and sentence segmentation (CoNLL 2018: Tokens, Sentences, Words F1 by character-span alignment).")
        {
            gold, pred,
        };
        command.SetAction(parse =>
        {
            var goldFile = parse.GetValue(gold)!;
            var predFile = parse.GetValue(pred)!;
            CliErrors.RequireFile(goldFile, "--gold");
            CliErrors.RequireFile(predFile, "--pred");
            var scores = TokenizationScorer.ScoreFiles(goldFile.FullName, predFile.FullName);
            Console.WriteLine("Metric     | Precision |    Recall |  F1 Score |     Gold |   System |  Correct");
            Console.WriteLine("-----------+-----------+-----------+-----------+----------+----------+---------");
            Line("Tokens", scores.Tokens);
            Line("Sentences", scores.Sentences);
            Line("Words", scores.Words);
            return 0;
        });
        return command;
    }

    /// <summary>Adds <c>tokenization</c> to an existing <c>evaluate</c> group and returns the group.</summary>
    internal static Command AttachTo(Command evaluateGroup)
    {
        ArgumentNullException.ThrowIfNull(evaluateGroup);
        evaluateGroup.Subcommands.Add(TokenizationEvaluateCommand());
        return evaluateGroup;
    }

    private static void Line(string name, SpanScore s)
        => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-10} | {100 * s.Precision,9:F2} | {100 * s.Recall,9:F2} | {100 * s.F1,9:F2} | {s.Gold,8} | {s.System,8} | {s.Correct,8}"));
}
