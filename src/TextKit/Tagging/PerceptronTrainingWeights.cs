using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace TextKit.Tagging;

/// <summary>
/// Weights of a multi-class averaged perceptron while it trains (Collins 2002; lazy averaging with per-weight
/// timestamps, as in Daumé's "A Course in Machine Learning" and Honnibal's tagger). A feature's row starts sparse
/// (the few classes it was updated for, stored contiguously in a pool) and turns dense once it holds many classes,
/// which keeps memory proportional to the updates on 400-tag corpora while frequent features are added with SIMD.
/// <see cref="Freeze"/> turns the averages into the compact inference table <see cref="PerceptronWeights"/>.
/// </summary>
internal sealed class PerceptronTrainingWeights : IFeatureScorer
{
    private readonly int _classCount;
    private readonly int _stride;          // dense row length (class count rounded up to whole vectors)
    private readonly int _denseThreshold;  // a sparse row with more entries becomes dense

    // Open-addressing table: key -> feature index.
    private ulong[] _keys = new ulong[1 << 16];
    private int[] _index = new int[1 << 16];
    private int _featureCount;

    // Per feature: sparse rows live in the pool at [start, start + count) with room for capacity entries;
    // dense rows have capacity -1 and start = offset in the dense arrays.
    private int[] _start = new int[1 << 15];
    private int[] _count = new int[1 << 15];
    private int[] _capacity = new int[1 << 15];

    private int[] _cls = new int[1 << 16];
    private float[] _w = new float[1 << 16];
    private double[] _total = new double[1 << 16];
    private int[] _stamp = new int[1 << 16];
    private int _poolUsed;

    private float[] _dw = [];
    private double[] _dtotal = [];
    private int[] _dstamp = [];
    private int _denseUsed;

    private int _clock;

    public PerceptronTrainingWeights(int classCount)
    {
        _classCount = classCount;
        _stride = (classCount + Vector<float>.Count - 1) / Vector<float>.Count * Vector<float>.Count;
        _denseThreshold = Math.Max(8, classCount / 8);
    }

    public int ClassCount => _classCount;

    public int ScoreLength => _stride;

    public int FeatureCount => _featureCount;

    /// <summary>Number of updates so far: the averaging clock.</summary>
    public int Clock => _clock;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Stored(ulong key) => key == 0 ? 0x8000000000000001UL : key;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Find(ulong key) => Probe(Stored(key), out _);

    /// <summary>The feature index of a stored key, or -1 with <paramref name="slot"/> the empty slot where it would go.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Probe(ulong stored, out int slot)
    {
        int mask = _keys.Length - 1;
        int b = (int)(stored >> 21) & mask;
        while (true)
        {
            ulong k = _keys[b];
            if (k == stored)
            {
                slot = b;
                return _index[b];
            }
            if (k == 0)
            {
                slot = b;
                return -1;
            }
            b = (b + 1) & mask;
        }
    }

    private int FindOrAdd(ulong key)
    {
        ulong stored = Stored(key);
        int found = Probe(stored, out int b);
        if (found >= 0)
            return found;
        int f = _featureCount++;
        if (f == _start.Length)
        {
            Array.Resize(ref _start, f * 2);
            Array.Resize(ref _count, f * 2);
            Array.Resize(ref _capacity, f * 2);
        }
        _start[f] = 0;
        _count[f] = 0;
        _capacity[f] = 0;
        _keys[b] = stored;
        _index[b] = f;
        if (_featureCount * 2 > _keys.Length)
            Rehash();
        return f;
    }

    private void Rehash()
    {
        var oldKeys = _keys;
        var oldIndex = _index;
        _keys = new ulong[oldKeys.Length * 2];
        _index = new int[oldKeys.Length * 2];
        int mask = _keys.Length - 1;
        for (int i = 0; i < oldKeys.Length; i++)
        {
            if (oldKeys[i] == 0)
                continue;
            int b = (int)(oldKeys[i] >> 21) & mask;
            while (_keys[b] != 0)
                b = (b + 1) & mask;
            _keys[b] = oldKeys[i];
            _index[b] = oldIndex[i];
        }
    }

