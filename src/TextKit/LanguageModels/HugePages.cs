using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TextKit.LanguageModels;

/// <summary>
/// Large arrays for random-access tables, backed by 2 MB pages where the OS allows it. A lookup in a table of tens of
/// megabytes with 4 KB pages misses the TLB as well as the cache (a page walk before the memory access); Linux
/// transparent huge pages in <c>madvise</c> mode (the common default) give huge pages only to ranges marked with
/// <c>madvise(MADV_HUGEPAGE)</c>, as KenLM does for its tables. The array is pinned (it must not move after the
/// advice) and is marked before its pages are first touched.
/// </summary>
internal static partial class HugePages
{
    private const int MinBytes = 4 << 20;
    private const nuint PageSize = 2 << 20;
    private const int MadvHugePage = 14;
    private static bool _unavailable = !OperatingSystem.IsLinux();

    /// <summary>A zeroed array; pinned and advised for huge pages when it is large and the OS is Linux.</summary>
    public static unsafe T[] Allocate<T>(int length) where T : unmanaged
    {
        long bytes = (long)length * Unsafe.SizeOf<T>();
        if (_unavailable || bytes < MinBytes)
            return new T[length];
        var array = GC.AllocateArray<T>(length, pinned: true);
        nuint start = ((nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array)) + PageSize - 1) & ~(PageSize - 1);
        nuint end = ((nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array)) + (nuint)bytes) & ~(PageSize - 1);
        if (end > start)
        {
            try
            {
                _ = Madvise((void*)start, end - start, MadvHugePage); // advice only: failure leaves 4 KB pages
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                _unavailable = true;
            }
        }
        return array;
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static unsafe partial int Madvise(void* address, nuint length, int advice);
}
