using System.Net;
using System.Text;

namespace TextKit.Cleaning;

/// <summary>
/// Converts HTML to plain text with a forgiving single-pass scanner: tags removed, the content of <c>script</c>,
/// <c>style</c>, <c>noscript</c>, <c>template</c>, <c>svg</c> and <c>iframe</c> dropped, comments and processing
/// instructions dropped, CDATA kept as text, block elements turned into line breaks (<c>br</c>, list items and table rows
/// into one, paragraphs and other blocks into a blank line), character references decoded. Broken markup never throws:
/// a <c>&lt;</c> that does not start a well-formed tag is text, an unterminated comment or tag ends the document.
/// </summary>
/// <remarks>
/// Hand-written rather than AngleSharp or HtmlAgilityPack: both build a full DOM, which costs far more than text
/// extraction needs (see docs/tokenization.md for the measurement), and the cleaner must also pass plain text through at
/// memory speed. Entity decoding delegates to <see cref="WebUtility.HtmlDecode(string)"/> per reference.
/// </remarks>
public static class HtmlToText
{
    private static readonly HashSet<string> s_skipContent = new(StringComparer.OrdinalIgnoreCase)
        { "script", "style", "noscript", "template", "svg", "iframe", "object", "canvas", "math" };

    private static readonly HashSet<string> s_lineBreak = new(StringComparer.OrdinalIgnoreCase)
        { "br", "li", "tr", "dt", "dd", "option", "caption" };

    private static readonly HashSet<string> s_paragraph = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer", "blockquote", "pre",
        "table", "ul", "ol", "dl", "hr", "title", "form", "nav", "aside", "main", "figure", "figcaption", "address",
        "fieldset", "details", "summary", "body", "html", "head", "center",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> s_skipLookup = s_skipContent.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> s_lineLookup = s_lineBreak.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> s_paragraphLookup = s_paragraph.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>True when <paramref name="text"/> contains something HTML-like: a tag start or a character reference.</summary>
    public static bool LooksLikeHtml(ReadOnlySpan<char> text)
    {
        int i = 0;
        while (true)
        {
            int k = text[i..].IndexOfAny('<', '&');
            if (k < 0)
                return false;
            i += k;
            if (i + 1 >= text.Length)
                return false;
            char next = text[i + 1];
            if (text[i] == '<' ? char.IsAsciiLetter(next) || next is '/' or '!' : EntityEnd(text, i) > 0)
                return true;
            i++;
        }
    }

    /// <summary>The text content of <paramref name="html"/>.</summary>
    public static string Convert(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var sb = new StringBuilder(html.Length);
        Convert(html, sb);
        return sb.ToString();
    }

    /// <summary>Appends the text content of <paramref name="html"/> to <paramref name="output"/>.</summary>
    public static void Convert(ReadOnlySpan<char> html, StringBuilder output)
    {
        ArgumentNullException.ThrowIfNull(output);
        int i = 0;
        int n = html.Length;
        while (i < n)
        {
            int k = html[i..].IndexOfAny('<', '&');
            if (k < 0)
            {
                output.Append(html[i..]);
                break;
            }
            output.Append(html.Slice(i, k));
            i += k;
            if (html[i] == '&')
            {
                int end = EntityEnd(html, i);
                if (end > 0)
                {
                    var decoded = WebUtility.HtmlDecode(html[i..end].ToString());
                    output.Append(decoded);
                    i = end;
                }
                else
                {
                    output.Append('&');
                    i++;
                }
                continue;
            }
            i = Tag(html, i, output);
        }
    }

    /// <summary>End (exclusive) of a character reference at <paramref name="i"/> ("&amp;amp;", "&amp;#39;", "&amp;#x1F600;"), or 0.</summary>
    private static int EntityEnd(ReadOnlySpan<char> text, int i)
    {
        int j = i + 1;
        int limit = Math.Min(text.Length, i + 34);
        if (j < limit && text[j] == '#')
        {
            j++;
            bool hex = j < limit && (text[j] | 0x20) == 'x';
            if (hex)
                j++;
            int digits = j;
            while (j < limit && (hex ? char.IsAsciiHexDigit(text[j]) : char.IsAsciiDigit(text[j])))
                j++;
            return j > digits && j < limit && text[j] == ';' ? j + 1 : 0;
        }
        int start = j;
        while (j < limit && char.IsAsciiLetterOrDigit(text[j]))
            j++;
        return j > start && j < limit && text[j] == ';' ? j + 1 : 0;
    }

