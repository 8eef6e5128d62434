using TextKit.Corpora;
using TextKit.Lemmatization;
using TextKit.Morphology;

namespace TextKit.Tests.Lemmatization;

public class LemmatizerTests
{
    private static readonly Lemmatizer English = Lemmatizer.English;

    [Theory]
    // irregular forms (training data, WordNet exception lists)
    [InlineData("went", "VERB", "VBD", "go")]
    [InlineData("children", "NOUN", "NNS", "child")]
    [InlineData("better", "ADJ", "JJR", "good")]
    [InlineData("was", "AUX", "VBD", "be")]
    // contractions the way EWT lemmatizes them
    [InlineData("n't", "PART", "RB", "not")]
    [InlineData("'ll", "AUX", "MD", "will")]
    [InlineData("'re", "AUX", "VBP", "be")]
    [InlineData("'s", "PART", "POS", "'s")]
    [InlineData("'s", "AUX", "VBZ", "be")]
    [InlineData("ca", "AUX", "MD", "can")]
    [InlineData("wo", "AUX", "MD", "will")]
    // pronouns and case
    [InlineData("me", "PRON", "PRP", "I")]
    [InlineData("The", "DET", "DT", "the")]
    [InlineData("Americans", "PROPN", "NNPS", "American")]
    [InlineData("Paris", "PROPN", "NNP", "Paris")]
    // numbers and punctuation
    [InlineData("2,000", "NUM", "CD", "2000")]
    [InlineData("Two", "NUM", "CD", "two")]
    [InlineData("“", "PUNCT", "``", "\"")]
    [InlineData("!!", "PUNCT", ".", "!!")]
    public void English_KnownConventions(string form, string upos, string xpos, string lemma)
        => Assert.Equal(lemma, English.Lemmatize(form, upos, xpos));

    [Theory]
    // words EWT train never saw: suffix rules + WordNet
    [InlineData("blorpified", "VERB", "VBD", "blorpify")]
    [InlineData("recalibrating", "VERB", "VBG", "recalibrate")]
    [InlineData("geese", "NOUN", "NNS", "goose")]
    [InlineData("empanadas", "NOUN", "NNS", "empanada")]
    [InlineData("Zorblaxians", "PROPN", "NNPS", "Zorblaxian")]
    [InlineData("Frobnitz", "PROPN", "NNP", "Frobnitz")]
    [InlineData("WASHINGTONIANS", "PROPN", "NNPS", "Washingtonian")]
    [InlineData("sooooo", "ADV", "RB", "so")]
    [InlineData("12,345,678", "NUM", "CD", "12345678")]
    public void English_UnseenWords(string form, string upos, string xpos, string lemma)
        => Assert.Equal(lemma, English.Lemmatize(form, upos, xpos));

    [Fact]
    public void English_WithoutXpos_UsesUposReadings()
    {
        Assert.Equal("child", English.Lemmatize("children", "NOUN"));
        Assert.Equal("go", English.Lemmatize("went", "VERB"));
        Assert.Equal("run", English.Lemmatize("running", "VERB"));
    }

    [Fact]
    public void English_WithoutTags_UsesMostLikelyReading()
    {
        Assert.Equal("child", English.Lemmatize("children"));
        Assert.Equal("be", English.Lemmatize("is"));
        Assert.Equal("dog", English.Lemmatize("dogs"));
    }

    [Fact]
    public void English_KnownWord_ReturnsCachedString()
    {
        var first = English.Lemmatize("children", "NOUN", "NNS");
        Assert.Same(first, English.Lemmatize("children".AsSpan(), "NOUN", "NNS"));
    }

    [Fact]
    public void BadInput_DefinedResults()
    {
        Assert.Equal("", English.Lemmatize("", "NOUN", "NN"));
        Assert.Equal("", English.Lemmatize(ReadOnlySpan<char>.Empty));
        Assert.Equal("%$#@", English.Lemmatize("%$#@", "SYM", "NFP"));
        Assert.Equal("---", English.Lemmatize("---", "PUNCT", ":"));
        // An unknown tag: lower-cased word, no exception.
        Assert.Equal("dogs", English.Lemmatize("Dogs", "NOT-A-TAG", "??"));
        // Mixed scripts and non-Latin text pass through the rules without damage.
        Assert.Equal("москва", English.Lemmatize("Москва", "NOUN", "NN"));
        Assert.Equal("東京", English.Lemmatize("東京", "PROPN", "NNP"));
        Assert.Equal("naïveté", English.Lemmatize("naïveté", "NOUN", "NN"));
        Assert.Equal("\U0001F600", English.Lemmatize("\U0001F600", "SYM", "NFP"));
        // Invalid UTF-16 (lone surrogate) is kept as is.
        Assert.Equal("ab\uD800", English.Lemmatize("ab\uD800", "X", "FW"));
    }

