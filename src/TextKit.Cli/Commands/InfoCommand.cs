using System.CommandLine;
using TextKit.Neural;

namespace TextKit.Cli.Commands;

/// <summary><c>textkit info</c>: versions and the state of the native TorchSharp runtime.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var command = new Command("info", "Show TextKit, .NET and TorchSharp runtime information.");
        command.SetAction(_ =>
        {
            Console.WriteLine($"TextKit {typeof(InfoCommand).Assembly.GetName().Version}");
            Console.WriteLine($".NET {Environment.Version} on {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
            try
            {
                TorchRuntime.EnsureInitialized();
                Console.WriteLine($"TorchSharp: {TorchRuntime.Status}");
                Console.WriteLine($"libtorch threads: {TorchSharp.torch.get_num_threads()}");
            }
            catch (TextKitException e)
            {
                Console.WriteLine($"TorchSharp: unavailable: {e.Message}");
                return 1;
            }
            return 0;
        });
        return command;
    }
}
