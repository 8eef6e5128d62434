using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TextKit.Tagging;

/// <summary>
/// Brown clustering (Brown et al. 1992, "Class-based n-gram models of natural language"), with the windowed
/// agglomeration of Liang (2005, "Semi-supervised learning for natural language", MIT MEng thesis): words are added
/// in order of frequency to a window of <c>clusters + 1</c> active clusters, and after each addition the pair whose
/// merge loses the least average mutual information between adjacent clusters is merged. The merge history forms a
/// binary tree; a word's cluster is its path of 0/1 branches from the root (<see cref="WordClusters"/>).
/// Time O(V · C²) for V words and C clusters; memory O(C² + bigram types).
/// </summary>
public static class BrownClustering
{
    /// <summary>
    /// Clusters the words seen at least <paramref name="minCount"/> times in <paramref name="sentences"/>
    /// (lower-cased invariantly) into a hierarchy with <paramref name="clusters"/> leaves-level clusters.
    /// </summary>
    public static WordClusters Train(IEnumerable<IReadOnlyList<string>> sentences, int clusters = 256, int minCount = 3,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        ArgumentOutOfRangeException.ThrowIfLessThan(clusters, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(minCount, 1);

        // 1. Vocabulary by frequency (ties: ordinal), then bigram counts between kept words.
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var lowered = new List<string[]>();
        foreach (var sentence in sentences)
        {
            var words = new string[sentence.Count];
            for (int i = 0; i < words.Length; i++)
            {
                words[i] = sentence[i].ToLowerInvariant();
                counts[words[i]] = counts.GetValueOrDefault(words[i]) + 1;
            }
            lowered.Add(words);
        }
        var vocabulary = counts.Where(kv => kv.Value >= minCount)
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => kv.Key).ToArray();
        int v = vocabulary.Length;
        if (v == 0)
            return new WordClusters(new Dictionary<string, string>());
        var id = new Dictionary<string, int>(v, StringComparer.Ordinal);
        for (int i = 0; i < v; i++)
            id[vocabulary[i]] = i;
        var bigrams = new Dictionary<long, long>();
        long total = 0;
        var unigram = new long[v];
        foreach (var words in lowered)
        {
            int prev = -1;
            foreach (var w in words)
            {
                int cur = id.GetValueOrDefault(w, -1);
                if (cur >= 0 && prev >= 0)
                {
                    long key = (long)prev * v + cur;
                    bigrams[key] = bigrams.GetValueOrDefault(key) + 1;
                    unigram[prev]++;
                    unigram[cur]++;
                    total += 2;
                }
                prev = cur;
            }
        }
        lowered.Clear();
        // Neighbour lists per word: right[w] = (x, count of w x), left[w] = (x, count of x w).
        var right = new List<(int Word, long Count)>[v];
        var left = new List<(int Word, long Count)>[v];
        for (int i = 0; i < v; i++)
        {
            right[i] = [];
            left[i] = [];
        }
        foreach (var (key, c) in bigrams.OrderBy(kv => kv.Key))
        {
            int a = (int)(key / v), b = (int)(key % v);
            right[a].Add((b, c));
            left[b].Add((a, c));
        }
        bigrams.Clear();

        var state = new State(Math.Min(clusters, v), total <= 0 ? 1 : total / 2.0);
        int initial = Math.Min(clusters, v);
        var slotOfWord = new int[v];
        Array.Fill(slotOfWord, -1);
        for (int w = 0; w < initial; w++)
        {
            state.Place(w, 0, unigram[w] / 2.0, w);
            slotOfWord[w] = w;
        }
        for (int w = 0; w < initial; w++)
            state.AddWordCounts(w, slotOfWord, right[w], left[w], upTo: initial);
        state.InitializeAll();

        // Windowed phase: every further word enters as its own cluster, then the best pair merges; the words of a
        // cluster form a flat set (Liang 2005), so these merges are not part of the hierarchy.
        for (int w = initial; w < v; w++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int slot = state.FreeSlot;
            state.Place(slot, 0, unigram[w] / 2.0, w);
            slotOfWord[w] = slot;
            state.AddWordCounts(slot, slotOfWord, right[w], left[w], upTo: w + 1, wordIndex: w);
            state.AfterAdd(slot);
            var (a, b) = state.BestPair();
            state.Merge(a, b, 0, slotOfWord);
            if (progress is not null && (w % 1000 == 0 || w == v - 1))
                progress.Report((w + 1, v));
        }

        // Final phase: the remaining clusters are merged down to one; these merges form the binary tree whose
        // root-to-leaf paths name the clusters.
        var leafOfSlot = new Dictionary<int, int>();
        var nodes = new List<(int Left, int Right)>();
        int leafCount = 0;
        for (int s = 0; s < initial + 1; s++)
            if (state.IsActive(s))
                leafOfSlot[s] = leafCount++;
        for (int s = 0; s < initial + 1; s++)
            if (state.IsActive(s))
                state.SetNode(s, leafOfSlot[s]);
        var clusterOfWord = new int[v];
        for (int w = 0; w < v; w++)
            clusterOfWord[w] = leafOfSlot[slotOfWord[w]];
        while (state.ActiveCount > 1)
        {
            var (a, b) = state.BestPair();
            nodes.Add((state.Node(a), state.Node(b)));
            state.Merge(a, b, leafCount + nodes.Count - 1, slotOfWord);
        }
        var leafPaths = new string[leafCount];
        var stack = new Stack<(int Node, string Path)>();
        stack.Push((leafCount + nodes.Count - 1, ""));
        while (stack.Count > 0)
        {
            var (node, path) = stack.Pop();
            if (node < leafCount)
            {
                leafPaths[node] = path.Length == 0 ? "0" : path;
                continue;
            }
            var (l, r) = nodes[node - leafCount];
            stack.Push((l, path + "0"));
            stack.Push((r, path + "1"));
        }
        var paths = new Dictionary<string, string>(v, StringComparer.Ordinal);
        for (int w = 0; w < v; w++)
            paths[vocabulary[w]] = leafPaths[clusterOfWord[w]];
        return new WordClusters(paths);
    }

