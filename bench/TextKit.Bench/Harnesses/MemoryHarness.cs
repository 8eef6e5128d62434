using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace TextKit.Bench;

/// <summary>
/// <c>harness memory [MB...]</c>: how many random cache lines per second this machine serves to one thread, with 1, 16
/// and 32 loads started ahead, in regions of 4 MB (cache), 40 MB (the size of the Brown LM's and the tagger's tables)
/// and 400 MB, on 4 KB and on 2 MB pages. The n-gram query, the tagger and the lemmatizer are bounded by such loads
/// (see docs/language-models.md); this puts a ceiling on them in the same session.
/// </summary>
public sealed partial class MemoryHarness : IHarness
{
    public string Name => "memory";

    public string Description => "random cache lines per second for one thread (1/16/32 in flight; 4 KB and 2 MB pages): the ceiling of table lookups";

    public int Run(string[] args)
    {
        var sizes = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [4, 40, 400];
        Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine($"{"region",8} {"pages",6} {"in flight",10} {"M lines/s",10} {"ns/line",8}   (best of 3 runs of 20 M loads)");
        foreach (int mb in sizes)
        {
            foreach (bool huge in new[] { false, true })
            {
                using var region = new Region((nuint)mb << 20, huge);
                foreach (int ahead in new[] { 1, 16, 32 })
                {
                    double rate = Enumerable.Range(0, 3).Max(_ => region.LinesPerSecond(ahead, 20_000_000));
                    Console.WriteLine($"{mb + " MB",8} {(huge ? "2 MB" : "4 KB"),6} {ahead,10} {rate / 1e6,10:F1} {1e9 / rate,8:F1}");
                }
            }
        }
        return 0;
    }

    private sealed unsafe partial class Region : IDisposable
    {
        private const nuint HugePage = 2 << 20;
        private readonly byte* _base;
        private readonly byte* _start;
        private readonly nuint _bytes;

        public Region(nuint bytes, bool huge)
        {
            _bytes = bytes;
            _base = (byte*)NativeMemory.Alloc(bytes + HugePage);
            _start = (byte*)(((nuint)_base + HugePage - 1) & ~(HugePage - 1));
            // 14 = MADV_HUGEPAGE, 15 = MADV_NOHUGEPAGE; advice before the pages are first touched.
            if (OperatingSystem.IsLinux())
                _ = Madvise(_start, bytes, huge ? 14 : 15);
            for (nuint o = 0; o < bytes; o += 4096)
                _start[o] = 1; // every page present before timing
        }

        /// <summary>Loads of random lines, <paramref name="ahead"/> at a time: all started (prefetch), then all read.</summary>
        public double LinesPerSecond(int ahead, int loads)
        {
            ulong lines = _bytes / 64, x = 88172645463325252UL;
            Span<nuint> offsets = stackalloc nuint[ahead];
            long sum = 0;
            var watch = Stopwatch.StartNew();
            for (int i = 0; i < loads; i += ahead)
            {
                for (int l = 0; l < ahead; l++)
                {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    offsets[l] = (nuint)(x % lines * 64);
                    if (Sse.IsSupported)
                        Sse.Prefetch0(_start + offsets[l]);
                }
                for (int l = 0; l < ahead; l++)
                    sum += _start[offsets[l]];
            }
            double seconds = watch.Elapsed.TotalSeconds;
            GC.KeepAlive(sum);
            return loads / seconds;
        }

        public void Dispose() => NativeMemory.Free(_base);

        [LibraryImport("libc", EntryPoint = "madvise")]
        private static partial int Madvise(void* address, nuint length, int advice);
    }
}
