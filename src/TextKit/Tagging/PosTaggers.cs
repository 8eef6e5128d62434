using TextKit.Corpora;
using TextKit.Data;
using TextKit.Hmm;

namespace TextKit.Tagging;

/// <summary>
/// Loading any tagger model file and applying a tagger to CoNLL-U sentences (fills UPOS/XPOS/FEATS, keeps the
/// other columns): the shared surface of <c>textkit tag</c> and the ML.NET transforms.
/// </summary>
public static class PosTaggers
{
    /// <summary>
    /// Loads a perceptron (.tkpos) or HMM (.tkhmm) tagger file, recognised by its magic number; "default" is the
    /// shipped English model (<see cref="PerceptronTagger.LoadDefault"/>).
    /// </summary>
    public static IPosTagger Load(string pathOrDefault)
    {
        ArgumentException.ThrowIfNullOrEmpty(pathOrDefault);
        if (pathOrDefault == "default")
            return PerceptronTagger.LoadDefault();
        if (!File.Exists(pathOrDefault))
            throw new TextKitModelException("TK643", $"Tagger model file '{pathOrDefault}' does not exist (use 'default' for the shipped English model).");
        Span<byte> magic = stackalloc byte[4];
        using (var probe = File.OpenRead(pathOrDefault))
            probe.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        if (magic.SequenceEqual("TKHM"u8))
            return TrigramHmmTagger.Load(pathOrDefault);
        return PerceptronTagger.Load(pathOrDefault);
    }

    /// <summary>
    /// Tags the syntactic words of <paramref name="sentence"/> in place: the layers the tagger predicts overwrite
    /// UPOS/XPOS/FEATS; multiword-token and empty-node lines and every other column are kept.
    /// </summary>
    public static void Tag(this IPosTagger tagger, ConllUSentence sentence)
    {
        ArgumentNullException.ThrowIfNull(tagger);
        ArgumentNullException.ThrowIfNull(sentence);
        var words = sentence.Words.ToArray();
        var tags = tagger.Tag(words.Select(w => w.Form).ToArray());
        for (int i = 0; i < words.Length; i++)
        {
            if (tags.Upos is not null)
                words[i].Upos = tags.Upos[i];
            if (tags.Xpos is not null)
                words[i].Xpos = tags.Xpos[i];
            if (tags.Feats is not null)
                words[i].Feats = tags.Feats[i];
        }
    }

    /// <summary>
    /// The Brown corpus (<c>DataCatalog.Ensure("brown")</c>) as a lexicon for unknown words: lower-cased word → the
    /// brown-base tags it has anywhere in the corpus (train, dev and test files: do not use it to score on Brown).
    /// About 50k words; most EWT words unseen in EWT train are in it.
    /// </summary>
    public static TagLexicon BrownLexicon(string? folder = null)
    {
        folder ??= DataCatalog.Ensure("brown");
        var lexicon = new TagLexicon();
        foreach (var split in (BrownSplit[])[BrownSplit.Train, BrownSplit.Dev, BrownSplit.Test])
            foreach (var s in BrownCorpus.ReadSplit(folder, split))
                for (int i = 0; i < s.Count; i++)
                    lexicon.Add(s.Tokens[i], BrownTags.ToBase(s.Tags[i]));
        return lexicon;
    }
}
