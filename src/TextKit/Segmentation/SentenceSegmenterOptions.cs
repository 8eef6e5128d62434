namespace TextKit.Segmentation;

/// <summary>How single line breaks inside a paragraph affect sentence boundaries (a blank line always ends a sentence).</summary>
public enum LineBreakMode
{
    /// <summary>A line break ends a sentence when the next line starts like a sentence or a list item (uppercase, digit, bullet) or the line ends in final punctuation. Default.</summary>
    Auto,

    /// <summary>Every line break ends a sentence (one sentence per line, e.g. titles, lists, chat logs).</summary>
    Always,

    /// <summary>Line breaks are treated as spaces (hard-wrapped prose).</summary>
    Never,
}

/// <summary>Options of <see cref="SentenceSegmenter"/>.</summary>
public sealed class SentenceSegmenterOptions
{
    /// <summary>How single line breaks are treated. Default <see cref="LineBreakMode.Auto"/>.</summary>
    public LineBreakMode LineBreaks { get; set; } = LineBreakMode.Auto;

    /// <summary>
    /// The learned parameters (abbreviations, orthographic statistics, sentence starters, boundary weights).
    /// Default <see cref="SegmenterModel.English"/>; train your own with PunktTrainer (plain text) or
    /// <see cref="SegmenterTrainer"/> (CoNLL-U).
    /// </summary>
    public SegmenterModel? Model { get; set; }
}
