using TextKit.Morphology;

namespace TextKit.Tests.Morphology;

public class MorphologicalAnalyzerTests
{
    private static readonly MorphologicalAnalyzer English = MorphologicalAnalyzer.English;

    [Fact]
    public void Analyze_KnownWord_AllReadingsWithProbabilities()
    {
        var analyses = English.Analyze("needs");
        Assert.Contains(analyses, a => a is { Upos: "VERB", Xpos: "VBZ", Lemma: "need" } && a.Feats.Contains("Person=3", StringComparison.Ordinal));
        Assert.Contains(analyses, a => a is { Upos: "NOUN", Xpos: "NNS", Lemma: "need", Feats: "Number=Plur" });
        Assert.Equal(1.0, analyses.Sum(a => a.Probability), 6);
        Assert.True(analyses.Zip(analyses.Skip(1)).All(p => p.First.Probability >= p.Second.Probability));
        Assert.True(English.IsKnown("needs"));
        Assert.Same(analyses, English.Analyze("needs"));
    }

    [Fact]
    public void Analyze_LowerCaseMatch_KeepsProperNounCapitals()
    {
        var analyses = English.Analyze("AMERICANS");
        Assert.True(English.IsKnown("AMERICANS"));
        Assert.Contains(analyses, a => a.Upos == "PROPN" && a.Lemma.StartsWith('A'));
    }

    [Fact]
    public void Analyze_UnknownWord_GuessesFromEndingAndShape()
    {
        Assert.False(English.IsKnown("blorpifications"));
        var noun = English.Analyze("blorpifications");
        Assert.NotEmpty(noun);
        Assert.Equal("NOUN", noun[0].Upos);
        Assert.Equal("Number=Plur", noun[0].Feats);
        Assert.Equal("blorpification", noun[0].Lemma);
        Assert.Equal(1.0, noun.Sum(a => a.Probability), 6);

        var verb = English.Analyze("blorpifying");
        Assert.Contains(verb, a => a is { Upos: "VERB", Xpos: "VBG", Lemma: "blorpify" });

        var name = English.Analyze("Zorblax");
        Assert.Equal("PROPN", name[0].Upos);
    }

    [Fact]
    public void Analyze_WithTags_FiltersAndRenormalises()
    {
        var verb = English.Analyze("needs", "VERB");
        Assert.All(verb, a => Assert.Equal("VERB", a.Upos));
        Assert.Equal(1.0, verb.Sum(a => a.Probability), 6);
        var plural = English.Best("needs", "NOUN", "NNS");
        Assert.Equal("Number=Plur", plural!.Value.Feats);
    }

    [Fact]
    public void Analyze_TagTheWordNeverHad_SynthesisesFromTheClass()
    {
        // "table" as a verb (never in training as VERB/VBZ-like): lemmatizer lemma + the class's usual features.
        var best = English.Best("tables", "VERB", "VBZ")!.Value;
        Assert.Equal("table", best.Lemma);
        Assert.Equal("VERB", best.Upos);
        Assert.Equal("VBZ", best.Xpos);
        Assert.Contains("Person=3", best.Feats, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_BadInput_Defined()
    {
        Assert.Empty(English.Analyze(""));
        Assert.Null(English.Best(""));
        Assert.False(English.IsKnown(""));
        Assert.NotEmpty(English.Analyze("%%%"));
        Assert.NotEmpty(English.Analyze(new string('x', 10_000)));
        Assert.NotEmpty(English.Analyze("Москва"));
        var unknownTag = English.Best("dogs", "NOT-A-TAG");
        Assert.Equal("NOT-A-TAG", unknownTag!.Value.Upos);
        Assert.Equal("_", unknownTag.Value.Feats);
    }

    [Fact]
    public void TinyModel_AnalyzerWorks()
    {
        var analyzer = new MorphologicalAnalyzer(MorphologyModelTests.TrainTiny());
        var runs = analyzer.Analyze("runs");
        Assert.Equal(2, runs.Count);
        Assert.Equal("NOUN", runs[0].Upos); // 2 of 3 occurrences
        Assert.Equal(2.0 / 3, runs[0].Probability, 6);
    }
}
