namespace TextKit.Neural.Tokenizers;

/// <summary>Which special tokens a byte-level BPE model adds around its input.</summary>
public enum ByteLevelBpeStyle
{
    /// <summary>RoBERTa / BART / Longformer: <c>&lt;s&gt; A &lt;/s&gt;</c> and <c>&lt;s&gt; A &lt;/s&gt;&lt;/s&gt; B &lt;/s&gt;</c>, token types all 0, offsets trimmed of spaces.</summary>
    Roberta,

    /// <summary>GPT-2 family: no special tokens are added (pairs are concatenated), token types all 0.</summary>
    Gpt2,
}

/// <summary>Options of <see cref="ByteLevelBpeTokenizer"/>.</summary>
public sealed class ByteLevelBpeOptions
{
    /// <summary>Special-token template; also sets the default special token strings.</summary>
    public ByteLevelBpeStyle Style { get; set; } = ByteLevelBpeStyle.Roberta;

    /// <summary>Prepend a space when the text does not start with one, so the first word is encoded like the others (<c>add_prefix_space</c>).</summary>
    public bool AddPrefixSpace { get; set; }

    /// <summary>Exclude the leading/trailing spaces a token carries ('Ġ') from its offsets (<c>trim_offsets</c>); null = true for RoBERTa, false for GPT-2.</summary>
    public bool? TrimOffsets { get; set; }

    /// <summary>&lt;s&gt; (RoBERTa) or &lt;|endoftext|&gt; (GPT-2) when null.</summary>
    public string? BeginningOfSequenceToken { get; set; }

    /// <summary>&lt;/s&gt; (RoBERTa) or &lt;|endoftext|&gt; (GPT-2) when null.</summary>
    public string? EndOfSequenceToken { get; set; }

    /// <summary>&lt;pad&gt; (RoBERTa) when null; GPT-2 has no padding token and pads with the end-of-sequence id.</summary>
    public string? PaddingToken { get; set; }

    /// <summary>&lt;unk&gt; (RoBERTa) or &lt;|endoftext|&gt; (GPT-2) when null; used only for bytes the vocabulary lacks.</summary>
    public string? UnknownToken { get; set; }

    /// <summary>&lt;mask&gt; (RoBERTa) when null; it absorbs the spaces before it (HF lstrip).</summary>
    public string? MaskToken { get; set; }

    /// <summary>More tokens kept whole when they occur in the text (<c>additional_special_tokens</c>); each must be in the vocabulary.</summary>
    public IList<string> AdditionalSpecialTokens { get; set; } = new List<string>();

    /// <summary>The maximum sequence length, special tokens included, used when <see cref="EncodeOptions.MaxLength"/> is 0.</summary>
    public int ModelMaxLength { get; set; } = 512;
}
