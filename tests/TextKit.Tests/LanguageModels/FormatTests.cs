using System.Text;
using TextKit.LanguageModels;

namespace TextKit.Tests.LanguageModels;

public class FormatTests
{
    private static NgramLanguageModel Model(Smoothing smoothing = Smoothing.ModifiedKneserNey, int order = 3, LmPrecision precision = LmPrecision.Double, SentencePadding padding = SentencePadding.Single)
        => NgramLanguageModel.Train(LmTestData.Corpus(), new NgramModelOptions { Order = order, Smoothing = smoothing, Precision = precision, Padding = padding, MinCount = 2 });

    private static string Arpa(NgramLanguageModel model) => LmTestData.Arpa(model);

    private static NgramLanguageModel ReadArpa(string text, LmPrecision precision = LmPrecision.Double) => LmTestData.ReadArpa(text, precision);

    /// <summary>Every (context, word) with context words drawn from the vocabulary: bitwise-identical log10 p.</summary>
    private static void AssertSameProbabilities(NgramLanguageModel expected, NgramLanguageModel actual)
    {
        Assert.Equal(expected.Vocabulary.Words, actual.Vocabulary.Words);
        Assert.Equal(expected.Order, actual.Order);
        Assert.Equal(expected.Padding, actual.Padding);
        for (int k = 1; k <= expected.Order; k++)
            Assert.Equal(expected.NgramCount(k), actual.NgramCount(k));
        var random = new Random(5);
        int v = expected.Vocabulary.Count;
        for (int i = 0; i < 3000; i++)
        {
            var context = Enumerable.Range(0, random.Next(expected.Order)).Select(_ => random.Next(v)).ToArray();
            int w = random.Next(v);
            Assert.Equal(expected.Log10Prob(context, w), actual.Log10Prob(context, w));
        }
        foreach (var sentence in LmTestData.Corpus(50, seed: 11))
            Assert.Equal(expected.Score(sentence).Log10Prob, actual.Score(sentence).Log10Prob);
    }

    [Theory]
    [InlineData(Smoothing.ModifiedKneserNey, 3, LmPrecision.Double, SentencePadding.Single)]
    [InlineData(Smoothing.ModifiedKneserNey, 5, LmPrecision.Double, SentencePadding.Full)]
    [InlineData(Smoothing.WittenBell, 2, LmPrecision.Single, SentencePadding.Single)]
    [InlineData(Smoothing.Mle, 4, LmPrecision.Double, SentencePadding.Single)]
    [InlineData(Smoothing.AddK, 1, LmPrecision.Double, SentencePadding.Single)]
    public void Arpa_WrittenAndReadBack_GivesIdenticalProbabilities(Smoothing smoothing, int order, LmPrecision precision, SentencePadding padding)
    {
        var model = Model(smoothing, order, precision, padding);
        AssertSameProbabilities(model, ReadArpa(Arpa(model), precision));
    }

    [Fact]
    public void Arpa_HasStandardLayout()
    {
        var text = Arpa(Model(order: 2));
        Assert.StartsWith("\\data\\\nngram 1=", text);
        Assert.Contains("\n\\1-grams:\n", text);
        Assert.Contains("\n\\2-grams:\n", text);
        Assert.EndsWith("\n\\end\\\n", text);
        Assert.Contains("-99\t<s>\t", text); // p(<s>) = 0, written as SRILM/KenLM do
    }

    [Theory]
    [InlineData(Smoothing.ModifiedKneserNey, LmPrecision.Double)]
    [InlineData(Smoothing.StupidBackoff, LmPrecision.Single)]
    public void Binary_SavedAndLoaded_GivesIdenticalProbabilities(Smoothing smoothing, LmPrecision precision)
    {
        var model = Model(smoothing, 4, precision);
        var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;
        var back = NgramLanguageModel.Load(stream);
        AssertSameProbabilities(model, back);
        Assert.Equal(model.Info.Smoothing, back.Info.Smoothing);
        Assert.Equal(model.Info.Discounts, back.Info.Discounts);
        Assert.Equal(precision, back.Precision);
    }

