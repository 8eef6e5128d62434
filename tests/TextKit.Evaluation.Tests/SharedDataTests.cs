namespace TextKit.Evaluation.Tests;

public class SharedDataTests
{
    [Fact]
    public void EwtFiles_MatchSourceChecksums()
    {
        // SHA-256 values from ../shared/data/ud-ewt/SOURCE.md: every evaluation figure refers to exactly these files.
        Assert.Equal("3fb78e2b55482c8ee00caa653af436c88c9e5bc9a73ce26e4ae3ddc79d2b7e7b", SharedData.Sha256(SharedData.EwtTrain));
        Assert.Equal("531a54ff90d6ab12201c5a50c3e78e6ddac4de69abc4bce5d275d3cd29efe2b6", SharedData.Sha256(SharedData.EwtDev));
    }

    [Fact]
    public void SentimentAndNerFiles_Present()
    {
        Assert.True(new FileInfo(SharedData.Sst2Train).Length > 3_000_000);
        Assert.True(new FileInfo(SharedData.Sst2Dev).Length > 90_000);
        Assert.True(new FileInfo(SharedData.BtcTrain).Length > 800_000);
        Assert.True(new FileInfo(SharedData.BtcTest).Length > 290_000);
    }
}

public class ConllUOnEwtTests
{
    [Fact]
    public void ReadWrite_EwtDev_RoundTripsByteForByte()
    {
        var sentences = TextKit.Corpora.ConllUReader.ReadFile(SharedData.EwtDev).ToList();
        Assert.Equal(2001, sentences.Count);
        Assert.Equal(25147, sentences.Sum(s => s.Words.Count()));
        Assert.Equal(24787, sentences.Sum(s => s.SurfaceTokens.Count()));
        Assert.All(sentences, s => Assert.Equal(s.Text, s.ReconstructText()));
        var writer = new StringWriter();
        TextKit.Corpora.ConllUWriter.Write(writer, sentences);
        Assert.Equal(File.ReadAllText(SharedData.EwtDev), writer.ToString());
    }

    [Fact]
    public void Read_EwtTrain_CountsMatchSource()
    {
        var sentences = TextKit.Corpora.ConllUReader.ReadFile(SharedData.EwtTrain).ToList();
        Assert.Equal(12544, sentences.Count);
        Assert.Equal(204577, sentences.Sum(s => s.Words.Count()));
        Assert.Equal(201962, sentences.Sum(s => s.SurfaceTokens.Count()));
    }
}
