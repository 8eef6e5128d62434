using System.Globalization;
using TextKit.Corpora;
using TextKit.Tokenization;

namespace TextKit.Segmentation;

/// <summary>
/// Turns tokenized, segmented text into CoNLL-U sentences: <c># sent_id</c>, <c># text</c>, <c># newdoc</c>/<c># newpar</c>,
/// one line per word, multiword-token ranges for contractions (<c>2-3 can't</c> + <c>ca</c>, <c>n't</c>) and
/// <c>SpaceAfter=No</c> wherever the raw text has no whitespace after a token, so the file scores against UD gold with
/// <see cref="Evaluation.TokenizationScorer"/>.
/// </summary>
public static class TokenizedConllU
{
    /// <summary>Builds the sentences of one document.</summary>
    /// <param name="text">The document text.</param>
    /// <param name="tokens">Its tokens.</param>
    /// <param name="sentences">Its sentences (from <see cref="SentenceSegmenter.Segment"/>).</param>
    /// <param name="sentIdPrefix">Prefix of <c># sent_id</c> values (followed by a 1-based number).</param>
    /// <param name="documentId">When not null, the first sentence gets <c># newdoc id = documentId</c>.</param>
    /// <param name="firstNumber">Number of the first sentence.</param>
    public static List<ConllUSentence> Build(string text, TokenList tokens, IReadOnlyList<SentenceSpan> sentences, string sentIdPrefix = "s",
        string? documentId = null, int firstNumber = 1)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(sentences);
        var result = new List<ConllUSentence>(sentences.Count);
        var all = tokens.Tokens;
        int number = firstNumber;
        foreach (var s in sentences)
        {
            var sentence = new ConllUSentence();
            if (documentId is not null && result.Count == 0)
                sentence.Comments.Add($"# newdoc id = {documentId}");
            if (s.StartsParagraph)
                sentence.Comments.Add("# newpar");
            sentence.Comments.Add($"# sent_id = {sentIdPrefix}{number.ToString(CultureInfo.InvariantCulture)}");
            sentence.Comments.Add($"# text = {SingleLine(text.AsSpan(s.Start, s.Length))}");
            number++;
            int wordId = 1;
            for (int t = s.FirstToken; t < s.FirstToken + s.TokenCount; t++)
            {
                var token = all[t];
                bool spaceAfter = t + 1 >= all.Length ? token.End < text.Length : all[t + 1].Start > token.End;
                var misc = spaceAfter ? "_" : "SpaceAfter=No";
                if (token.WordCount > 1)
                {
                    var id = $"{wordId.ToString(CultureInfo.InvariantCulture)}-{(wordId + token.WordCount - 1).ToString(CultureInfo.InvariantCulture)}";
                    sentence.Lines.Add(new ConllUToken(id, Form(text, token.Start, token.End), misc: misc));
                    foreach (var word in tokens.WordsOf(token))
                        sentence.Lines.Add(new ConllUToken((wordId++).ToString(CultureInfo.InvariantCulture), Form(text, word.Start, word.End)));
                }
                else
                {
                    sentence.Lines.Add(new ConllUToken((wordId++).ToString(CultureInfo.InvariantCulture), Form(text, token.Start, token.End), misc: misc));
                }
            }
            result.Add(sentence);
        }
        return result;
    }

    /// <summary>The sentence text on one line: line breaks and tabs become spaces (CoNLL-U comments are single lines).</summary>
    private static string SingleLine(ReadOnlySpan<char> span)
    {
        var chars = span.ToArray();
        for (int i = 0; i < chars.Length; i++)
        {
            if (chars[i] is '\n' or '\r' or '\t' or '\u2028' or '\u2029' or '\u0085' || char.IsControl(chars[i]))
                chars[i] = ' ';
        }
        return new string(chars);
    }

    /// <summary>A FORM: CoNLL-U forms cannot contain tabs or line breaks (tokens never do, but be safe).</summary>
    private static string Form(string text, int start, int end) => text[start..end];
}
