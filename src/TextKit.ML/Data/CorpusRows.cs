namespace TextKit.ML.Data;

/// <summary>
/// One CoNLL-U sentence as an <see cref="Microsoft.ML.IDataView"/> row: syntactic words only (multiword-token lines and
/// empty nodes are left out), one vector element per word.
/// </summary>
public sealed class ConllURow
{
    /// <summary>Word forms (FORM).</summary>
    public string[] Tokens { get; set; } = [];

    /// <summary>LEMMA per word.</summary>
    public string[] Lemmas { get; set; } = [];

    /// <summary>UPOS per word.</summary>
    public string[] Upos { get; set; } = [];

    /// <summary>XPOS per word.</summary>
    public string[] Xpos { get; set; } = [];

    /// <summary>FEATS per word as written ("_" when none).</summary>
    public string[] Feats { get; set; } = [];

    /// <summary><c># sent_id</c> ("" when absent).</summary>
    public string SentId { get; set; } = "";

    /// <summary><c># text</c>, or the text rebuilt from the tokens and SpaceAfter=No when the comment is absent.</summary>
    public string Text { get; set; } = "";
}

/// <summary>One tagged sentence (Brown) as a row.</summary>
public sealed class TaggedSentenceRow
{
    public string[] Tokens { get; set; } = [];

    public string[] Tags { get; set; } = [];

    /// <summary>Corpus file id ("ca01").</summary>
    public string FileId { get; set; } = "";

    /// <summary>Category of the file ("news").</summary>
    public string Category { get; set; } = "";
}

/// <summary>One NER sentence as a row.</summary>
public sealed class NerSentenceRow
{
    public string[] Tokens { get; set; } = [];

    public string[] Tags { get; set; } = [];
}

/// <summary>One classification example as a row.</summary>
public sealed class ClassificationRow
{
    public string Text { get; set; } = "";

    public string Label { get; set; } = "";
}
