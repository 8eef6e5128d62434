using BenchmarkDotNet.Running;

namespace TextKit.Bench;

/// <summary>
/// Benchmarks: <c>dotnet run -c Release --project bench/TextKit.Bench -- --filter '*Stem*'</c> runs BenchmarkDotNet
/// classes; <c>-- harness NAME</c> runs a side-by-side harness that prints ratios against a peer measured in the same
/// session (see bench/README.md).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "harness")
            return Harnesses.Run(args[1..]);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
