using System.Globalization;
using System.Text;

namespace TextKit.LanguageModels;

public sealed partial class NgramLanguageModel
{
    // ARPA back-off format (Doug Paul; as written by SRILM ngram-count and KenLM lmplz): log10 values, "-99" for log 0.
    private const double ArpaLogZero = -99;

    /// <summary>
    /// Writes the model as an ARPA file (readable by KenLM, SRILM and this class). Values are written with the shortest
    /// round-trip representation, so reading the file back gives bit-identical probabilities. Stupid-backoff models
    /// cannot be written (their scores are not backoff probabilities).
    /// </summary>
    public void WriteArpa(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (!IsNormalized)
            throw new TextKitException("TK730", "A stupid-backoff model has scores, not probabilities; ARPA readers would treat them as a normalized model. Save it in the binary format (.tklm) instead.");
        var orders = _store.ExportAll();
        writer.Write("\\data\\\n");
        for (int k = 1; k <= Order; k++)
            writer.Write($"ngram {k}={(k == 1 ? Vocabulary.Count : orders[k].Count)}\n");
        var words = Vocabulary.WordArray;
        var line = new StringBuilder(128);
        for (int k = 1; k <= Order; k++)
        {
            writer.Write($"\n\\{k}-grams:\n");
            int count = k == 1 ? Vocabulary.Count : orders[k].Count;
            for (int i = 0; i < count; i++)
            {
                line.Clear();
                double p = k == 1 ? _store.Unigrams[i].Prob : orders[k].Prob[i];
                AppendValue(line, p);
                line.Append('\t');
                // Words in reading order: the first word, then the suffix's words.
                int index = i;
                for (int j = k; j >= 1; j--)
                {
                    if (j < k)
                        line.Append(' ');
                    if (j == 1)
                    {
                        line.Append(words[index]);
                        break;
                    }
                    line.Append(words[orders[j].First[index]]);
                    index = orders[j].Suffix[index];
                }
                if (k < Order)
                {
                    line.Append('\t');
                    AppendValue(line, k == 1 ? _store.Unigrams[i].Bow : orders[k].Bow[i]);
                }
                line.Append('\n');
                writer.Write(line);
            }
        }
        writer.Write("\n\\end\\\n");
    }