    /// <summary>
    /// The window of active clusters: bigram probabilities P[s,t] between them (and the transpose, for contiguous
    /// columns), their mutual-information terms Q, per-slot sums of Q, and the merge losses L (Liang 2005, §3.2),
    /// all kept up to date incrementally. Inactive slots have all-zero rows and columns, so loops can run over every
    /// slot; the inner loops are vectorized over the second cluster of a pair.
    /// </summary>
    private sealed class State
    {
        private readonly int _n;        // slots: clusters + 1, padded to whole vectors in row length _w
        private readonly int _w;        // row stride (multiple of the vector width)
        private readonly double _total; // number of bigrams
        private readonly double[] _p1;  // unigram probability of a slot's cluster
        private readonly double[] _p;   // P[s * _w + t] = p(s followed by t)
        private readonly double[] _pt;  // transpose: _pt[t * _w + s] = P[s, t]
        private readonly double[] _q;   // Q[s * _w + t] = g(P[s,t], p1[s] p1[t])
        private readonly double[] _qr;  // Σ_x Q[s,x] + Q[x,s]
        private readonly double[] _l;   // merge loss of (s, t), s < t, at [s * _w + t]
        private readonly int[] _node;
        private readonly bool[] _active;
        private readonly List<int>[] _members;
        // Scratch rows for the vectorized updates.
        private readonly double[] _ra, _ca, _rb, _cb, _rab, _cab, _qa, _qb, _qab, _rw, _cw, _qw;

