namespace TextKit.Neural.Tokenizers.Internal;

/// <summary>Growable struct-of-arrays list of the tokens of one segment: id, offsets into the original text, word index.</summary>
internal sealed class TokenBuffer
{
    public int[] Ids = new int[64];
    public int[] Starts = new int[64];
    public int[] Ends = new int[64];
    public int[] Words = new int[64];
    public int Count;

    public void Clear() => Count = 0;

    public void Add(int id, int start, int end, int word)
    {
        if (Count == Ids.Length) Grow();
        Ids[Count] = id;
        Starts[Count] = start;
        Ends[Count] = end;
        Words[Count] = word;
        Count++;
    }

    private void Grow()
    {
        int n = Ids.Length * 2;
        Array.Resize(ref Ids, n);
        Array.Resize(ref Starts, n);
        Array.Resize(ref Ends, n);
        Array.Resize(ref Words, n);
    }

    /// <summary>Per-thread scratch buffers (two: one per segment of a pair), so encoding allocates only its result.</summary>
    [ThreadStatic] private static TokenBuffer? t_first;
    [ThreadStatic] private static TokenBuffer? t_second;

    public static TokenBuffer RentFirst() { var b = t_first ??= new TokenBuffer(); b.Clear(); return b; }
    public static TokenBuffer RentSecond() { var b = t_second ??= new TokenBuffer(); b.Clear(); return b; }
}