    [Fact]
    public void TenThousandCharacterWord_Lemmatizes()
    {
        var word = new string('a', 9_997) + "ing";
        var lemma = English.Lemmatize(word, "VERB", "VBG");
        Assert.StartsWith(new string('a', 9_000), lemma, StringComparison.Ordinal);
        Assert.True(lemma.Length is >= 9_997 and <= 10_000);
        Assert.Equal(word.ToLowerInvariant(), English.Lemmatize(word.ToUpperInvariant(), "NOUN", "NN"));
    }

    [Fact]
    public void LemmatizeSentence_FillsEverySlot_AndChecksLengths()
    {
        var lemmas = new string[4];
        English.LemmatizeSentence(["The", "dogs", "were", "barking"], ["DET", "NOUN", "AUX", "VERB"], ["DT", "NNS", "VBD", "VBG"], lemmas);
        Assert.Equal(["the", "dog", "be", "bark"], lemmas);
        Assert.Throws<ArgumentException>(() => English.LemmatizeSentence(["a", "b"], ["DET"], null, new string[2]));
        Assert.Throws<ArgumentException>(() => English.LemmatizeSentence(["a", "b"], null, null, new string[1]));
    }

    [Fact]
    public void LemmatizeSentence_Batch_GivesTheLemmasOfOneCallPerWord()
    {
        // Long enough for the look-ahead ring to wrap many times; known, case-varied, unknown, empty and odd words,
        // tags given, missing ("_", "") or never seen by the model.
        string[] words = ["The", "dogs", "were", "barking", "", "went", "WENT", "children", "blorpified", "Zorblaxians", "n't",
            "'s", "3.14", "!!!", "Ünïcödé", "colour", new string('x', 10_000), "Apples", "better", "mice"];
        string[] uposSet = ["DET", "NOUN", "AUX", "VERB", "PROPN", "ADJ", "PART", "NUM", "PUNCT", "_", "", "NOSUCHTAG"];
        string[] xposSet = ["DT", "NNS", "VBD", "VBG", "NNP", "JJR", "RB", "CD", ".", "_", "", "NN"];
        var rng = new Random(7);
        int n = 1_000;
        var forms = new string[n];
        var upos = new string[n];
        var xpos = new string[n];
        for (int i = 0; i < n; i++)
        {
            forms[i] = words[rng.Next(words.Length)];
            upos[i] = uposSet[rng.Next(uposSet.Length)];
            xpos[i] = xposSet[rng.Next(xposSet.Length)];
        }
        for (int length = 0; length <= 10; length++)
            Check(length);
        Check(n);

        void Check(int length)
        {
            var batch = new string[length];
            English.LemmatizeSentence(forms.AsSpan(0, length), upos.AsSpan(0, length), xpos.AsSpan(0, length), batch);
            Assert.Equal(Enumerable.Range(0, length).Select(i => English.Lemmatize(forms[i], upos[i], xpos[i])), batch);
            English.LemmatizeSentence(forms.AsSpan(0, length), default, default, batch);
            Assert.Equal(Enumerable.Range(0, length).Select(i => English.Lemmatize(forms[i])), batch);

            // ML.NET text values: whole strings, and slices of a larger string (no string to hand back as is).
            var expected = Enumerable.Range(0, length).Select(i => English.Lemmatize(forms[i], upos[i], xpos[i])).ToArray();
            English.LemmatizeSentence(Memories(forms, length, sliced: false), Memories(upos, length, sliced: false), Memories(xpos, length, sliced: false), batch);
            Assert.Equal(expected, batch);
            English.LemmatizeSentence(Memories(forms, length, sliced: true), Memories(upos, length, sliced: true), Memories(xpos, length, sliced: true), batch);
            Assert.Equal(expected, batch);
        }

        static ReadOnlyMemory<char>[] Memories(string[] values, int length, bool sliced)
            => values.Take(length).Select(v => sliced ? ("<" + v + ">").AsMemory(1, v.Length) : v.AsMemory()).ToArray();
    }

    [Fact]
    public void LemmatizeSentence_Memory_RejectsWrongLengths()
    {
        ReadOnlyMemory<char>[] two = ["a".AsMemory(), "b".AsMemory()];
        Assert.Throws<ArgumentException>(() => English.LemmatizeSentence(two, new[] { "DET".AsMemory() }, default, new string[2]));
        Assert.Throws<ArgumentException>(() => English.LemmatizeSentence(two, default, default, new string[1]));
    }

