using System.Numerics;
using System.Runtime.CompilerServices;

namespace TextKit.Segmentation;

/// <summary>
/// Read-mostly map from 64-bit feature hashes to weights: open addressing with linear probing at load ≤ 1/2, keys and
/// values side by side, so a lookup (most feature lookups miss) is one multiply and usually one probe. Same contents and
/// overwrite semantics as a <c>Dictionary&lt;ulong, float&gt;</c> filled with the indexer.
/// </summary>
internal sealed class HashedWeights
{
    private struct Entry
    {
        public ulong Key;
        public float Value;
        public bool Used;
    }

    private readonly Entry[] _entries;
    private readonly int _shift;

    public HashedWeights(int capacity)
    {
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, capacity * 2));
        _entries = new Entry[size];
        _shift = 64 - BitOperations.Log2((uint)size);
    }

    public int Count { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Home(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> _shift);

    /// <summary>Sets the weight of <paramref name="key"/> (replacing an earlier one). The capacity given at construction must not be exceeded.</summary>
    public void Set(ulong key, float value)
    {
        int mask = _entries.Length - 1;
        int i = Home(key);
        while (_entries[i].Used && _entries[i].Key != key)
            i = (i + 1) & mask;
        if (!_entries[i].Used)
        {
            if ((Count + 1) * 2 > _entries.Length)
                throw new InvalidOperationException("HashedWeights is full.");
            Count++;
        }
        _entries[i] = new Entry { Key = key, Value = value, Used = true };
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetValue(ulong key, out float value)
    {
        var entries = _entries;
        int mask = entries.Length - 1;
        int i = Home(key);
        while (true)
        {
            ref readonly var e = ref entries[i];
            if (!e.Used)
            {
                value = 0;
                return false;
            }
            if (e.Key == key)
            {
                value = e.Value;
                return true;
            }
            i = (i + 1) & mask;
        }
    }
}