    [Fact]
    public void Load_ByPath_DetectsArpaAndBinary()
    {
        var model = Model();
        var dir = Directory.CreateTempSubdirectory("textkit-lm-");
        try
        {
            var arpa = Path.Combine(dir.FullName, "m.arpa");
            var tklm = Path.Combine(dir.FullName, "m.tklm");
            model.Save(arpa);
            model.Save(tklm);
            Assert.StartsWith("\\data\\", File.ReadAllText(arpa));
            AssertSameProbabilities(model, NgramLanguageModel.Load(arpa));
            AssertSameProbabilities(model, NgramLanguageModel.Load(tklm));
            Assert.True(new FileInfo(tklm).Length < new FileInfo(arpa).Length);
            Assert.Equal("TK720", Assert.Throws<TextKitModelException>(() => NgramLanguageModel.Load(Path.Combine(dir.FullName, "none.tklm"))).Code);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void Binary_TruncatedOrCorrupted_FailsWithModelError()
    {
        var stream = new MemoryStream();
        Model().Save(stream);
        var bytes = stream.ToArray();
        var truncated = bytes[..(bytes.Length / 2)];
        Assert.Equal("TK722", Assert.Throws<TextKitModelException>(() => NgramLanguageModel.Load(new MemoryStream(truncated))).Code);
        var corrupted = (byte[])bytes.Clone();
        corrupted[bytes.Length / 3] ^= 0x40;
        Assert.Equal("TK722", Assert.Throws<TextKitModelException>(() => NgramLanguageModel.Load(new MemoryStream(corrupted))).Code);
        Assert.Equal("TK721", Assert.Throws<TextKitModelException>(() => NgramLanguageModel.Load(new MemoryStream([1, 2, 3]))).Code);
    }

    private const string Good = "\\data\\\nngram 1=4\nngram 2=2\n\n\\1-grams:\n-1.0\t<unk>\n-99\t<s>\t-0.5\n-0.5\t</s>\n-0.3\ta\t-0.2\n\n\\2-grams:\n-0.1\t<s> a\n-0.2\ta </s>\n\n\\end\\\n";

    [Fact]
    public void Arpa_HandWritten_IsReadWithBackoff()
    {
        var model = ReadArpa(Good);
        Assert.Null(model.Info.Smoothing);
        Assert.Equal(-0.1, model.Log10Prob(["<s>"], "a"), 12);
        Assert.Equal(-0.2 + -0.3, model.Log10Prob(["a"], "a"), 12);        // bow(a) + p(a)
        Assert.Equal(-0.5 + -1.0, model.Log10Prob(["<s>"], "<unk>"), 12);  // bow(<s>) + p(<unk>)
        Assert.Equal(-0.1 + -0.2, model.Score(["a"]).Log10Prob, 12);
    }

    [Fact]
    public void Arpa_WithByteOrderMarkAndCrLf_IsRead()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(Good.Replace("\n", "\r\n"))).ToArray();
        var model = NgramLanguageModel.ReadArpa(new MemoryStream(bytes), "bom.arpa");
        Assert.Equal(-0.1, model.Log10Prob(["<s>"], "a"), 12);
    }

    [Fact]
    public void Arpa_MissingPrefixAndSuffix_AreAddedWithBackoffProbability()
    {
        const string text = "\\data\\\nngram 1=4\nngram 2=1\nngram 3=1\n\n\\1-grams:\n-1\t<unk>\n-99\t<s>\t-0.5\n-0.5\t</s>\t-0.1\n-0.3\ta\t-0.2\n\n\\2-grams:\n-0.4\ta a\t-0.05\n\n\\3-grams:\n-0.01\t<s> a </s>\n\n\\end\\\n";
        var model = ReadArpa(text);
        Assert.Equal(-0.01, model.Log10Prob(["<s>", "a"], "</s>"), 12);
        Assert.Equal(-0.2 + -0.5, model.Log10Prob(["a"], "</s>"), 12);        // suffix (a </s>) added: bow(a) + p(</s>)
        Assert.Equal(-0.5 + -0.3, model.Log10Prob(["<s>"], "a"), 12);        // prefix (<s> a) added
        Assert.Equal(-0.05 + -0.2 + -0.5, model.Log10Prob(["a", "a"], "</s>"), 12);
    }

