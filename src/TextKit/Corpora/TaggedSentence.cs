namespace TextKit.Corpora;

/// <summary>
/// A sentence of (token, tag) pairs, e.g. one line of the Brown corpus. <see cref="Tags"/> is a mutable array so a
/// tagger or a tag mapping can fill or rewrite it in place.
/// </summary>
public sealed class TaggedSentence
{
    public TaggedSentence(string[] tokens, string[] tags)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(tags);
        if (tokens.Length != tags.Length)
            throw new ArgumentException($"{tokens.Length} tokens but {tags.Length} tags.", nameof(tags));
        Tokens = tokens;
        Tags = tags;
    }

    /// <summary>The tokens (words and punctuation) in order.</summary>
    public string[] Tokens { get; }

    /// <summary>One tag per token.</summary>
    public string[] Tags { get; }

    /// <summary>Number of tokens.</summary>
    public int Count => Tokens.Length;

    /// <summary>The corpus file id it comes from (Brown: "ca01"), or null.</summary>
    public string? FileId { get; init; }

    /// <summary>The genre/category of its file (Brown: "news"), or null.</summary>
    public string? Category { get; init; }

    /// <summary>1-based line of the sentence in its file (0 when built in memory).</summary>
    public long SourceLine { get; init; }

    /// <summary>A copy with every tag mapped by <paramref name="map"/> (e.g. <see cref="BrownTags.ToBase"/>).</summary>
    public TaggedSentence MapTags(Func<string, string> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return new TaggedSentence(Tokens, Array.ConvertAll(Tags, t => map(t))) { FileId = FileId, Category = Category, SourceLine = SourceLine };
    }

    /// <summary>"word/tag word/tag ..." (the NLTK tagged-corpus layout).</summary>
    public override string ToString() => string.Join(' ', Tokens.Select((t, i) => t + "/" + Tags[i]));
}
