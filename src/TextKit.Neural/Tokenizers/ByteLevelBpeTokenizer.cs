using System.Text;
using System.Text.Json;
using Microsoft.ML.Tokenizers;
using TextKit.Neural.Tokenizers.Internal;

namespace TextKit.Neural.Tokenizers;

/// <summary>
/// Byte-level BPE (GPT-2, RoBERTa) with HF's behaviour: special tokens kept whole, GPT-2 pre-tokenization,
/// optional prefix space, byte-level BPE merges, RoBERTa's <c>&lt;s&gt; A &lt;/s&gt;&lt;/s&gt; B &lt;/s&gt;</c>, offsets
/// into the original text and byte-level decoding.
/// <para>Built on Microsoft.ML.Tokenizers: its <see cref="BpeTokenizer"/> (ByteLevel = true) does the merges of
/// every pre-token (its ids match HF on all 176 reference rows). TextKit adds what it lacks for transformer
/// models: special tokens inside the text, add_prefix_space, offsets for characters outside the BMP (it gives
/// only the first UTF-16 unit), rune-correct pre-tokenization, the pair template, truncation and trim_offsets.</para>
/// </summary>
public sealed class ByteLevelBpeTokenizer : ITransformerTokenizer, ISegmentEncoder
{
    private readonly BpeTokenizer _bpe;
    private readonly Dictionary<string, int> _vocab;
    private readonly string[] _idToToken;
    private readonly SpecialTokenMatcher _specials;
    private readonly HashSet<int> _specialIds;
    private readonly HashSet<int> _lstripIds = [];
    private readonly PostProcessor _post;
    private readonly bool _prefixSpace, _trim;

    private ByteLevelBpeTokenizer(Dictionary<string, int> vocab, List<string> merges, ByteLevelBpeOptions options, string source)
    {
        if (options.ModelMaxLength < 1) throw new ArgumentOutOfRangeException(nameof(options), options.ModelMaxLength, "ModelMaxLength must be at least 1.");
        ArgumentNullException.ThrowIfNull(options.AdditionalSpecialTokens);
        Options = options;
        _vocab = vocab;
        if (vocab.Count == 0) throw new TextKitModelException("TK352", $"{source}: the BPE vocabulary is empty.");
        _idToToken = new string[vocab.Values.Max() + 1];
        Array.Fill(_idToToken, string.Empty);
        foreach (var (t, id) in vocab) _idToToken[id] = t;

        bool gpt2 = options.Style == ByteLevelBpeStyle.Gpt2;
        const string eot = "<|endoftext|>";
        string bos = options.BeginningOfSequenceToken ?? (gpt2 ? eot : "<s>");
        string eos = options.EndOfSequenceToken ?? (gpt2 ? eot : "</s>");
        string? unk = options.UnknownToken ?? (gpt2 ? eot : "<unk>");
        string? pad = options.PaddingToken ?? (gpt2 ? null : "<pad>");
        string? mask = options.MaskToken ?? (gpt2 ? null : "<mask>");

        var specials = new List<(string, int)>();
        int Add(string token, bool required)
        {
            if (vocab.TryGetValue(token, out int id)) { specials.Add((token, id)); return id; }
            if (required) throw new TextKitModelException("TK352", $"{source}: the vocabulary has no entry for the special token '{token}'; add it or set the matching option.");
            return -1;
        }
        BeginningOfSequenceTokenId = Add(bos, required: !gpt2);
        EndOfSequenceTokenId = Add(eos, required: !gpt2);
        int unkId = unk is null ? -1 : Add(unk, required: false);
        PadTokenId = pad is null ? -1 : Add(pad, required: options.PaddingToken is not null);
        MaskTokenId = mask is null ? -1 : Add(mask, required: options.MaskToken is not null);
        if (MaskTokenId >= 0) _lstripIds.Add(MaskTokenId);
        foreach (var t in options.AdditionalSpecialTokens) Add(t, required: true);
        if (PadTokenId < 0) PadTokenId = Math.Max(EndOfSequenceTokenId, 0);
        _specials = new SpecialTokenMatcher(specials);
        _specialIds = specials.Select(s => s.Item2).ToHashSet();

        _bpe = BpeTokenizer.Create(new BpeOptions(vocab)
        {
            Merges = merges,
            ByteLevel = true,
            // used only for text without surrogates, where .NET's regex classes agree with HF's (see EncodePlain)
            PreTokenizer = RobertaPreTokenizer.Instance,
            Normalizer = null,
            UnknownToken = unkId >= 0 ? unk : null,
        });
        _prefixSpace = options.AddPrefixSpace;
        _trim = options.TrimOffsets ?? !gpt2;
        int b = BeginningOfSequenceTokenId, e = EndOfSequenceTokenId;
        _post = gpt2
            ? new PostProcessor { Pre = [], SinglePost = [], Mid = [], Post = [] }
            : new PostProcessor { Pre = [b], SinglePost = [e], Mid = [e, e], Post = [e] };
    }

