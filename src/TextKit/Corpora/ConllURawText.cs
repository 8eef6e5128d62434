using System.Text;

namespace TextKit.Corpora;

/// <summary>A document's raw text rebuilt from CoNLL-U, with the character span of each gold sentence.</summary>
/// <param name="Id">The <c># newdoc id</c> value (or a running number when the file has none).</param>
/// <param name="Text">The raw text.</param>
/// <param name="Sentences">Character spans (start inclusive, end exclusive) of the sentences in <see cref="Text"/>.</param>
public sealed record RawDocument(string Id, string Text, IReadOnlyList<(int Start, int End)> Sentences);

/// <summary>
/// Rebuilds the raw text a treebank was made from, the way UD's own <c>.txt</c> files are: the <c># text</c> lines of a
/// paragraph joined by one space, paragraphs (<c># newpar</c>) separated by a blank line ("\n\n"), and a new document at
/// every <c># newdoc</c>. A sentence without <c># text</c> uses the text reconstructed from its tokens and
/// <c>SpaceAfter=No</c>. This is the input of raw-text evaluation (tokenize, segment, then score with
/// <see cref="Evaluation.TokenizationScorer"/>).
/// </summary>
public static class ConllURawText
{
    /// <summary>The documents of <paramref name="sentences"/>, in order.</summary>
    public static List<RawDocument> Documents(IEnumerable<ConllUSentence> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var documents = new List<RawDocument>();
        var text = new StringBuilder();
        var spans = new List<(int, int)>();
        string? id = null;
        void Flush()
        {
            if (spans.Count > 0)
                documents.Add(new RawDocument(id ?? (documents.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), text.ToString(), spans.ToArray()));
            text.Clear();
            spans.Clear();
        }
        foreach (var sentence in sentences)
        {
            if (sentence.NewDocument)
            {
                Flush();
                id = sentence.GetComment("newdoc id");
            }
            var sentenceText = sentence.Text ?? sentence.ReconstructText();
            if (text.Length > 0)
                text.Append(sentence.NewParagraph ? "\n\n" : " ");
            spans.Add((text.Length, text.Length + sentenceText.Length));
            text.Append(sentenceText);
        }
        Flush();
        return documents;
    }

    /// <summary>All documents' texts joined by a blank line: one plain-text file for the whole treebank.</summary>
    public static string Text(IEnumerable<ConllUSentence> sentences)
        => string.Join("\n\n", Documents(sentences).Select(d => d.Text));
}