        public State(int clusters, double total)
        {
            _n = clusters + 1;
            _w = (_n + Vector256<double>.Count - 1) / Vector256<double>.Count * Vector256<double>.Count;
            _total = total;
            _p1 = new double[_w];
            _p = new double[_w * _w];
            _pt = new double[_w * _w];
            _q = new double[_w * _w];
            _qr = new double[_w];
            _l = new double[_w * _w];
            _node = new int[_n];
            _active = new bool[_n];
            _members = new List<int>[_n];
            for (int i = 0; i < _n; i++)
                _members[i] = [];
            _ra = new double[_w]; _ca = new double[_w]; _rb = new double[_w]; _cb = new double[_w];
            _rab = new double[_w]; _cab = new double[_w]; _qa = new double[_w]; _qb = new double[_w]; _qab = new double[_w];
            _rw = new double[_w]; _cw = new double[_w]; _qw = new double[_w];
        }

        public int ActiveCount => _active.Count(a => a);

        public int FreeSlot => Array.IndexOf(_active, false);

        public int Node(int slot) => _node[slot];

        public bool IsActive(int slot) => _active[slot];

        public void SetNode(int slot, int node) => _node[slot] = node;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static double G(double p, double d) => p > 0 ? p * Math.Log(p / d) : 0;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<double> G(Vector256<double> p, Vector256<double> d)
        {
            var value = p * Vector256.Log(p / d);
            return Vector256.ConditionalSelect(Vector256.GreaterThan(p, Vector256<double>.Zero), value, Vector256<double>.Zero);
        }

        public void Place(int slot, int node, double count, int word)
        {
            _active[slot] = true;
            _node[slot] = node;
            _members[slot].Clear();
            _members[slot].Add(word);
            _p1[slot] = count / _total;
        }

        /// <summary>Adds the bigram counts of the word in <paramref name="slot"/> with words already clustered.</summary>
        public void AddWordCounts(int slot, int[] slotOfWord, List<(int Word, long Count)> right, List<(int Word, long Count)> left, int upTo, int wordIndex = -1)
        {
            foreach (var (x, c) in right)
            {
                if (x >= upTo || slotOfWord[x] < 0)
                    continue;
                Add(slot, slotOfWord[x], c / _total);
            }
            if (wordIndex < 0)
                return; // initial words: each bigram is counted once, from its left word
            foreach (var (x, c) in left)
            {
                if (x >= upTo || slotOfWord[x] < 0 || x == wordIndex)
                    continue; // x == wordIndex: the self-bigram was counted from the right list
                Add(slotOfWord[x], slot, c / _total);
            }
        }

        private void Add(int s, int t, double p)
        {
            _p[s * _w + t] += p;
            _pt[t * _w + s] += p;
        }

        private void ComputeQ(int s)
        {
            for (int t = 0; t < _n; t++)
            {
                _q[s * _w + t] = _active[t] ? G(_p[s * _w + t], _p1[s] * _p1[t]) : 0;
                _q[t * _w + s] = _active[t] ? G(_p[t * _w + s], _p1[t] * _p1[s]) : 0;
            }
        }

        private double RowSum(int s)
        {
            double sum = 0;
            for (int x = 0; x < _n; x++)
                sum += _q[s * _w + x] + _q[x * _w + s];
            return sum;
        }

        /// <summary>qm(s∪t, x) for one x: the q terms of the merged cluster against x, both directions.</summary>
        private double QMerged(int s, int t, int x)
        {
            double d = (_p1[s] + _p1[t]) * _p1[x];
            return G(_p[s * _w + x] + _p[t * _w + x], d) + G(_pt[s * _w + x] + _pt[t * _w + x], d);
        }

        /// <summary>Loss of merging s and t, from scratch: O(C), vectorized over the other clusters.</summary>
        private double Loss(int s, int t)
        {
            double pst = _p1[s] + _p1[t];
            double removed = _qr[s] + _qr[t] - _q[s * _w + s] - _q[t * _w + t] - _q[s * _w + t] - _q[t * _w + s];
            double self = G(_p[s * _w + s] + _p[s * _w + t] + _p[t * _w + s] + _p[t * _w + t], pst * pst);
            var acc = Vector256<double>.Zero;
            var vpst = Vector256.Create(pst);
            int width = Vector256<double>.Count;
            for (int x = 0; x < _w; x += width)
            {
                var d = vpst * Vector256.LoadUnsafe(ref _p1[x]);
                var forward = Vector256.LoadUnsafe(ref _p[s * _w + x]) + Vector256.LoadUnsafe(ref _p[t * _w + x]);
                var backward = Vector256.LoadUnsafe(ref _pt[s * _w + x]) + Vector256.LoadUnsafe(ref _pt[t * _w + x]);
                acc += G(forward, d) + G(backward, d);
            }
            double added = Vector256.Sum(acc) - QMerged(s, t, s) - QMerged(s, t, t) + self;
            return removed - added;
        }

