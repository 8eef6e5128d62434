using System.Text;
using TextKit.Neural.Tokenizers.Internal;

namespace TextKit.Neural.Tokenizers;

/// <summary>
/// BERT WordPiece tokenizer with the exact behaviour of HF's fast BERT tokenizer (the Rust `tokenizers` library:
/// BertNormalizer, BertPreTokenizer, WordPiece model, BertProcessing, WordPiece decoder): clean text, CJK splitting,
/// accent stripping and lower-casing, whitespace/punctuation splitting, special tokens kept whole, the
/// 100-character word limit, greedy longest-match-first sub-words, [CLS] A [SEP] B [SEP] with token types, and
/// offsets into the original text for every token.
/// <para>Why not Microsoft.ML.Tokenizers' BertTokenizer: it differs from HF on 53 of the 176 reference rows (it
/// drops characters that must become [UNK] and '$', and treats tabs/newlines differently when cased), and its
/// offsets point into the normalized text. The gaps closed here are listed in docs/tokenizers.md.</para>
/// </summary>
public sealed class BertWordPieceTokenizer : ITransformerTokenizer, ISegmentEncoder
{
    private readonly Dictionary<string, int> _vocab;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _wordStart;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _continuation;
    private readonly string[] _idToToken;
    private readonly int _maxStartLength, _maxContinuationLength;
    private readonly BertNormalizer _normalizer;
    private readonly int _maxChars;
    private readonly string _prefix;
    private readonly SpecialTokenMatcher _specials;
    private readonly HashSet<int> _specialIds;
    private readonly PostProcessor _post;

    private BertWordPieceTokenizer(IReadOnlyList<string> tokens, BertTokenizerOptions options, string source)
    {
        options.Validate();
        Options = options;
        _idToToken = tokens.ToArray();
        if (_idToToken.Length == 0)
            throw new TextKitModelException("TK352", $"{source}: the WordPiece vocabulary is empty.");
        _vocab = new Dictionary<string, int>(_idToToken.Length, StringComparer.Ordinal);
        for (int i = 0; i < _idToToken.Length; i++) _vocab[_idToToken[i]] = i; // a repeated entry keeps its last id, as in HF
        _prefix = options.ContinuingSubwordPrefix;
        var continuation = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (token, id) in _vocab)
        {
            _maxStartLength = Math.Max(_maxStartLength, token.Length);
            if (_prefix.Length > 0 && token.StartsWith(_prefix, StringComparison.Ordinal))
            {
                continuation[token[_prefix.Length..]] = id;
                _maxContinuationLength = Math.Max(_maxContinuationLength, token.Length - _prefix.Length);
            }
        }
        if (_prefix.Length == 0) { continuation = _vocab; _maxContinuationLength = _maxStartLength; }
        _wordStart = _vocab.GetAlternateLookup<ReadOnlySpan<char>>();
        _continuation = continuation.GetAlternateLookup<ReadOnlySpan<char>>();

        UnknownTokenId = Require(options.UnknownToken, source);
        ClassificationTokenId = Require(options.ClassificationToken, source);
        SeparatorTokenId = Require(options.SeparatorToken, source);
        PadTokenId = Require(options.PaddingToken, source);
        MaskTokenId = _vocab.TryGetValue(options.MaskToken ?? "", out int mask) ? mask : -1;

        var specials = new List<(string, int)>
        {
            (options.UnknownToken, UnknownTokenId), (options.ClassificationToken, ClassificationTokenId),
            (options.SeparatorToken, SeparatorTokenId), (options.PaddingToken, PadTokenId),
        };
        if (MaskTokenId >= 0) specials.Add((options.MaskToken!, MaskTokenId));
        foreach (var t in options.AdditionalSpecialTokens) specials.Add((t, Require(t, source)));
        _specials = new SpecialTokenMatcher(specials);
        _specialIds = specials.Select(s => s.Item2).ToHashSet();

