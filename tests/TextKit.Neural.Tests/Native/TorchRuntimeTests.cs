using TextKit.Neural.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace TextKit.Neural.Tests.Native;

public class TorchRuntimeTests
{
    [Fact]
    public void TrainingStep_TinyLinearModel_LossDecreases()
    {
        TorchRuntime.EnsureInitialized();
        torch.manual_seed(0);
        using var model = nn.Linear(4, 1);
        using var optimizer = optim.SGD(model.parameters(), learningRate: 0.1);
        using var x = torch.randn(64, 4);
        using var trueWeights = torch.tensor(new float[] { 1.5f, -2f, 0.5f, 3f }).reshape(4, 1);
        using var y = x.matmul(trueWeights) + 0.25f;
        float first = 0, last = 0;
        for (int step = 0; step < 100; step++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.mse_loss(model.call(x), y);
            loss.backward();
            optimizer.step();
            if (step == 0)
                first = loss.item<float>();
            last = loss.item<float>();
        }
        Assert.True(first > 1f, $"initial loss {first}");
        Assert.True(last < first * 0.01f, $"loss went from {first} to {last}");
    }

    [Fact]
    public void Status_SaysWhatWasDone()
    {
        TorchRuntime.EnsureInitialized();
        Assert.NotEqual("not initialized", TorchRuntime.Status);
        if (TorchRuntime.PatchedLibraryPath is { } patched)
        {
            Assert.True(File.Exists(patched));
            Assert.Contains(TorchRuntime.WeakenedVersion, TorchRuntime.Status);
        }
    }

    private static string ShippedLibrary()
    {
        var dir = Path.GetDirectoryName(typeof(torch).Assembly.Location)!;
        var path = Path.Combine(dir, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(path), $"expected TorchSharp's native library at {path}");
        return path;
    }

    [Fact]
    public void MarkWeak_ShippedLibrary_ChangesOnlyTheGlibcxx332Flag()
    {
        var original = File.ReadAllBytes(ShippedLibrary());
        var needs = ElfVersionNeeds.VersionNeeds(original);
        var target = Assert.Single(needs, n => n.Version == TorchRuntime.WeakenedVersion);
        Assert.Equal("libstdc++.so.6", target.Library);
        Assert.Equal(0, target.Flags & ElfVersionNeeds.VerFlagWeak);

        var patched = (byte[])original.Clone();
        Assert.True(ElfVersionNeeds.MarkWeak(patched, TorchRuntime.WeakenedVersion));
        var after = ElfVersionNeeds.VersionNeeds(patched);
        Assert.Equal(ElfVersionNeeds.VerFlagWeak, after.Single(n => n.Version == TorchRuntime.WeakenedVersion).Flags & ElfVersionNeeds.VerFlagWeak);
        int changed = 0;
        for (int i = 0; i < original.Length; i++)
            changed += original[i] != patched[i] ? 1 : 0;
        Assert.Equal(1, changed);
        // Every other need keeps its flags.
        Assert.Equal(needs.Where(n => n.Version != TorchRuntime.WeakenedVersion), after.Where(n => n.Version != TorchRuntime.WeakenedVersion));
    }

    [Fact]
    public void Needed_ShippedLibrary_ListsLibtorch()
    {
        var needed = ElfVersionNeeds.Needed(File.ReadAllBytes(ShippedLibrary()));
        Assert.Contains("libtorch.so", needed);
        Assert.Contains("libc10.so", needed);
    }

    [Fact]
    public void VersionNeeds_TruncatedOrForeignFile_ThrowsInvalidData()
    {
        var original = File.ReadAllBytes(ShippedLibrary());
        Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.VersionNeeds(original.AsSpan(0, 100)));
        Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.VersionNeeds("not an elf file at all, just text, long enough to pass the size check"u8));
    }
}
