using System.Buffers;

namespace TextKit.Stemming;

/// <summary>The stemming algorithms TextKit implements.</summary>
public enum StemmerAlgorithm
{
    /// <summary>The original Porter (1980) algorithm, as published by Snowball (<c>porter</c>).</summary>
    Porter,

    /// <summary>Porter2: Snowball <c>english</c>, the long-standing classic version (libstemmer 2.x).</summary>
    Porter2,

    /// <summary>
    /// Porter2 as revised in Snowball 3 (libstemmer 3.x <c>english</c>): more fixed R1 prefixes (emerg-, inter-,
    /// later-, organ-, past-, univers-), -ogist → -og, a double kept after a leading a/e/o ("added" → "add"),
    /// consonant + "ying" → "-ie" ("vying" → "vie"), "pasted" → "paste". Differs from <see cref="Porter2"/> on 90 of
    /// the 76,976 Brown + EWT word types.
    /// </summary>
    Porter2Revised,
}

/// <summary>
/// A suffix-stripping stemmer. Instances are stateless and thread-safe; <see cref="Stem(ReadOnlySpan{char}, Span{char})"/>
/// does not allocate. The algorithms reproduce the Snowball reference implementations character for character on any
/// input, including capitals, apostrophes, digits and non-Latin text: like Snowball they do not lower-case (capital
/// letters count as consonants) and count characters as Unicode code points.
/// </summary>
public abstract class Stemmer
{
    // Words up to this length are stemmed in a stack buffer; longer ones rent from the shared array pool.
    private const int StackLimit = 256;

    private protected Stemmer()
    {
    }

    /// <summary>The original Porter algorithm (Snowball <c>porter</c>).</summary>
    public static Stemmer Porter => PorterStemmer.Instance;

    /// <summary>Porter2 (Snowball <c>english</c>), the classic version.</summary>
    public static Stemmer Porter2 => EnglishStemmer.Instance;

    /// <summary>Porter2 as revised in Snowball 3 (see <see cref="StemmerAlgorithm.Porter2Revised"/>).</summary>
    public static Stemmer Porter2Revised => EnglishStemmer.RevisedInstance;

    /// <summary>The stemmer for <paramref name="algorithm"/>.</summary>
    public static Stemmer Get(StemmerAlgorithm algorithm) => algorithm switch
    {
        StemmerAlgorithm.Porter => Porter,
        StemmerAlgorithm.Porter2 => Porter2,
        StemmerAlgorithm.Porter2Revised => Porter2Revised,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown stemming algorithm."),
    };

    /// <summary>
    /// Parses an algorithm name: <c>porter</c>, <c>porter2</c> / <c>english</c> (the classic Porter2), or
    /// <c>porter2-revised</c> / <c>english-revised</c> (Snowball 3's revision); case-insensitive.
    /// </summary>
    public static StemmerAlgorithm ParseAlgorithm(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "porter" => StemmerAlgorithm.Porter,
            "porter2" or "english" or "snowball" => StemmerAlgorithm.Porter2,
            "porter2-revised" or "english-revised" => StemmerAlgorithm.Porter2Revised,
            _ => throw new TextKitException("TK501", $"Unknown stemming algorithm '{name}'. Use 'porter', 'porter2' (Snowball english, classic) or 'porter2-revised' (Snowball 3)."),
        };
    }

    /// <summary>The algorithm this stemmer runs.</summary>
    public abstract StemmerAlgorithm Algorithm { get; }

    /// <summary>
    /// Writes the stem of <paramref name="word"/> into <paramref name="destination"/> and returns its length. A stem is
    /// never longer than its word, so a destination of <c>word.Length</c> characters always suffices.
    /// <paramref name="destination"/> may be the same memory as <paramref name="word"/> (stemming in place).
    /// </summary>
    public int Stem(ReadOnlySpan<char> word, Span<char> destination)
    {
        if (destination.Length < word.Length)
            throw new ArgumentException($"The destination ({destination.Length} chars) is shorter than the word ({word.Length} chars).", nameof(destination));
        word.CopyTo(destination);
        var buffer = destination[..word.Length];
        if (buffer.ContainsAnyInRange('\uD800', '\uDFFF'))
            return StemWithSurrogates(buffer);
        return StemInPlace(buffer);
    }

    /// <summary>The stem of <paramref name="word"/>; returns <paramref name="word"/> itself when nothing changes.</summary>
    public string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        char[]? rented = null;
        Span<char> buffer = word.Length <= StackLimit ? stackalloc char[StackLimit] : (rented = ArrayPool<char>.Shared.Rent(word.Length));
        try
        {
            int length = Stem(word.AsSpan(), buffer);
            var stem = buffer[..length];
            return stem.SequenceEqual(word) ? word : new string(stem);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>Stems <paramref name="word"/> in place (no surrogates inside) and returns the stem's length.</summary>
    private protected abstract int StemInPlace(Span<char> word);

    /// <summary>
    /// Snowball counts code points: a character outside the BMP is one letter (a non-vowel). Every such pair is
    /// folded into its high surrogate for the run and unfolded afterwards. The algorithms only ever replace ASCII
    /// suffixes, so no non-ASCII character is removed and the k-th high surrogate of the stem is the k-th of the word.
    /// </summary>
    private int StemWithSurrogates(Span<char> buffer)
    {
        char[]? rented = null;
        Span<char> lows = buffer.Length <= StackLimit ? stackalloc char[buffer.Length] : (rented = ArrayPool<char>.Shared.Rent(buffer.Length));
        try
        {
            // Fold: a valid pair becomes its high surrogate; the low one is remembered ('\0' for lone surrogates).
            int n = 0, pairs = 0;
            for (int i = 0; i < buffer.Length; i++)
            {
                char c = buffer[i];
                if (char.IsHighSurrogate(c))
                {
                    bool paired = i + 1 < buffer.Length && char.IsLowSurrogate(buffer[i + 1]);
                    lows[pairs++] = paired ? buffer[++i] : '\0';
                }
                else if (char.IsLowSurrogate(c))
                {
                    lows[pairs++] = '\0';
                }
                buffer[n++] = c;
            }
            int length = StemInPlace(buffer[..n]);
            // Unfold from the end so that nothing is overwritten before it is read.
            int surviving = 0;
            for (int i = 0; i < length; i++)
                if (char.IsSurrogate(buffer[i]))
                    surviving++;
            int extra = 0;
            for (int k = 0; k < surviving; k++)
                if (lows[k] != '\0')
                    extra++;
            int write = length + extra;
            int pair = surviving;
            for (int i = length - 1; i >= 0; i--)
            {
                char c = buffer[i];
                if (char.IsSurrogate(c))
                {
                    char low = lows[--pair];
                    if (low != '\0')
                        buffer[--write] = low;
                }
                buffer[--write] = c;
            }
            return length + extra;
        }
        finally
        {
            if (rented is not null)
                ArrayPool<char>.Shared.Return(rented);
        }
    }
}
