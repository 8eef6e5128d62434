namespace TextKit.Cleaning;

/// <summary>When to treat the input as HTML.</summary>
public enum HtmlHandling
{
    /// <summary>Only when the text contains a tag (<c>&lt;p</c>, <c>&lt;/</c>, <c>&lt;!</c>) or a character reference (<c>&amp;amp;</c>). Default.</summary>
    Auto,

    /// <summary>Always parse as HTML.</summary>
    Always,

    /// <summary>Never: angle brackets and ampersands are ordinary characters.</summary>
    Never,
}

/// <summary>Unicode normalization form applied to the text.</summary>
public enum UnicodeNormalization
{
    /// <summary>No normalization.</summary>
    None,

    /// <summary>Canonical composition (NFC). Default: merges combining sequences, keeps compatibility characters.</summary>
    Nfc,

    /// <summary>Compatibility composition (NFKC): also folds full-width forms, ligatures, superscripts, non-breaking spaces.</summary>
    Nfkc,
}

/// <summary>What to do with emoji and other pictographic symbols.</summary>
public enum EmojiHandling
{
    /// <summary>Keep them. Default.</summary>
    Keep,

    /// <summary>Remove them.</summary>
    Remove,

    /// <summary>Replace each emoji sequence with <see cref="TextCleanerOptions.EmojiToken"/>.</summary>
    Replace,
}

/// <summary>
/// Options of <see cref="TextCleaner"/>. The defaults are conservative (nothing that loses information a tokenizer
/// needs): HTML only when the text looks like HTML, NFC, control and zero-width characters removed, whitespace
/// collapsed with paragraph breaks kept, no masks, case and accents kept, emoji kept.
/// </summary>
public sealed class TextCleanerOptions
{
    /// <summary>When to convert HTML to text. Default <see cref="HtmlHandling.Auto"/>.</summary>
    public HtmlHandling Html { get; set; } = HtmlHandling.Auto;

    /// <summary>Unicode normalization. Default <see cref="UnicodeNormalization.Nfc"/>.</summary>
    public UnicodeNormalization Normalization { get; set; } = UnicodeNormalization.Nfc;

    /// <summary>Remove control characters (except tab and line breaks), zero-width and bidi format characters, soft hyphens and invalid surrogates. Default true.</summary>
    public bool RemoveControlCharacters { get; set; } = true;

    /// <summary>Collapse runs of spaces and tabs into one space, trim lines, keep at most one blank line. Default true.</summary>
    public bool CollapseWhitespace { get; set; } = true;

    /// <summary>Keep line breaks (paragraphs and lines) when collapsing; false turns every line break into a space. Default true.</summary>
    public bool KeepLineBreaks { get; set; } = true;

    /// <summary>Replace URLs with <see cref="UrlToken"/>. Default false.</summary>
    public bool MaskUrls { get; set; }

    /// <summary>Replace e-mail addresses with <see cref="EmailToken"/>. Default false.</summary>
    public bool MaskEmails { get; set; }

    /// <summary>Replace @mentions with <see cref="MentionToken"/>. Default false.</summary>
    public bool MaskMentions { get; set; }

    /// <summary>Replace numbers (digits with inner <c>.</c>, <c>,</c>, <c>:</c>) with <see cref="NumberToken"/>. Default false.</summary>
    public bool MaskNumbers { get; set; }

    /// <summary>Replacement for URLs. Default <c>&lt;url&gt;</c>.</summary>
    public string UrlToken { get; set; } = "<url>";

    /// <summary>Replacement for e-mail addresses. Default <c>&lt;email&gt;</c>.</summary>
    public string EmailToken { get; set; } = "<email>";

    /// <summary>Replacement for @mentions. Default <c>@user</c>.</summary>
    public string MentionToken { get; set; } = "@user";

    /// <summary>Replacement for numbers. Default <c>&lt;num&gt;</c>.</summary>
    public string NumberToken { get; set; } = "<num>";

    /// <summary>Lower-case the text (invariant culture). Default false.</summary>
    public bool LowerCase { get; set; }

    /// <summary>Remove accents and other combining marks (é → e). Default false.</summary>
    public bool RemoveAccents { get; set; }

    /// <summary>What to do with emoji. Default <see cref="EmojiHandling.Keep"/>.</summary>
    public EmojiHandling Emoji { get; set; } = EmojiHandling.Keep;

    /// <summary>Replacement for emoji when <see cref="Emoji"/> is <see cref="EmojiHandling.Replace"/>. Default <c>&lt;emoji&gt;</c>.</summary>
    public string EmojiToken { get; set; } = "<emoji>";

    /// <summary>When positive, shorten runs of the same letter to this length ("soooooo" → "sooo" with 3). Default 0 (off).</summary>
    public int MaxRepeatedLetters { get; set; }

    /// <summary>The defaults (a new instance).</summary>
    public static TextCleanerOptions Default => new();

    /// <summary>
    /// Preset for pages and web text: always HTML → text, NFKC (folds full-width forms, ligatures and non-breaking
    /// spaces), controls and zero-width characters removed, whitespace collapsed with paragraphs kept; URLs, case, accents
    /// and emoji kept.
    /// </summary>
    public static TextCleanerOptions WebText => new()
    {
        Html = HtmlHandling.Always,
        Normalization = UnicodeNormalization.Nfkc,
    };

    /// <summary>
    /// Preset for posts and tweets: entities decoded (HTML auto), NFKC, URLs, e-mails and @mentions masked, letter runs
    /// shortened to 3 ("soooo" → "sooo"), line breaks turned into spaces; case, hashtags and emoji kept.
    /// </summary>
    public static TextCleanerOptions SocialMedia => new()
    {
        Normalization = UnicodeNormalization.Nfkc,
        MaskUrls = true,
        MaskEmails = true,
        MaskMentions = true,
        MaxRepeatedLetters = 3,
        KeepLineBreaks = false,
    };

    /// <summary>A preset by name: <c>default</c>, <c>web</c> (or <c>web-text</c>), <c>social</c> (or <c>social-media</c>).</summary>
    public static TextCleanerOptions Preset(string name) => name?.ToLowerInvariant() switch
    {
        "default" => Default,
        "web" or "web-text" or "webtext" => WebText,
        "social" or "social-media" or "socialmedia" => SocialMedia,
        _ => throw new TextKitException("TK420", $"Unknown cleaning preset '{name}'. Use one of: default, web, social."),
    };

    /// <summary>A copy of these options.</summary>
    public TextCleanerOptions Clone() => (TextCleanerOptions)MemberwiseClone();
}