    /// <summary>Reads vocab.json and merges.txt.</summary>
    /// <exception cref="TextKitModelException">TK351 a file is missing; TK352 empty vocabulary or missing special token.</exception>
    /// <exception cref="TextKitFormatException">TK353 vocab.json is not a JSON object of token → id; TK356 a merges.txt line is malformed or names unknown tokens.</exception>
    public static ByteLevelBpeTokenizer FromFiles(string vocabJsonPath, string mergesPath, ByteLevelBpeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(vocabJsonPath);
        ArgumentNullException.ThrowIfNull(mergesPath);
        foreach (var p in new[] { vocabJsonPath, mergesPath })
            if (!File.Exists(p)) throw new TextKitModelException("TK351", $"BPE file '{p}' does not exist.");
        var vocab = ReadVocab(vocabJsonPath);
        var merges = ReadMerges(mergesPath, vocab);
        return new ByteLevelBpeTokenizer(vocab, merges, options ?? new ByteLevelBpeOptions(), vocabJsonPath);
    }

    /// <summary>Builds the tokenizer from a vocabulary and merges ("a b" per entry, in rank order).</summary>
    public static ByteLevelBpeTokenizer FromVocabulary(IReadOnlyDictionary<string, int> vocabulary, IEnumerable<string> merges, ByteLevelBpeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(merges);
        var vocab = new Dictionary<string, int>(vocabulary, StringComparer.Ordinal);
        var list = new List<string>();
        int line = 0;
        foreach (var m in merges) { line++; list.Add(CheckMerge(m, vocab, "<merges>", line)); }
        return new ByteLevelBpeTokenizer(vocab, list, options ?? new ByteLevelBpeOptions(), "<vocabulary>");
    }

