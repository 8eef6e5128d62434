namespace TextKit.Neural.Tokenizers.Internal;

/// <summary>A tokenizer's model step: one segment of text → ids and offsets appended to a pooled buffer.</summary>
internal interface ISegmentEncoder
{
    void EncodeSegment(string text, TokenBuffer buffer);
}

/// <summary>
/// The part of <see cref="ITransformerTokenizer.Encode"/> every tokenizer shares: encode the first and optional second
/// segment into the thread's pooled buffers, then let the <see cref="PostProcessor"/> add special tokens, truncate and
/// build the result. Generic over the encoder so the call is not boxed or delegate-allocated.
/// </summary>
internal static class SegmentEncoding
{
    public static EncodedInput Encode<TEncoder>(TEncoder encoder, PostProcessor post, string text, string? textPair,
        EncodeOptions? options, int modelMaxLength, string[] idToToken)
        where TEncoder : ISegmentEncoder
    {
        ArgumentNullException.ThrowIfNull(text);
        var a = TokenBuffer.RentFirst();
        encoder.EncodeSegment(text, a);
        TokenBuffer? b = null;
        if (textPair is not null)
        {
            b = TokenBuffer.RentSecond();
            encoder.EncodeSegment(textPair, b);
        }
        return post.Build(a, b, options, modelMaxLength, idToToken);
    }

    /// <summary>The ids of one segment, without special tokens and without truncation.</summary>
    public static int[] EncodeToIds<TEncoder>(TEncoder encoder, string text)
        where TEncoder : ISegmentEncoder
    {
        ArgumentNullException.ThrowIfNull(text);
        var a = TokenBuffer.RentFirst();
        encoder.EncodeSegment(text, a);
        return a.Ids.AsSpan(0, a.Count).ToArray();
    }
}
