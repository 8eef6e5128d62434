namespace TextKit.Neural.Tokenizers;

/// <summary>
/// What a transformer model needs from its tokenizer: HF-exact ids with special tokens, token types, attention
/// mask and character offsets into the original text (exclusive end), for single texts and pairs.
/// Implementations: WordPiece (BERT family), byte-level BPE (GPT-2/RoBERTa), SentencePiece (T5).
/// Created from a HF model folder with <c>TransformerTokenizers.FromFolder(path)</c>.
/// </summary>
public interface ITransformerTokenizer
{
    /// <summary>Encodes <paramref name="text"/> (and an optional second segment) as the model expects it.</summary>
    EncodedInput Encode(string text, string? textPair = null, EncodeOptions? options = null);

    /// <summary>Turns ids back into text.</summary>
    string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens = true);

    /// <summary>Vocabulary size (the embedding matrix must have at least this many rows).</summary>
    int VocabularySize { get; }

    /// <summary>Id used to pad batches.</summary>
    int PadTokenId { get; }
}

/// <summary>Truncation and special-token options of <see cref="ITransformerTokenizer.Encode"/>.</summary>
public sealed class EncodeOptions
{
    /// <summary>Maximum length including special tokens; 0 = the model's maximum (tokenizer_config / config).</summary>
    public int MaxLength { get; set; }

    /// <summary>Cut inputs longer than <see cref="MaxLength"/> (HF "longest_first" for pairs); when false, overlong input throws.</summary>
    public bool Truncate { get; set; } = true;

    /// <summary>Add [CLS]/[SEP], &lt;s&gt;/&lt;/s&gt;, or the model's equivalents.</summary>
    public bool AddSpecialTokens { get; set; } = true;
}

/// <summary>One encoded input. Offsets are character ranges into the original text (exclusive end); special tokens get (0, 0).</summary>
public sealed record EncodedInput(
    int[] InputIds,
    int[] TokenTypeIds,
    int[] AttentionMask,
    string[] Tokens,
    (int Start, int End)[] Offsets,
    int[] SequenceIds);