        public void InitializeAll()
        {
            for (int s = 0; s < _n; s++)
                if (_active[s])
                    ComputeQ(s);
            for (int s = 0; s < _n; s++)
                _qr[s] = RowSum(s);
            for (int s = 0; s < _n; s++)
                for (int t = s + 1; t < _n; t++)
                    if (_active[s] && _active[t])
                        _l[s * _w + t] = Loss(s, t);
        }

        /// <summary>After a new cluster enters slot <paramref name="w"/>: its q terms, the change it makes to other pairs' losses, and its own losses.</summary>
        public void AfterAdd(int w)
        {
            ComputeQ(w);
            for (int x = 0; x < _n; x++)
                if (x != w)
                    _qr[x] += _q[x * _w + w] + _q[w * _w + x];
            _qr[w] = RowSum(w);
            // L(s,t) += T(s,t,w) = Q[s,w]+Q[w,s]+Q[t,w]+Q[w,t] - qm(s∪t, w), for s, t ≠ w.
            for (int t = 0; t < _w; t++)
            {
                _rw[t] = _pt[w * _w + t];          // P[t, w]
                _cw[t] = _p[w * _w + t];           // P[w, t]
                _qw[t] = t < _n ? _q[t * _w + w] + _q[w * _w + t] : 0;
            }
            UpdatePairs(w, -1, (s, t0) => PairTermDelta(s, t0, _p1[w], _rw, _cw, _qw, sign: 1));
            for (int s = 0; s < _n; s++)
                if (_active[s] && s != w)
                    SetLoss(s, w, Loss(Math.Min(s, w), Math.Max(s, w)));
        }

        /// <summary>
        /// sign · T(s, t, x) for t = t0..t0+width-1, where x is described by its column P[·,x] (<paramref name="col"/>),
        /// row P[x,·] (<paramref name="row"/>), unigram <paramref name="p1x"/> and Q[t,x]+Q[x,t] (<paramref name="qx"/>).
        /// </summary>
        private Vector256<double> PairTermDelta(int s, int t0, double p1x, double[] col, double[] row, double[] qx, double sign)
        {
            var d = (Vector256.Create(_p1[s]) + Vector256.LoadUnsafe(ref _p1[t0])) * Vector256.Create(p1x);
            var forward = Vector256.Create(col[s]) + Vector256.LoadUnsafe(ref col[t0]);  // P[s,x] + P[t,x]
            var backward = Vector256.Create(row[s]) + Vector256.LoadUnsafe(ref row[t0]); // P[x,s] + P[x,t]
            var t = Vector256.Create(qx[s]) + Vector256.LoadUnsafe(ref qx[t0]) - G(forward, d) - G(backward, d);
            return t * Vector256.Create(sign);
        }

        /// <summary>Adds <paramref name="delta"/>(s, t0) to L(s, t) for active s and all t &gt; s (pairs with excluded slots are recomputed or dropped by the caller).</summary>
        private void UpdatePairs(int excludeA, int excludeB, Func<int, int, Vector256<double>> delta)
        {
            int width = Vector256<double>.Count;
            for (int s = 0; s < _n; s++)
            {
                if (!_active[s] || s == excludeA || s == excludeB)
                    continue;
                int t0 = (s + 1) / width * width;
                for (; t0 < _w; t0 += width)
                {
                    ref double target = ref _l[s * _w + t0];
                    (Vector256.LoadUnsafe(ref target) + delta(s, t0)).StoreUnsafe(ref target);
                }
            }
        }

