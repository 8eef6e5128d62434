using System.Globalization;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.ML;
using TextKit.Corpora;
using TextKit.Data;
using TextKit.Lemmatization;
using TextKit.ML;

namespace TextKit.Bench;

/// <summary>
/// <c>harness lemmatization [repeats]</c>: lemmatizes every word of UD EWT dev with its gold UPOS (TextKit also with
/// XPOS) using TextKit and the NLTK peers (bench/peers/lemmatization/nltk_lemmatize.py: WordNetLemmatizer, the
/// train-lookup-then-WordNet baseline, lemma = form) in the same session; prints CoNLL 2018 Lemmas accuracy (all words
/// and words unseen in train) and words per second, single-threaded: the call patterns take turns for N rounds (best and
/// median of each); the ML.NET transform and NLTK are timed on their own, best of N. Needs ../shared/data
/// (TEXTKIT_SHARED_DATA) and WordNet 3.0 (fetched).
/// </summary>
public sealed class LemmatizationHarness : IHarness
{
    public string Name => "lemmatization";

    public string Description => "EWT dev, gold POS: TextKit vs NLTK WordNetLemmatizer / train-lookup+WordNet: accuracy (all, unseen) and words/s";

    public int Run(string[] args)
    {
        int repeats = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5;
        var shared = BenchData.SharedData();
        var trainPath = Path.Combine(shared, "ud-ewt", "en_ewt-ud-train.conllu");
        var devPath = Path.Combine(shared, "ud-ewt", "en_ewt-ud-dev.conllu");
        var train = ConllUReader.ReadFile(trainPath).SelectMany(s => s.Words).ToArray();
        var seen = train.Select(w => w.Form).ToHashSet(StringComparer.Ordinal);
        var dev = ConllUReader.ReadFile(devPath).ToList();
        var words = dev.SelectMany(s => s.Words).ToArray();
        var forms = words.Select(w => w.Form).ToArray();
        var upos = words.Select(w => w.Upos).ToArray();
        var xpos = words.Select(w => w.Xpos).ToArray();
        var gold = words.Select(w => w.Lemma).ToArray();

        var english = Lemmatizer.English;
        var textkitXpos = new string[forms.Length];
        var textkitUpos = new string[forms.Length];
        // The batch API, one call per sentence as a pipeline would make it (the next words are loaded ahead).
        var sentences = dev.Select(s => (Forms: s.Words.Select(w => w.Form).ToArray(), Upos: s.Words.Select(w => w.Upos).ToArray(), Xpos: s.Words.Select(w => w.Xpos).ToArray())).ToArray();
        var batchLemmas = new string[forms.Length];
        var runLemmas = new string[forms.Length];
        // The CoNLL-U path of `textkit lemmatize`: blocks of 256 sentences, each block one run (a copy of dev: it
        // overwrites LEMMA).
        var blocks = ConllUReader.ReadFile(devPath).Chunk(256).ToArray();
        // A longer stream, as running text is: EWT train (204k words, 8× dev; every form is known to the model, so this
        // is the known-word path without the repetition of the dev loop).
        var (trainForms, trainUpos, trainXpos) = (train.Select(w => w.Form).ToArray(), train.Select(w => w.Upos).ToArray(), train.Select(w => w.Xpos).ToArray());
        var trainLemmas = new string[trainForms.Length];
        var trainRunLemmas = new string[trainForms.Length];
        // The call patterns take turns, round by round, so that they all see the same host states (this machine's
        // speed drifts by ±25 % within minutes): each gets its best and its median round.
        var timings = Timing.Interleaved(repeats,
            () =>
            {
                for (int i = 0; i < forms.Length; i++)
                    textkitXpos[i] = english.Lemmatize(forms[i].AsSpan(), upos[i].AsSpan(), xpos[i].AsSpan());
            },
            () =>
            {
                for (int i = 0; i < forms.Length; i++)
                    textkitUpos[i] = english.Lemmatize(forms[i].AsSpan(), upos[i].AsSpan());
            },
            () =>
            {
                int at = 0;
                foreach (var (f, u, x) in sentences)
                {
                    english.LemmatizeSentence(f, u, x, batchLemmas.AsSpan(at));
                    at += f.Length;
                }
            },
            () => english.LemmatizeSentence(forms, upos, xpos, runLemmas), // the whole dev set as one run
            () =>
            {
                foreach (var block in blocks)
                    english.Lemmatize(block);
            },
            () =>
            {
                for (int i = 0; i < trainForms.Length; i++)
                    trainLemmas[i] = english.Lemmatize(trainForms[i].AsSpan(), trainUpos[i].AsSpan(), trainXpos[i].AsSpan());
            },
            () => english.LemmatizeSentence(trainForms, trainUpos, trainXpos, trainRunLemmas));
        var (withXpos, uposOnly, perSentence, oneRun, document, trainPass, trainRun) = (timings[0], timings[1], timings[2], timings[3], timings[4], timings[5], timings[6]);
        if (!batchLemmas.SequenceEqual(textkitXpos) || !runLemmas.SequenceEqual(textkitXpos))
            throw new InvalidOperationException("LemmatizeSentence gave other lemmas than one Lemmatize call per word.");
        if (!blocks.SelectMany(b => b).SelectMany(s => s.Words).Select(w => w.Lemma).SequenceEqual(textkitXpos))
            throw new InvalidOperationException("Lemmatize(sentences) gave other lemmas than one Lemmatize call per word.");
        if (!trainRunLemmas.SequenceEqual(trainLemmas))
            throw new InvalidOperationException("LemmatizeSentence gave other lemmas than one Lemmatize call per word on EWT train.");
        var (mlnet, mlnetInput) = MlNetSeconds(dev, repeats);

        var tmp = Directory.CreateTempSubdirectory("textkit-lem-bench-").FullName;
        try
        {
            var wordFile = Path.Combine(tmp, "words.tsv");
            File.WriteAllText(wordFile, string.Concat(words.Select(w => $"{w.Form}\t{w.Upos}\n")), new UTF8Encoding(false));
            var prefix = Path.Combine(tmp, "out");
            var json = BenchData.RunPython("lemmatization/nltk_lemmatize.py", DataCatalog.Ensure("wordnet30"), trainPath, wordFile, prefix,
                repeats.ToString(System.Globalization.CultureInfo.InvariantCulture));
            using var report = JsonDocument.Parse(json);

            Console.WriteLine($"UD EWT dev: {forms.Length:N0} words ({forms.Count(f => !seen.Contains(f)):N0} with a form unseen in train); single-threaded; TextKit's call patterns interleaved, best and median of {repeats} rounds");
            Console.WriteLine($"{"lemmatizer",-44} {"Lemmas",8} {"unseen",8} {"words/s",13} {"median",13}");
            void Row(string name, string[] predicted, double seconds, double median = double.NaN)
            {
                var (all, unseen) = Score(predicted, gold, forms, seen);
                Console.WriteLine($"{name,-44} {all,7:F2}% {unseen,7:F2}% {forms.Length / seconds,13:N0} {(double.IsNaN(median) ? "" : (forms.Length / median).ToString("N0", CultureInfo.InvariantCulture)),13}");
            }
            Row("TextKit Lemmatizer.English (UPOS+XPOS)", textkitXpos, withXpos.Best, withXpos.Median);
            Row("TextKit Lemmatizer.English (UPOS only)", textkitUpos, uposOnly.Best, uposOnly.Median);
            Row("TextKit LemmatizeSentence (UPOS+XPOS)", batchLemmas, perSentence.Best, perSentence.Median);
            Row("TextKit LemmatizeSentence, one 25k-word run", runLemmas, oneRun.Best, oneRun.Median);
            Row("TextKit Lemmatize(sentences), 256 per call", textkitXpos, document.Best, document.Median);
            Row("TextKit LemmatizeWords transform (ML.NET)", textkitXpos, mlnet);
            Console.WriteLine($"{"  the same cursor reading only its input",-44} {"",8} {"",8} {forms.Length / mlnetInput,13:N0}  (transform's own share: {forms.Length / Math.Max(1e-9, mlnet - mlnetInput),0:N0} words/s)");
            Console.WriteLine($"{"TextKit (UPOS+XPOS), EWT train, one pass",-44} {"",8} {"",8} {trainForms.Length / trainPass.Best,13:N0} {trainForms.Length / trainPass.Median,13:N0}  ({trainForms.Length:N0} words)");
            Console.WriteLine($"{"TextKit LemmatizeSentence, EWT train as one run",-44} {"",8} {"",8} {trainForms.Length / trainRun.Best,13:N0} {trainForms.Length / trainRun.Median,13:N0}");
            foreach (var (key, name) in new[] { ("lookup_wn", "train lookup, then NLTK WordNet (Python)"), ("nltk", "NLTK WordNetLemmatizer (Python)"), ("identity", "lemma = form (Python)") })
            {
                var predicted = File.ReadAllLines($"{prefix}.{key}.txt", Encoding.UTF8);
                Row(name, predicted, report.RootElement.GetProperty(key).GetProperty("seconds").GetDouble());
            }
            double nltkRate = forms.Length / report.RootElement.GetProperty("nltk").GetProperty("seconds").GetDouble();
            Console.WriteLine($"speed ratio TextKit (UPOS+XPOS) / NLTK WordNetLemmatizer: {forms.Length / withXpos.Best / nltkRate:F1}x (best against NLTK's best)");
        }
        finally
        {
            Directory.Delete(tmp, true);
        }
        return 0;
    }

