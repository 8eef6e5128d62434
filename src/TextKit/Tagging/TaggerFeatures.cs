using System.Runtime.CompilerServices;

namespace TextKit.Tagging;

/// <summary>
/// Feature templates of the perceptron tagger. Templates follow Ratnaparkhi (1996), Collins (2002) and Honnibal's
/// averaged-perceptron tagger (word, affixes, shape, ±2 word window, previous tags), plus features aimed at unknown
/// words: ambiguity classes of the window (the tag sets a word was seen with), an external lexicon class, and word
/// clusters learned from unlabelled text. Every key is a stable hash of (template id, values).
/// </summary>
internal static class TaggerFeatures
{
    // Template ids. Append only: ids are part of every saved model.
    private const ulong Bias = 1, Word = 2, Lower = 3, Suf1 = 4, Suf2 = 5, Suf3 = 6, Suf4 = 7, Suf5 = 8,
        Pre1 = 9, Pre2 = 10, Pre3 = 11, Pre4 = 12, Shape = 13, ShortShape = 14, Flags = 15,
        LowerM1 = 16, LowerM2 = 17, LowerP1 = 18, LowerP2 = 19, Suf3M1 = 20, Suf3P1 = 21, ShapeP1 = 22, ShapeM1 = 23,
        TagM1 = 24, TagM2 = 25, TagM1M2 = 26, TagM1Lower = 27, LowerM1Lower = 28, LowerLowerP1 = 29, LowerM1LowerP1 = 30,
        Amb = 31, AmbP1 = 32, AmbP2 = 33, AmbM1 = 34, TagM1AmbP1 = 35, AmbAmbP1 = 36, TagM1Suf3 = 37,
        Lex = 38, LexP1 = 39, LexM1 = 40, C1 = 41, C2 = 42, C3 = 43, C4 = 44, C4M1 = 45, C4P1 = 46, C2M1 = 47, C2P1 = 48,
        FirstShape = 49, UnknownShape = 50, Suf2P1 = 51, TagM1Shape = 52, LexSuf3 = 53, TagM2TagM1Amb = 54,
        TagP1 = 55, TagP2 = 56, TagP1P2 = 57, TagM1TagP1 = 58, TagP1Lower = 59, TagP1Suf3 = 60,
        Guess1 = 61, GuessSet = 62, GuessSuf3 = 63, TagM1Guess1 = 64,
        LowerAmbShape = 65, PrevAux = 66, PrevAuxSuf2 = 67, SentenceShape = 68;

    // FEATS head templates.
    private const ulong FTag = 101, FTagLower = 102, FTagSuf1 = 103, FTagSuf2 = 104, FTagSuf3 = 105, FTagSuf4 = 106,
        FTagM1 = 107, FTagP1 = 108, FTagLowerM1 = 109, FTagLowerM2 = 110, FTagLowerP1 = 111, FTagTagM1TagM2 = 112,
        FTagLowerM3 = 113, FTagLowerM4 = 114, FTagTagM2 = 115, FTagTagM3 = 116, FTagTagM4 = 117, FTagWord = 118,
        FTagShape = 119, FTagLowerP2 = 120, FTagTagP2 = 121, FTagLex = 122;

    /// <summary>Maximum number of keys <see cref="Tag"/> writes.</summary>
    public const int MaxTagFeatures = 80;

    /// <summary>The "next tag" value of the first pass, before any right-context tag is known.</summary>
    public const int NoTag = -3;

    /// <summary>Maximum number of keys <see cref="Role"/> writes for one word over all its roles (27 + 7 + 1 + 8 + 2).</summary>
    public const int MaxWordRoleFeatures = 45;

    /// <summary>Maximum number of keys <see cref="Context"/> writes.</summary>
    public const int MaxContextFeatures = 8;

