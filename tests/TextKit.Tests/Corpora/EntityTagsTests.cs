using TextKit.Corpora;

namespace TextKit.Tests.Corpora;

public class EntityTagsTests
{
    private static string Spans(string tags, TagScheme scheme)
        => string.Join(" ", EntityTags.ToSpans(tags.Split(' '), scheme));

    [Theory]
    [InlineData("B-PER I-PER O B-LOC", "PER[0,2) LOC[3,4)")]
    [InlineData("O I-PER I-PER O", "PER[1,3)")]              // conlleval: I- after O starts an entity
    [InlineData("B-PER I-LOC I-LOC", "PER[0,1) LOC[1,3)")]    // type change starts an entity
    [InlineData("B-PER B-PER I-PER", "PER[0,1) PER[1,3)")]
    [InlineData("B-ORG-X I-ORG-X", "ORG-X[0,2)")]             // type split at the first '-'
    [InlineData("O O", "")]
    public void ToSpans_Iob2_ConllevalRules(string tags, string expected) => Assert.Equal(expected, Spans(tags, TagScheme.Iob2));

    [Fact]
    public void ToSpans_Iob1_DecodesLikeIob2()
        => Assert.Equal("PER[0,2) PER[2,3) LOC[4,5)", Spans("I-PER I-PER B-PER O I-LOC", TagScheme.Iob1));

    [Theory]
    [InlineData("B-PER L-PER U-LOC O B-ORG I-ORG L-ORG", TagScheme.Bilou, "PER[0,2) LOC[2,3) ORG[4,7)")]
    [InlineData("S-PER B-LOC E-LOC", TagScheme.Bioes, "PER[0,1) LOC[1,3)")]
    [InlineData("I-PER L-PER", TagScheme.Bilou, "PER[0,2)")]            // lenient: I without B starts
    [InlineData("L-PER O", TagScheme.Bilou, "PER[0,1)")]
    [InlineData("B-PER O B-LOC", TagScheme.Bilou, "PER[0,1) LOC[2,3)")]  // unfinished entities end at O / sentence end
    [InlineData("B-PER U-PER L-PER", TagScheme.Bilou, "PER[0,1) PER[1,2) PER[2,3)")]
    public void ToSpans_Bilou(string tags, TagScheme scheme, string expected) => Assert.Equal(expected, Spans(tags, scheme));

    [Theory]
    [InlineData("PER", TagScheme.Iob2)]
    [InlineData("L-PER", TagScheme.Iob2)]
    [InlineData("E-PER", TagScheme.Bilou)]
    [InlineData("U-PER", TagScheme.Bioes)]
    [InlineData("B-", TagScheme.Iob2)]
    [InlineData("B_PER", TagScheme.Iob2)]
    [InlineData("", TagScheme.Iob2)]
    [InlineData("o", TagScheme.Iob2)]
    public void ToSpans_TagOutsideScheme_Fails(string tag, TagScheme scheme)
    {
        var e = Assert.Throws<TextKitException>(() => EntityTags.ToSpans(["O", tag], scheme));
        Assert.Equal("TK224", e.Code);
    }

    [Theory]
    [InlineData(TagScheme.Iob2, "B-PER I-PER B-PER O B-LOC")]
    [InlineData(TagScheme.Iob1, "I-PER I-PER B-PER O I-LOC")]
    [InlineData(TagScheme.Bilou, "B-PER L-PER U-PER O U-LOC")]
    [InlineData(TagScheme.Bioes, "B-PER E-PER S-PER O S-LOC")]
    public void FromSpans_WritesEachScheme(TagScheme scheme, string expected)
    {
        EntitySpan[] spans = [new(0, 2, "PER"), new(2, 3, "PER"), new(4, 5, "LOC")];
        var tags = EntityTags.FromSpans(spans, 5, scheme);
        Assert.Equal(expected, string.Join(" ", tags));
        Assert.Equal(spans, EntityTags.ToSpans(tags, scheme));
    }

    [Fact]
    public void FromSpans_OverlapOrOutOfRange_Throws()
    {
        Assert.Throws<ArgumentException>(() => EntityTags.FromSpans([new(0, 2, "A"), new(1, 3, "B")], 3, TagScheme.Iob2));
        Assert.Throws<ArgumentException>(() => EntityTags.FromSpans([new(0, 4, "A")], 3, TagScheme.Iob2));
    }

    [Fact]
    public void Convert_BetweenSchemes()
    {
        string[] iob1 = ["I-PER", "I-PER", "B-PER", "O", "I-LOC", "I-LOC"];
        var bioes = EntityTags.Convert(iob1, TagScheme.Iob1, TagScheme.Bioes);
        Assert.Equal(["B-PER", "E-PER", "S-PER", "O", "B-LOC", "E-LOC"], bioes);
        Assert.Equal(["B-PER", "I-PER", "B-PER", "O", "B-LOC", "I-LOC"], EntityTags.Convert(bioes, TagScheme.Bioes, TagScheme.Iob2));
        Assert.Equal(iob1, EntityTags.Convert(bioes, TagScheme.Bioes, TagScheme.Iob1));
    }

    [Theory]
    [InlineData("B-PER I-PER O B-LOC", TagScheme.Iob2, -1)]
    [InlineData("O I-PER", TagScheme.Iob2, 1)]
    [InlineData("B-PER I-LOC", TagScheme.Iob2, 1)]
    [InlineData("I-PER I-PER B-PER", TagScheme.Iob1, -1)]
    [InlineData("O B-PER", TagScheme.Iob1, 1)]
    [InlineData("B-PER L-PER U-LOC", TagScheme.Bilou, -1)]
    [InlineData("B-PER O", TagScheme.Bilou, 0)]
    [InlineData("O B-PER I-PER", TagScheme.Bilou, 2)]
    [InlineData("U-PER L-PER", TagScheme.Bilou, 1)]
    [InlineData("B-PER E-LOC", TagScheme.Bioes, 1)]
    public void FindInvalidTransition(string tags, TagScheme scheme, int expected)
        => Assert.Equal(expected, EntityTags.FindInvalidTransition(tags.Split(' '), scheme));

    [Fact]
    public void Repair_Iob2_IAfterOBecomesB()
        => Assert.Equal(["O", "B-PER", "I-PER", "B-LOC"], EntityTags.Repair(["O", "I-PER", "I-PER", "I-LOC"], TagScheme.Iob2));
}
