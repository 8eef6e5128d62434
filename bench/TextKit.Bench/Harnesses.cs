namespace TextKit.Bench;

/// <summary>A side-by-side measurement: runs TextKit and a peer on the same input and prints the ratio.</summary>
public interface IHarness
{
    /// <summary>Name used on the command line (<c>harness NAME</c>).</summary>
    string Name { get; }

    /// <summary>One line saying what it measures.</summary>
    string Description { get; }

    /// <summary>Runs and prints results; returns a process exit code.</summary>
    int Run(string[] args);
}

/// <summary>Finds every <see cref="IHarness"/> in this assembly by reflection, so adding one touches no shared file.</summary>
public static class Harnesses
{
    public static IReadOnlyList<IHarness> All { get; } = typeof(Harnesses).Assembly.GetTypes()
        .Where(t => typeof(IHarness).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
        .Select(t => (IHarness)Activator.CreateInstance(t)!)
        .OrderBy(h => h.Name, StringComparer.Ordinal)
        .ToArray();

    public static int Run(string[] args)
    {
        var harness = args.Length > 0 ? All.FirstOrDefault(h => h.Name == args[0]) : null;
        if (harness is null)
        {
            Console.Error.WriteLine("usage: harness NAME [args]; available:");
            foreach (var h in All)
                Console.Error.WriteLine($"  {h.Name,-24} {h.Description}");
            return 2;
        }
        return harness.Run(args[1..]);
    }
}
