using BenchmarkDotNet.Attributes;
using TextKit.Lemmatization;
using TextKit.Stemming;

namespace TextKit.Bench.Benchmarks;

/// <summary>
/// Per-word costs of the normalization hot paths (<c>--filter '*Normalization*'</c>): Porter/Porter2 on Brown train
/// tokens (span API, no allocation), lemmatization of known and unknown words with tags.
/// </summary>
[MemoryDiagnoser]
public class NormalizationBenchmarks
{
    private string[] _tokens = [];
    private readonly char[] _buffer = new char[1024];
    private (string Form, string Upos, string Xpos)[] _known = [];
    private (string Form, string Upos, string Xpos)[] _unknown = [];

    [GlobalSetup]
    public void Setup()
    {
        _tokens = BenchData.BrownTrainTokens().Take(100_000).ToArray();
        _known = [("the", "DET", "DT"), ("children", "NOUN", "NNS"), ("went", "VERB", "VBD"), ("Paris", "PROPN", "NNP"), ("is", "AUX", "VBZ"), (",", "PUNCT", ",")];
        _unknown = [("blorpified", "VERB", "VBD"), ("empanadas", "NOUN", "NNS"), ("Zorblaxians", "PROPN", "NNPS"), ("recalibrating", "VERB", "VBG")];
        _ = Lemmatizer.English.Lemmatize("warm", "ADJ", "JJ");
    }

    /// <summary>100,000 Brown train tokens through Porter2 (divide the time by 100,000 for one word).</summary>
    [Benchmark]
    public int Porter2_100kTokens()
    {
        int n = 0;
        var stemmer = Stemmer.Porter2;
        foreach (var token in _tokens)
            n += token.Length <= _buffer.Length ? stemmer.Stem(token, _buffer) : 0;
        return n;
    }

    /// <summary>100,000 Brown train tokens through Porter.</summary>
    [Benchmark]
    public int Porter_100kTokens()
    {
        int n = 0;
        var stemmer = Stemmer.Porter;
        foreach (var token in _tokens)
            n += token.Length <= _buffer.Length ? stemmer.Stem(token, _buffer) : 0;
        return n;
    }

    /// <summary>Six known words with UPOS and XPOS.</summary>
    [Benchmark]
    public int Lemmatize_6Known()
    {
        int n = 0;
        foreach (var (f, u, x) in _known)
            n += Lemmatizer.English.Lemmatize(f.AsSpan(), u.AsSpan(), x.AsSpan()).Length;
        return n;
    }

    /// <summary>Four words the model never saw (suffix rules + lexicon).</summary>
    [Benchmark]
    public int Lemmatize_4Unknown()
    {
        int n = 0;
        foreach (var (f, u, x) in _unknown)
            n += Lemmatizer.English.Lemmatize(f.AsSpan(), u.AsSpan(), x.AsSpan()).Length;
        return n;
    }
}
