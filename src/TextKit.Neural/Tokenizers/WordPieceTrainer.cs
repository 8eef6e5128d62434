using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TextKit.Neural.Tokenizers.Internal;

namespace TextKit.Neural.Tokenizers;

/// <summary>How <see cref="WordPieceTrainer"/> picks the next pair of symbols to merge.</summary>
public enum WordPieceScoring
{
    /// <summary>The most frequent pair (HF tokenizers' WordPieceTrainer, which trains BPE with a "##" prefix).</summary>
    Frequency,

    /// <summary>The pair with the highest freq(ab) / (freq(a) · freq(b)), i.e. the largest gain in corpus likelihood
    /// (Schuster &amp; Nakajima 2012, the original WordPiece). Slower: every step rescans all pairs.</summary>
    Likelihood,
}

/// <summary>Options of <see cref="WordPieceTrainer"/>; the defaults are HF's BertWordPieceTokenizer.train defaults.</summary>
public sealed class WordPieceTrainerOptions
{
    /// <summary>Target vocabulary size, special tokens and the alphabet included.</summary>
    public int VocabularySize { get; set; } = 30522;

    /// <summary>A pair is merged only if it occurs at least this often.</summary>
    public int MinFrequency { get; set; } = 2;

    /// <summary>Tokens placed first in the vocabulary, in this order (ids 0, 1, …).</summary>
    public IList<string> SpecialTokens { get; set; } = new List<string> { "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]" };

    /// <summary>Keep at most this many distinct characters (the most frequent); rarer ones become [UNK].</summary>
    public int LimitAlphabet { get; set; } = 1000;

    /// <summary>Characters always in the alphabet, even when absent from the corpus or beyond <see cref="LimitAlphabet"/>.</summary>
    public string InitialAlphabet { get; set; } = "";

    public string ContinuingSubwordPrefix { get; set; } = "##";
    public WordPieceScoring Scoring { get; set; } = WordPieceScoring.Frequency;

    /// <summary>Normalization of the corpus before counting words; use the same options for the tokenizer.</summary>
    public bool LowerCase { get; set; } = true;

    /// <summary>null = follow <see cref="LowerCase"/>.</summary>
    public bool? StripAccents { get; set; }

    public bool HandleChineseChars { get; set; } = true;

    /// <summary>Words longer than this (characters) are not counted: the tokenizer turns them into [UNK] anyway.</summary>
    public int MaxInputCharsPerWord { get; set; } = 100;

    internal void Validate()
    {
        if (VocabularySize < 1) throw new ArgumentOutOfRangeException(nameof(VocabularySize), VocabularySize, "Must be at least 1.");
        if (MinFrequency < 0) throw new ArgumentOutOfRangeException(nameof(MinFrequency), MinFrequency, "Must be 0 or more.");
        if (LimitAlphabet < 0) throw new ArgumentOutOfRangeException(nameof(LimitAlphabet), LimitAlphabet, "Must be 0 or more.");
        if (MaxInputCharsPerWord < 1) throw new ArgumentOutOfRangeException(nameof(MaxInputCharsPerWord), MaxInputCharsPerWord, "Must be at least 1.");
        ArgumentNullException.ThrowIfNull(SpecialTokens);
        ArgumentNullException.ThrowIfNull(InitialAlphabet);
        ArgumentException.ThrowIfNullOrEmpty(ContinuingSubwordPrefix);
        foreach (var t in SpecialTokens)
        {
            if (string.IsNullOrEmpty(t) || t.AsSpan().ContainsAny('\n', '\r'))
                throw new ArgumentException($"Special token '{t}' must be non-empty and on one line.", nameof(SpecialTokens));
        }
        if (SpecialTokens.Distinct().Count() != SpecialTokens.Count)
            throw new ArgumentException("SpecialTokens has duplicates.", nameof(SpecialTokens));
        if (SpecialTokens.Count > VocabularySize)
            throw new ArgumentOutOfRangeException(nameof(VocabularySize), VocabularySize, $"Smaller than the {SpecialTokens.Count} special tokens.");
    }
}

