namespace TextKit.Corpora;

/// <summary>Kind of a CoNLL-U token line.</summary>
public enum ConllULineKind
{
    /// <summary>A syntactic word: integer ID (1, 2, ...).</summary>
    Word,

    /// <summary>A multiword (surface) token spanning words: ID range "3-4".</summary>
    MultiwordToken,

    /// <summary>An empty node of the enhanced graph: decimal ID "8.1".</summary>
    EmptyNode,
}

/// <summary>
/// One token line of a CoNLL-U file (https://universaldependencies.org/format.html): the 10 columns as text,
/// "_" for an unspecified value. Annotation columns are settable so taggers and lemmatizers can fill them.
/// </summary>
public sealed class ConllUToken
{
    public ConllUToken(string id, string form, string lemma = "_", string upos = "_", string xpos = "_", string feats = "_",
        string head = "_", string deprel = "_", string deps = "_", string misc = "_")
    {
        Id = id;
        Form = form;
        Lemma = lemma;
        Upos = upos;
        Xpos = xpos;
        Feats = feats;
        Head = head;
        DepRel = deprel;
        Deps = deps;
        Misc = misc;
        Kind = id.Contains('-') ? ConllULineKind.MultiwordToken : id.Contains('.') ? ConllULineKind.EmptyNode : ConllULineKind.Word;
    }

    /// <summary>ID column as written: "5", "3-4" or "8.1".</summary>
    public string Id { get; }

    /// <summary>Which kind of line this is (from the ID's shape).</summary>
    public ConllULineKind Kind { get; }

    public string Form { get; set; }

    public string Lemma { get; set; }

    public string Upos { get; set; }

    public string Xpos { get; set; }

    public string Feats { get; set; }

    public string Head { get; set; }

    public string DepRel { get; set; }

    public string Deps { get; set; }

    public string Misc { get; set; }

    /// <summary>False when MISC holds <c>SpaceAfter=No</c>.</summary>
    public bool SpaceAfter => !HasMisc("SpaceAfter=No");

    /// <summary>For a multiword token "3-4": (3, 4). For a word "5": (5, 5). Empty nodes: (0, 0).</summary>
    public (int First, int Last) Range
    {
        get
        {
            if (Kind == ConllULineKind.EmptyNode)
                return (0, 0);
            int dash = Id.IndexOf('-');
            return dash < 0 ? (int.Parse(Id), int.Parse(Id)) : (int.Parse(Id.AsSpan(0, dash)), int.Parse(Id.AsSpan(dash + 1)));
        }
    }

    /// <summary>True when MISC contains the exact <c>key=value</c> item.</summary>
    public bool HasMisc(string item)
    {
        if (Misc == "_")
            return false;
        foreach (var part in Misc.Split('|'))
            if (part == item)
                return true;
        return false;
    }

    /// <summary>Sets or clears <c>SpaceAfter=No</c> in MISC, keeping other items.</summary>
    public void SetSpaceAfter(bool spaceAfter)
    {
        var items = Misc == "_" ? new List<string>() : Misc.Split('|').Where(p => p != "SpaceAfter=No").ToList();
        if (!spaceAfter)
            items.Add("SpaceAfter=No");
        items.Sort(StringComparer.OrdinalIgnoreCase); // UD keeps MISC attributes sorted
        Misc = items.Count == 0 ? "_" : string.Join('|', items);
    }

    /// <summary>The line as written to a file (10 tab-separated columns).</summary>
    public override string ToString() => string.Join('\t', Id, Form, Lemma, Upos, Xpos, Feats, Head, DepRel, Deps, Misc);
}

/// <summary>One sentence of a CoNLL-U file: its comment lines and its token lines, in file order.</summary>
public sealed class ConllUSentence
{
    /// <summary>Comment lines in order, each including its leading '#'.</summary>
    public List<string> Comments { get; } = [];

    /// <summary>All token lines (words, multiword tokens, empty nodes) in file order.</summary>
    public List<ConllUToken> Lines { get; } = [];

    /// <summary>1-based line number of the sentence's first line in its file (0 when built in memory).</summary>
    public long SourceLine { get; init; }

    /// <summary>The syntactic words (integer IDs), in order: what taggers and scorers work on.</summary>
    public IEnumerable<ConllUToken> Words => Lines.Where(t => t.Kind == ConllULineKind.Word);

    /// <summary>
    /// The surface tokens, in order: multiword tokens and the words not covered by one (what a tokenizer
    /// produces; what <c># text</c> is made of).
    /// </summary>
    public IEnumerable<ConllUToken> SurfaceTokens
    {
        get
        {
            int coveredUntil = 0;
            foreach (var t in Lines)
            {
                if (t.Kind == ConllULineKind.MultiwordToken)
                {
                    coveredUntil = t.Range.Last;
                    yield return t;
                }
                else if (t.Kind == ConllULineKind.Word && t.Range.First > coveredUntil)
                {
                    yield return t;
                }
            }
        }
    }

    /// <summary>Value of the <c># key = value</c> comment, or null.</summary>
    public string? GetComment(string key)
    {
        foreach (var c in Comments)
        {
            var span = c.AsSpan(1).TrimStart();
            if (span.StartsWith(key, StringComparison.Ordinal))
            {
                var rest = span[key.Length..].TrimStart();
                if (rest.StartsWith("="))
                    return rest[1..].Trim().ToString();
                if (rest.IsEmpty)
                    return "";
            }
        }
        return null;
    }

    /// <summary>Sets (or adds) the <c># key = value</c> comment.</summary>
    public void SetComment(string key, string value)
    {
        var line = $"# {key} = {value}";
        for (int i = 0; i < Comments.Count; i++)
        {
            if (GetCommentKey(Comments[i]) == key)
            {
                Comments[i] = line;
                return;
            }
        }
        Comments.Add(line);
    }

    private static string? GetCommentKey(string comment)
    {
        var span = comment.AsSpan(1).Trim();
        int eq = span.IndexOf('=');
        return (eq < 0 ? span : span[..eq]).Trim().ToString();
    }

    /// <summary><c># sent_id</c>, or null.</summary>
    public string? SentId => GetComment("sent_id");

    /// <summary><c># text</c>, or null.</summary>
    public string? Text => GetComment("text");

    /// <summary>True when the sentence starts a document (<c># newdoc</c>).</summary>
    public bool NewDocument => GetComment("newdoc id") is not null || GetComment("newdoc") is not null;

    /// <summary>True when the sentence starts a paragraph (<c># newpar</c>).</summary>
    public bool NewParagraph => GetComment("newpar id") is not null || GetComment("newpar") is not null;

    /// <summary>The surface text rebuilt from the tokens and <c>SpaceAfter=No</c> (no trailing space).</summary>
    public string ReconstructText()
    {
        var sb = new System.Text.StringBuilder();
        foreach (var t in SurfaceTokens)
        {
            sb.Append(t.Form);
            if (t.SpaceAfter)
                sb.Append(' ');
        }
        return sb.ToString().TrimEnd(' ');
    }
}
