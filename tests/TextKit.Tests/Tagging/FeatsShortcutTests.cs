using TextKit.Tagging;

namespace TextKit.Tests.Tagging;

/// <summary>
/// The FEATS shortcut (<see cref="PerceptronTaggerOptions.FeatsShortcutMinCount"/>): frequent (word, tag) pairs that
/// always had one FEATS value in training get it by lookup, and the table survives saving.
/// </summary>
public class FeatsShortcutTests
{
    // NN has two FEATS values in this data (so the FEATS head would score it): "sheep" is always Number=Sing (12×,
    // 4 of them capitalised), "fish" is both, "deer" is seen only 5 times, "dogs" is NNS (one value for the tag).
    private static List<AnnotatedSentence> Data()
    {
        var sentences = new List<AnnotatedSentence>();
        void Add(string noun, string xpos, string feats, int times)
        {
            for (int k = 0; k < times; k++)
                sentences.Add(new AnnotatedSentence(["the", noun, "runs", "."], ["DET", "NOUN", "VERB", "PUNCT"], ["DT", xpos, "VBZ", "."],
                    ["PronType=Art", feats, "Number=Sing|Person=3|Tense=Pres", "_"]));
        }
        Add("sheep", "NN", "Number=Sing", 8);
        Add("Sheep", "NN", "Number=Sing", 4);
        Add("fish", "NN", "Number=Sing", 6);
        Add("fish", "NN", "Number=Plur", 6);
        Add("deer", "NN", "Number=Sing", 5);
        Add("dogs", "NNS", "Number=Plur", 12);
        return sentences;
    }

    private static readonly Lazy<PerceptronTagger> s_tagger = new(() =>
        PerceptronTaggerTrainer.Train(Data(), new PerceptronTaggerOptions { Iterations = 2, Morphology = null }));

    private static int Label(PerceptronTagger tagger, string upos, string xpos)
        => Array.IndexOf(tagger.Labels, PerceptronTagger.JoinLabel(tagger.Layers, upos, xpos));

    private static ulong Key(PerceptronTagger tagger, string word, string xpos)
        => PerceptronTagger.FeatsShortcutKey(TaggerHash.LowerText(word), Label(tagger, "NOUN", xpos));

    [Fact]
    public void Train_KeepsOnlyFrequentPairsWithOneValue()
    {
        var tagger = s_tagger.Value;
        var shortcuts = tagger.FeatsShortcuts!;
        Assert.Equal(1, shortcuts.Count);
        Assert.True(shortcuts.TryGetValue(Key(tagger, "SHEEP", "NN"), out int feats));
        Assert.Equal("Number=Sing", tagger.FeatsLabels![feats]);
        Assert.False(shortcuts.TryGetValue(Key(tagger, "fish", "NN"), out _));  // two values
        Assert.False(shortcuts.TryGetValue(Key(tagger, "deer", "NN"), out _));  // 5 < 10
        Assert.False(shortcuts.TryGetValue(Key(tagger, "dogs", "NNS"), out _)); // NNS has one value: no lookup needed

        var off = PerceptronTaggerTrainer.Train(Data(), new PerceptronTaggerOptions { Iterations = 2, Morphology = null, FeatsShortcutMinCount = 0 });
        Assert.Equal(0, off.FeatsShortcuts!.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => PerceptronTaggerTrainer.Train(Data(), new PerceptronTaggerOptions { FeatsShortcutMinCount = -1 }));
    }

    [Fact]
    public void Tag_UsesTheShortcutInsteadOfTheFeatsHead()
    {
        // The same weights with a shortcut that disagrees with the FEATS head: the lookup decides.
        var t = s_tagger.Value;
        Assert.Equal("Number=Sing", t.Tag(["the", "sheep", "runs", "."]).Feats![1]);
        int plural = Array.IndexOf(t.FeatsLabels!, "Number=Plur");
        var forced = new PerceptronTagger(t.Layers, t.Labels, t.Tables, t.TagWeights, t.FeatsLabels, t.FeatsWeights, t.FeatsCandidates, t.Info,
            t.Passes, new ULongMap<int>([new(Key(t, "sheep", "NN"), plural)]));
        var tags = forced.Tag(["the", "Sheep", "runs", "."]);
        Assert.Equal("NN", tags.Xpos![1]);
        Assert.Equal("Number=Plur", tags.Feats![1]);
        Assert.Equal("Number=Sing", forced.Tag(["the", "deer", "runs", "."]).Feats![1]);
    }

    [Fact]
    public void SaveLoad_KeepsTheTable_AndFormat1ModelsLoadWithout()
    {
        var tagger = s_tagger.Value;
        var stream = new MemoryStream();
        tagger.Save(stream);
        stream.Position = 0;
        var loaded = PerceptronTagger.Load(stream);
        Assert.Equal(tagger.FeatsShortcuts!.Items, loaded.FeatsShortcuts!.Items);

        // A model written in format 1 (before the table existed) still loads, with no shortcuts and the same weights.
        var old = new MemoryStream();
        PerceptronTaggerSerializer.Write(old, tagger, version: 1);
        Assert.Equal(1, BitConverter.ToInt32(old.ToArray(), 4));
        old.Position = 0;
        var format1 = PerceptronTagger.Load(old, "old.tkpos");
        Assert.Null(format1.FeatsShortcuts);
        var words = new[] { "the", "sheep", "runs", "." };
        Assert.Equal(tagger.Tag(words).Xpos, format1.Tag(words).Xpos);

        var bytes = stream.ToArray();
        BitConverter.GetBytes(PerceptronTaggerSerializer.Version + 1).CopyTo(bytes, 4);
        var newer = Assert.Throws<TextKitModelException>(() => PerceptronTagger.Load(new MemoryStream(bytes), "new.tkpos"));
        Assert.Equal("TK641", newer.Code);
    }
}
