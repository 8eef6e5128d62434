using TextKit.Tagging;

namespace TextKit.Tests.Tagging;

public class StableHashTests
{
    [Fact]
    public void Text_FixedValues_NeverChange()
    {
        // Saved models store these hashes: a change here silently breaks every shipped model.
        Assert.Equal(HashOfEmpty, StableHash.Text(""));
        Assert.Equal(HashOfDog, StableHash.Text("dog"));
        Assert.Equal(StableHash.Text("dog"), StableHash.LowerText("DoG"));
        Assert.NotEqual(StableHash.Text("dog"), StableHash.Text("Dog"));
        Assert.NotEqual(StableHash.Combine(1, 2), StableHash.Combine(2, 1));
    }

    internal const ulong HashOfEmpty = 17665956581633026203UL;
    internal const ulong HashOfDog = 321871779276273574UL;
}
