using System.IO.Compression;
using System.Text;
using TextKit.Tagging;

namespace TextKit.Tests.Tagging;

/// <summary>
/// Beam search over the perceptron's output pass (<see cref="PerceptronTagger.BeamWidth"/>): the candidate list, the
/// options, persistence of the beam settings, and decoding on small and long inputs. The shipped model's beam output is
/// pinned by <see cref="ShippedTaggerReferenceTests"/>.
/// </summary>
public class BeamSearchTests
{
    private static readonly Lazy<PerceptronTagger> s_tagger = new(() =>
        PerceptronTaggerTrainer.Train(TaggingTestData.Sentences(300, 7), new PerceptronTaggerOptions { Iterations = 3, Morphology = null, BeamWidth = 3 }));

    [Fact]
    public void Expansions_KeepTheBestPerState_BestFirst()
    {
        var list = new PerceptronTagger.Expansions(new double[3], new int[3], new int[3], new int[3]);
        list.Offer(-2.0, tag: 5, from: 0, previous: 1);
        list.Offer(-1.0, tag: 6, from: 0, previous: 1);
        list.Offer(-3.0, tag: 7, from: 0, previous: 1);
        Assert.Equal(3, list.Count);
        Assert.Equal([6, 5, 7], list.Tag.ToArray());
        // The same state (tag 5 after tag 1) from a better history replaces the entry and moves up.
        list.Offer(-0.5, tag: 5, from: 1, previous: 1);
        Assert.Equal(3, list.Count);
        Assert.Equal([5, 6, 7], list.Tag.ToArray());
        Assert.Equal([1, 0, 0], list.From.ToArray());
        // A worse path to a state already listed changes nothing.
        list.Offer(-5.0, tag: 6, from: 2, previous: 1);
        Assert.Equal([-0.5, -1.0, -3.0], list.Score.ToArray());
        // Another previous tag is another state: it evicts the worst entry when better, and is refused when not.
        list.Offer(-2.5, tag: 7, from: 2, previous: 9);
        Assert.Equal([5, 6, 7], list.Tag.ToArray());
        Assert.Equal([-0.5, -1.0, -2.5], list.Score.ToArray());
        Assert.Equal(2, list.From[2]);
        list.Offer(-4.0, tag: 8, from: 2, previous: 9);
        Assert.DoesNotContain(8, list.Tag.ToArray());
        // Ties keep the order offered.
        list.Clear();
        list.Offer(-1.0, tag: 1, from: 0, previous: 0);
        list.Offer(-1.0, tag: 2, from: 0, previous: 0);
        Assert.Equal([1, 2], list.Tag[..list.Count].ToArray());
    }

    [Fact]
    public void WithBeam_ChecksItsArguments_AndSharesTheModel()
    {
        var tagger = s_tagger.Value;
        Assert.Equal(3, tagger.BeamWidth);
        Assert.Equal(PerceptronTagger.DefaultBeamTemperature, tagger.BeamTemperature);
        foreach (int width in new[] { 0, -1, PerceptronTagger.MaxBeamWidth + 1 })
            Assert.Equal("width", Assert.Throws<ArgumentOutOfRangeException>(() => tagger.WithBeam(width)).ParamName);
        foreach (double temperature in new[] { 0, -1, double.NaN, double.PositiveInfinity })
            Assert.Equal("temperature", Assert.Throws<ArgumentOutOfRangeException>(() => tagger.WithBeam(2, temperature)).ParamName);

        var greedy = tagger.WithBeam(1);
        Assert.Equal(1, greedy.BeamWidth);
        Assert.Equal(3, tagger.BeamWidth); // the original is unchanged
        Assert.Same(tagger.TagWeights, greedy.TagWeights);
        Assert.Same(tagger.Info, greedy.Info);
        var wide = tagger.WithBeam(PerceptronTagger.MaxBeamWidth, 10);
        Assert.Equal((PerceptronTagger.MaxBeamWidth, 10.0), (wide.BeamWidth, wide.BeamTemperature));
    }

