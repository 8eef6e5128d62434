using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using TextKit.Neural.Native;

namespace TextKit.Neural;

/// <summary>
/// Makes TorchSharp's native library load on systems whose libstdc++ is older than the one it was built against.
/// </summary>
/// <remarks>
/// <para>TorchSharp 0.107.0's <c>libLibTorchSharp.so</c> declares a version need on <c>GLIBCXX_3.4.32</c> (GCC 13)
/// for exactly one symbol, <c>std::ios_base_library_init()</c>, which it never relocates against. Debian 12's
/// libstdc++ stops at 3.4.30, so <c>dlopen</c> refuses the library. Marking that one version need weak
/// (<c>VER_FLG_WEAK</c> in its <c>Elf64_Vernaux.vna_flags</c>) turns the refusal into a warning and the library
/// works.</para>
/// <para><see cref="EnsureInitialized"/> first tries the library as shipped; only if <c>dlopen</c> fails for
/// that reason does it write a patched copy to <c>$TEXTKIT_NATIVE_CACHE</c> (default
/// <c>$XDG_CACHE_HOME/textkit/native</c> or <c>~/.cache/textkit/native</c>), preload libtorch from the package folder
/// and load the copy. TorchSharp then finds <c>LibTorchSharp</c> already loaded and uses it. Other systems are
/// left untouched. Set <c>TEXTKIT_TORCH_PATCH=0</c> to disable. See README "Platform notes".</para>
/// <para>Every TextKit.Neural entry point calls this (a module initializer does so when the assembly loads); code
/// that uses TorchSharp directly before touching TextKit.Neural should call it first.</para>
/// </remarks>
public static class TorchRuntime
{
    /// <summary>The only version need the workaround weakens (proven safe: no relocation uses it).</summary>
    public const string WeakenedVersion = "GLIBCXX_3.4.32";

    private const string LibraryFile = "libLibTorchSharp.so";
    private static readonly object s_lock = new();
    private static bool s_done;

    /// <summary>Path of the patched copy when the workaround was applied in this process, else null.</summary>
    public static string? PatchedLibraryPath { get; private set; }

    /// <summary>What <see cref="EnsureInitialized"/> did, for diagnostics (<c>textkit info</c>).</summary>
    public static string Status { get; private set; } = "not initialized";

#pragma warning disable CA2255 // A library module initializer is the point: it must run before any TorchSharp call from TextKit.
    [ModuleInitializer]
    internal static void OnModuleLoad()
    {
        try
        {
            EnsureInitialized();
        }
        catch (TextKitException)
        {
            // Reported again, with the same message, by the first explicit EnsureInitialized() call.
        }
    }
#pragma warning restore CA2255

    /// <summary>Idempotent and thread-safe. Throws <see cref="TextKitException"/> (TK300/TK301) when libtorch cannot be made to load.</summary>
    public static void EnsureInitialized()
    {
        lock (s_lock)
        {
            if (s_done)
                return;
            Initialize();
            s_done = true;
        }
    }

    private static void Initialize()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            Status = "not Linux x64: TorchSharp loads its native library itself";
            return;
        }
        var original = FindShippedLibrary();
        if (original is null)
        {
            Status = $"{LibraryFile} not found next to TorchSharp.dll: TorchSharp loads its native library itself";
            return;
        }
        if (NativeLibrary.TryLoad(original, out _))
        {
            Status = $"{original} loads as shipped (system libstdc++ provides {WeakenedVersion} or it is not needed)";
            return;
        }

        string error;
        try
        {
            NativeLibrary.Load(original);
            Status = $"{original} loads as shipped";
            return;
        }
        catch (DllNotFoundException e)
        {
            error = e.Message;
        }

        if (!error.Contains($"`{WeakenedVersion}' not found", StringComparison.Ordinal))
            throw new TextKitException("TK300", $"TorchSharp's native library {original} does not load, for a reason TextKit does not work around: {error}");
        if (Environment.GetEnvironmentVariable("TEXTKIT_TORCH_PATCH") == "0")
            throw new TextKitException("TK300", $"{original} needs {WeakenedVersion}, which this system's libstdc++ lacks, and TEXTKIT_TORCH_PATCH=0 disables TextKit's workaround. Unset it or install libstdc++ from GCC 13+.");

        var patched = WritePatchedCopy(original);
        // The copy's RUNPATH ($ORIGIN) points at the cache folder, so load its libtorch dependencies from the
        // package folder first: the dynamic linker then matches them by SONAME.
        var directory = Path.GetDirectoryName(original)!;
        foreach (var needed in ElfVersionNeeds.Needed(File.ReadAllBytes(original)))
        {
            var candidate = Path.Combine(directory, needed);
            if (File.Exists(candidate))
                NativeLibrary.Load(candidate);
        }
        try
        {
            NativeLibrary.Load(patched);
        }
        catch (DllNotFoundException e)
        {
            throw new TextKitException("TK300", $"The patched copy {patched} of TorchSharp's native library still does not load: {e.Message}", e);
        }
        PatchedLibraryPath = patched;
        Status = $"system libstdc++ lacks {WeakenedVersion}: loaded {patched} (version need marked weak) instead of {original}";
        if (Environment.GetEnvironmentVariable("TEXTKIT_VERBOSE") == "1")
            Console.Error.WriteLine("[textkit] " + Status);
    }

    private static string? FindShippedLibrary()
    {
        var torchAssembly = typeof(TorchSharp.torch).Assembly.Location;
        var baseDirs = new[] { Path.GetDirectoryName(torchAssembly), AppContext.BaseDirectory }
            .Where(d => !string.IsNullOrEmpty(d)).Distinct();
        foreach (var dir in baseDirs)
        {
            foreach (var candidate in new[] { Path.Combine(dir!, "runtimes", "linux-x64", "native", LibraryFile), Path.Combine(dir!, LibraryFile) })
            {
                if (File.Exists(candidate))
                    return candidate;
            }
        }
        return null;
    }

    private static string WritePatchedCopy(string original)
    {
        var bytes = File.ReadAllBytes(original);
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
        bool patchedAny;
        try
        {
            patchedAny = ElfVersionNeeds.MarkWeak(bytes, WeakenedVersion);
        }
        catch (InvalidDataException e)
        {
            throw new TextKitException("TK301", $"{original} is not a readable ELF library ({e.Message}); cannot apply the {WeakenedVersion} workaround.", e);
        }
        if (!patchedAny)
            throw new TextKitException("TK301", $"{original} fails to load for lack of {WeakenedVersion}, but declares no such version need; the workaround does not apply to this TorchSharp build.");

        var directory = Path.Combine(CacheRoot(), $"LibTorchSharp-{hash}");
        var target = Path.Combine(directory, LibraryFile);
        if (File.Exists(target) && File.ReadAllBytes(target).AsSpan().SequenceEqual(bytes))
            return target;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{LibraryFile}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, target, overwrite: true); // atomic: concurrent processes never see half a library
        return target;
    }

    private static string CacheRoot()
    {
        var explicitRoot = Environment.GetEnvironmentVariable("TEXTKIT_NATIVE_CACHE");
        if (!string.IsNullOrEmpty(explicitRoot))
            return explicitRoot;
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = !string.IsNullOrEmpty(xdg) ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "textkit", "native");
    }
}
