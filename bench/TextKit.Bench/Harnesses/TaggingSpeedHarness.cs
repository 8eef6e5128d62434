using System.Diagnostics;
using System.Globalization;
using System.Text;
using TextKit.Corpora;
using TextKit.ML;
using TextKit.Tagging;

namespace TextKit.Bench;

/// <summary>
/// <c>harness tagging-speed [conllu] [repeats] [--dump FILE] [--model PATH] [--beam K] [--against PATH|greedy]</c>: single-threaded tagging speed of the shipped
/// perceptron model (models/en-ewt.tkpos: UPOS, XPOS and FEATS) on the words of a CoNLL-U file (default: UD EWT dev
/// from ../shared/data, or $TEXTKIT_SHARED_DATA). No peer: NLTK's speed is measured by <c>harness tagging</c>. Prints
/// the load average, best-of-N tokens/s of <c>Tag(IReadOnlyList)</c> and of the allocation-free span overload.
/// <c>--dump FILE</c> writes every word's UPOS/XPOS/FEATS so that two builds can be compared byte for byte.
/// With the shipped model it also times <c>TagPartsOfSpeech</c> through an ML.NET row cursor.
/// <c>--against PATH</c> also loads a second model and alternates the two, round by round in this process (the host's
/// speed drifts by ±25 % between runs), and prints both medians and their ratio; <c>--against greedy</c> alternates the
/// model with its own greedy decoding (beam width 1). <c>--beam K</c> tags with beam width K instead of the model's own.
/// </summary>
public sealed class TaggingSpeedHarness : IHarness
{
    public string Name => "tagging-speed";

    public string Description => "shipped en-ewt perceptron tagger: single-threaded tokens/s on EWT dev words (no peer)";

    public int Run(string[] args)
    {
        string? dump = null, model = null, against = null;
        int? beam = null;
        var positional = new List<string>();
        for (int a = 0; a < args.Length; a++)
        {
            if (args[a] == "--dump" && a + 1 < args.Length)
                dump = args[++a];
            else if (args[a] == "--model" && a + 1 < args.Length)
                model = args[++a];
            else if (args[a] == "--against" && a + 1 < args.Length)
                against = args[++a];
            else if (args[a] == "--beam" && a + 1 < args.Length)
                beam = int.Parse(args[++a], CultureInfo.InvariantCulture);
            else
                positional.Add(args[a]);
        }
        var root = Environment.GetEnvironmentVariable("TEXTKIT_SHARED_DATA") is { Length: > 0 } env ? env : "/work/shared/data";
        var path = positional.Count > 0 ? positional[0] : Path.Combine(root, "ud-ewt", "en_ewt-ud-dev.conllu");
        int repeats = positional.Count > 1 ? int.Parse(positional[1], CultureInfo.InvariantCulture) : 5;
        var sentences = ConllUReader.ReadFile(path).Select(s => s.Words.Select(w => w.Form).ToArray()).Where(s => s.Length > 0).ToArray();
        long tokens = sentences.Sum(s => (long)s.Length);
        var tagger = model is null ? PerceptronTagger.LoadDefault() : PerceptronTagger.Load(model);
        if (beam is { } width)
            tagger = tagger.WithBeam(width, tagger.BeamTemperature);
        Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine($"beam width {tagger.BeamWidth}{(tagger.BeamWidth > 1 ? $", temperature {tagger.BeamTemperature.ToString(CultureInfo.InvariantCulture)}" : " (greedy)")}");
        Console.WriteLine($"{path}: {sentences.Length:N0} sentences, {tokens:N0} tokens; best of {repeats}");

        var results = new PosTags[sentences.Length];
        double list = Timing.Best(repeats, () =>
        {
            for (int i = 0; i < sentences.Length; i++)
                results[i] = tagger.Tag(sentences[i]);
        });
        Console.WriteLine($"Tag(IReadOnlyList<string>) {(tagger.Layers.HasFlag(TagLayers.Feats) ? "UPOS+XPOS+FEATS" : "UPOS+XPOS      ")}: {tokens / list,12:N0} tokens/s");

        var memories = sentences.Select(s => s.Select(w => w.AsMemory()).ToArray()).ToArray();
        int longest = sentences.Max(s => s.Length);
        var upos = new string[longest];
        var xpos = new string[longest];
        // A model trained without the FEATS layer (--layers upos,xpos) is timed without it.
        bool hasFeats = tagger.Layers.HasFlag(TagLayers.Feats);
        var feats = hasFeats ? new string[longest] : [];
        if (hasFeats)
        {
            double span = Timing.Best(repeats, () =>
            {
                for (int i = 0; i < memories.Length; i++)
                    tagger.Tag(memories[i], upos, xpos, feats);
            });
            Console.WriteLine($"Tag(spans) UPOS+XPOS+FEATS (no allocation): {tokens / span,12:N0} tokens/s");
        }
        else
            Console.WriteLine("the model predicts no FEATS: the FEATS rows are left out");
        double noFeats = Timing.Best(repeats, () =>
        {
            for (int i = 0; i < memories.Length; i++)
                tagger.Tag(memories[i], upos, xpos, default);
        });
        Console.WriteLine($"Tag(spans) UPOS+XPOS only:                  {tokens / noFeats,12:N0} tokens/s");

        if (model is null && beam is null)
            MlNet(sentences, tokens, repeats);

        if (against is not null)
        {
            var other = against == "greedy" ? tagger.WithBeam(1) : PerceptronTagger.Load(against);
            // With FEATS only when both models predict them.
            var alternateFeats = hasFeats && other.Layers.HasFlag(TagLayers.Feats) ? feats : [];
            Alternate(tagger, other, memories, tokens, repeats, upos, xpos, alternateFeats, model ?? "shipped", against);
        }

        if (dump is not null)
        {
            var sb = new StringBuilder();
            for (int i = 0; i < sentences.Length; i++)
            {
                for (int j = 0; j < sentences[i].Length; j++)
                    sb.Append(sentences[i][j]).Append('\t').Append(results[i].Upos![j]).Append('\t').Append(results[i].Xpos![j]).Append('\t').Append(results[i].Feats?[j] ?? "_").Append('\n');
                sb.Append('\n');
            }
            File.WriteAllText(dump, sb.ToString(), new UTF8Encoding(false));
            Console.WriteLine($"tags written to {dump}");
        }
        return 0;
    }