    [Theory]
    [InlineData("ngram 1=2\n", 2, "no \\data\\ section")]
    [InlineData("\\data\\\nngram 1=x\n", 2, "bad count line")]
    [InlineData("\\data\\\nngram 1=4\nngram 2=2\n\n\\2-grams:\n", 5, "missing section \\1-grams:")]
    [InlineData("\\data\\\nngram 1=4\nngram 2=2\n\n\\1-grams:\n-1.0\t<unk>\n-99\t<s>\t-0.5\n-0.5\t</s>\n-0.3\ta\t-0.2\n\n", 11, "missing section \\2-grams:")]
    [InlineData("\\data\\\nngram 1=4\n\n\\1-grams:\n-1.0\t<unk>\nabc\t<s>\n-0.5\t</s>\n-0.3\ta\n\n\\end\\\n", 6, "probability 'abc' is not a number")]
    [InlineData("\\data\\\nngram 1=4\nngram 2=1\n\n\\1-grams:\n-1.0\t<unk>\n-99\t<s>\tx\n-0.5\t</s>\n-0.3\ta\n\n\\2-grams:\n-0.1\t<s> a\n\n\\end\\\n", 7, "backoff weight 'x' is not a number")]
    [InlineData("\\data\\\nngram 1=5\n\n\\1-grams:\n-1.0\t<unk>\n-99\t<s>\n-0.5\t</s>\n-0.3\ta\n\n\\end\\\n", 4, "declares 5 1-grams but the section has 4")]
    [InlineData("\\data\\\nngram 1=4\nngram 2=1\n\n\\1-grams:\n-1.0\t<unk>\n-99\t<s>\n-0.5\t</s>\n-0.3\ta\n\n\\2-grams:\n-0.1\t<s> b\n\n\\end\\\n", 12, "word 'b' of this 2-gram is not among the unigrams")]
    [InlineData("\\data\\\nngram 1=4\nngram 2=1\n\n\\1-grams:\n-1.0\t<unk>\n-99\t<s>\n-0.5\t</s>\n-0.3\ta\n\n\\2-grams:\n-0.1\t<s>\n\n\\end\\\n", 12, "found 2 fields")]
    [InlineData("\\data\\\nngram 1=4\n\n\\1-grams:\n-1.0\t<unk>\n-99\t<s>\n-0.5\t</s>\n-0.3\ta\n\n", 10, "missing \\end\\")]
    [InlineData("\\data\\\nngram 1=4\n\n\\1-grams:\n-1.0\t<unk>\n-99\t<s>\n-0.5\t</s>\n0.3\ta\n\n\\end\\\n", 8, "above 0")]
    [InlineData("\\data\\\nngram 1=4\n\n\\1-grams:\n-1.0\t<unk>\n-99\t<s>\n-0.5\t</s>\n-0.3\t<unk>\n\n\\end\\\n", 8, "listed twice")]
    public void Arpa_WithErrors_FailsWithFileAndLine(string text, int line, string message)
    {
        var e = Assert.Throws<TextKitFormatException>(() => ReadArpa(text));
        Assert.Equal("test.arpa", e.Source);
        Assert.Equal(line, e.Line);
        Assert.Contains(message, e.Message);
        Assert.StartsWith($"[TK710] test.arpa:{line}: ", e.Message);
    }

    [Fact]
    public void Arpa_InvalidUtf8_FailsWithLine()
    {
        var bytes = Encoding.UTF8.GetBytes(Good).ToList();
        int at = Good.IndexOf("\ta\t", StringComparison.Ordinal) + 1;
        bytes[at] = 0xFF;
        var e = Assert.Throws<TextKitFormatException>(() => NgramLanguageModel.ReadArpa(new MemoryStream(bytes.ToArray()), "u.arpa"));
        Assert.Contains("UTF-8", e.Message);
    }
}