/// <summary>A trained WordPiece vocabulary (ids in list order), ready to save as vocab.txt or to tokenize with.</summary>
public sealed class WordPieceVocabulary
{
    internal WordPieceVocabulary(IReadOnlyList<string> tokens, WordPieceTrainerOptions options, int words, int merges)
    {
        Tokens = tokens;
        _options = options;
        DistinctWords = words;
        Merges = merges;
    }

    private readonly WordPieceTrainerOptions _options;

    /// <summary>Vocabulary entries; the index is the id.</summary>
    public IReadOnlyList<string> Tokens { get; }

    public int Count => Tokens.Count;

    /// <summary>Number of distinct pre-tokenized words the corpus had.</summary>
    public int DistinctWords { get; }

    /// <summary>Number of merges made (entries beyond the special tokens and the alphabet).</summary>
    public int Merges { get; }

    /// <summary>Writes vocab.txt (one token per line, UTF-8 without BOM), the format HF's BertTokenizer reads.</summary>
    public void Save(string vocabTxtPath)
    {
        ArgumentNullException.ThrowIfNull(vocabTxtPath);
        File.WriteAllText(vocabTxtPath, string.Concat(Tokens.Select(t => t + "\n")), new UTF8Encoding(false));
    }

    /// <summary>
    /// Writes a Hugging Face tokenizer folder: vocab.txt and a tokenizer_config.json (BertTokenizer, the trainer's
    /// lower-casing and accent stripping, <paramref name="modelMaxLength"/>), which
    /// <see cref="TransformerTokenizers.FromFolder"/> and HF's <c>BertTokenizer.from_pretrained</c> load.
    /// </summary>
    public void SaveFolder(string folder, int modelMaxLength = 512)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentOutOfRangeException.ThrowIfLessThan(modelMaxLength, 1);
        Directory.CreateDirectory(folder);
        Save(Path.Combine(folder, "vocab.txt"));
        var config = new JsonObject
        {
            ["tokenizer_class"] = "BertTokenizer",
            ["do_lower_case"] = _options.LowerCase,
            ["model_max_length"] = modelMaxLength,
        };
        if (_options.StripAccents is bool strip)
            config["strip_accents"] = strip;
        File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>A tokenizer over this vocabulary with the normalization the trainer used.</summary>
    public BertWordPieceTokenizer CreateTokenizer(BertTokenizerOptions? options = null)
    {
        options ??= new BertTokenizerOptions
        {
            LowerCase = _options.LowerCase,
            StripAccents = _options.StripAccents,
            HandleChineseChars = _options.HandleChineseChars,
            MaxInputCharsPerWord = _options.MaxInputCharsPerWord,
            ContinuingSubwordPrefix = _options.ContinuingSubwordPrefix,
        };
        return BertWordPieceTokenizer.FromVocabulary(Tokens, options);
    }
}

/// <summary>
/// Learns a WordPiece vocabulary from a corpus the way HF tokenizers' WordPieceTrainer does (BERT normalization and
/// pre-tokenization, word counts, an alphabet of the most frequent characters, then greedy pair merges where a
/// word-inner symbol carries the "##" prefix), with optional likelihood scoring as in the original WordPiece.
/// Deterministic: the result does not depend on the order of the corpus or on threading.
/// </summary>
public sealed class WordPieceTrainer
{
    private readonly WordPieceTrainerOptions _options;

    public WordPieceTrainer(WordPieceTrainerOptions? options = null)
    {
        _options = options ?? new WordPieceTrainerOptions();
        _options.Validate();
    }

    /// <summary>Trains on texts (sentences, lines or documents).</summary>
    public WordPieceVocabulary Train(IEnumerable<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var o = _options;
        var counts = CountWords(texts, cancellationToken);

        // vocabulary: special tokens, the alphabet (sorted), then "##c" for characters seen inside words
        var vocab = new List<string>(o.SpecialTokens);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < vocab.Count; i++) ids[vocab[i]] = i;
        int Add(string token)
        {
            if (ids.TryGetValue(token, out int id)) return id;
            ids[token] = vocab.Count;
            vocab.Add(token);
            return vocab.Count - 1;
        }

        var alphabet = Alphabet(counts);
        foreach (var c in alphabet.OrderBy(c => c, StringComparer.Ordinal)) Add(c);

