using System.Globalization;
using System.Text;
using TextKit.Neural.Tokenizers.Internal;

namespace TextKit.Neural.Tokenizers;

/// <summary>Options of <see cref="SentencePieceTransformerTokenizer"/>.</summary>
public sealed class SentencePieceTokenizerOptions
{
    /// <summary>T5 sentinel tokens <c>&lt;extra_id_0&gt;</c>… appended after the model's pieces (tokenizer_config.json <c>extra_ids</c>); 0 = none.
    /// <c>&lt;extra_id_0&gt;</c> gets the highest id, as in HF's T5Tokenizer.</summary>
    public int ExtraIds { get; set; }

    /// <summary>More tokens kept whole when they occur in the text; each must be a piece of the model or an extra id.</summary>
    public IList<string> AdditionalSpecialTokens { get; set; } = new List<string>();

    /// <summary>Append the end-of-sequence token (T5: <c>A &lt;/s&gt;</c>, pairs <c>A &lt;/s&gt; B &lt;/s&gt;</c>).</summary>
    public bool AddEndOfSequence { get; set; } = true;

    /// <summary>The maximum sequence length, special tokens included, used when <see cref="EncodeOptions.MaxLength"/> is 0.</summary>
    public int ModelMaxLength { get; set; } = 512;
}

