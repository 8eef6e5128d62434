using TextKit.Text;

namespace TextKit.Tests.Text;

public class VocabularyTests
{
    [Fact]
    public void Build_KeepsFrequentTypes_MostFrequentFirstThenOrdinal()
    {
        var builder = new VocabularyBuilder();
        foreach (var token in "b a c a b a d".Split(' '))
            builder.Add(token);
        Assert.Equal(7, builder.TokenCount);
        Assert.Equal(4, builder.TypeCount);
        Assert.Equal(["a", "b"], builder.Build(minCount: 2).Types);
        Assert.Equal(["a", "b", "c", "d"], builder.Build().Types);
        Assert.Equal(["a"], builder.Build(maxSize: 1).Types);
    }

    [Fact]
    public void Vocabulary_SpanLookup()
    {
        var vocabulary = new Vocabulary(["x", "émigré"]);
        Assert.True(vocabulary.Contains("émigré x".AsSpan(0, 6)));
        Assert.Equal(0, vocabulary.IndexOf("x"));
        Assert.Equal(-1, vocabulary.IndexOf("y"));
    }

    [Fact]
    public void Vocabulary_Duplicates_Throw()
    {
        Assert.Throws<ArgumentException>(() => new Vocabulary(["a", "a"]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VocabularyBuilder().Build(minCount: 0));
    }
}