    /// <summary>Maximum number of keys <see cref="Feats"/> writes.</summary>
    public const int MaxFeatsFeatures = 32;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong K(ulong template, ulong value) => TaggerHash.Combine(template, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong K(ulong template, ulong a, ulong b) => TaggerHash.Combine(template, a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong TagValue(int tag) => (ulong)(tag + 2);

    /// <summary>
    /// Writes the features of word <paramref name="i"/> (0-based) into <paramref name="output"/>. <paramref name="t"/>
    /// is padded by 2 on each side (t[i + 2] is word i); <paramref name="prev1"/>/<paramref name="prev2"/> are the tags
    /// of the two previous words (-1 before the sentence); <paramref name="next1"/>/<paramref name="next2"/> the
    /// first-pass tags of the next two words in the second pass (-1 after the sentence), <see cref="NoTag"/> in the first.
    /// </summary>
    public static int Tag(ReadOnlySpan<TokenInfo> t, int i, int prev1, int prev2, int next1, int next2, Span<ulong> output)
    {
        int n = 0;
        for (int r = 0; r < RoleCount; r++)
            n += Role(r, t[i + 2 + RoleOffsets[r]], output[n..]);
        n += Context(t, i, output[n..]);
        n += Previous(t, i, prev1, prev2, output[n..]);
        return n + Next(t, i, prev1, next1, next2, output[n..]);
    }

    // The keys are grouped by what they depend on, so that inference can add the static groups of a word from a
    // per-word cache (WordScoreCache) and look up only the tag-dependent ones per pass; training (Tag) takes them all.

    /// <summary>Number of word roles with their own cached score vector (the word itself, and as each neighbour).</summary>
    public const int RoleCount = 5;

    /// <summary>Offsets from the tagged word of the word that fills each role (self, −1, −2, +1, +2).</summary>
    public static ReadOnlySpan<int> RoleOffsets => [0, -1, -2, 1, 2];

    /// <summary>Keys that depend only on the word filling <paramref name="role"/> (see <see cref="RoleOffsets"/>).</summary>
    public static int Role(int role, in TokenInfo w, Span<ulong> output)
    {
        int n = 0;
        switch (role)
        {
            case 0:
                output[n++] = K(Bias, 0);
                output[n++] = K(Word, w.Word);
                output[n++] = K(Lower, w.Lower);
                output[n++] = K(Suf1, w.Suf1);
                output[n++] = K(Suf2, w.Suf2);
                output[n++] = K(Suf3, w.Suf3);
                output[n++] = K(Suf4, w.Suf4);
                output[n++] = K(Suf5, w.Suf5);
                output[n++] = K(Pre1, w.Pre1);
                output[n++] = K(Pre2, w.Pre2);
                output[n++] = K(Pre3, w.Pre3);
                output[n++] = K(Pre4, w.Pre4);
                output[n++] = K(Shape, w.Shape);
                output[n++] = K(ShortShape, w.ShortShape);
                output[n++] = K(Flags, w.Flags);
                output[n++] = K(Amb, w.Ambiguity);
                output[n++] = K(Lex, w.Lexicon);
                output[n++] = K(LexSuf3, w.Lexicon, w.Suf3);
                output[n++] = K(C1, w.Cluster1);
                output[n++] = K(C2, w.Cluster2);
                output[n++] = K(C3, w.Cluster3);
                output[n++] = K(C4, w.Cluster4);
                output[n++] = K(LowerAmbShape, w.LowerAmbiguity, w.ShortShape);
                if (!w.Known)
                {
                    output[n++] = K(UnknownShape, w.Shape, w.Suf2);
                    output[n++] = K(Guess1, w.Guess1);
                    output[n++] = K(GuessSet, w.GuessSet);
                    output[n++] = K(GuessSuf3, w.Guess1, w.Suf3);
                }
                break;
            case 1:
                output[n++] = K(LowerM1, w.Lower);
                output[n++] = K(Suf3M1, w.Suf3);
                output[n++] = K(ShapeM1, w.ShortShape);
                output[n++] = K(AmbM1, w.Ambiguity);
                output[n++] = K(LexM1, w.Lexicon);
                output[n++] = K(C4M1, w.Cluster4);
                output[n++] = K(C2M1, w.Cluster2);
                break;
            case 2:
                output[n++] = K(LowerM2, w.Lower);
                break;
            case 3:
                output[n++] = K(LowerP1, w.Lower);
                output[n++] = K(Suf3P1, w.Suf3);
                output[n++] = K(Suf2P1, w.Suf2);
                output[n++] = K(ShapeP1, w.ShortShape);
                output[n++] = K(AmbP1, w.Ambiguity);
                output[n++] = K(LexP1, w.Lexicon);
                output[n++] = K(C4P1, w.Cluster4);
                output[n++] = K(C2P1, w.Cluster2);
                break;
            case 4:
                output[n++] = K(LowerP2, w.Lower);
                output[n++] = K(AmbP2, w.Ambiguity);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(role));
        }
        return n;
    }

    /// <summary>The rest of the static keys: the word with a neighbour, its position, the sentence around it.</summary>
    public static int Context(ReadOnlySpan<TokenInfo> t, int i, Span<ulong> output)
    {
        ref readonly TokenInfo w = ref t[i + 2];
        ref readonly TokenInfo m1 = ref t[i + 1];
        ref readonly TokenInfo p1 = ref t[i + 3];
        int n = 0;
        output[n++] = K(LowerM1Lower, m1.Lower, w.Lower);
        output[n++] = K(LowerLowerP1, w.Lower, p1.Lower);
        output[n++] = K(LowerM1LowerP1, m1.Lower, p1.Lower);
        output[n++] = K(AmbAmbP1, w.Ambiguity, p1.Ambiguity);
        if (i == 0)
            output[n++] = K(FirstShape, w.Shape);
        return n + Sentence(t, i, output[n..]);
    }

    /// <summary>Keys on the sentence around the word: the nearest auxiliary before it, the capitalisation profile.</summary>
    private static int Sentence(ReadOnlySpan<TokenInfo> t, int i, Span<ulong> output)
    {
        ref readonly TokenInfo w = ref t[i + 2];
        ulong aux = 0, distance = 0;
        for (int k = 1; k <= 4 && k <= i; k++)
        {
            if (t[i + 2 - k].Aux != 0)
            {
                aux = t[i + 2 - k].Aux;
                distance = (ulong)k;
                break;
            }
        }
        int n = 0;
        output[n++] = K(PrevAux, aux, distance);
        output[n++] = K(PrevAuxSuf2, aux, w.Suf2);
        output[n++] = K(SentenceShape, TaggerHash.Combine(w.Sentence, w.ShortShape), i == 0 ? 1UL : 0UL);
        return n;
    }

    /// <summary>The tag keys that depend on the previous two tags only (the same in both passes when those agree).</summary>
    public static int Previous(ReadOnlySpan<TokenInfo> t, int i, int prev1, int prev2, Span<ulong> output)
    {
        ref readonly TokenInfo w = ref t[i + 2];
        ref readonly TokenInfo p1 = ref t[i + 3];
        ulong tm1 = TagValue(prev1), tm2 = TagValue(prev2);
        int n = 0;
        output[n++] = K(TagM1, tm1);
        output[n++] = K(TagM2, tm2);
        output[n++] = K(TagM1M2, tm1, tm2);
        output[n++] = K(TagM1Lower, tm1, w.Lower);
        output[n++] = K(TagM1Suf3, tm1, w.Suf3);
        output[n++] = K(TagM1Shape, tm1, w.ShortShape);
        output[n++] = K(TagM1AmbP1, tm1, p1.Ambiguity);
        output[n++] = K(TagM2TagM1Amb, TaggerHash.Combine(tm2, tm1), w.Ambiguity);
        if (!w.Known)
            output[n++] = K(TagM1Guess1, tm1, w.Guess1);
        return n;
    }

    /// <summary>The second pass's keys on the first pass's next two tags (none in the first pass).</summary>
    public static int Next(ReadOnlySpan<TokenInfo> t, int i, int prev1, int next1, int next2, Span<ulong> output)
    {
        ref readonly TokenInfo w = ref t[i + 2];
        ulong tm1 = TagValue(prev1);
        int n = 0;
        if (next1 != NoTag)
        {
            ulong tp1 = TagValue(next1), tp2 = TagValue(next2);
            output[n++] = K(TagP1, tp1);
            output[n++] = K(TagP2, tp2);
            output[n++] = K(TagP1P2, tp1, tp2);
            output[n++] = K(TagM1TagP1, tm1, tp1);
            output[n++] = K(TagP1Lower, tp1, w.Lower);
            output[n++] = K(TagP1Suf3, tp1, w.Suf3);
        }
        return n;
    }

    /// <summary>
    /// Features of the FEATS head for word <paramref name="i"/>, given the predicted tags of the whole sentence
    /// (<paramref name="tags"/>, unpadded).
    /// </summary>
    public static int Feats(ReadOnlySpan<TokenInfo> t, ReadOnlySpan<int> tags, int i, Span<ulong> output)
    {
        ref readonly TokenInfo w = ref t[i + 2];
        ulong tag = TagValue(tags[i]);
        ulong TagAt(ReadOnlySpan<int> ts, int j) => j < 0 || j >= ts.Length ? TagValue(-1) : TagValue(ts[j]);
        ulong LowerAt(ReadOnlySpan<TokenInfo> ti, int j) => ti[Math.Clamp(j + 2, 0, ti.Length - 1)].Lower;
        int n = 0;
        output[n++] = K(FTag, tag);
        output[n++] = K(FTagLower, tag, w.Lower);
        output[n++] = K(FTagWord, tag, w.Word);
        output[n++] = K(FTagSuf1, tag, w.Suf1);
        output[n++] = K(FTagSuf2, tag, w.Suf2);
        output[n++] = K(FTagSuf3, tag, w.Suf3);
        output[n++] = K(FTagSuf4, tag, w.Suf4);
        output[n++] = K(FTagShape, tag, w.Shape);
        output[n++] = K(FTagLex, tag, w.Lexicon);
        output[n++] = K(FTagM1, tag, TagAt(tags, i - 1));
        output[n++] = K(FTagTagM2, tag, TagAt(tags, i - 2));
        output[n++] = K(FTagTagM3, tag, TagAt(tags, i - 3));
        output[n++] = K(FTagTagM4, tag, TagAt(tags, i - 4));
        output[n++] = K(FTagP1, tag, TagAt(tags, i + 1));
        output[n++] = K(FTagTagP2, tag, TagAt(tags, i + 2));
        output[n++] = K(FTagTagM1TagM2, tag, TaggerHash.Combine(TagAt(tags, i - 1), TagAt(tags, i - 2)));
        output[n++] = K(FTagLowerM1, tag, LowerAt(t, i - 1));
        output[n++] = K(FTagLowerM2, tag, LowerAt(t, i - 2));
        output[n++] = K(FTagLowerM3, tag, LowerAt(t, i - 3));
        output[n++] = K(FTagLowerM4, tag, LowerAt(t, i - 4));
        output[n++] = K(FTagLowerP1, tag, LowerAt(t, i + 1));
        output[n++] = K(FTagLowerP2, tag, LowerAt(t, i + 2));
        return n;
    }
}