    /// <summary>Handles markup at <paramref name="i"/> ('&lt;'); returns where scanning resumes.</summary>
    private static int Tag(ReadOnlySpan<char> html, int i, StringBuilder output)
    {
        int n = html.Length;
        var rest = html[i..];
        if (rest.StartsWith("<!--"))
        {
            int end = rest[4..].IndexOf("-->");
            return end < 0 ? n : i + 4 + end + 3;
        }
        if (rest.StartsWith("<![CDATA["))
        {
            int end = rest[9..].IndexOf("]]>");
            output.Append(end < 0 ? rest[9..] : rest.Slice(9, end));
            return end < 0 ? n : i + 9 + end + 3;
        }
        if (rest.Length > 1 && rest[1] is '!' or '?')
        {
            int end = rest.IndexOf('>');
            return end < 0 ? n : i + end + 1;
        }
        bool closing = rest.Length > 1 && rest[1] == '/';
        int nameStart = i + (closing ? 2 : 1);
        int j = nameStart;
        if (j >= n || !char.IsAsciiLetter(html[j]))
        {
            output.Append('<'); // "a < b", "<3": text
            return i + 1;
        }
        while (j < n && (char.IsAsciiLetterOrDigit(html[j]) || html[j] is '-' or ':' or '_'))
            j++;
        var name = html[nameStart..j];
        // Find the tag's '>' outside quoted attribute values.
        char quote = '\0';
        int close = -1;
        for (int k = j; k < n; k++)
        {
            char c = html[k];
            if (quote != '\0')
            {
                if (c == quote)
                    quote = '\0';
            }
            else if (c is '"' or '\'' && IsAttributeValueStart(html, k))
            {
                quote = c;
            }
            else if (c == '>')
            {
                close = k;
                break;
            }
            else if (c == '<' && k + 1 < n && (html[k + 1] == '/' || char.IsAsciiLetter(html[k + 1])))
            {
                close = k - 1; // a new tag starts: the previous one was never closed
                break;
            }
        }
        if (close < 0)
            return n; // unterminated tag: the rest is markup
        bool selfClosing = html[close] == '>' && close > 0 && html[close - 1] == '/';
        int resume = close + 1;
        if (!closing && !selfClosing && s_skipLookup.Contains(name))
        {
            // skip to the matching end tag "</name" (case-insensitive) or the end of the document
            int k = resume;
            while (true)
            {
                int lt = html[k..].IndexOf("</", StringComparison.Ordinal);
                if (lt < 0)
                    return n;
                k += lt + 2;
                if (k + name.Length <= n && html.Slice(k, name.Length).Equals(name, StringComparison.OrdinalIgnoreCase)
                    && (k + name.Length == n || !char.IsAsciiLetterOrDigit(html[k + name.Length])))
                {
                    int gt = html[k..].IndexOf('>');
                    return gt < 0 ? n : k + gt + 1;
                }
            }
        }
        if (s_paragraphLookup.Contains(name))
            output.Append("\n\n");
        else if (s_lineLookup.Contains(name) && (!closing || name.Equals("br", StringComparison.OrdinalIgnoreCase)))
            output.Append('\n'); // one line per list item / row: the opening tag breaks the line
        else if (name.Equals("td", StringComparison.OrdinalIgnoreCase) || name.Equals("th", StringComparison.OrdinalIgnoreCase))
            output.Append(closing ? "" : " ");
        return resume;
    }

    private static bool IsAttributeValueStart(ReadOnlySpan<char> html, int k)
    {
        // a quote after "= " (spaces between '=' and the value)
        int j = k - 1;
        while (j > 0 && html[j] == ' ')
            j--;
        return html[j] == '=';
    }
}