    /// <summary>Adds the current weights of <paramref name="features"/> to <paramref name="scores"/> (length ≥ <see cref="ScoreLength"/>).</summary>
    public void Score(ReadOnlySpan<ulong> features, Span<float> scores) => Score(features, scores, averaged: false, 1);

    private unsafe void Score(ReadOnlySpan<ulong> features, Span<float> scores, bool averaged, int clock)
    {
        if (scores.Length < _stride)
            throw new ArgumentException("The score buffer is shorter than ScoreLength.", nameof(scores));
        if (Sse.IsSupported)
        {
            int mask = _keys.Length - 1;
            fixed (ulong* keys = _keys)
                foreach (var key in features)
                    Sse.Prefetch0(keys + ((int)(Stored(key) >> 21) & mask));
        }
        foreach (var key in features)
        {
            int f = Find(key);
            if (f < 0)
                continue;
            int start = _start[f];
            if (_capacity[f] < 0)
            {
                if (!averaged)
                {
                    var row = _dw.AsSpan(start, _stride);
                    for (int c = 0; c < _stride; c += Vector<float>.Count)
                        (new Vector<float>(scores[c..]) + new Vector<float>(row[c..])).CopyTo(scores[c..]);
                }
                else
                {
                    for (int c = 0; c < _classCount; c++)
                        scores[c] += Average(_dw[start + c], _dtotal[start + c], _dstamp[start + c], clock);
                }
            }
            else
            {
                int end = start + _count[f];
                for (int e = start; e < end; e++)
                    scores[_cls[e]] += averaged ? Average(_w[e], _total[e], _stamp[e], clock) : _w[e];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Average(float w, double total, int stamp, int clock) => (float)((total + (double)(clock - stamp) * w) / clock);

    /// <summary>A scorer with the averaged weights as of now (for dev evaluation between iterations).</summary>
    public IFeatureScorer Averaged() => new AveragedView(this, Math.Max(1, _clock));

    private sealed class AveragedView(PerceptronTrainingWeights owner, int clock) : IFeatureScorer
    {
        public int ClassCount => owner._classCount;

        public int ScoreLength => owner._stride;

        public void Score(ReadOnlySpan<ulong> features, Span<float> scores) => owner.Score(features, scores, averaged: true, clock);
    }

    /// <summary>One perceptron step: advances the clock and, when <paramref name="guess"/> differs from <paramref name="truth"/>, moves weights.</summary>
    public void Update(ReadOnlySpan<ulong> features, int truth, int guess)
    {
        _clock++;
        if (truth == guess)
            return;
        foreach (var key in features)
        {
            int f = FindOrAdd(key);
            Add(f, truth, 1f);
            Add(f, guess, -1f);
        }
    }

    private void Add(int f, int cls, float delta)
    {
        if (_capacity[f] < 0)
        {
            int d = _start[f] + cls;
            _dtotal[d] += (double)(_clock - _dstamp[d]) * _dw[d];
            _dstamp[d] = _clock;
            _dw[d] += delta;
            return;
        }
        int start = _start[f], count = _count[f];
        int e = start;
        int end = start + count;
        while (e < end && _cls[e] != cls)
            e++;
        if (e == end)
        {
            if (count == _denseThreshold)
            {
                MakeDense(f);
                Add(f, cls, delta);
                return;
            }
            if (count == _capacity[f])
                e = Grow(f) + count;
            _cls[e] = cls;
            _w[e] = 0;
            _total[e] = 0;
            _stamp[e] = _clock;
            _count[f] = count + 1;
        }
        _total[e] += (double)(_clock - _stamp[e]) * _w[e];
        _stamp[e] = _clock;
        _w[e] += delta;
    }

    /// <summary>Moves a full sparse row to the end of the pool with twice the room; returns its new start.</summary>
    private int Grow(int f)
    {
        int capacity = Math.Max(2, _capacity[f] * 2);
        EnsurePool(_poolUsed + capacity);
        int oldStart = _start[f], count = _count[f], start = _poolUsed;
        Array.Copy(_cls, oldStart, _cls, start, count);
        Array.Copy(_w, oldStart, _w, start, count);
        Array.Copy(_total, oldStart, _total, start, count);
        Array.Copy(_stamp, oldStart, _stamp, start, count);
        _poolUsed += capacity;
        _start[f] = start;
        _capacity[f] = capacity;
        return start;
    }

    private void EnsurePool(int size)
    {
        if (size <= _cls.Length)
            return;
        int n = Math.Max(size, _cls.Length * 2);
        Array.Resize(ref _cls, n);
        Array.Resize(ref _w, n);
        Array.Resize(ref _total, n);
        Array.Resize(ref _stamp, n);
    }

    private void MakeDense(int f)
    {
        int offset = _denseUsed;
        _denseUsed += _stride;
        if (_denseUsed > _dw.Length)
        {
            int n = Math.Max(_denseUsed, _dw.Length * 2);
            Array.Resize(ref _dw, n);
            Array.Resize(ref _dtotal, n);
            Array.Resize(ref _dstamp, n);
        }
        // Classes never updated have weight 0; their stamp does not matter (the lazy average of 0 adds nothing).
        for (int e = _start[f]; e < _start[f] + _count[f]; e++)
        {
            int d = offset + _cls[e];
            _dw[d] = _w[e];
            _dtotal[d] = _total[e];
            _dstamp[d] = _stamp[e];
        }
        _start[f] = offset;
        _count[f] = _classCount;
        _capacity[f] = -1;
    }

    /// <summary>
    /// The averaged weights as an inference table. Weights whose absolute average is below
    /// <paramref name="minAbsWeight"/> are dropped, and features left without weights disappear.
    /// </summary>
    public PerceptronWeights Freeze(float minAbsWeight)
    {
        int clock = Math.Max(1, _clock);
        var featureKeys = new ulong[_featureCount];
        for (int b = 0; b < _keys.Length; b++)
            if (_keys[b] != 0)
                featureKeys[_index[b]] = _keys[b] == 0x8000000000000001UL ? 0 : _keys[b];
        // Keys are stored with PerceptronWeights.KeyBits bits: features whose masked keys collide (rare) are merged by
        // summing their weights. Rows are emitted in masked-key order, which makes the frozen table independent of
        // the training table's insertion history.
        var byMasked = Enumerable.Range(0, _featureCount)
            .Select(f => (Masked: featureKeys[f] & PerceptronWeights.KeyMask, Feature: f))
            .OrderBy(p => p.Masked).ThenBy(p => p.Feature).ToArray();
        var builder = new PerceptronWeights.Builder(_classCount, minAbsWeight);
        var row = new SortedDictionary<int, float>();
        for (int i = 0; i < byMasked.Length;)
        {
            ulong masked = byMasked[i].Masked;
            row.Clear();
            for (; i < byMasked.Length && byMasked[i].Masked == masked; i++)
            {
                int f = byMasked[i].Feature;
                int start = _start[f];
                if (_capacity[f] < 0)
                {
                    for (int c = 0; c < _classCount; c++)
                        if (_dw[start + c] != 0 || _dtotal[start + c] != 0)
                            row[c] = row.GetValueOrDefault(c) + Average(_dw[start + c], _dtotal[start + c], _dstamp[start + c], clock);
                }
                else
                {
                    for (int e = start; e < start + _count[f]; e++)
                        row[_cls[e]] = row.GetValueOrDefault(_cls[e]) + Average(_w[e], _total[e], _stamp[e], clock);
                }
            }
            builder.AddRow(masked, row.Select(kv => KeyValuePair.Create(kv.Key, (double)kv.Value)));
        }
        return builder.Build();
    }
}
