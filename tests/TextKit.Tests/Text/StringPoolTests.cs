using TextKit.Text;

namespace TextKit.Tests.Text;

public class StringPoolTests
{
    [Fact]
    public void Get_SameCharacters_ReturnsTheFirstInstance()
    {
        var pool = new StringPool(capacity: 100);
        var first = pool.Get("NOUN\tNN".AsSpan(0, 4));
        var second = pool.Get("NOUN".ToCharArray());
        Assert.Equal("NOUN", first);
        Assert.Same(first, second);
        Assert.NotSame(first, pool.Get("VERB"));
        Assert.Equal(2, pool.Count);
    }

    [Fact]
    public void Get_ManyValues_GrowsAndKeepsEveryOne()
    {
        var pool = new StringPool(capacity: 10_000);
        var firsts = Enumerable.Range(0, 5_000).Select(i => pool.Get(("v" + i).AsSpan())).ToList();
        Assert.Equal(5_000, pool.Count);
        for (int i = 0; i < firsts.Count; i++)
            Assert.Same(firsts[i], pool.Get(("v" + i).AsSpan()));
    }

    [Fact]
    public void Get_PastCapacity_ReturnsEqualButUnsharedStrings()
    {
        var pool = new StringPool(capacity: 2);
        var a = pool.Get("a");
        pool.Get("b");
        var c1 = pool.Get("c");
        var c2 = pool.Get("c");
        Assert.Equal(2, pool.Count);
        Assert.Equal("c", c2);
        Assert.NotSame(c1, c2);
        Assert.Same(a, pool.Get("a"));
    }

    [Fact]
    public void Get_EmptyAndLongValues_RoundTrip()
    {
        var pool = new StringPool(capacity: 4);
        Assert.Equal("", pool.Get(""));
        var big = new string('x', 10_000) + "\u00e9\U0001F600";
        Assert.Equal(big, pool.Get(big));
        Assert.Same(pool.Get(big), pool.Get(big.ToCharArray()));
    }

    [Fact]
    public void Constructor_NegativeCapacity_Throws()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new StringPool(-1));
}
