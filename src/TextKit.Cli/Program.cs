using System.CommandLine;
using TextKit.Cli.Commands;

namespace TextKit.Cli;

/// <summary>The <c>textkit</c> command: one sub-command group per file under Commands/.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("TextKit: NLP for ML.NET (cleaning, tokenization, tagging, language models, transformers).");
        foreach (var command in CommandRegistry.All())
            root.Subcommands.Add(command);
        try
        {
            return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (TextKitException e)
        {
            // Expected failures (bad input, bad model file): one clear line, no stack trace.
            Console.Error.WriteLine("error: " + e.Message);
            return 2;
        }
    }
}