/// <summary>
/// SentencePiece unigram tokenizer for T5-style models, reading the <c>spiece.model</c> protobuf: the SentencePiece
/// normalizer (precompiled rules, dummy prefix, extra-whitespace removal, '▁' escaping), Viterbi segmentation
/// over the piece scores (unknown characters cost min score − 10 and consecutive unknowns are fused, as in
/// google/sentencepiece unigram_model.cc), byte fallback, special tokens in the text, <c>&lt;/s&gt;</c> appended,
/// offsets into the original text.
/// <para>Why not Microsoft.ML.Tokenizers' SentencePieceTokenizer: version 2.0.1 throws IndexOutOfRangeException on
/// models without a BOS piece (bos_id = -1), which is how every T5 spiece.model is made, and its offsets point into
/// the normalized text. The model's precompiled normalization rules (precompiled_charsmap, e.g. T5's nmt_nfkc) are
/// applied as google/sentencepiece does.</para>
/// </summary>
public sealed class SentencePieceTransformerTokenizer : ITransformerTokenizer, ISegmentEncoder
{
    private const char Space = '\u2581';
    private const float UnknownPenalty = 10f;
    private readonly SentencePieceModel _model;
    private readonly string[] _idToToken;
    private readonly Dictionary<string, int> _vocab = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Id, float Score)> _pieces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Id, float Score)>.AlternateLookup<ReadOnlySpan<char>> _pieceLookup;
    private readonly int _maxPieceLength;
    private readonly float _unknownScore;
    private readonly int[] _byteIds = new int[256];
    private readonly bool _byteFallback;
    private readonly PrecompiledCharsMap? _charsMap;
    private readonly SpecialTokenMatcher _specials;
    private readonly HashSet<int> _specialIds = [];
    private readonly PostProcessor _post;

    private SentencePieceTransformerTokenizer(SentencePieceModel model, SentencePieceTokenizerOptions options, string source)
    {
        ArgumentNullException.ThrowIfNull(options.AdditionalSpecialTokens);
        if (options.ExtraIds < 0) throw new ArgumentOutOfRangeException(nameof(options), options.ExtraIds, "ExtraIds must be 0 or more.");
        if (options.ModelMaxLength < 1) throw new ArgumentOutOfRangeException(nameof(options), options.ModelMaxLength, "ModelMaxLength must be at least 1.");
        if (model.ModelType != 1)
            throw new TextKitModelException("TK358", $"{source}: SentencePiece model type {model.ModelType} ({(model.ModelType == 2 ? "BPE" : model.ModelType == 3 ? "word" : "char")}) is not supported; TextKit reads unigram models (T5, ALBERT, XLNet).");
        _model = model;
        Options = options;

        var pieces = model.Pieces;
        var extra = new List<string>();
        for (int i = options.ExtraIds - 1; i >= 0; i--) extra.Add($"<extra_id_{i}>");
        _idToToken = pieces.Select(p => p.Piece).Concat(extra).ToArray();
        for (int i = _idToToken.Length - 1; i >= 0; i--) _vocab.TryAdd(_idToToken[i], i);
        for (int i = 0; i < _idToToken.Length; i++) _vocab[_idToToken[i]] = i;

        Array.Fill(_byteIds, -1);
        float minScore = float.MaxValue;
        for (int i = 0; i < pieces.Count; i++)
        {
            var (piece, score, type) = pieces[i];
            if (type is SentencePieceModel.PieceType.Normal or SentencePieceModel.PieceType.UserDefined)
            {
                if (piece.Length == 0) continue;
                _pieces.TryAdd(piece, (i, type == SentencePieceModel.PieceType.UserDefined ? 0f : score));
                _maxPieceLength = Math.Max(_maxPieceLength, piece.Length);
                if (type == SentencePieceModel.PieceType.Normal) minScore = Math.Min(minScore, score);
            }
            else if (type == SentencePieceModel.PieceType.Byte && piece.Length == 6 && piece.StartsWith("<0x", StringComparison.Ordinal)
                     && int.TryParse(piece.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int b))
            {
                _byteIds[b] = i;
            }
        }
        _unknownScore = (minScore == float.MaxValue ? 0f : minScore) - UnknownPenalty;
        _pieceLookup = _pieces.GetAlternateLookup<ReadOnlySpan<char>>();
        _byteFallback = model.ByteFallback && _byteIds.All(id => id >= 0);
        _charsMap = model.PrecompiledCharsMap.Length > 0 ? new PrecompiledCharsMap(model.PrecompiledCharsMap, source) : null;

        UnknownTokenId = model.UnkId;
        EndOfSequenceTokenId = model.EosId >= 0 && model.EosId < pieces.Count ? model.EosId : -1;
        PadTokenId = model.PadId >= 0 && model.PadId < pieces.Count ? model.PadId : _vocab.GetValueOrDefault("<pad>", Math.Max(EndOfSequenceTokenId, 0));

        var specials = new List<(string, int)>();
        for (int i = 0; i < pieces.Count; i++)
            if (pieces[i].Type is SentencePieceModel.PieceType.Control or SentencePieceModel.PieceType.Unknown && pieces[i].Piece.Length > 0)
                specials.Add((pieces[i].Piece, i));
        for (int i = 0; i < extra.Count; i++) specials.Add((extra[i], pieces.Count + i));
        foreach (var t in options.AdditionalSpecialTokens)
            specials.Add((t, _vocab.TryGetValue(t, out int id) ? id
                : throw new TextKitModelException("TK352", $"{source}: the special token '{t}' is neither a piece of the model nor an extra id.")));
        _specials = new SpecialTokenMatcher(specials);
        foreach (var (_, id) in specials) _specialIds.Add(id);

        int[] eos = options.AddEndOfSequence && EndOfSequenceTokenId >= 0 ? [EndOfSequenceTokenId] : [];
        _post = new PostProcessor { Pre = [], SinglePost = eos, Mid = eos, Post = eos };
    }

    /// <summary>Reads a SentencePiece <c>.model</c> file (e.g. spiece.model).</summary>
    /// <exception cref="TextKitModelException">TK351 missing file; TK358 not a unigram model.</exception>
    /// <exception cref="TextKitFormatException">TK357 not a SentencePiece model.</exception>
    public static SentencePieceTransformerTokenizer FromFile(string modelPath, SentencePieceTokenizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(modelPath);
        if (!File.Exists(modelPath)) throw new TextKitModelException("TK351", $"SentencePiece model '{modelPath}' does not exist.");
        return FromBytes(File.ReadAllBytes(modelPath), options, modelPath);
    }

    /// <summary>Reads a SentencePiece model from its serialized protobuf bytes.</summary>
    public static SentencePieceTransformerTokenizer FromBytes(byte[] model, SentencePieceTokenizerOptions? options = null, string source = "<bytes>")
    {
        ArgumentNullException.ThrowIfNull(model);
        return new SentencePieceTransformerTokenizer(SentencePieceModel.Read(model, source), options ?? new SentencePieceTokenizerOptions(), source);
    }

    /// <summary>The options the tokenizer was created with (do not change them afterwards).</summary>
    public SentencePieceTokenizerOptions Options { get; }

    public int VocabularySize => _idToToken.Length;
    public int PadTokenId { get; }
    public int UnknownTokenId { get; }

    /// <summary>Id of &lt;/s&gt;, or -1 when the model has none.</summary>
    public int EndOfSequenceTokenId { get; }

    public int ModelMaxLength => Options.ModelMaxLength;

    public int? TokenToId(string token) => _vocab.TryGetValue(token, out int id) ? id : null;

    public string? IdToToken(int id) => (uint)id < (uint)_idToToken.Length ? _idToToken[id] : null;

    public EncodedInput Encode(string text, string? textPair = null, EncodeOptions? options = null)
        => SegmentEncoding.Encode(this, _post, text, textPair, options, ModelMaxLength, _idToToken);

    /// <summary>The ids of <paramref name="text"/> without &lt;/s&gt; and without truncation.</summary>
    public int[] EncodeToIds(string text) => SegmentEncoding.EncodeToIds(this, text);

    void ISegmentEncoder.EncodeSegment(string text, TokenBuffer buffer)
    {
        var span = text.AsSpan();
        int word = 0, pos = 0;
        while (pos < span.Length)
        {
            if (!_specials.FindNext(span, pos, out int start, out int length, out int id))
            {
                EncodePlain(span, pos, span.Length, buffer, ref word);
                break;
            }
            EncodePlain(span, pos, start, buffer, ref word);
            buffer.Add(id, start, start + length, word++);
            pos = start + length;
        }
    }

    /// <summary>Normalizes (sentencepiece normalizer.cc), segments with Viterbi, maps offsets back through the alignment.</summary>
    private void EncodePlain(ReadOnlySpan<char> text, int from, int to, TokenBuffer buffer, ref int word)
    {
        if (from >= to) return;
        var norm = new StringBuilder(to - from + 8);
        var starts = new List<int>(to - from + 8);
        var ends = new List<int>(to - from + 8);
        Normalize(text, from, to, norm, starts, ends);
        if (norm.Length == 0) return;
        string s = norm.ToString();

        // Viterbi over rune boundaries: best[i] = best score of a segmentation of s[..i]
        int n = s.Length;
        var best = new float[n + 1];
        var back = new int[n + 1];      // start of the last piece
        var backId = new int[n + 1];    // its id (UnknownTokenId for an unknown character)
        Array.Fill(best, float.NegativeInfinity);
        best[0] = 0;
        for (int i = 0; i < n; i++)
        {
            if (float.IsNegativeInfinity(best[i]) || char.IsLowSurrogate(s[i]) && i > 0 && char.IsHighSurrogate(s[i - 1])) continue;
            BertText.RuneAt(s, i, out int runeLength);
            bool single = false;
            int max = Math.Min(n - i, _maxPieceLength);
            for (int len = 1; len <= max; len++)
            {
                if (!_pieceLookup.TryGetValue(s.AsSpan(i, len), out var p)) continue;
                if (len == runeLength) single = true;
                float score = best[i] + p.Score;
                if (score > best[i + len]) { best[i + len] = score; back[i + len] = i; backId[i + len] = p.Id; }
            }
            if (!single)
            {
                float score = best[i] + _unknownScore;
                if (score > best[i + runeLength]) { best[i + runeLength] = score; back[i + runeLength] = i; backId[i + runeLength] = -1; }
            }
        }

        Span<byte> bytes = stackalloc byte[4];
        var path = new List<(int Start, int End, int Id)>();
        for (int e = n; e > 0; e = back[e]) path.Add((back[e], e, backId[e]));
        path.Reverse();
        for (int k = 0; k < path.Count; k++)
        {
            var (ps, pe, id) = path[k];
            if (k > 0 && s[ps] == Space) word++; // a word starts at each '▁'
            if (id >= 0)
            {
                buffer.Add(id, starts[ps], ends[pe - 1], word);
                continue;
            }
            if (_byteFallback)
            {
                int count = BertText.RuneAt(s, ps, out _).EncodeToUtf8(bytes);
                for (int b = 0; b < count; b++) buffer.Add(_byteIds[bytes[b]], starts[ps], ends[pe - 1], word);
                continue;
            }
            // fuse a run of unknown characters into one <unk>
            int runEnd = pe;
            while (k + 1 < path.Count && path[k + 1].Id < 0) { k++; runEnd = path[k].End; }
            buffer.Add(UnknownTokenId, starts[ps], ends[runEnd - 1], word);
        }
        word++;
    }

    /// <summary>
    /// SentencePiece's normalizer (normalizer.cc): the precompiled rules if the model has them, dummy '▁' prefix,
    /// leading/trailing/repeated spaces removed, ' ' → '▁'. Each output char records the original range it came
    /// from (the dummy prefix: empty at the start).
    /// </summary>
    private void Normalize(ReadOnlySpan<char> text, int from, int to, StringBuilder norm, List<int> starts, List<int> ends)
    {
        bool removeExtra = _model.RemoveExtraWhitespaces, escape = _model.EscapeWhitespaces;
        bool prefix = _model.AddDummyPrefix && !_model.TreatWhitespaceAsSuffix;
        if (prefix) { norm.Append(escape ? Space : ' '); starts.Add(from); ends.Add(from); }
        bool prevSpace = removeExtra;
        void Emit(ReadOnlySpan<char> sp, int os, int oe)
        {
            if (prevSpace) sp = sp.TrimStart(' ');
            if (sp.IsEmpty) return;
            foreach (char c in sp) { norm.Append(escape && c == ' ' ? Space : c); starts.Add(os); ends.Add(oe); }
            prevSpace = removeExtra && sp[^1] == ' ';
        }
        if (_charsMap is null)
        {
            Span<char> one = stackalloc char[2];
            for (int i = from; i < to;)
            {
                Rune r = BertText.RuneAt(text, i, out int len);
                Emit(one[..r.EncodeToUtf16(one)], i, i + len);
                i += len;
            }
        }
        else
        {
            // the rules match UTF-8 byte sequences: encode the text once, remembering each byte's character
            var bytes = new List<byte>((to - from) * 2);
            var charAt = new List<int>((to - from) * 2);
            var charEnd = new List<int>((to - from) * 2);
            Span<byte> buf = stackalloc byte[4];
            for (int i = from; i < to;)
            {
                Rune r = BertText.RuneAt(text, i, out int len);
                int n = r.EncodeToUtf8(buf);
                for (int k = 0; k < n; k++) { bytes.Add(buf[k]); charAt.Add(i); charEnd.Add(i + len); }
                i += len;
            }
            var all = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes);
            Span<char> one = stackalloc char[2];
            for (int p = 0; p < all.Length;)
            {
                int matched = _charsMap.LongestMatch(all[p..], out string? replacement);
                if (matched > 0)
                {
                    Emit(replacement, charAt[p], charEnd[p + matched - 1]);
                    p += matched;
                    continue;
                }
                int start = charAt[p];
                Rune r = BertText.RuneAt(text, start, out _);
                Emit(one[..r.EncodeToUtf16(one)], start, charEnd[p]);
                p += r.Utf8SequenceLength;
            }
        }
        if (removeExtra)
        {
            char sp = escape ? Space : ' ';
            while (norm.Length > 0 && norm[^1] == sp) { norm.Length--; starts.RemoveAt(starts.Count - 1); ends.RemoveAt(ends.Count - 1); }
        }
    }

    /// <summary>Joins the pieces, turns '▁' into spaces and drops the dummy-prefix space; byte pieces are decoded as UTF-8.</summary>
    public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens = true)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var sb = new StringBuilder();
        var bytes = new List<byte>();
        void Flush() { if (bytes.Count > 0) { sb.Append(Encoding.UTF8.GetString(bytes.ToArray())); bytes.Clear(); } }
        foreach (int id in ids)
        {
            if ((uint)id >= (uint)_idToToken.Length) continue;
            if (_specialIds.Contains(id) && skipSpecialTokens) continue;
            if (id < _model.Pieces.Count && _model.Pieces[id].Type == SentencePieceModel.PieceType.Byte)
            {
                int b = Array.IndexOf(_byteIds, id);
                if (b >= 0) { bytes.Add((byte)b); continue; }
            }
            Flush();
            sb.Append(_idToToken[id]);
        }
        Flush();
        sb.Replace(Space, ' ');
        if (_model.AddDummyPrefix && sb.Length > 0 && sb[0] == ' ') sb.Remove(0, 1);
        return sb.ToString();
    }
}
