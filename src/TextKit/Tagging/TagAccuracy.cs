using TextKit.Evaluation;

namespace TextKit.Tagging;

/// <summary>
/// Tagging accuracy with gold tokenization, following the CoNLL 2018 shared task definitions (conll18_ud_eval.py):
/// UPOS and XPOS compare the tags; UFeats compares the set of universal features (features outside the UD v2
/// universal list of the 2018 script, e.g. NumForm, ExtPos, Typo, are ignored); AllTags needs UPOS, XPOS and UFeats
/// right (the UFeats key is TagScorer.UniversalFeatures, shared with `textkit evaluate tags`). Percentages are over all syntactic words. "Unknown" counts words absent from a reference vocabulary
/// (normally the training words).
/// </summary>
public sealed class TagAccuracy
{
    /// <summary>Words scored.</summary>
    public long Words { get; private set; }

    /// <summary>Words absent from the reference vocabulary (0 when none was given).</summary>
    public long UnknownWords { get; private set; }

    public long UposCorrect { get; private set; }

    public long XposCorrect { get; private set; }

    public long UFeatsCorrect { get; private set; }

    public long AllTagsCorrect { get; private set; }

    /// <summary>Correct primary tags (UPOS if predicted, else XPOS) on unknown words.</summary>
    public long UnknownCorrect { get; private set; }

    /// <summary>The layers that were compared.</summary>
    public TagLayers Layers { get; private set; }

    /// <summary>UPOS accuracy in percent.</summary>
    public double Upos => Percent(UposCorrect);

    /// <summary>XPOS accuracy in percent.</summary>
    public double Xpos => Percent(XposCorrect);

    /// <summary>UFeats accuracy in percent.</summary>
    public double UFeats => Percent(UFeatsCorrect);

    /// <summary>AllTags accuracy in percent (only the layers compared).</summary>
    public double AllTags => Percent(AllTagsCorrect);

    /// <summary>Primary-tag accuracy on unknown words in percent (NaN without unknown words).</summary>
    public double Unknown => UnknownWords == 0 ? double.NaN : 100.0 * UnknownCorrect / UnknownWords;

    private double Percent(long correct) => Words == 0 ? double.NaN : 100.0 * correct / Words;

    /// <summary>Scores one sentence: the layers both <paramref name="gold"/> and <paramref name="predicted"/> have.</summary>
    public void Add(AnnotatedSentence gold, PosTags predicted, Func<string, bool>? isKnown = null)
    {
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(predicted);
        var layers = TagLayers.None;
        if (gold.Upos is not null && predicted.Upos is not null)
            layers |= TagLayers.Upos;
        if (gold.Xpos is not null && predicted.Xpos is not null)
            layers |= TagLayers.Xpos;
        if (gold.Feats is not null && predicted.Feats is not null)
            layers |= TagLayers.Feats;
        Layers = Words == 0 ? layers : Layers & layers;
        for (int i = 0; i < gold.Words.Count; i++)
        {
            Words++;
            bool all = true;
            bool uposOk = gold.Upos is not null && predicted.Upos is not null && gold.Upos[i] == predicted.Upos[i];
            bool xposOk = gold.Xpos is not null && predicted.Xpos is not null && gold.Xpos[i] == predicted.Xpos[i];
            if ((layers & TagLayers.Upos) != 0)
            {
                if (uposOk) UposCorrect++;
                all &= uposOk;
            }
            if ((layers & TagLayers.Xpos) != 0)
            {
                if (xposOk) XposCorrect++;
                all &= xposOk;
            }
            if ((layers & TagLayers.Feats) != 0)
            {
                bool ok = TagScorer.UniversalFeatures(gold.Feats![i]) == TagScorer.UniversalFeatures(predicted.Feats![i]);
                if (ok) UFeatsCorrect++;
                all &= ok;
            }
            if (all) AllTagsCorrect++;
            if (isKnown is not null && !isKnown(gold.Words[i]))
            {
                UnknownWords++;
                if ((layers & TagLayers.Upos) != 0 ? uposOk : xposOk)
                    UnknownCorrect++;
            }
        }
    }

    /// <summary>Tags every sentence of <paramref name="gold"/> with <paramref name="tagger"/> and scores it.</summary>
    public static TagAccuracy Evaluate(IPosTagger tagger, IEnumerable<AnnotatedSentence> gold, Func<string, bool>? isKnown = null)
    {
        ArgumentNullException.ThrowIfNull(tagger);
        ArgumentNullException.ThrowIfNull(gold);
        var accuracy = new TagAccuracy();
        foreach (var sentence in gold)
            accuracy.Add(sentence, tagger.Tag(sentence.Words), isKnown);
        return accuracy;
    }

    /// <summary>One line: "UPOS 95.12  XPOS 94.80  UFeats 95.40  AllTags 93.10  unknown 80.20 (2,000 words)".</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if ((Layers & TagLayers.Upos) != 0) parts.Add($"UPOS {Upos:F2}");
        if ((Layers & TagLayers.Xpos) != 0) parts.Add($"XPOS {Xpos:F2}");
        if ((Layers & TagLayers.Feats) != 0) parts.Add($"UFeats {UFeats:F2}");
        parts.Add($"AllTags {AllTags:F2}");
        if (UnknownWords > 0) parts.Add($"unknown {Unknown:F2} ({UnknownWords:N0} words)");
        parts.Add($"[{Words:N0} words]");
        return string.Join("  ", parts);
    }
}
