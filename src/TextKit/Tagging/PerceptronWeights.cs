using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace TextKit.Tagging;

/// <summary>Adds per-class scores of a set of feature keys.</summary>
internal interface IFeatureScorer
{
    int ClassCount { get; }

    /// <summary>Length a score buffer must have (the class count rounded up to whole SIMD vectors).</summary>
    int ScoreLength { get; }

    void Score(ReadOnlySpan<ulong> features, Span<float> scores);

    /// <summary>Scores at least the <paramref name="candidates"/> classes (all when empty); other entries may be partial.</summary>
    void Score(ReadOnlySpan<ulong> features, Span<float> scores, ReadOnlySpan<int> candidates) => Score(features, scores);

    /// <summary>
    /// Scores several rows at once: the keys <c>features[ends[r - 1]..ends[r]]</c> (from 0 for r = 0) are added to
    /// <c>scores[rows[r]..]</c>, each row exactly as <see cref="Score(ReadOnlySpan{ulong}, Span{float})"/> would.
    /// </summary>
    void ScoreRows(ReadOnlySpan<ulong> features, ReadOnlySpan<int> ends, ReadOnlySpan<int> rows, Span<float> scores)
    {
        int start = 0;
        for (int r = 0; r < ends.Length; r++)
        {
            Score(features[start..ends[r]], scores.Slice(rows[r], ScoreLength));
            start = ends[r];
        }
    }
}

/// <summary>
/// Rows for one <see cref="IFeatureScorer.ScoreRows"/> call, collected one at a time: a row's keys are written into
/// <see cref="Free"/>, then <see cref="EndRow"/> records how many there were and where the row starts.
/// </summary>
internal ref struct RowBatch(Span<ulong> keys, Span<int> ends, Span<int> rows)
{
    private readonly Span<ulong> _keys = keys;
    private readonly Span<int> _ends = ends;
    private readonly Span<int> _rows = rows;
    private int _keyCount;
    private int _rowCount;

    /// <summary>Room for the next row's keys.</summary>
    public readonly Span<ulong> Free => _keys[_keyCount..];

    /// <summary>Closes a row of <paramref name="written"/> keys (written into <see cref="Free"/>) that adds to scores[<paramref name="row"/>..].</summary>
    public void EndRow(int written, int row)
    {
        _keyCount += written;
        _ends[_rowCount] = _keyCount;
        _rows[_rowCount++] = row;
    }

    /// <summary>Adds every row's keys to its row of <paramref name="scores"/>.</summary>
    public readonly void ScoreInto(IFeatureScorer weights, Span<float> scores)
    {
        if (_rowCount > 0)
            weights.ScoreRows(_keys[.._keyCount], _ends[.._rowCount], _rows[.._rowCount], scores);
    }
}

/// <summary>
/// Frozen (averaged) perceptron weights for inference: an open-addressing table from feature key to a row of
/// (class, weight) pairs. Rows are sparse because most features only ever voted for one or two classes. Immutable
/// and thread-safe.
/// </summary>
internal sealed class PerceptronWeights : IFeatureScorer
{
    // Keys are stored and looked up with their low KeyBits bits (see Quantize/serialization): 40 bits keep collisions
    // between a million features improbable (~0.5 expected pairs) and make sorted keys delta-encode in ~3 bytes.
    internal const int KeyBits = 40;
    internal const ulong KeyMask = (1UL << KeyBits) - 1;

    [StructLayout(LayoutKind.Sequential)]
    private struct Bucket
    {
        public ulong Key; // masked key + 1 (0 = empty)
        public int Start;
        public int Count;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct Entry
    {
        public int Class;
        public float Weight;
    }

    private readonly Bucket[] _table;
    private readonly int _mask;
    private readonly Entry[] _entries;
    private readonly float[] _dense;   // dense rows, each DenseStride floats (Count < 0 in the bucket)
    private readonly int _denseStride;
    private readonly ulong[] _keys;
    private readonly int[] _starts;

