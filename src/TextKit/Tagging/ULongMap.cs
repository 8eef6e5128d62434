using System.Numerics;
using System.Runtime.CompilerServices;
using TextKit.Data;

namespace TextKit.Tagging;

/// <summary>
/// A read-only open-addressing map from 64-bit hashes to values, built once. Faster and smaller than
/// <see cref="Dictionary{TKey, TValue}"/> for the per-token lookups of the taggers (word dictionary, lexicon,
/// clusters). Thread-safe after construction.
/// </summary>
internal sealed class ULongMap<TValue>
{
    private readonly ulong[] _keys; // 0 = empty (see Stored)
    private readonly TValue[] _values;
    private readonly int _mask;

    private readonly KeyValuePair<ulong, TValue>[] _items;

    public ULongMap(IReadOnlyCollection<KeyValuePair<ulong, TValue>> items)
    {
        _items = items.OrderBy(kv => kv.Key).ToArray();
        int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(8, items.Count * 2));
        _keys = new ulong[capacity];
        _values = new TValue[capacity];
        _mask = capacity - 1;
        foreach (var (key, value) in items)
        {
            ulong stored = Stored(key);
            int b = (int)(stored >> 17) & _mask;
            while (_keys[b] != 0 && _keys[b] != stored)
                b = (b + 1) & _mask;
            if (_keys[b] == 0)
                Count++;
            _keys[b] = stored;
            _values[b] = value;
        }
    }

    public int Count { get; }

    /// <summary>The entries sorted by key (last value wins for duplicate keys is not guaranteed: keys are unique in practice).</summary>
    public IReadOnlyList<KeyValuePair<ulong, TValue>> Items => _items;

    // Keys are well-mixed hashes; 0 is reserved for "empty", so key 0 is stored as a fixed other value.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Stored(ulong key) => key == 0 ? 0x8000000000000001UL : key;

    /// <summary>Starts loading the home slot of <paramref name="key"/> and its value (a hint: nothing is read).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(ulong key)
    {
        int b = (int)(Stored(key) >> 17) & _mask;
        CacheHint.At(in _keys[b]);
        CacheHint.At(in _values[b]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetValue(ulong key, out TValue value)
    {
        ulong stored = Stored(key);
        int b = (int)(stored >> 17) & _mask;
        while (true)
        {
            ulong k = _keys[b];
            if (k == stored)
            {
                value = _values[b];
                return true;
            }
            if (k == 0)
            {
                value = default!;
                return false;
            }
            b = (b + 1) & _mask;
        }
    }
}
