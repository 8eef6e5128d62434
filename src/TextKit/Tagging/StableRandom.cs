namespace TextKit.Tagging;

/// <summary>
/// A small seeded generator (SplitMix64, Steele et al. 2014) whose sequence is fixed by this code, unlike
/// <see cref="Random"/>, whose algorithm is an implementation detail of the runtime. Training shuffles use it so that
/// models are reproducible across .NET versions.
/// </summary>
internal sealed class StableRandom
{
    private ulong _state;

    public StableRandom(long seed) => _state = (ulong)seed ^ 0x9E3779B97F4A7C15UL;

    public ulong NextULong()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform integer in [0, <paramref name="maxExclusive"/>) (Lemire's multiply-shift, bias &lt; 2^-32).</summary>
    public int Next(int maxExclusive) => (int)((NextULong() >> 32) * (ulong)maxExclusive >> 32);

    /// <summary>Uniform double in [0, 1).</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Fisher-Yates shuffle.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
