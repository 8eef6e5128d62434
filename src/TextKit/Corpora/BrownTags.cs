namespace TextKit.Corpora;

/// <summary>
/// Brown tag normalisation "brown-base" (TextKit's benchmark definition, docs/corpora-and-evaluation.md): lower-case;
/// strip the suffixes <c>-tl</c> (title), <c>-hl</c> (headline) and <c>-nc</c> (cited word) repeatedly, each only
/// while something remains; then strip a leading <c>fw-</c> (foreign word) when something remains. Combined tags
/// (<c>pps+bez</c>), negation (<c>bez*</c>) and possessives (<c>np$</c>) are kept.
/// </summary>
public static class BrownTags
{
    private static readonly string[] Suffixes = ["-tl", "-hl", "-nc"];

    /// <summary>The "brown-base" form of <paramref name="tag"/>: <c>NN-TL</c> → <c>nn</c>, <c>fw-in-tl</c> → <c>in</c>.</summary>
    public static string ToBase(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        var t = tag.ToLowerInvariant();
        bool stripped;
        do
        {
            stripped = false;
            foreach (var suffix in Suffixes)
            {
                if (t.Length > suffix.Length && t.EndsWith(suffix, StringComparison.Ordinal))
                {
                    t = t[..^suffix.Length];
                    stripped = true;
                }
            }
        } while (stripped);
        if (t.Length > 3 && t.StartsWith("fw-", StringComparison.Ordinal))
            t = t[3..];
        return t;
    }
}
