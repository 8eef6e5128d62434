using TextKit.Tagging;

namespace TextKit.Tests.Tagging;

public class TaggerHashTests
{
    [Fact]
    public void Text_FixedValues_NeverChange()
    {
        // Saved models store these hashes: a change here silently breaks every shipped model.
        Assert.Equal(HashOfEmpty, TaggerHash.Text(""));
        Assert.Equal(HashOfDog, TaggerHash.Text("dog"));
        Assert.Equal(TaggerHash.Text("dog"), TaggerHash.LowerText("DoG"));
        Assert.NotEqual(TaggerHash.Text("dog"), TaggerHash.Text("Dog"));
        Assert.NotEqual(TaggerHash.Combine(1, 2), TaggerHash.Combine(2, 1));
    }

    internal const ulong HashOfEmpty = 17665956581633026203UL;
    internal const ulong HashOfDog = 321871779276273574UL;
}