    private static Dictionary<string, int> ReadVocab(string path)
    {
        try
        {
            var vocab = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(path))
                        ?? throw new TextKitFormatException("TK353", path, 1, "expected a JSON object of token → id, found null.");
            foreach (var (t, id) in vocab)
                if (id < 0) throw new TextKitFormatException("TK353", path, 0, $"token '{t}' has the negative id {id}.");
            return new Dictionary<string, int>(vocab, StringComparer.Ordinal);
        }
        catch (JsonException e)
        {
            throw new TextKitFormatException("TK353", path, (e.LineNumber ?? -1) + 1, $"expected a JSON object of token → id: {e.Message}", e);
        }
    }

    private static List<string> ReadMerges(string path, Dictionary<string, int> vocab)
    {
        var merges = new List<string>();
        int line = 0;
        foreach (var raw in File.ReadLines(path))
        {
            line++;
            if (line == 1 && raw.StartsWith("#version", StringComparison.Ordinal)) continue;
            if (raw.Length == 0) continue;
            merges.Add(CheckMerge(raw, vocab, path, line));
        }
        return merges;
    }

    private static string CheckMerge(string raw, Dictionary<string, int> vocab, string source, int line)
    {
        int sp = raw.IndexOf(' ');
        if (sp <= 0 || sp == raw.Length - 1 || raw.IndexOf(' ', sp + 1) >= 0)
            throw new TextKitFormatException("TK356", source, line, $"a merge must be two tokens separated by one space, found '{raw}'.");
        string a = raw[..sp], b = raw[(sp + 1)..];
        foreach (var t in new[] { a, b, a + b })
            if (!vocab.ContainsKey(t))
                throw new TextKitFormatException("TK356", source, line, $"the merge '{raw}' uses '{t}', which is not in the vocabulary.");
        return raw;
    }

    /// <summary>The options the tokenizer was created with (do not change them afterwards).</summary>
    public ByteLevelBpeOptions Options { get; }

    /// <summary>The Microsoft.ML.Tokenizers BPE model doing the merges (no pre-tokenizer, no special tokens).</summary>
    public BpeTokenizer InnerTokenizer => _bpe;

    public int VocabularySize => _idToToken.Length;
    public int PadTokenId { get; }
    public int BeginningOfSequenceTokenId { get; }
    public int EndOfSequenceTokenId { get; }

    /// <summary>Id of &lt;mask&gt;, or -1 when there is none.</summary>
    public int MaskTokenId { get; }

    public int ModelMaxLength => Options.ModelMaxLength;

    public int? TokenToId(string token) => _vocab.TryGetValue(token, out int id) ? id : null;

    public string? IdToToken(int id) => (uint)id < (uint)_idToToken.Length && _idToToken[id].Length > 0 ? _idToToken[id] : null;

    public EncodedInput Encode(string text, string? textPair = null, EncodeOptions? options = null)
        => SegmentEncoding.Encode(this, _post, text, textPair, options, ModelMaxLength, _idToToken);

    /// <summary>The ids of <paramref name="text"/> without special tokens and without truncation.</summary>
    public int[] EncodeToIds(string text) => SegmentEncoding.EncodeToIds(this, text);

    void ISegmentEncoder.EncodeSegment(string text, TokenBuffer buffer)
    {
        // lone surrogates cannot be UTF-8 encoded: treat each as U+FFFD (same UTF-16 length, so offsets hold)
        if (text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF')) text = ReplaceLoneSurrogates(text);
        var span = text.AsSpan();
        int word = 0, pos = 0;
        while (pos < span.Length)
        {
            if (!_specials.FindNext(span, pos, out int start, out int length, out int id))
            {
                EncodePlain(text, pos, span.Length, buffer, ref word);
                break;
            }
            int plainEnd = start;
            if (_lstripIds.Contains(id))
                while (plainEnd > pos && char.IsWhiteSpace(span[plainEnd - 1])) plainEnd--;
            EncodePlain(text, pos, plainEnd, buffer, ref word);
            buffer.Add(id, start, start + length, word++);
            pos = start + length;
        }
    }

    private void EncodePlain(string text, int from, int to, TokenBuffer buffer, ref int word)
    {
        if (from >= to) return;
        // with add_prefix_space the work text is " " + piece; work position p maps to from + p - 1 (the space to from)
        bool prefix = _prefixSpace && text[from] != ' ';
        ReadOnlySpan<char> work = prefix ? string.Concat(" ", text.AsSpan(from, to - from)) : text.AsSpan(from, to - from);
        int shift = prefix ? from - 1 : from;
        int floor = prefix ? from : int.MinValue;
        if (!work.ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            // fast path: one call with MLT's GPT-2 pre-tokenizer; without astral characters its offsets are exact
            var tokens = _bpe.EncodeToTokens(work, out _, considerPreTokenization: true, considerNormalization: false);
            int preEnd = Gpt2PreTokenizer.NextLength(work, 0);
            foreach (var token in tokens)
            {
                var (start, end) = token.Offset.GetOffsetAndLength(work.Length);
                end += start;
                while (start >= preEnd && preEnd < work.Length) { preEnd += Gpt2PreTokenizer.NextLength(work, preEnd); word++; }
                if (_trim) Trim(token.Value, ref start, ref end);
                buffer.Add(token.Id, Math.Max(start + shift, floor), Math.Max(end + shift, floor), word);
            }
            word++;
            return;
        }
        for (int ps = 0; ps < work.Length;)
        {
            int pe = ps + Gpt2PreTokenizer.NextLength(work, ps);
            EncodePreToken(work, ps, pe, shift, floor, buffer, word++);
            ps = pe;
        }
    }

    private static void Trim(string value, ref int start, ref int end)
    {
        int lead = 0, trail = 0;
        while (lead < value.Length && value[lead] == 'Ġ') lead++;
        while (trail < value.Length - lead && value[value.Length - 1 - trail] == 'Ġ') trail++;
        if (lead > 0) start = Math.Min(start + lead, end);
        if (trail > 0) end = Math.Max(end - trail, start);
    }

    /// <summary>BPE of one pre-token, with each token's offsets: the characters whose UTF-8 bytes it covers.</summary>
    private void EncodePreToken(ReadOnlySpan<char> work, int ps, int pe, int shift, int floor, TokenBuffer buffer, int word)
    {
        var tokens = _bpe.EncodeToTokens(work[ps..pe], out _, considerPreTokenization: false, considerNormalization: false);
        int charPos = ps, runeBytes = 0, runeChars = 0, runeByteStart = 0, byteStart = 0;
        void NextRune(ReadOnlySpan<char> w)
        {
            charPos += runeChars;
            runeByteStart += runeBytes;
            var r = BertText.RuneAt(w, charPos, out runeChars);
            runeBytes = r.Utf8SequenceLength;
        }
        NextRune(work);
        foreach (var token in tokens)
        {
            int nb = token.Value.Length; // one byte-level character per byte
            int byteEnd = byteStart + nb;
            while (runeByteStart + runeBytes <= byteStart && charPos + runeChars < pe) NextRune(work);
            int start = charPos;
            while (runeByteStart + runeBytes < byteEnd && charPos + runeChars < pe) NextRune(work);
            int end = charPos + runeChars;
            if (_trim) Trim(token.Value, ref start, ref end);
            buffer.Add(token.Id, Math.Max(start + shift, floor), Math.Max(end + shift, floor), word);
            byteStart = byteEnd;
        }
    }

    private static string ReplaceLoneSurrogates(string text)
    {
        var chars = text.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1])) { i++; continue; }
            if (char.IsSurrogate(chars[i])) chars[i] = '\uFFFD';
        }
        return new string(chars);
    }

    /// <summary>HF ByteLevel decoder: the bytes of consecutive tokens are decoded as UTF-8 (invalid sequences → U+FFFD); special tokens are kept as text unless skipped.</summary>
    public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens = true)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var sb = new StringBuilder();
        var bytes = new List<byte>();
        void Flush()
        {
            if (bytes.Count == 0) return;
            sb.Append(Encoding.UTF8.GetString(bytes.ToArray()));
            bytes.Clear();
        }
        foreach (int id in ids)
        {
            if ((uint)id >= (uint)_idToToken.Length || _idToToken[id].Length == 0) continue;
            if (_specialIds.Contains(id))
            {
                if (skipSpecialTokens) continue;
                Flush();
                sb.Append(_idToToken[id]);
                continue;
            }
            foreach (char c in _idToToken[id])
            {
                if (ByteLevelAlphabet.TryGetByte(c, out byte b)) bytes.Add(b);
                else { Flush(); sb.Append(c); }
            }
        }
        Flush();
        return sb.ToString();
    }
}