        var words = counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToArray();
        var symbols = new List<int>[words.Length];
        var wordCounts = new long[words.Length];
        string prefix = o.ContinuingSubwordPrefix;
        for (int w = 0; w < words.Length; w++)
        {
            var list = new List<int>();
            string word = words[w].Key;
            bool ok = true;
            for (int i = 0; i < word.Length;)
            {
                BertText.RuneAt(word, i, out int len);
                string c = word.Substring(i, len);
                if (!alphabet.Contains(c)) { ok = false; break; } // a character outside the alphabet: the word is [UNK] anyway
                list.Add(i == 0 ? ids[c] : Add(prefix + c));
                i += len;
            }
            symbols[w] = ok ? list : [];
            wordCounts[w] = words[w].Value;
        }
        int baseSize = vocab.Count;

        var merger = new PairMerger(symbols, wordCounts, o.Scoring);
        while (vocab.Count < o.VocabularySize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!merger.TryBest(Math.Max(1, o.MinFrequency), out int a, out int b, out _)) break;
            string right = vocab[b];
            string merged = vocab[a] + (right.StartsWith(prefix, StringComparison.Ordinal) ? right[prefix.Length..] : right);
            int id = ids.TryGetValue(merged, out int existing) ? existing : Add(merged);
            merger.Merge(a, b, id);
        }
        if (vocab.Count > o.VocabularySize) vocab.RemoveRange(o.VocabularySize, vocab.Count - o.VocabularySize);
        return new WordPieceVocabulary(vocab, o, words.Length, vocab.Count - Math.Min(baseSize, vocab.Count));
    }

    private Dictionary<string, long> CountWords(IEnumerable<string> texts, CancellationToken ct)
    {
        var o = _options;
        var normalizer = new BertNormalizer(true, o.HandleChineseChars, o.StripAccents ?? o.LowerCase, o.LowerCase);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var lookup = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        var special = new SpecialTokenMatcher(o.SpecialTokens.Select((t, i) => (t, i)));
        foreach (var text in texts)
        {
            ct.ThrowIfCancellationRequested();
            if (string.IsNullOrEmpty(text)) continue;
            var span = text.AsSpan();
            var buffer = NormalizedText.Rent(text.Length);
            int pos = 0;
            while (pos < span.Length)
            {
                int end = special.FindNext(span, pos, out int s, out int len, out _) ? s : span.Length;
                int n = normalizer.Normalize(span, pos, end, buffer);
                var norm = buffer.Chars.AsSpan(0, n);
                int p = 0;
                while (BertNormalizer.NextWord(norm, ref p, out int ws, out int we))
                {
                    var word = norm[ws..we];
                    if (word.Length > o.MaxInputCharsPerWord && word.Length - CountLowSurrogates(word) > o.MaxInputCharsPerWord) continue;
                    lookup[word] = lookup.TryGetValue(word, out long c) ? c + 1 : 1;
                }
                pos = end == span.Length ? end : end + len;
            }
        }
        return counts;
    }

    private static int CountLowSurrogates(ReadOnlySpan<char> s)
    {
        int n = 0;
        foreach (char c in s) if (char.IsLowSurrogate(c)) n++;
        return n;
    }

    /// <summary>The LimitAlphabet most frequent characters (ties: by character), plus InitialAlphabet.</summary>
    private HashSet<string> Alphabet(Dictionary<string, long> counts)
    {
        var freq = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (word, count) in counts)
        {
            for (int i = 0; i < word.Length;)
            {
                BertText.RuneAt(word, i, out int len);
                string c = word.Substring(i, len);
                freq[c] = freq.GetValueOrDefault(c) + count;
                i += len;
            }
        }
        var initial = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < _options.InitialAlphabet.Length;)
        {
            BertText.RuneAt(_options.InitialAlphabet, i, out int len);
            initial.Add(_options.InitialAlphabet.Substring(i, len));
            i += len;
        }
        int keep = Math.Max(0, _options.LimitAlphabet - initial.Count);
        var kept = freq.Where(kv => !initial.Contains(kv.Key))
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(keep).Select(kv => kv.Key);
        initial.UnionWith(kept);
        return initial;
    }
}
