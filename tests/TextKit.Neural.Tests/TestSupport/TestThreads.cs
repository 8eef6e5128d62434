using System.Runtime.CompilerServices;
using TorchSharp;

namespace TextKit.Neural.Tests.TestSupport;

internal static class TestThreads
{
    /// <summary>
    /// Tiny fixtures gain nothing from intra-op threads, and on a shared 2-core machine OpenMP spin-waiting makes them
    /// orders of magnitude slower; one libtorch thread keeps the suite fast and stable.
    /// </summary>
    [ModuleInitializer]
    internal static void Init()
    {
        TorchRuntime.EnsureInitialized();
        torch.set_num_threads(1);
    }
}