    /// <summary>Builds the table from rows sorted by key: row r has entries starts[r]..starts[r+1].</summary>
    public PerceptronWeights(int classCount, ulong[] keys, int[] starts, ushort[] classes, float[] weights)
    {
        ClassCount = classCount;
        _keys = keys;
        _starts = starts;
        _entries = new Entry[classes.Length];
        for (int i = 0; i < classes.Length; i++)
            _entries[i] = new Entry { Class = classes[i], Weight = weights[i] };
        // Rows with many classes (the features of frequent contexts: bias, common suffixes, previous tags) are stored
        // densely and added with SIMD; adding them entry by entry dominated tagging time.
        _denseStride = (classCount + Vector<float>.Count - 1) / Vector<float>.Count * Vector<float>.Count;
        int denseThreshold = Math.Max(8, classCount / 8);
        int denseRows = 0;
        for (int r = 0; r < keys.Length; r++)
            if (starts[r + 1] - starts[r] > denseThreshold)
                denseRows++;
        _dense = new float[denseRows * _denseStride];
        int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, keys.Length * 2));
        _table = new Bucket[capacity];
        _mask = capacity - 1;
        int dense = 0;
        for (int r = 0; r < keys.Length; r++)
        {
            ulong stored = (keys[r] & KeyMask) + 1;
            int b = Slot(stored);
            while (_table[b].Key != 0)
            {
                if (_table[b].Key == stored)
                    throw new InvalidOperationException("duplicate feature key in perceptron weights");
                b = (b + 1) & _mask;
            }
            int count = starts[r + 1] - starts[r];
            if (count > denseThreshold)
            {
                int offset = dense++ * _denseStride;
                for (int e = starts[r]; e < starts[r + 1]; e++)
                    _dense[offset + classes[e]] = weights[e];
                _table[b] = new Bucket { Key = stored, Start = offset, Count = -1 };
            }
            else
            {
                _table[b] = new Bucket { Key = stored, Start = starts[r], Count = count };
            }
        }
    }

    public int ClassCount { get; }

    public int FeatureCount => _keys.Length;

    public int WeightCount => _entries.Length;

    internal ReadOnlySpan<ulong> Keys => _keys;

    internal ReadOnlySpan<int> Starts => _starts;

    internal ReadOnlySpan<Entry> Entries => _entries;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(ulong stored) => (int)(TaggerHash.Mix(stored) >> 20) & _mask;

    /// <summary>Length a score buffer must have: the class count rounded up to whole SIMD vectors.</summary>
    public int ScoreLength => _denseStride;

    /// <summary>Adds the weights of every known feature in <paramref name="features"/> to <paramref name="scores"/> (see <see cref="ScoreBatch"/>).</summary>
    public void Score(ReadOnlySpan<ulong> features, Span<float> scores) => Score(features, scores, default);

    /// <summary>
    /// Like <see cref="Score(ReadOnlySpan{ulong}, Span{float})"/>, but when <paramref name="candidates"/> is not empty
    /// only those classes are guaranteed to be scored (dense rows add just them): for words whose possible tags are
    /// known, which is most tokens.
    /// </summary>
    public void Score(ReadOnlySpan<ulong> features, Span<float> scores, ReadOnlySpan<int> candidates)
    {
        if (scores.Length < _denseStride)
            throw new ArgumentException("The score buffer is shorter than ScoreLength.", nameof(scores));
        for (int start = 0; start < features.Length; start += MaxBatch)
        {
            var batch = features[start..Math.Min(features.Length, start + MaxBatch)];
            ScoreBatch(batch, new OneRow(), scores, candidates);
        }
    }

    /// <summary>
    /// <see cref="IFeatureScorer.ScoreRows"/> with the misses of all rows overlapped: the keys of many words are
    /// independent, so their buckets and then their rows are loaded together instead of a few keys at a time. Each
    /// row gets the same additions in the same order as a <see cref="Score(ReadOnlySpan{ulong}, Span{float})"/> call
    /// of its own (its dense rows in key order, then its sparse entries in key order), so the sums are identical.
    /// </summary>
    public void ScoreRows(ReadOnlySpan<ulong> features, ReadOnlySpan<int> ends, ReadOnlySpan<int> rows, Span<float> scores)
    {
        for (int r = 0; r < rows.Length; r++)
        {
            if ((uint)rows[r] > (uint)(scores.Length - _denseStride))
                throw new ArgumentException($"Row {r} does not fit in the score buffer.", nameof(scores));
        }
        int first = 0, start = 0;
        while (first < ends.Length)
        {
            // Whole rows per batch, up to MaxBatch keys; a row with more keys is scored alone, in batches.
            int last = first;
            while (last + 1 < ends.Length && ends[last + 1] - start <= MaxBatch)
                last++;
            if (ends[last] - start > MaxBatch)
                Score(features[start..ends[last]], scores.Slice(rows[first], _denseStride), default);
            else
                ScoreBatch(features[start..ends[last]], new ManyRows(ends[first..(last + 1)], start, rows[first..(last + 1)]), scores, default);
            start = ends[last];
            first = last + 1;
        }
    }

    /// <summary>Which row of the score buffer each key of a batch adds to (a struct type argument: compiled per kind).</summary>
    private interface IRowMap
    {
        /// <summary>Offset in the score buffer of the row that key <paramref name="i"/> of the batch adds to (i rising).</summary>
        int Next(int i);
    }

    /// <summary>Every key adds to the row at 0 (<see cref="Score(ReadOnlySpan{ulong}, Span{float}, ReadOnlySpan{int})"/>).</summary>
    private readonly struct OneRow : IRowMap
    {
        public int Next(int i) => 0;
    }

    /// <summary>Key i belongs to the row r with ends[r − 1] ≤ offset + i &lt; ends[r], which starts at rows[r].</summary>
    private ref struct ManyRows(ReadOnlySpan<int> ends, int offset, ReadOnlySpan<int> rows) : IRowMap
    {
        private readonly ReadOnlySpan<int> _ends = ends;
        private readonly ReadOnlySpan<int> _rows = rows;
        private int _row;

        public int Next(int i)
        {
            while (offset + i >= _ends[_row])
                _row++;
            return _rows[_row];
        }
    }

    /// <summary>Adds the keys of one batch (at most <see cref="MaxBatch"/>) to their rows.</summary>
    /// <remarks>
    /// The table is far larger than the L2 cache, so a lookup is a cache miss. The lookups run in three passes
    /// (compute slots and prefetch buckets; probe and prefetch rows; accumulate) so that the misses of all keys of
    /// the batch overlap instead of being paid one after another.
    /// </remarks>
    [SkipLocalsInit] // the index buffers are written before they are read: no need to zero them per call
    private unsafe void ScoreBatch<TRows>(ReadOnlySpan<ulong> features, TRows rows, Span<float> scores, ReadOnlySpan<int> candidates)
        where TRows : IRowMap, allows ref struct
    {
        int n = features.Length;
        Span<int> slots = stackalloc int[n];
        Span<int> starts = stackalloc int[n];
        Span<int> stops = stackalloc int[n];
        Span<int> targets = stackalloc int[n];
        Span<int> denseStarts = stackalloc int[n];
        Span<int> denseTargets = stackalloc int[n];
        fixed (Bucket* table = _table)
        fixed (Entry* entries = _entries)
        fixed (float* dense = _dense)
        fixed (float* score0 = scores)
        {
            for (int i = 0; i < n; i++)
            {
                int b = Slot((features[i] & KeyMask) + 1);
                slots[i] = b;
                if (Sse.IsSupported)
                {
                    // The probe can run on into the next line (16-byte buckets at load 1/2: 11% of hits, 28% of
                    // misses): start it too, or that miss is waited for alone.
                    Sse.Prefetch0(table + b);
                    Sse.Prefetch0((byte*)(table + b) + 64);
                }
            }
            int found = 0, denseFound = 0;
            for (int i = 0; i < n; i++)
            {
                int row0 = rows.Next(i);
                float* target = score0 + row0;
                ulong stored = (features[i] & KeyMask) + 1;
                int b = slots[i];
                while (true)
                {
                    Bucket* bucket = table + b;
                    if (bucket->Key == stored)
                    {
                        if (bucket->Count < 0)
                        {
                            if (candidates.IsEmpty)
                            {
                                // Added at the start of the last pass (so in the same order as before: sums equal to
                                // the bit), once the row's lines, started here, have arrived.
                                denseStarts[denseFound] = bucket->Start;
                                denseTargets[denseFound++] = row0;
                                if (Sse.IsSupported)
                                {
                                    float* row = dense + bucket->Start;
                                    for (int off = 0; off < _denseStride; off += 16)
                                        Sse.Prefetch0(row + off);
                                    Sse.Prefetch0(row + _denseStride - 1);
                                }
                            }
                            else
                            {
                                float* row = dense + bucket->Start;
                                foreach (int c in candidates)
                                    target[c] += row[c];
                            }
                        }
                        else
                        {
                            starts[found] = bucket->Start;
                            stops[found] = bucket->Start + bucket->Count;
                            targets[found] = row0;
                            if (Sse.IsSupported)
                            {
                                // A sparse row (8-byte entries; at most max(8, classes / 8) of them, or it would
                                // be dense) is rarely line-aligned: its last entry is often on the next line.
                                // Rows of more than two lines (heads with over 64 classes) get only these two.
                                Sse.Prefetch0(entries + bucket->Start);
                                Sse.Prefetch0(entries + bucket->Start + bucket->Count - 1);
                            }
                            found++;
                        }
                        break;
                    }
                    if (bucket->Key == 0)
                        break;
                    b = (b + 1) & _mask;
                }
            }
            for (int k = 0; k < denseFound; k++)
                AddDense(score0 + denseTargets[k], dense + denseStarts[k]);
            for (int k = 0; k < found; k++)
            {
                float* target = score0 + targets[k];
                for (Entry* e = entries + starts[k], end = entries + stops[k]; e < end; e++)
                    target[e->Class] += e->Weight;
            }
        }
    }

    /// <summary>The mean of several models' weights over the same classes (a feature missing from a model counts as 0).</summary>
    public static PerceptronWeights Average(IReadOnlyList<PerceptronWeights> members, float minAbsWeight)
    {
        int classCount = members[0].ClassCount;
        var sums = new Dictionary<ulong, SortedDictionary<int, double>>();
        foreach (var m in members)
        {
            if (m.ClassCount != classCount)
                throw new ArgumentException("The models to average predict different label sets.", nameof(members));
            for (int r = 0; r < m._keys.Length; r++)
            {
                if (!sums.TryGetValue(m._keys[r], out var row))
                    sums[m._keys[r]] = row = new SortedDictionary<int, double>();
                for (int e = m._starts[r]; e < m._starts[r + 1]; e++)
                    row[m._entries[e].Class] = row.GetValueOrDefault(m._entries[e].Class) + m._entries[e].Weight;
            }
        }
        var builder = new Builder(classCount, minAbsWeight);
        foreach (var key in sums.Keys.Order())
            builder.AddRow(key, sums[key].Select(kv => KeyValuePair.Create(kv.Key, kv.Value / members.Count)));
        return builder.Build();
    }

    /// <summary>
    /// Collects rows in key order into frozen weights. Weights are kept at half precision (the saved format), so a
    /// model behaves the same before saving and after loading; zero weights, weights below the minimum and empty rows
    /// are dropped.
    /// </summary>
    internal sealed class Builder(int classCount, float minAbsWeight)
    {
        private readonly List<ulong> _keys = [];
        private readonly List<int> _starts = [];
        private readonly List<ushort> _classes = [];
        private readonly List<float> _weights = [];

        /// <summary>Adds the row of <paramref name="key"/>: (class, weight) pairs in class order.</summary>
        public void AddRow(ulong key, IEnumerable<KeyValuePair<int, double>> row)
        {
            int before = _classes.Count;
            foreach (var (c, value) in row)
            {
                float w = (float)(Half)Math.Clamp(value, -65504.0, 65504.0);
                if (w == 0f || Math.Abs(w) < minAbsWeight)
                    continue;
                _classes.Add((ushort)c);
                _weights.Add(w);
            }
            if (_classes.Count == before)
                return;
            _keys.Add(key);
            _starts.Add(before);
        }

        public PerceptronWeights Build()
            => new(classCount, _keys.ToArray(), [.. _starts, _classes.Count], _classes.ToArray(), _weights.ToArray());
    }

    private const int MaxBatch = 128;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe void AddDense(float* scores, float* row)
    {
        int width = Vector<float>.Count;
        for (int c = 0; c < _denseStride; c += width)
        {
            var sum = Vector.Load(scores + c) + Vector.Load(row + c);
            sum.Store(scores + c);
        }
    }
}