    [Fact]
    public void Options_RejectBadBeamSettings()
    {
        var data = TaggingTestData.Sentences(20, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => PerceptronTaggerTrainer.Train(data, new PerceptronTaggerOptions { BeamWidth = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => PerceptronTaggerTrainer.Train(data, new PerceptronTaggerOptions { BeamWidth = 17 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => PerceptronTaggerTrainer.Train(data, new PerceptronTaggerOptions { BeamTemperature = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => PerceptronTaggerTrainer.Train(data, new PerceptronTaggerOptions { BeamTemperature = double.NaN }));
    }

    [Fact]
    public void Beam_TagsLikeGreedyWhereTheModelIsSure_AndHandlesEmptyAndLongSentences()
    {
        var tagger = s_tagger.Value;
        var greedy = tagger.WithBeam(1);
        foreach (var sentence in TaggingTestData.Sentences(50, 99))
        {
            var words = sentence.Words.ToArray();
            Assert.Equal(sentence.Xpos, tagger.Tag(words).Xpos);
            Assert.Equal(greedy.Tag(words).Xpos, tagger.Tag(words).Xpos);
        }
        Assert.Empty(tagger.Tag([]).Upos!);

        // 5,000 words in one sentence: the beam's back-pointers grow with the sentence.
        var longWords = Enumerable.Range(0, 1250).SelectMany(_ => new[] { "the", "dog", "sees", "a" }).ToArray();
        var tags = tagger.Tag(longWords);
        Assert.Equal(5000, tags.Xpos!.Length);
        Assert.Equal("DT", tags.Xpos[0]);
        Assert.Equal("NN", tags.Xpos[1]);
        Assert.Equal("VBZ", tags.Xpos[2]);
    }

    [Fact]
    public void SinglePassModel_BeamSearchesItsOnlyPass()
    {
        // Without the second pass the beam runs over the first (and only) pass, which has no first-pass sums to reuse.
        var tagger = PerceptronTaggerTrainer.Train(TaggingTestData.Sentences(300, 7), new PerceptronTaggerOptions { Iterations = 3, Morphology = null, TwoPass = false });
        var beamOfOne = tagger.WithForcedBeamDecoder(1);
        var beam = tagger.WithBeam(3);
        foreach (var sentence in TaggingTestData.Sentences(50, 99))
        {
            var words = sentence.Words.ToArray();
            var greedy = tagger.Tag(words);
            Assert.Equal(greedy.Xpos, beamOfOne.Tag(words).Xpos);
            Assert.Equal(greedy.Feats, beamOfOne.Tag(words).Feats);
            Assert.Equal(sentence.Xpos, beam.Tag(words).Xpos);
        }
    }

    [Fact]
    public void SaveLoad_KeepsTheBeam_AndFormat2ModelsDecodeGreedily()
    {
        var tagger = s_tagger.Value.WithBeam(4, 25);
        var stream = new MemoryStream();
        tagger.Save(stream);
        Assert.Equal(PerceptronTaggerSerializer.Version, BitConverter.ToInt32(stream.ToArray(), 4));
        stream.Position = 0;
        var loaded = PerceptronTagger.Load(stream);
        Assert.Equal((4, 25.0), (loaded.BeamWidth, loaded.BeamTemperature));

        var old = new MemoryStream();
        PerceptronTaggerSerializer.Write(old, tagger, version: 2);
        old.Position = 0;
        var format2 = PerceptronTagger.Load(old, "old.tkpos");
        Assert.Equal(1, format2.BeamWidth);
    }

    [Theory]
    [InlineData("\"BeamWidth\":4", "\"BeamWidth\":0")]
    [InlineData("\"BeamWidth\":4", "\"BeamWidth\":99")]
    [InlineData("\"BeamTemperature\":25", "\"BeamTemperature\":-1")]
    [InlineData("\"BeamWidth\":4,", "")]
    public void Load_RejectsBeamSettingsOutOfRange(string find, string replace)
    {
        var stream = new MemoryStream();
        s_tagger.Value.WithBeam(4, 25).Save(stream);
        var bytes = EditHeader(stream.ToArray(), json =>
        {
            Assert.Contains(find, json);
            return json.Replace(find, replace, StringComparison.Ordinal);
        });
        var error = Assert.Throws<TextKitModelException>(() => PerceptronTagger.Load(new MemoryStream(bytes), "edited.tkpos"));
        Assert.Equal("TK642", error.Code);
        Assert.Contains("edited.tkpos", error.Message);
        Assert.Contains("beam", error.Message);
    }

    /// <summary>Rewrites the JSON header of a saved model (magic, version, then a Brotli body that starts with it).</summary>
    private static byte[] EditHeader(byte[] file, Func<string, string> edit)
    {
        var body = new MemoryStream();
        using (var brotli = new BrotliStream(new MemoryStream(file, 8, file.Length - 8), CompressionMode.Decompress))
            brotli.CopyTo(body);
        var reader = new BinaryReader(new MemoryStream(body.ToArray()));
        var json = Encoding.UTF8.GetString(reader.ReadBytes(reader.Read7BitEncodedInt()));
        var rest = reader.ReadBytes((int)(reader.BaseStream.Length - reader.BaseStream.Position));
        var output = new MemoryStream();
        output.Write(file, 0, 8);
        using (var brotli = new BrotliStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new BinaryWriter(brotli))
        {
            var edited = Encoding.UTF8.GetBytes(edit(json));
            writer.Write7BitEncodedInt(edited.Length);
            writer.Write(edited);
            writer.Write(rest);
        }
        return output.ToArray();
    }
}
