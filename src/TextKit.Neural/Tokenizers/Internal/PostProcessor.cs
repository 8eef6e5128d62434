namespace TextKit.Neural.Tokenizers.Internal;

/// <summary>
/// Adds the model's special tokens around one or two segments, truncates (HF tokenizers' truncate_encodings,
/// "longest_first", utils/truncation.rs) and builds the <see cref="EncodedInput"/>.
/// Template: single = Pre A SinglePost; pair = Pre A Mid B Post. Type ids: 0 up to and including Mid,
/// <see cref="SecondTypeId"/> for B and Post.
/// </summary>
internal sealed class PostProcessor
{
    public required int[] Pre { get; init; }
    public required int[] SinglePost { get; init; }
    public required int[] Mid { get; init; }
    public required int[] Post { get; init; }
    public int SecondTypeId { get; init; }

    public int AddedTokens(bool pair) => pair ? Pre.Length + Mid.Length + Post.Length : Pre.Length + SinglePost.Length;

    public EncodedInput Build(TokenBuffer a, TokenBuffer? b, EncodeOptions? options, int modelMaxLength, string[] idToToken)
    {
        options ??= DefaultOptions;
        bool special = options.AddSpecialTokens;
        int max = options.MaxLength > 0 ? options.MaxLength : modelMaxLength;
        int added = special ? AddedTokens(b is not null) : 0;
        int na = a.Count, nb = b?.Count ?? 0;
        if (na + nb + added > max)
        {
            if (!options.Truncate)
                throw new TextKitException("TK354",
                    $"The input has {na + nb + added} tokens, more than the maximum length {max}; set EncodeOptions.Truncate = true or raise MaxLength.");
            if (max < added)
                throw new TextKitException("TK355",
                    $"MaxLength {max} is smaller than the {added} special tokens the model adds; use at least {added}.");
            (na, nb) = TruncatedLengths(na, nb, b is not null, max - added);
        }

        int total = na + nb + added;
        var ids = new int[total];
        var types = new int[total];
        var mask = new int[total];
        var tokens = new string[total];
        var offsets = new (int, int)[total];
        var seq = new int[total];
        var words = new int[total];
        int k = 0;

        void Special(int id, int type)
        {
            ids[k] = id; types[k] = type; tokens[k] = TokenOf(idToToken, id); offsets[k] = (0, 0); seq[k] = -1; words[k] = -1; k++;
        }
        void Segment(TokenBuffer buf, int n, int type, int sequence)
        {
            for (int i = 0; i < n; i++)
            {
                int id = buf.Ids[i];
                ids[k] = id; types[k] = type; tokens[k] = TokenOf(idToToken, id);
                offsets[k] = (buf.Starts[i], buf.Ends[i]); seq[k] = sequence; words[k] = buf.Words[i]; k++;
            }
        }

        if (special) foreach (int id in Pre) Special(id, 0);
        Segment(a, na, 0, 0);
        if (b is null)
        {
            if (special) foreach (int id in SinglePost) Special(id, 0);
        }
        else
        {
            if (special) foreach (int id in Mid) Special(id, 0);
            Segment(b, nb, SecondTypeId, 1);
            if (special) foreach (int id in Post) Special(id, SecondTypeId);
        }
        Array.Fill(mask, 1);
        return new EncodedInput(ids, types, mask, tokens, offsets, seq) { WordIds = words };
    }

    private static readonly EncodeOptions DefaultOptions = new();

    private static string TokenOf(string[] idToToken, int id) => (uint)id < (uint)idToToken.Length ? idToToken[id] : string.Empty;

    /// <summary>HF "longest_first": the shorter segment keeps its length when it fits in half, else both get half (the second the odd one).</summary>
    internal static (int First, int Second) TruncatedLengths(int n1, int n2, bool pair, int max)
    {
        if (!pair) return (Math.Min(n1, max), 0);
        if (n1 + n2 <= max) return (n1, n2);
        bool swap = n1 > n2;
        if (swap) (n1, n2) = (n2, n1);
        n2 = n1 > max ? n1 : Math.Max(n1, max - n1);
        if (n1 + n2 > max)
        {
            n1 = max / 2;
            n2 = n1 + max % 2;
        }
        if (swap) (n1, n2) = (n2, n1);
        return (n1, n2);
    }
}
