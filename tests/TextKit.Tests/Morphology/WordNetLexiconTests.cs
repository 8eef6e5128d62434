using TextKit.Morphology;

namespace TextKit.Tests.Morphology;

public class WordNetLexiconTests
{
    private static string MakeDictionary(Action<string>? tweak = null)
    {
        var dir = Directory.CreateTempSubdirectory("textkit-wordnet-").FullName;
        File.WriteAllText(Path.Combine(dir, "index.noun"), "  1 This software and database is being provided\ngoose n 2 1 @ 2 0 01 02\nice_cream n 1 1 @ 1 0 03\nmouse n 1 1 @ 1 0 04\n");
        File.WriteAllText(Path.Combine(dir, "index.verb"), "go v 1 1 @ 1 0 05\n");
        File.WriteAllText(Path.Combine(dir, "index.adj"), "good a 1 1 & 1 0 06\n");
        File.WriteAllText(Path.Combine(dir, "index.adv"), "well r 1 0 1 0 07\n");
        File.WriteAllText(Path.Combine(dir, "noun.exc"), "geese goose\nmice mouse\n");
        File.WriteAllText(Path.Combine(dir, "verb.exc"), "went go\n");
        tweak?.Invoke(dir);
        return dir;
    }

    [Fact]
    public void Load_ReadsLemmasAndExceptions_SkipsMultiwordAndLicence()
    {
        var dir = MakeDictionary();
        try
        {
            var lexicon = WordNetLexicon.Load(dir);
            Assert.True(lexicon.Contains("goose", WordNetPos.Noun));
            Assert.False(lexicon.Contains("ice_cream", WordNetPos.Noun));
            Assert.False(lexicon.Contains("1", WordNetPos.Noun));
            Assert.True(lexicon.Contains("go", WordNetPos.Verb));
            Assert.Equal(["goose"], lexicon.Exceptions("geese", WordNetPos.Noun));
            Assert.Empty(lexicon.Exceptions("geese", WordNetPos.Verb));
            Assert.Equal(2, lexicon.LemmaCount(WordNetPos.Noun));
            Assert.Equal(1, lexicon.ExceptionCount(WordNetPos.Verb));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Load_Errors_NameTheProblem()
    {
        Assert.Equal("TK510", Assert.Throws<TextKitException>(() => WordNetLexicon.Load("/no/such/wordnet")).Code);
        var incomplete = MakeDictionary(d => File.Delete(Path.Combine(d, "index.adv")));
        var malformed = MakeDictionary(d => File.AppendAllText(Path.Combine(d, "verb.exc"), "lonely\n"));
        try
        {
            var e = Assert.Throws<TextKitException>(() => WordNetLexicon.Load(incomplete));
            Assert.Equal("TK511", e.Code);
            Assert.Contains("index.adv", e.Message);
            var f = Assert.Throws<TextKitFormatException>(() => WordNetLexicon.Load(malformed));
            Assert.Equal("TK512", f.Code);
            Assert.Equal(2, f.Line);
        }
        finally
        {
            Directory.Delete(incomplete, true);
            Directory.Delete(malformed, true);
        }
    }

    [Fact]
    public void Lexicon_ValidatesUnknownWordCandidates()
    {
        var dir = MakeDictionary();
        try
        {
            var examples = MorphologyModelTests.Tiny;
            var withLexicon = new TextKit.Lemmatization.Lemmatizer(MorphologyModel.Train(examples, WordNetLexicon.Load(dir), new MorphologyTrainingOptions { MinSuffixCount = 1 }));
            // The exception list turns an irregular plural the training data never had into its lemma.
            Assert.Equal("goose", withLexicon.Lemmatize("geese", "NOUN", "NNS"));
            Assert.Equal("mouse", withLexicon.Lemmatize("mice", "NOUN", "NNS"));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