        private void SetLoss(int s, int t, double value)
        {
            if (s < t) _l[s * _w + t] = value;
            else _l[t * _w + s] = value;
        }

        /// <summary>The active pair with the smallest loss (ties: smallest slots).</summary>
        public (int A, int B) BestPair()
        {
            double best = double.PositiveInfinity;
            int ba = -1, bb = -1;
            for (int s = 0; s < _n; s++)
            {
                if (!_active[s])
                    continue;
                for (int t = s + 1; t < _n; t++)
                {
                    if (_active[t] && _l[s * _w + t] < best)
                    {
                        best = _l[s * _w + t];
                        ba = s;
                        bb = t;
                    }
                }
            }
            return (ba, bb);
        }

        /// <summary>Merges slot b into slot a, updating P, Q and L incrementally (Liang 2005).</summary>
        public void Merge(int a, int b, int node, int[] slotOfWord)
        {
            double p1ab = _p1[a] + _p1[b];
            for (int t = 0; t < _w; t++)
            {
                _ra[t] = _pt[a * _w + t]; _ca[t] = _p[a * _w + t];   // P[t,a], P[a,t]
                _rb[t] = _pt[b * _w + t]; _cb[t] = _p[b * _w + t];
                _rab[t] = _ra[t] + _rb[t]; _cab[t] = _ca[t] + _cb[t];
                _qa[t] = t < _n ? _q[t * _w + a] + _q[a * _w + t] : 0;
                _qb[t] = t < _n ? _q[t * _w + b] + _q[b * _w + t] : 0;
                _qab[t] = t < _n && _active[t] && t != a && t != b ? G(_rab[t], _p1[t] * p1ab) + G(_cab[t], p1ab * _p1[t]) : 0;
            }
            // L(s,t) += T(s,t,a∪b) - T(s,t,a) - T(s,t,b) for s, t ∉ {a, b}.
            UpdatePairs(a, b, (s, t0) =>
                PairTermDelta(s, t0, p1ab, _rab, _cab, _qab, 1)
                + PairTermDelta(s, t0, _p1[a], _ra, _ca, _qa, -1)
                + PairTermDelta(s, t0, _p1[b], _rb, _cb, _qb, -1));
            // Row sums of the other clusters: replace the a and b terms by the a∪b term.
            for (int x = 0; x < _n; x++)
                if (x != a && x != b)
                    _qr[x] += _qab[x] - _qa[x] - _qb[x];
            // Merge the statistics into a; clear b.
            double paa = _p[a * _w + a] + _p[a * _w + b] + _p[b * _w + a] + _p[b * _w + b];
            for (int x = 0; x < _w; x++)
            {
                _p[a * _w + x] += _p[b * _w + x];
                _pt[a * _w + x] += _pt[b * _w + x];
            }
            for (int x = 0; x < _w; x++)
            {
                _p[x * _w + a] = _pt[a * _w + x];
                _pt[x * _w + a] = _p[a * _w + x];
            }
            _p[a * _w + a] = _pt[a * _w + a] = paa;
            for (int x = 0; x < _w; x++)
            {
                _p[b * _w + x] = _pt[b * _w + x] = _p[x * _w + b] = _pt[x * _w + b] = 0;
                _q[b * _w + x] = _q[x * _w + b] = 0;
            }
            _p1[a] = p1ab;
            _p1[b] = 0;
            _active[b] = false;
            _qr[b] = 0;
            _node[a] = node;
            foreach (int word in _members[b])
                slotOfWord[word] = a;
            _members[a].AddRange(_members[b]);
            _members[b].Clear();
            ComputeQ(a);
            _qr[a] = RowSum(a);
            for (int s = 0; s < _n; s++)
                if (_active[s] && s != a)
                    SetLoss(s, a, Loss(Math.Min(s, a), Math.Max(s, a)));
        }
    }
}