    private void AppendValue(StringBuilder line, double value)
    {
        if (double.IsNegativeInfinity(value) || value <= ArpaLogZero)
            line.Append("-99");
        else if (Precision == LmPrecision.Single)
            line.Append(((float)value).ToString("R", CultureInfo.InvariantCulture));
        else
            line.Append(value.ToString("R", CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Reads an ARPA file. Errors (missing <c>\data\</c> or <c>\N-grams:</c> sections, bad or mismatched counts,
    /// non-numeric fields, wrong number of words, duplicate n-grams, invalid UTF-8) fail with
    /// <see cref="TextKitFormatException"/> naming the file and line. Missing prefixes and suffixes of stored n-grams
    /// are added with the probability the back-off formula gives them. A model with the bigram <c>&lt;s&gt; &lt;s&gt;</c>
    /// is taken to use <see cref="SentencePadding.Full"/>. If the unknown word is missing it is added with log10 p = −100,
    /// as KenLM does.
    /// </summary>
    public static NgramLanguageModel ReadArpa(Stream stream, string source = "<arpa>", LmPrecision precision = LmPrecision.Double)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: false, 1 << 16, leaveOpen: true);
        return new ArpaReader(reader, source).Read(precision);
    }

    /// <summary>Reads an ARPA file from disk (see <see cref="ReadArpa(Stream, string, LmPrecision)"/>).</summary>
    public static NgramLanguageModel ReadArpa(string path, LmPrecision precision = LmPrecision.Double)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new TextKitModelException("TK720", $"ARPA file '{path}' does not exist.");
        using var file = File.OpenRead(path);
        return ReadArpa(file, path, precision);
    }

    private sealed class ArpaReader(StreamReader reader, string source)
    {
        private long _line;
        private string? _pending;

        private TextKitFormatException Error(string message, long line = -1) => new("TK710", source, line < 0 ? _line : line, message);

        private string? Next()
        {
            if (_pending is not null)
            {
                var p = _pending;
                _pending = null;
                return p;
            }
            try
            {
                var l = reader.ReadLine();
                if (l is not null)
                    _line++;
                return l;
            }
            catch (DecoderFallbackException e)
            {
                throw new TextKitFormatException("TK710", source, _line + 1, "invalid UTF-8", e);
            }
        }

        private string? NextNonBlank()
        {
            string? l;
            while ((l = Next()) is not null && string.IsNullOrWhiteSpace(l))
            {
            }
            return l?.Trim();
        }

        private static double ParseValue(string field, out bool ok)
        {
            ok = double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && !double.IsNaN(value);
            if (ok && value > 0 && value < 1e-6)
                value = 0; // formatting noise around 0
            return value <= ArpaLogZero ? double.NegativeInfinity : value;
        }

        public NgramLanguageModel Read(LmPrecision precision)
        {
            // Header.
            string? l;
            while ((l = Next()) is not null && l.Trim().TrimStart('\uFEFF') != "\\data\\")
            {
            }
            if (l is null)
                throw Error("no \\data\\ section: this is not an ARPA file", _line + 1);
            var declared = new List<long>();
            long dataLine = _line;
            while ((l = NextNonBlank()) is not null && l.StartsWith("ngram ", StringComparison.Ordinal))
            {
                int eq = l.IndexOf('=', StringComparison.Ordinal);
                if (eq < 0 || !int.TryParse(l.AsSpan(6, eq - 6).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int k)
                    || !long.TryParse(l.AsSpan(eq + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long count))
                    throw Error($"bad count line '{l}'; expected 'ngram N=COUNT' with non-negative integers");
                if (k != declared.Count + 1)
                    throw Error($"count line for order {k} where order {declared.Count + 1} was expected");
                if (k > NgramCounter.MaxOrder)
                    throw Error($"order {k} is above the supported maximum {NgramCounter.MaxOrder}");
                if (count > int.MaxValue / 2)
                    throw Error($"count {count} is too large");
                declared.Add(count);
            }
            if (declared.Count == 0)
                throw Error("the \\data\\ section declares no 'ngram N=COUNT' lines", dataLine);
            if (declared[0] == 0)
                throw Error("the model declares no unigrams", dataLine + 1);
            int order = declared.Count;
            _pending = l;

            // Sections.
            var tuples = new List<int[]>[order + 1];
            var probs = new List<double>[order + 1];
            var bows = new List<double>[order + 1];
            var words = new List<string>();
            var wordIds = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int k = 1; k <= order; k++)
            {
                l = NextNonBlank();
                if (l is null)
                    throw Error($"missing section \\{k}-grams: (end of file)", _line + 1);
                if (l != $"\\{k}-grams:")
                    throw Error($"missing section \\{k}-grams: (found '{Shorten(l)}')");
                long headerLine = _line;
                tuples[k] = new List<int[]>((int)Math.Min(declared[k - 1], 1 << 20));
                probs[k] = [];
                bows[k] = [];
                while ((l = Next()) is not null)
                {
                    var trimmed = l.AsSpan().Trim();
                    if (trimmed.IsEmpty)
                        break;
                    if (trimmed[0] == '\\')
                    {
                        _pending = l;
                        break;
                    }
                    var fields = l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                    bool hasBow = fields.Length == k + 2;
                    if (fields.Length != k + 1 && !hasBow)
                        throw Error($"a {k}-gram line needs a log10 probability, {k} word(s) and {(k < order ? "an optional backoff" : "no backoff")}; found {fields.Length} fields");
                    if (hasBow && k == order)
                        throw Error($"a {k}-gram of the highest order cannot have a backoff weight");
                    double p = ParseValue(fields[0], out bool ok);
                    if (!ok)
                        throw Error($"probability '{fields[0]}' is not a number");
                    if (p > 0)
                        throw Error($"log10 probability {fields[0]} is above 0");
                    double b = 0;
                    if (hasBow)
                    {
                        b = ParseValue(fields[k + 1], out ok);
                        if (!ok)
                            throw Error($"backoff weight '{fields[k + 1]}' is not a number");
                    }
                    var ids = new int[k];
                    for (int j = 0; j < k; j++)
                    {
                        var word = fields[j + 1];
                        if (k == 1)
                        {
                            if (!wordIds.TryAdd(word, words.Count))
                                throw Error($"unigram '{word}' is listed twice");
                            words.Add(word);
                            ids[j] = wordIds[word];
                        }
                        else if (!wordIds.TryGetValue(word, out ids[j]))
                        {
                            throw Error($"word '{word}' of this {k}-gram is not among the unigrams");
                        }
                    }
                    tuples[k].Add(ids);
                    probs[k].Add(p);
                    bows[k].Add(b);
                }
                if (tuples[k].Count != declared[k - 1])
                    throw Error($"\\data\\ declares {declared[k - 1]} {k}-grams but the section has {tuples[k].Count}", headerLine);
            }
            l = NextNonBlank();
            if (l != "\\end\\")
                throw Error(l is null ? "missing \\end\\ (file truncated?)" : $"expected \\end\\ after the {order}-grams, found '{Shorten(l)}'", l is null ? _line + 1 : -1);
            return Build(order, words, tuples, probs, bows, precision);
        }

        private static string Shorten(string s) => s.Length > 40 ? s[..40] + "…" : s;

        private NgramLanguageModel Build(int order, List<string> fileWords, List<int[]>[] tuples, List<double>[] probs, List<double>[] bows, LmPrecision precision)
        {
            // Vocabulary: unknown word, <s>, </s> first, then the file's order.
            string unk = fileWords.Contains(LmVocabulary.DefaultUnknownToken) ? LmVocabulary.DefaultUnknownToken
                : fileWords.FirstOrDefault(w => string.Equals(w, LmVocabulary.DefaultUnknownToken, StringComparison.OrdinalIgnoreCase)) ?? LmVocabulary.DefaultUnknownToken;
            if (!fileWords.Contains(LmVocabulary.BeginToken))
                throw new TextKitFormatException("TK711", source, 0, "the unigrams lack <s>; an ARPA language model needs the sentence-start symbol");
            if (!fileWords.Contains(LmVocabulary.EndToken))
                throw new TextKitFormatException("TK711", source, 0, "the unigrams lack </s>; an ARPA language model needs the sentence-end symbol");
            var vocabWords = new List<string> { unk, LmVocabulary.BeginToken, LmVocabulary.EndToken };
            vocabWords.AddRange(fileWords.Where(w => w != unk && w != LmVocabulary.BeginToken && w != LmVocabulary.EndToken));
            var vocabulary = new LmVocabulary(vocabWords.ToArray());
            var remap = fileWords.Select(w => vocabulary.IdOf(w)).ToArray();
            int v = vocabulary.Count;
            var uniProb = new double[v];
            var uniBow = new double[v];
            uniProb[LmVocabulary.UnknownId] = -100; // KenLM's value when the file has no <unk>
            for (int i = 0; i < fileWords.Count; i++)
            {
                uniProb[remap[i]] = probs[1][i];
                uniBow[remap[i]] = bows[1][i];
            }
            for (int k = 2; k <= order; k++)
                foreach (var t in tuples[k])
                    for (int j = 0; j < t.Length; j++)
                        t[j] = remap[t[j]];

            // Close the n-gram set under prefixes and suffixes (the query walk needs both).
            var present = new HashSet<(long, long)>[order];
            for (int k = 2; k < order; k++)
                present[k] = new HashSet<(long, long)>(tuples[k].Select(Pack));
            var placeholders = new List<int[]>[order + 1];
            for (int k = 2; k <= order; k++)
                placeholders[k] = [];
            for (int k = order; k >= 3; k--)
            {
                foreach (var t in tuples[k].Concat(placeholders[k]).ToList())
                {
                    foreach (var part in (int[][])[t[..^1], t[1..]])
                        if (present[k - 1].Add(Pack(part)))
                            placeholders[k - 1].Add(part);
                }
            }

            var orders = new DenseOrder[order + 1];
            var indexes = new Dictionary<ulong, int>[order + 1];
            for (int k = 2; k <= order; k++)
            {
                int fileCount = tuples[k].Count;
                var dense = new DenseOrder(fileCount + placeholders[k].Count);
                var index = new Dictionary<ulong, int>(dense.Count);
                NgramStore? lower = placeholders[k].Count > 0 ? NgramStore.Create(LmPrecision.Double, k - 1, uniProb, uniBow, orders[..k], 0) : null;
                for (int i = 0; i < dense.Count; i++)
                {
                    var t = i < fileCount ? tuples[k][i] : placeholders[k][i - fileCount];
                    int suffix = t[^1];
                    for (int j = 2; j < k; j++)
                        suffix = indexes[j][((ulong)(uint)suffix << 32) | (uint)t[^j]];
                    ulong key = ((ulong)(uint)suffix << 32) | (uint)t[0];
                    if (!index.TryAdd(key, i))
                        throw new TextKitFormatException("TK712", source, 0, $"the {k}-gram '{string.Join(' ', t.Select(x => vocabulary[x]))}' is listed twice");
                    dense.First[i] = t[0];
                    dense.Suffix[i] = suffix;
                    if (i < fileCount)
                    {
                        dense.Prob[i] = probs[k][i];
                        dense.Bow[i] = bows[k][i];
                    }
                    else
                    {
                        // Not in the file: the probability back-off gives it, and no backoff weight of its own.
                        // log10 p = bow(w1..wk−1) + log10 p(wk | w2..wk−1).
                        var state = lower!.StateOf(t.AsSpan(1, k - 2));
                        double prefixBow;
                        int prefix = t[k - 2];
                        for (int j = 2; j < k; j++)
                            prefix = indexes[j][((ulong)(uint)prefix << 32) | (uint)t[k - 1 - j]];
                        prefixBow = k == 2 ? uniBow[prefix] : orders[k - 1].Bow[prefix];
                        dense.Prob[i] = prefixBow + lower.Score(ref state, t[^1]);
                    }
                }
                orders[k] = dense;
                indexes[k] = index;
            }
            bool full = order > 1 && indexes[2].ContainsKey(((ulong)LmVocabulary.BeginId << 32) | LmVocabulary.BeginId);
            var store = NgramStore.Create(precision, order, uniProb, uniBow, orders, 0);
            return new NgramLanguageModel(vocabulary, store, full ? SentencePadding.Full : SentencePadding.Single,
                new NgramModelInfo(null, Enumerable.Range(0, order).Select(_ => Array.Empty<double>()).ToArray(), 0, 0));
        }

        private static (long, long) Pack(int[] t)
        {
            long a = 0, b = 0;
            for (int i = 0; i < t.Length; i++)
            {
                long x = (long)(uint)t[i] + 1;
                if (i < 2)
                    a |= x << (32 * i);
                else
                    b |= x << (32 * (i - 2));
            }
            return (a, b);
        }
    }
}
