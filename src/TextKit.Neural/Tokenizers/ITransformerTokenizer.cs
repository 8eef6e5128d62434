namespace TextKit.Neural.Tokenizers;

/// <summary>
/// What a transformer model needs from its tokenizer: HF-exact ids with special tokens, token types, attention
/// mask and character offsets into the original text (exclusive end), for single texts and pairs.
/// Implementations: <see cref="BertWordPieceTokenizer"/> (BERT family), <see cref="ByteLevelBpeTokenizer"/>
/// (GPT-2/RoBERTa), <see cref="SentencePieceTransformerTokenizer"/> (T5).
/// Created from a HF model folder with <see cref="TransformerTokenizers.FromFolder(string)"/>.
/// Implementations are immutable after creation and safe to use from several threads at once.
/// </summary>
public interface ITransformerTokenizer
{
    /// <summary>Encodes <paramref name="text"/> (and an optional second segment) as the model expects it.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="TextKitException">TK354: the input is longer than the maximum length and truncation is off.</exception>
    EncodedInput Encode(string text, string? textPair = null, EncodeOptions? options = null);

    /// <summary>Turns ids back into text (ids outside the vocabulary are skipped).</summary>
    string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens = true);

    /// <summary>Vocabulary size (the embedding matrix must have at least this many rows).</summary>
    int VocabularySize { get; }

    /// <summary>Id used to pad batches.</summary>
    int PadTokenId { get; }

    /// <summary>The maximum length in tokens, special tokens included, that <see cref="EncodeOptions.MaxLength"/> = 0 means
    /// (tokenizer_config.json <c>model_max_length</c>, else the model's position count, else 512).</summary>
    int ModelMaxLength => 512;

    /// <summary>The id of a vocabulary entry, or null when the vocabulary does not have it.</summary>
    int? TokenToId(string token) => null;

    /// <summary>The vocabulary entry of an id, or null when the id is out of range.</summary>
    string? IdToToken(int id) => null;

    /// <summary>Encodes many texts (and optional pairs, same count) in parallel; results keep the input order.</summary>
    IReadOnlyList<EncodedInput> EncodeBatch(IReadOnlyList<string> texts, IReadOnlyList<string>? textPairs = null,
        EncodeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (textPairs is not null && textPairs.Count != texts.Count)
            throw new ArgumentException($"textPairs has {textPairs.Count} entries but texts has {texts.Count}.", nameof(textPairs));
        var results = new EncodedInput[texts.Count];
        Parallel.For(0, texts.Count, i => results[i] = Encode(texts[i], textPairs?[i], options));
        return results;
    }
}

/// <summary>Truncation and special-token options of <see cref="ITransformerTokenizer.Encode"/>.</summary>
public sealed class EncodeOptions
{
    /// <summary>Maximum length including special tokens; 0 = the model's maximum (<see cref="ITransformerTokenizer.ModelMaxLength"/>).</summary>
    public int MaxLength { get; set; }

    /// <summary>Cut inputs longer than <see cref="MaxLength"/> (HF "longest_first" for pairs); when false, overlong input throws TK354.</summary>
    public bool Truncate { get; set; } = true;

    /// <summary>Add [CLS]/[SEP], &lt;s&gt;/&lt;/s&gt;, or the model's equivalents.</summary>
    public bool AddSpecialTokens { get; set; } = true;
}

/// <summary>
/// One encoded input. All arrays have one entry per token.
/// <para><see cref="Offsets"/> are ranges of UTF-16 code units into the original text (<c>text[Start..End]</c>;
/// exclusive end), also when normalization (lower-casing, accent stripping, NFD) changed lengths; for the second
/// segment of a pair they index into the pair text. Special tokens get (0, 0).</para>
/// <para><see cref="SequenceIds"/> is 0 for tokens of the first text, 1 for tokens of the pair text and -1 for special
/// tokens (HF <c>sequence_ids()</c> with None as -1). <see cref="TokenTypeIds"/> are the model's segment ids
/// (BERT: 0 up to and including the first [SEP], 1 after; RoBERTa/GPT-2/T5: all 0).</para>
/// </summary>
public sealed record EncodedInput(
    int[] InputIds,
    int[] TokenTypeIds,
    int[] AttentionMask,
    string[] Tokens,
    (int Start, int End)[] Offsets,
    int[] SequenceIds)
{
    /// <summary>Index of the pre-tokenized word (per segment, from 0) each token came from; -1 for special tokens
    /// (HF <c>word_ids()</c>). Use it to align word-level labels (NER) with sub-word tokens.</summary>
    public int[] WordIds { get; init; } = [];

    /// <summary>Number of tokens.</summary>
    public int Length => InputIds.Length;
}