    private static (double WithTransform, double InputOnly) MlNetSeconds(List<ConllUSentence> dev, int repeats)
    {
        var ml = new MLContext(seed: 1);
        var rows = dev.Select(s => s.Words.ToList()).Select(w => new Row
        {
            Tokens = w.Select(x => x.Form).ToArray(),
            Upos = w.Select(x => x.Upos).ToArray(),
            Xpos = w.Select(x => x.Xpos).ToArray(),
        }).ToArray();
        var data = ml.Data.LoadFromEnumerable(rows);
        var transformer = ml.TextKit().Transforms.LemmatizeWords(new TextKit.ML.Transforms.LemmatizeWordsEstimator.Options
        {
            OutputColumnName = "Lemmas",
            TokensColumnName = "Tokens",
            UposColumnName = "Upos",
            XposColumnName = "Xpos",
        }).Fit(data);
        var output = transformer.Transform(data);
        double withTransform = Timing.Best(repeats, () =>
        {
            using var cursor = output.GetRowCursor([output.Schema["Lemmas"]]);
            var getter = cursor.GetGetter<Microsoft.ML.Data.VBuffer<ReadOnlyMemory<char>>>(output.Schema["Lemmas"]);
            var buffer = default(Microsoft.ML.Data.VBuffer<ReadOnlyMemory<char>>);
            while (cursor.MoveNext())
                getter(ref buffer);
        });
        // The same cursor reading only the three input columns: what the data view itself costs per row.
        double inputOnly = Timing.Best(repeats, () =>
        {
            using var cursor = data.GetRowCursor(data.Schema);
            var getters = new[] { "Tokens", "Upos", "Xpos" }.Select(c => cursor.GetGetter<Microsoft.ML.Data.VBuffer<ReadOnlyMemory<char>>>(data.Schema[c])).ToArray();
            var buffer = default(Microsoft.ML.Data.VBuffer<ReadOnlyMemory<char>>);
            while (cursor.MoveNext())
            {
                foreach (var getter in getters)
                    getter(ref buffer);
            }
        });
        return (withTransform, inputOnly);
    }

    private static (double All, double Unseen) Score(string[] predicted, string[] gold, string[] forms, HashSet<string> seen)
    {
        int ok = 0, unseen = 0, unseenOk = 0;
        for (int i = 0; i < gold.Length; i++)
        {
            bool good = gold[i] == "_" || predicted[i] == gold[i];
            ok += good ? 1 : 0;
            if (!seen.Contains(forms[i]))
            {
                unseen++;
                unseenOk += good ? 1 : 0;
            }
        }
        return (100.0 * ok / gold.Length, 100.0 * unseenOk / unseen);
    }

    private sealed class Row
    {
        public string[] Tokens { get; set; } = [];

        public string[] Upos { get; set; } = [];

        public string[] Xpos { get; set; } = [];
    }
}
