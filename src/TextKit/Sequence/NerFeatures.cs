using System.Text;

namespace TextKit.Sequence;

/// <summary>
/// Feature extraction for the word-level sequence labeller: the current word (form, lower case, shape, prefixes and
/// suffixes, orthographic flags), the two words on each side, and the two previous tags, combined into hashed
/// feature ids (<see cref="StableHash"/>). Templates follow the usual NER feature sets of averaged-perceptron and CRF
/// taggers (Ratinov &amp; Roth 2009, "Design Challenges and Misconceptions in NER"; Honnibal's averaged-perceptron tagger).
/// </summary>
internal static class NerFeatures
{
    // Version of the template set; stored in model files (a model trained with other templates cannot be used).
    public const int Version = 1;

    /// <summary>Per-token views computed once per sentence.</summary>
    public sealed class Sentence
    {
        public Sentence(IReadOnlyList<string> tokens)
        {
            int n = tokens.Count;
            Forms = new string[n];
            Lower = new string[n];
            Shapes = new string[n];
            Flags = new int[n];
            for (int i = 0; i < n; i++)
            {
                var t = tokens[i] ?? "";
                Forms[i] = t;
                Lower[i] = Normalize(t);
                Shapes[i] = Shape(t);
                Flags[i] = OrthographicFlags(t, i);
            }
        }

        public string[] Forms { get; }

        public string[] Lower { get; }

        public string[] Shapes { get; }

        public int[] Flags { get; }

        public int Count => Forms.Length;
    }

    /// <summary>Lower case with digits mapped to 0 (so numbers of the same layout share a feature).</summary>
    public static string Normalize(string token)
    {
        var sb = new StringBuilder(token.Length);
        foreach (var c in token)
            sb.Append(char.IsDigit(c) ? '0' : char.ToLowerInvariant(c));
        return sb.ToString();
    }

    /// <summary>Word shape with runs collapsed: "McDonald's" → "XxXx'x", "2014" → "d", "@bbc" → "@x".</summary>
    public static string Shape(string token)
    {
        var sb = new StringBuilder(Math.Min(token.Length, 8));
        char last = '\0';
        foreach (var c in token)
        {
            char k = char.IsUpper(c) ? 'X' : char.IsLower(c) ? 'x' : char.IsDigit(c) ? 'd' : char.IsLetter(c) ? 'x' : c;
            if (k != last)
                sb.Append(k);
            last = k;
            if (sb.Length >= 8)
                break;
        }
        return sb.ToString();
    }

    private static int OrthographicFlags(string t, int position)
    {
        int f = 0;
        if (t.Length > 0 && char.IsUpper(t[0])) f |= 1;
        if (t.Length > 1 && t.All(c => !char.IsLetter(c) || char.IsUpper(c)) && t.Any(char.IsLetter)) f |= 2;
        if (t.Any(char.IsDigit)) f |= 4;
        if (t.Contains('-')) f |= 8;
        if (t.StartsWith('@')) f |= 16;
        if (t.StartsWith('#')) f |= 32;
        if (t.StartsWith("http", StringComparison.OrdinalIgnoreCase) || t.StartsWith("www.", StringComparison.OrdinalIgnoreCase)) f |= 64;
        if (position == 0) f |= 128;
        if (t.Length > 0 && t.All(c => !char.IsLetterOrDigit(c))) f |= 256;
        return f;
    }

    private static ulong T(int template) => StableHash.Add(StableHash.Offset, template);

    private static ulong T(int template, ReadOnlySpan<char> a) => StableHash.Add(T(template), a);

    private static ulong T(int template, ReadOnlySpan<char> a, ReadOnlySpan<char> b) => StableHash.Add(StableHash.Add(T(template, a), 0x1F), b);

    private const string Boundary = "<s>";

    private static string At(string[] values, int i) => i >= 0 && i < values.Length ? values[i] : Boundary;

    /// <summary>Writes the feature ids of token <paramref name="i"/> into <paramref name="features"/> (cleared first).</summary>
    public static void Extract(Sentence s, int i, string previousTag, string previousTag2, List<ulong> features)
    {
        features.Clear();
        var lower = s.Lower[i];
        features.Add(T(0));
        features.Add(T(1, lower));
        features.Add(T(2, s.Forms[i]));
        features.Add(T(3, s.Shapes[i]));
        for (int k = 1; k <= 3; k++)
            if (lower.Length >= k)
                features.Add(T(3 + k, lower.AsSpan(0, k)));
        for (int k = 1; k <= 4; k++)
            if (lower.Length >= k)
                features.Add(T(7 + k, lower.AsSpan(lower.Length - k)));
        features.Add(T(12, At(s.Lower, i - 1)));
        features.Add(T(13, At(s.Lower, i + 1)));
        features.Add(T(14, At(s.Lower, i - 2)));
        features.Add(T(15, At(s.Lower, i + 2)));
        features.Add(T(16, At(s.Shapes, i - 1)));
        features.Add(T(17, At(s.Shapes, i + 1)));
        features.Add(T(18, At(s.Shapes, i - 1), s.Shapes[i]));
        features.Add(T(19, s.Shapes[i], At(s.Shapes, i + 1)));
        features.Add(T(20, previousTag));
        features.Add(T(21, previousTag2, previousTag));
        features.Add(T(22, previousTag, lower));
        features.Add(StableHash.Add(T(23), s.Flags[i]));
        features.Add(T(24, At(s.Lower, i - 1), lower));
        features.Add(T(25, lower, At(s.Lower, i + 1)));
        features.Add(StableHash.Add(T(26, previousTag), s.Flags[i]));
        int nextFlags = i + 1 < s.Count ? s.Flags[i + 1] : -1;
        int prevFlags = i > 0 ? s.Flags[i - 1] : -1;
        features.Add(StableHash.Add(StableHash.Add(T(27), prevFlags), nextFlags));
    }
}