        _normalizer = new BertNormalizer(options.CleanText, options.HandleChineseChars, options.StripAccents ?? options.LowerCase, options.LowerCase);
        _maxChars = options.MaxInputCharsPerWord;
        _post = new PostProcessor
        {
            Pre = [ClassificationTokenId], SinglePost = [SeparatorTokenId],
            Mid = [SeparatorTokenId], Post = [SeparatorTokenId], SecondTypeId = 1,
        };
    }

    private int Require(string token, string source) =>
        _vocab.TryGetValue(token, out int id) ? id
            : throw new TextKitModelException("TK352", $"{source}: the vocabulary has no entry for the special token '{token}'; add it or set the matching option.");

    /// <summary>Reads a vocab.txt (one token per line, the line number is the id).</summary>
    /// <exception cref="TextKitModelException">TK351 missing file, TK352 empty vocabulary or a special token missing from it.</exception>
    public static BertWordPieceTokenizer FromVocabFile(string vocabPath, BertTokenizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(vocabPath);
        if (!File.Exists(vocabPath))
            throw new TextKitModelException("TK351", $"WordPiece vocabulary '{vocabPath}' does not exist.");
        using var stream = File.OpenRead(vocabPath);
        return FromVocabStream(stream, options, vocabPath);
    }

    /// <summary>Reads a vocab.txt from a stream (the caller disposes it).</summary>
    public static BertWordPieceTokenizer FromVocabStream(Stream stream, BertTokenizerOptions? options = null, string source = "<stream>")
    {
        ArgumentNullException.ThrowIfNull(stream);
        var tokens = new List<string>();
        using var reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        while (reader.ReadLine() is { } line) tokens.Add(line.TrimEnd());
        return new BertWordPieceTokenizer(tokens, options ?? new BertTokenizerOptions(), source);
    }

    /// <summary>Builds the tokenizer from vocabulary entries in id order.</summary>
    public static BertWordPieceTokenizer FromVocabulary(IEnumerable<string> tokensInIdOrder, BertTokenizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tokensInIdOrder);
        return new BertWordPieceTokenizer(tokensInIdOrder.ToList(), options ?? new BertTokenizerOptions(), "<vocabulary>");
    }

    /// <summary>The options the tokenizer was created with (do not change them afterwards).</summary>
    public BertTokenizerOptions Options { get; }

    public int VocabularySize => _idToToken.Length;
    public int PadTokenId { get; }
    public int UnknownTokenId { get; }
    public int ClassificationTokenId { get; }
    public int SeparatorTokenId { get; }

    /// <summary>Id of [MASK], or -1 when the vocabulary has none.</summary>
    public int MaskTokenId { get; }

    public int ModelMaxLength => Options.ModelMaxLength;

    /// <summary>The vocabulary entries in id order.</summary>
    public IReadOnlyList<string> Vocabulary => _idToToken;

    public int? TokenToId(string token) => _vocab.TryGetValue(token, out int id) ? id : null;

    public string? IdToToken(int id) => (uint)id < (uint)_idToToken.Length ? _idToToken[id] : null;

    public EncodedInput Encode(string text, string? textPair = null, EncodeOptions? options = null)
        => SegmentEncoding.Encode(this, _post, text, textPair, options, ModelMaxLength, _idToToken);

    /// <summary>The ids of <paramref name="text"/> without special tokens and without truncation (no offsets kept).</summary>
    public int[] EncodeToIds(string text) => SegmentEncoding.EncodeToIds(this, text);

    /// <summary>Splits the text at special tokens, then normalizes, pre-tokenizes and WordPiece-encodes each part.</summary>
    void ISegmentEncoder.EncodeSegment(string text, TokenBuffer buffer)
    {
        var span = text.AsSpan();
        var scratch = NormalizedText.Rent(text.Length);
        int word = 0, pos = 0;
        while (pos < span.Length)
        {
            if (!_specials.FindNext(span, pos, out int start, out int length, out int id))
            {
                EncodePlain(span, pos, span.Length, buffer, scratch, ref word);
                break;
            }
            EncodePlain(span, pos, start, buffer, scratch, ref word);
            buffer.Add(id, start, start + length, word++);
            pos = start + length;
        }
    }

    private void EncodePlain(ReadOnlySpan<char> text, int from, int to, TokenBuffer buffer, NormalizedText s, ref int word)
    {
        if (from >= to) return;
        int n = _normalizer.Normalize(text, from, to, s);
        var norm = s.Chars.AsSpan(0, n);
        int pos = 0;
        while (BertNormalizer.NextWord(norm, ref pos, out int ws, out int we))
            EncodeWord(norm, ws, we, s, buffer, word++);
    }

    /// <summary>WordPiece (HF models/wordpiece): greedy longest match, "##" for continuations, [UNK] for the whole word when a piece is missing or the word is too long.</summary>
    private void EncodeWord(ReadOnlySpan<char> norm, int ws, int we, NormalizedText s, TokenBuffer buffer, int word)
    {
        int chars = we - ws;
        if (chars > _maxChars && CountRunes(norm[ws..we]) > _maxChars)
        {
            buffer.Add(UnknownTokenId, s.Start[ws], s.End[we - 1], word);
            return;
        }
        int mark = buffer.Count;
        int start = ws;
        while (start < we)
        {
            bool first = start == ws;
            int end = Math.Min(we, start + (first ? _maxStartLength : _maxContinuationLength));
            int id = -1;
            while (end > start)
            {
                var piece = norm[start..end];
                if (first ? _wordStart.TryGetValue(piece, out id) : _continuation.TryGetValue(piece, out id)) break;
                id = -1;
                end--;
            }
            if (id < 0)
            {
                buffer.Count = mark;
                buffer.Add(UnknownTokenId, s.Start[ws], s.End[we - 1], word);
                return;
            }
            buffer.Add(id, s.Start[start], s.End[end - 1], word);
            start = end;
        }
    }

    private static int CountRunes(ReadOnlySpan<char> s)
    {
        int n = 0;
        for (int i = 0; i < s.Length; i++)
            if (!(char.IsLowSurrogate(s[i]) && i > 0 && char.IsHighSurrogate(s[i - 1]))) n++;
        return n;
    }

    /// <summary>HF WordPiece decoder: joins tokens with spaces, glues "##" pieces, removes the space before . ? ! , and English clitics.</summary>
    public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens = true)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var sb = new StringBuilder();
        bool first = true;
        foreach (int id in ids)
        {
            if ((uint)id >= (uint)_idToToken.Length) continue;
            if (skipSpecialTokens && _specialIds.Contains(id)) continue;
            string token = _idToToken[id];
            string piece = first ? token
                : _prefix.Length > 0 && token.StartsWith(_prefix, StringComparison.Ordinal) ? token[_prefix.Length..]
                : " " + token;
            sb.Append(Cleanup(piece));
            first = false;
        }
        return sb.ToString();
    }

    private static string Cleanup(string s) => s.Length < 2 ? s : s
        .Replace(" .", ".").Replace(" ?", "?").Replace(" !", "!").Replace(" ,", ",").Replace(" ' ", "'")
        .Replace(" n't", "n't").Replace(" 'm", "'m").Replace(" do not", " don't").Replace(" 's", "'s")
        .Replace(" 've", "'ve").Replace(" 're", "'re");
}
