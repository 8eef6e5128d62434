namespace TextKit.Neural.Tokenizers;

/// <summary>Options of <see cref="BertWordPieceTokenizer"/>; the defaults are those of HF's BertTokenizerFast (uncased).</summary>
public sealed class BertTokenizerOptions
{
    /// <summary>Lower-case the text (tokenizer_config.json <c>do_lower_case</c>).</summary>
    public bool LowerCase { get; set; } = true;

    /// <summary>Remove accents (NFD, then drop non-spacing marks); null = follow <see cref="LowerCase"/> (<c>strip_accents</c>).</summary>
    public bool? StripAccents { get; set; }

    /// <summary>Remove control characters and turn every kind of whitespace into a space (<c>clean_text</c>).</summary>
    public bool CleanText { get; set; } = true;

    /// <summary>Put spaces around CJK ideographs so each becomes a word (<c>tokenize_chinese_chars</c>).</summary>
    public bool HandleChineseChars { get; set; } = true;

    /// <summary>Words longer than this (in Unicode characters, after normalization) become a single unknown token.</summary>
    public int MaxInputCharsPerWord { get; set; } = 100;

    /// <summary>Prefix of word-continuation pieces.</summary>
    public string ContinuingSubwordPrefix { get; set; } = "##";

    public string UnknownToken { get; set; } = "[UNK]";
    public string ClassificationToken { get; set; } = "[CLS]";
    public string SeparatorToken { get; set; } = "[SEP]";
    public string PaddingToken { get; set; } = "[PAD]";
    public string MaskToken { get; set; } = "[MASK]";

    /// <summary>More tokens that are never split or normalized when they occur in the text (<c>additional_special_tokens</c>, <c>never_split</c>); each must be in the vocabulary.</summary>
    public IList<string> AdditionalSpecialTokens { get; set; } = new List<string>();

    /// <summary>The maximum sequence length, special tokens included, used when <see cref="EncodeOptions.MaxLength"/> is 0.</summary>
    public int ModelMaxLength { get; set; } = 512;

    internal void Validate()
    {
        if (MaxInputCharsPerWord < 1) throw new ArgumentOutOfRangeException(nameof(MaxInputCharsPerWord), MaxInputCharsPerWord, "Must be at least 1.");
        if (ModelMaxLength < 2) throw new ArgumentOutOfRangeException(nameof(ModelMaxLength), ModelMaxLength, "Must be at least 2 ([CLS] and [SEP]).");
        ArgumentException.ThrowIfNullOrEmpty(UnknownToken);
        ArgumentException.ThrowIfNullOrEmpty(ClassificationToken);
        ArgumentException.ThrowIfNullOrEmpty(SeparatorToken);
        ArgumentException.ThrowIfNullOrEmpty(PaddingToken);
        ArgumentNullException.ThrowIfNull(ContinuingSubwordPrefix);
        ArgumentNullException.ThrowIfNull(AdditionalSpecialTokens);
    }
}