    [Fact]
    public void Lemmatize_ConllUDocument_SameLemmasAsOneSentenceAtATime()
    {
        // Short sentences (the look-ahead crosses their boundaries), a multiword token line, an empty node.
        const string Text =
            "1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n1\tdo\t_\tAUX\tVBP\t_\t0\troot\t_\t_\n2\tn't\t_\tPART\tRB\t_\t1\tadvmod\t_\t_\n\n" +
            "1\tMice\t_\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n2\tran\t_\tVERB\tVBD\t_\t0\troot\t_\t_\n2.1\tran\t_\tVERB\tVBD\t_\t_\t_\t_\t_\n\n" +
            "1\tBlorpified\t_\tVERB\tVBN\t_\t0\troot\t_\t_\n\n" +
            "1\tZorblaxians\t_\tPROPN\tNNPS\t_\t0\troot\t_\t_\n2\twere\t_\tAUX\tVBD\t_\t1\tcop\t_\t_\n3\tbetter\t_\tADJ\tJJR\t_\t1\tamod\t_\t_\n\n";
        foreach (bool usePos in new[] { true, false })
        {
            // The reference: one Lemmatize call per word (the single-sentence overload uses the batch path too).
            var one = ConllUReader.Read(new StringReader(Text)).ToList();
            foreach (var word in one.SelectMany(s => s.Words))
                word.Lemma = usePos ? English.Lemmatize(word.Form, word.Upos, word.Xpos) : English.Lemmatize(word.Form);
            var all = ConllUReader.Read(new StringReader(Text)).ToList();
            English.Lemmatize(all, usePos);
            Assert.Equal(one.SelectMany(s => s.Lines).Select(t => t.Lemma), all.SelectMany(s => s.Lines).Select(t => t.Lemma));
            var single = ConllUReader.Read(new StringReader(Text)).ToList();
            single.ForEach(sentence => English.Lemmatize(sentence, usePos));
            Assert.Equal(one.SelectMany(s => s.Lines).Select(t => t.Lemma), single.SelectMany(s => s.Lines).Select(t => t.Lemma));
            Assert.Equal(["do", "not", "mouse", "run"], all.Take(2).SelectMany(s => s.Words).Select(w => w.Lemma));
            Assert.All(all.SelectMany(s => s.Lines).Where(t => t.Kind != ConllULineKind.Word), t => Assert.Equal("_", t.Lemma));
        }
        English.Lemmatize(Array.Empty<ConllUSentence>());
        Assert.Throws<ArgumentNullException>(() => English.Lemmatize(new ConllUSentence[] { null! }));
    }

    [Fact]
    public void LemmatizeSentence_Batch_RejectsNullFormsAndWrongLengths()
    {
        var error = Assert.Throws<ArgumentNullException>(() => English.LemmatizeSentence(["a", null!, "c"], default, default, new string[3]));
        Assert.Contains("forms[1]", error.Message);
        Assert.Throws<ArgumentException>(() => English.LemmatizeSentence(["a", "b"], ["DET"], default, new string[2]));
        Assert.Throws<ArgumentException>(() => English.LemmatizeSentence(["a", "b"], default, ["DT"], new string[2]));
        Assert.Throws<ArgumentException>(() => English.LemmatizeSentence(["a", "b"], default, default, new string[1]));
    }

    [Fact]
    public void Lemmatize_ConllUSentence_FillsLemmaColumn()
    {
        var sentence = ConllUReader.Read(new StringReader(
            "1\tMice\t_\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n2\tran\t_\tVERB\tVBD\t_\t0\troot\t_\t_\n\n")).Single();
        English.Lemmatize(sentence);
        Assert.Equal(["mouse", "run"], sentence.Words.Select(w => w.Lemma));
    }

    [Fact]
    public void ParallelLemmatization_SameResults()
    {
        string[][] cases = [["went", "VERB", "VBD"], ["children", "NOUN", "NNS"], ["blorpified", "VERB", "VBD"], ["Zorblaxians", "PROPN", "NNPS"]];
        var expected = cases.Select(c => English.Lemmatize(c[0], c[1], c[2])).ToArray();
        Parallel.For(0, 2000, i =>
        {
            var c = cases[i % cases.Length];
            Assert.Equal(expected[i % cases.Length], English.Lemmatize(c[0], c[1], c[2]));
        });
    }
}
