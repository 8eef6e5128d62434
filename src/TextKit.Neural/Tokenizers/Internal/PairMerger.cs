namespace TextKit.Neural.Tokenizers.Internal;

/// <summary>
/// Pair statistics for BPE-style vocabulary training (Sennrich et al. 2016; HF tokenizers' BpeTrainer): weighted
/// pair counts, the words each pair occurs in, incremental updates after a merge, and a lazy max-heap. Ties go to
/// the pair with the smaller ids, so results are deterministic.
/// </summary>
internal sealed class PairMerger
{
    private readonly List<int>[] _words;
    private readonly long[] _counts;
    private readonly WordPieceScoring _scoring;
    private readonly Dictionary<long, long> _pairCounts = [];
    private readonly Dictionary<long, HashSet<int>> _where = [];
    private readonly Dictionary<int, long> _symbolFreq = [];
    private readonly PriorityQueue<long, (long NegativeCount, long Key)> _heap = new();

    public PairMerger(List<int>[] words, long[] counts, WordPieceScoring scoring)
    {
        _words = words;
        _counts = counts;
        _scoring = scoring;
        var touched = new HashSet<long>();
        for (int w = 0; w < words.Length; w++)
        {
            var s = words[w];
            for (int i = 0; i < s.Count; i++) _symbolFreq[s[i]] = _symbolFreq.GetValueOrDefault(s[i]) + counts[w];
            for (int i = 0; i + 1 < s.Count; i++) AddPair(Key(s[i], s[i + 1]), counts[w], w, touched);
        }
        Push(touched);
    }

    private static long Key(int a, int b) => ((long)a << 32) | (uint)b;

    private void AddPair(long key, long count, int word, HashSet<long> touched)
    {
        _pairCounts[key] = _pairCounts.GetValueOrDefault(key) + count;
        if (!_where.TryGetValue(key, out var set)) _where[key] = set = [];
        set.Add(word);
        touched.Add(key);
    }

    private void RemovePair(long key, long count, int word, HashSet<long> touched)
    {
        _pairCounts[key] -= count;
        _where[key].Remove(word);
        touched.Add(key);
    }

    private void Push(HashSet<long> keys)
    {
        if (_scoring != WordPieceScoring.Frequency) return;
        foreach (long k in keys)
        {
            long c = _pairCounts[k];
            if (c > 0) _heap.Enqueue(k, (-c, k));
        }
    }

    /// <summary>The best pair occurring at least <paramref name="minCount"/> times and its count; false when there is none.</summary>
    public bool TryBest(long minCount, out int a, out int b, out long count)
    {
        a = b = -1; count = 0;
        if (_scoring == WordPieceScoring.Frequency)
        {
            while (_heap.TryPeek(out long key, out var priority))
            {
                if (_pairCounts.TryGetValue(key, out long c) && c == -priority.NegativeCount && c > 0)
                {
                    if (c < minCount) return false; // the most frequent pair is too rare: so is every other
                    a = (int)(key >> 32); b = (int)(uint)key; count = c;
                    return true;
                }
                _heap.Dequeue(); // stale: the pair's count changed, and a fresh entry was pushed then
            }
            return false;
        }
        double bestScore = double.NegativeInfinity;
        long bestKey = 0;
        foreach (var (key, c) in _pairCounts)
        {
            if (c <= 0 || c < minCount) continue;
            int x = (int)(key >> 32), y = (int)(uint)key;
            double score = c / ((double)_symbolFreq[x] * _symbolFreq[y]);
            if (score > bestScore || score == bestScore && (c > count || c == count && key < bestKey))
            {
                bestScore = score; bestKey = key; count = c;
            }
        }
        if (double.IsNegativeInfinity(bestScore)) return false;
        a = (int)(bestKey >> 32); b = (int)(uint)bestKey;
        return true;
    }

    /// <summary>Replaces every (a, b) by <paramref name="merged"/> in the words that have it and updates the statistics.</summary>
    public void Merge(int a, int b, int merged)
    {
        long key = Key(a, b);
        if (!_where.TryGetValue(key, out var set) || set.Count == 0) return;
        var touched = new HashSet<long>();
        foreach (int w in set.ToArray())
        {
            var s = _words[w];
            long c = _counts[w];
            for (int i = 0; i + 1 < s.Count; i++) RemovePair(Key(s[i], s[i + 1]), c, w, touched);
            var next = new List<int>(s.Count);
            for (int i = 0; i < s.Count; i++)
            {
                if (i + 1 < s.Count && s[i] == a && s[i + 1] == b)
                {
                    next.Add(merged);
                    _symbolFreq[a] -= c;
                    _symbolFreq[b] -= c;
                    _symbolFreq[merged] = _symbolFreq.GetValueOrDefault(merged) + c;
                    i++;
                }
                else
                {
                    next.Add(s[i]);
                }
            }
            _words[w] = next;
            for (int i = 0; i + 1 < next.Count; i++) AddPair(Key(next[i], next[i + 1]), c, w, touched);
        }
        Push(touched);
    }
}