    private sealed class Row
    {
        public string[] Tokens { get; set; } = [];
    }

    /// <summary>The shipped model through <c>TagPartsOfSpeech</c> and a row cursor: all three columns, then UPOS and XPOS only.</summary>
    private static void MlNet(string[][] sentences, long tokens, int repeats)
    {
        var ml = new Microsoft.ML.MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(sentences.Select(s => new Row { Tokens = s }));
        var output = ml.TextKit().Transforms.TagPartsOfSpeech().Fit(data).Transform(data);
        foreach (var columns in new[] { new[] { "PredictedUpos", "PredictedXpos", "PredictedFeats" }, new[] { "PredictedUpos", "PredictedXpos" } })
        {
            double seconds = Timing.Best(repeats, () =>
            {
                using var cursor = output.GetRowCursor(columns.Select(c => output.Schema[c]));
                var getters = columns.Select(c => cursor.GetGetter<Microsoft.ML.Data.VBuffer<ReadOnlyMemory<char>>>(output.Schema[c])).ToArray();
                var buffer = default(Microsoft.ML.Data.VBuffer<ReadOnlyMemory<char>>);
                while (cursor.MoveNext())
                {
                    foreach (var getter in getters)
                        getter(ref buffer);
                }
            });
            Console.WriteLine($"TagPartsOfSpeech (ML.NET cursor), {string.Join("+", columns.Select(c => c["Predicted".Length..].ToUpperInvariant()))}: {tokens / seconds,12:N0} tokens/s");
        }
    }

    /// <summary>Times <paramref name="a"/> and <paramref name="b"/> in turn, <paramref name="rounds"/> times each (spans; FEATS unless <paramref name="feats"/> is empty).</summary>
    private static void Alternate(PerceptronTagger a, PerceptronTagger b, ReadOnlyMemory<char>[][] sentences, long tokens, int rounds,
        string[] upos, string[] xpos, string[] feats, string nameA, string nameB)
    {
        double Time(PerceptronTagger t)
        {
            var watch = Stopwatch.StartNew();
            foreach (var s in sentences)
                t.Tag(s, upos, xpos, feats);
            return watch.Elapsed.TotalSeconds;
        }
        Time(a);
        Time(b);
        var ta = new List<double>();
        var tb = new List<double>();
        for (int r = 0; r < rounds; r++)
        {
            ta.Add(Time(a));
            tb.Add(Time(b));
        }
        double Median(List<double> x) => x.Order().ElementAt(x.Count / 2);
        double ra = tokens / Median(ta), rb = tokens / Median(tb);
        Console.WriteLine($"alternated, {rounds} rounds, Tag(spans) {(feats.Length > 0 ? "with" : "without")} FEATS, median tokens/s: {nameA} {ra:N0}, {nameB} {rb:N0}; ratio {ra / rb:F2}");
    }
}
