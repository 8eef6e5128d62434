using TextKit.Tagging;

namespace TextKit.Tests.Tagging;

/// <summary>
/// The tagger adds the cached per-word role vectors (<see cref="WordScoreCache"/>) instead of looking up those keys
/// one by one: these tests check the keys themselves and that tagging does not depend on what the cache holds.
/// </summary>
public class WordScoreCacheTests
{
    private static readonly string[][] s_text =
    [
        ["The", "geese", "were", "flying", "south", "over", "the", "old", "mill", "."],
        ["She", "'s", "gonna", "re-check", "the", "zorbulated", "API", "on", "12/03", "!"],
        ["Running"],
        ["Unbelievably", ",", "nobody", "noticed", "the", "frobnicators", "until", "Tuesday"],
    ];

    [Fact]
    public void Keys_AreDistinctAndFitTheBuffer_InBothPasses()
    {
        // A key written twice would count its weights twice; the decoder's buffers hold MaxTagFeatures keys.
        var tables = PerceptronTagger.LoadDefault().Tables;
        var features = new ulong[TaggerFeatures.MaxTagFeatures];
        foreach (var words in s_text)
        {
            int n = words.Length;
            var infos = new TokenInfo[n + 4];
            infos[0] = PerceptronTagger.s_padStart2;
            infos[1] = PerceptronTagger.s_padStart1;
            infos[n + 2] = PerceptronTagger.s_padEnd1;
            infos[n + 3] = PerceptronTagger.s_padEnd2;
            for (int i = 0; i < n; i++)
                TokenInfo.Compute(words[i], tables, ref infos[i + 2]);
            TokenInfo.SetSentence(infos.AsSpan(2, n));
            Assert.Contains(infos, t => !t.Known); // the unknown-word keys are covered too
            for (int i = 0; i < n; i++)
            {
                int first = TaggerFeatures.Tag(infos, i, 4, 9, TaggerFeatures.NoTag, TaggerFeatures.NoTag, features);
                Assert.Equal(first, features[..first].Distinct().Count());
                int second = TaggerFeatures.Tag(infos, i, 4, 9, 3, 7, features);
                Assert.Equal(second, features[..second].Distinct().Count());
                Assert.Equal(first + 6, second); // the second pass adds the next-tag keys
                Assert.True(second <= TaggerFeatures.MaxTagFeatures);
            }
        }
    }

    [Fact]
    public void Tagging_DoesNotDependOnTheCacheState()
    {
        // Two instances of the shipped model: one tags with a cold cache, the other after its cache was filled by
        // other text; words in and out of the cache must give the same tags, sequentially and from many threads.
        byte[] bytes;
        using (var stream = new MemoryStream())
        {
            PerceptronTagger.LoadDefault().Save(stream);
            bytes = stream.ToArray();
        }
        var cold = PerceptronTagger.Load(new MemoryStream(bytes));
        var warm = PerceptronTagger.Load(new MemoryStream(bytes));
        foreach (var words in s_text.Reverse())
            warm.Tag(words.Select(w => w.ToLowerInvariant()).Concat(words).ToArray());
        foreach (var words in s_text)
        {
            var expected = cold.Tag(words);
            var actual = warm.Tag(words);
            Assert.Equal(expected.Upos!, actual.Upos!);
            Assert.Equal(expected.Xpos!, actual.Xpos!);
            Assert.Equal(expected.Feats!, actual.Feats!);
        }
        var sequential = s_text.Select(words => string.Join(' ', cold.Tag(words).Xpos!)).ToArray();
        var fresh = PerceptronTagger.Load(new MemoryStream(bytes));
        var parallel = new string[64];
        Parallel.For(0, parallel.Length, k => parallel[k] = string.Join(' ', fresh.Tag(s_text[k % s_text.Length]).Xpos!));
        for (int k = 0; k < parallel.Length; k++)
            Assert.Equal(sequential[k % s_text.Length], parallel[k]);
    }
}
