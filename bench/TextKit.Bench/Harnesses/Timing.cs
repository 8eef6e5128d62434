using System.Diagnostics;

namespace TextKit.Bench;

/// <summary>The harnesses' timing loops: best of N after a warm-up, and call patterns timed in turns.</summary>
internal static class Timing
{
    // On a busy machine the background JIT needs a while to finish tier-1 code: warm up for at least this long.
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);

    /// <summary>The fastest of <paramref name="repeats"/> timed calls of <paramref name="run"/> (seconds), after the warm-up.</summary>
    public static double Best(int repeats, Action run)
    {
        var warm = Stopwatch.StartNew();
        do
            run();
        while (warm.Elapsed < WarmUp);
        double best = double.MaxValue;
        for (int i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            run();
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        return best;
    }

    /// <summary>
    /// Each action's best and median round (seconds). The actions take turns, round by round, so that they all see the
    /// same host states: timed in separate blocks, the slower of two calls has been measured faster on this machine.
    /// </summary>
    public static (double Best, double Median)[] Interleaved(int rounds, params Action[] actions)
    {
        var warm = Stopwatch.StartNew();
        do
        {
            foreach (var action in actions)
                action();
        }
        while (warm.Elapsed < WarmUp);
        var seconds = actions.Select(_ => new List<double>()).ToArray();
        for (int r = 0; r < rounds; r++)
        {
            for (int a = 0; a < actions.Length; a++)
            {
                var sw = Stopwatch.StartNew();
                actions[a]();
                seconds[a].Add(sw.Elapsed.TotalSeconds);
            }
        }
        return seconds.Select(s => (s.Min(), s.Order().ElementAt(s.Count / 2))).ToArray();
    }
}
