using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace TextKit.Data;

/// <summary>Software prefetch hints (no-ops where SSE is missing).</summary>
internal static class CacheHint
{
    /// <summary>Starts loading the cache line at <paramref name="target"/>; reads nothing, so any address is safe.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void At<T>(ref readonly T target)
    {
        if (Sse.IsSupported)
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.AsRef(in target)));
    }

    /// <summary>
    /// Starts loading the line 64 bytes after <paramref name="target"/>, where a probe that runs on from it reads next.
    /// The address is made from an unmanaged pointer, never a managed reference past the end of the object.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void NextLine<T>(ref readonly T target)
    {
        if (Sse.IsSupported)
            Sse.Prefetch0((byte*)Unsafe.AsPointer(ref Unsafe.AsRef(in target)) + 64);
    }

    /// <summary>The line of a string's first characters (the address only: the GC may move it, which is harmless).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void String(string? s)
    {
        if (s is not null)
            At(in s.GetPinnableReference());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Chars(ReadOnlySpan<char> s) => At(in MemoryMarshal.GetReference(s));
}
