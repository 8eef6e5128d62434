using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using TextKit.Data;
using TextKit.Text;

namespace TextKit.Morphology;

/// <summary>
/// Name → id for a few dozen tag names (UPOS, XPOS): an open-addressing table at most a quarter full. A name of up to
/// four characters (every UPOS but PROPN, PUNCT, SCONJ, most XPOS) is its own key, packed into one 64-bit number, so
/// that a lookup is a multiply and usually one comparison of two numbers, with no hashing loop or string compare;
/// longer names go through <see cref="SpanHash"/> and a string compare.
/// </summary>
internal sealed class NameTable
{
    private const ulong K = 0x9E3779B97F4A7C15UL;

    private readonly ulong[] _packed; // short names: the packed characters; 0 = empty (no name packs to 0)
    private readonly int[] _packedIds;
    private readonly string?[] _names; // longer names
    private readonly int[] _ids;
    private readonly int _mask;
    private readonly int _shift;

    /// <summary>A table with the same name → id pairs as <paramref name="ids"/>.</summary>
    public NameTable(Dictionary<string, int> ids)
    {
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, ids.Count * 4));
        _packed = new ulong[size];
        _packedIds = new int[size];
        _names = new string?[size];
        _ids = new int[size];
        _mask = size - 1;
        _shift = 64 - BitOperations.Log2((uint)size);
        foreach (var (name, id) in ids)
        {
            if (TryPack(name, out ulong key))
            {
                int slot = PackedSlot(key);
                while (_packed[slot] != 0)
                    slot = (slot + 1) & _mask;
                _packed[slot] = key;
                _packedIds[slot] = id;
                continue;
            }
            int at = (int)SpanHash.Of(name) & _mask;
            while (_names[at] is not null)
                at = (at + 1) & _mask;
            _names[at] = name;
            _ids[at] = id;
        }
    }

    /// <summary>The id of <paramref name="name"/>, or -1.</summary>
    public int Find(ReadOnlySpan<char> name)
    {
        if (TryPack(name, out ulong key))
        {
            var packed = _packed;
            int slot = PackedSlot(key);
            ulong entry;
            while ((entry = packed[slot]) != 0)
            {
                if (entry == key)
                    return _packedIds[slot];
                slot = (slot + 1) & _mask;
            }
            return -1;
        }
        int at = (int)SpanHash.Of(name) & _mask;
        while (_names[at] is { } candidate)
        {
            if (name.SequenceEqual(candidate))
                return _ids[at];
            at = (at + 1) & _mask;
        }
        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int PackedSlot(ulong key) => (int)((key * K) >> _shift);

    /// <summary>
    /// A name of 1–4 characters, none of them NUL, as one number: character i in bits 16i..16i+15. Distinct names give
    /// distinct numbers (the length is where the first zero character is) and none gives 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryPack(ReadOnlySpan<char> name, out ulong key)
    {
        key = 0;
        if (name.IsEmpty || name.Length > 4)
            return false;
        for (int i = 0; i < name.Length; i++)
        {
            if (name[i] == '\0')
                return false;
            key |= (ulong)name[i] << (16 * i);
        }
        return true;
    }
}

/// <summary>
/// The probing shared by <see cref="FormTable"/> and <see cref="StringTable"/>: slots of (hash &lt;&lt; 32 | record offset
/// + 1), 0 for empty, over one char array of records that start with the string's length and hold its characters at
/// a fixed distance from the start.
/// </summary>
internal static class FlatRecords
{
    /// <summary>The offset of the record of <paramref name="s"/> (hash <paramref name="hash"/>), or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Find(ulong[] slots, int mask, ReadOnlySpan<char> records, ReadOnlySpan<char> s, uint hash, int charsAt)
    {
        int slot = (int)hash & mask;
        while (true)
        {
            ulong entry = slots[slot];
            if (entry == 0)
                return -1;
            if ((uint)(entry >> 32) == hash)
            {
                int offset = (int)(uint)entry - 1;
                if (Holds(records, offset, s, charsAt))
                    return offset;
            }
            slot = (slot + 1) & mask;
        }
    }

    /// <summary>Whether the record at <paramref name="offset"/> holds <paramref name="s"/> (its length, then its characters at <paramref name="charsAt"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Holds(ReadOnlySpan<char> records, int offset, ReadOnlySpan<char> s, int charsAt)
        => records[offset] == s.Length && s.SequenceEqual(records.Slice(offset + charsAt, s.Length));

    /// <summary>Puts the record at <paramref name="offset"/> in the first free slot from its hash's home.</summary>
    public static void Insert(ulong[] slots, int mask, uint hash, int offset)
    {
        int slot = (int)hash & mask;
        while (slots[slot] != 0)
            slot = (slot + 1) & mask;
        slots[slot] = ((ulong)hash << 32) | (uint)(offset + 1);
    }
}

/// <summary>
/// Every training form with its readings, flattened for the known-word hot path of
/// <see cref="MorphologyModel.Lemmatize(ReadOnlySpan{char}, ReadOnlySpan{char}, ReadOnlySpan{char}, string?)"/>.
/// A lookup touches one slot (hash and offset), then one record in a single char array that holds the form's length,
/// its characters and its readings side by side, then the lemma's reference: about three cache lines, where
/// <c>Dictionary&lt;string, Reading[]&gt;</c> plus the tag and tag-name arrays cost six or seven on this workload.
/// </summary>
/// <remarks>
/// Record at offset o: [o] form length, [o+1] reading count, [o+2 ..] the form, then per reading (in the model's
/// order, most frequent first) its (UPOS, XPOS) class, its UPOS and its lemma index in two chars. Forms longer than
/// 65,535 characters or with more readings are left out; <see cref="Complete"/> then says that a miss is not final.
/// </remarks>
internal sealed class FormTable
{
    private const int ReadingChars = 4;

    private readonly ulong[] _slots; // hash << 32 | (offset + 1); 0 = empty
    private readonly char[] _records;
    private readonly string[] _lemmas;
    private readonly int _mask;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // one-shot load code: compiled optimized at once, not run as tier-0 loops
    public FormTable(Dictionary<string, Reading[]> forms, Func<Reading, (int Class, int Upos)> classOf)
    {
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, forms.Count * 2));
        _slots = new ulong[size];
        _mask = size - 1;
        var records = new List<char>();
        var lemmas = new List<string>();
        var lemmaIds = new Dictionary<string, int>(StringComparer.Ordinal);
        Complete = true;
        foreach (var (form, readings) in forms)
        {
            if (form.Length > char.MaxValue || readings.Length == 0 || readings.Length > char.MaxValue)
            {
                Complete = false;
                continue;
            }
            int offset = records.Count;
            records.Add((char)form.Length);
            records.Add((char)readings.Length);
            records.AddRange(form);
            foreach (var r in readings)
            {
                var (cls, upos) = classOf(r);
                if (!lemmaIds.TryGetValue(r.Lemma, out int lemma))
                {
                    lemmaIds[r.Lemma] = lemma = lemmas.Count;
                    lemmas.Add(r.Lemma);
                }
                // Classes are below 0xD000 (the trainer's limit) and UPOS ids below that: one char each.
                records.Add(checked((char)cls));
                records.Add(checked((char)upos));
                records.Add((char)(lemma & 0xFFFF));
                records.Add((char)(lemma >> 16));
            }
            FlatRecords.Insert(_slots, _mask, SpanHash.Of(form), offset);
        }
        _records = records.ToArray();
        _lemmas = lemmas.ToArray();
    }

    /// <summary>False when some forms could not be stored: a miss must then be checked in the dictionary.</summary>
    public bool Complete { get; }

    /// <summary>The record of <paramref name="form"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(ReadOnlySpan<char> form) => Find(form, SpanHash.Of(form));

    /// <summary>
    /// Starts loading the slot of a form with hash <paramref name="hash"/> into the cache, so that the miss overlaps
    /// with other work (the tag lookups) before <see cref="Find(ReadOnlySpan{char}, uint)"/> needs it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(uint hash) => CacheHint.At(in _slots[(int)hash & _mask]);

    /// <summary>
    /// The offset of the first record whose slot holds <paramref name="hash"/>, or -1, in which case no form with that
    /// hash is in the table. The slot should already be cached by <see cref="Prefetch(uint)"/>. Reads no characters.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int FirstWithHash(uint hash)
    {
        var slots = _slots;
        int slot = (int)hash & _mask;
        ulong entry;
        while ((entry = slots[slot]) != 0)
        {
            if ((uint)(entry >> 32) == hash)
                return (int)(uint)entry - 1;
            slot = (slot + 1) & _mask;
        }
        return -1;
    }

    /// <summary>Starts loading the record at <paramref name="offset"/> (from <see cref="FirstWithHash"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PrefetchRecordAt(int offset)
    {
        if ((uint)offset < (uint)_records.Length)
            CacheHint.At(in _records[offset]);
    }

    /// <summary>
    /// <see cref="Find(ReadOnlySpan{char}, uint)"/> given <paramref name="first"/> = <see cref="FirstWithHash"/> of the
    /// form's hash: a miss when it is -1, that record when it holds the form, else (another form with the same hash)
    /// the full probe.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(ReadOnlySpan<char> form, uint hash, int first)
    {
        if (first < 0)
            return -1;
        return FlatRecords.Holds(_records, first, form, charsAt: 2) ? first : Find(form, hash);
    }

    /// <summary>The record of <paramref name="form"/>, whose <see cref="SpanHash.Of(ReadOnlySpan{char})"/> is <paramref name="hash"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(ReadOnlySpan<char> form, uint hash) => FlatRecords.Find(_slots, _mask, _records, form, hash, charsAt: 2);

    public int ReadingCount(int record) => _records[record + 1];

    /// <summary>Offset of reading <paramref name="i"/> of a record.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Reading(int record, int i) => record + 2 + _records[record] + (i * ReadingChars);

    public int ClassAt(int reading) => _records[reading];

    public int UposAt(int reading) => _records[reading + 1];

    public string LemmaAt(int reading) => _lemmas[_records[reading + 2] | (_records[reading + 3] << 16)];
}

/// <summary>
/// A fixed set of strings, each with its index in the list it was built from; the flat layout of
/// <see cref="FormTable"/> (slots of hash and offset, then one char array holding length, index and characters), so
/// that a miss usually costs one cache line and a hit two. Used for the lemma lexicon (where most probes are misses)
/// and the suffix rules. Strings longer than 65,535 characters are left out (<see cref="Complete"/> is then false).
/// </summary>
internal sealed class StringTable
{
    private readonly ulong[] _slots; // hash << 32 | (offset + 1); 0 = empty
    private readonly char[] _records; // [length][index low][index high][characters]
    private readonly int _mask;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public StringTable(IReadOnlyCollection<string> strings)
    {
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, strings.Count * 2));
        _slots = new ulong[size];
        _mask = size - 1;
        var records = new List<char>();
        Complete = true;
        int index = 0;
        foreach (var s in strings)
        {
            int id = index++;
            if (s.Length > char.MaxValue || FlatRecords.Find(_slots, _mask, CollectionsMarshal.AsSpan(records), s, SpanHash.Of(s), charsAt: 3) >= 0)
            {
                // Too long to store, or a duplicate (the first index wins, as for a dictionary built in order).
                Complete &= s.Length <= char.MaxValue;
                continue;
            }
            int offset = records.Count;
            records.Add((char)s.Length);
            records.Add((char)(id & 0xFFFF));
            records.Add((char)(id >> 16));
            records.AddRange(s);
            FlatRecords.Insert(_slots, _mask, SpanHash.Of(s), offset);
        }
        _records = records.ToArray();
    }

    /// <summary>False when some strings could not be stored: a miss is then not final.</summary>
    public bool Complete { get; }

    /// <summary>The index of <paramref name="s"/> in the list the table was built from, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(ReadOnlySpan<char> s)
    {
        int offset = FlatRecords.Find(_slots, _mask, _records, s, SpanHash.Of(s), charsAt: 3);
        return offset < 0 ? -1 : _records[offset + 1] | (_records[offset + 2] << 16);
    }

    public bool Contains(ReadOnlySpan<char> s) => Find(s) >= 0;

    /// <summary>Starts loading the slot of a string whose <see cref="SpanHash.Of(ReadOnlySpan{char})"/> is <paramref name="hash"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(uint hash) => CacheHint.At(in _slots[(int)hash & _mask]);
}

/// <summary>
/// The suffix rules keyed by (class, ending), for "the longest ending of this word that has rules": the hashes of all
/// the word's endings come from one pass over its last characters (each ending's hash extends the next shorter one's),
/// so probing every length costs one slot read each instead of building and hashing a key string per length; the
/// probes do not depend on each other, so their cache misses overlap (and <see cref="Prefetch"/> can start them
/// early). The record that confirms the key also holds the rule's identity score and its candidates, so finding a
/// word's rules costs two dependent loads (slot, record), where the dictionary of <see cref="SuffixEntry"/> objects
/// cost six (bucket, entry, key, object, candidate array, score array) and candidates in an array of their own three.
/// </summary>
/// <remarks>
/// Keys are the model's suffix keys: key[0] is (char)(class + 1), key[1..] the ending. Record at offset o:
/// [o] ending length, [o+1] key[0], [o+2..o+5] the identity log score (a double), [o+6] the candidate count, then the
/// ending, then the candidates (<see cref="RuleCandidate"/> values, 8 chars each) from the next multiple of 4 chars,
/// so that their doubles are 8-byte aligned. Keys whose ending is longer than 65,535 characters or with more
/// candidates are left out (<see cref="Complete"/> false).
/// </remarks>
internal sealed class SuffixTable
{
    private const ulong K = 0x9E3779B97F4A7C15UL;
    private const int Header = 7;
    private static readonly int RuleChars = Unsafe.SizeOf<RuleCandidate>() / sizeof(char);

    private readonly ulong[] _slots; // hash << 32 | (offset + 1); 0 = empty
    private readonly char[] _records;
    private readonly int _mask;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public SuffixTable(IReadOnlyList<KeyValuePair<string, SuffixEntry>> suffixes)
    {
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, suffixes.Count * 2));
        _slots = new ulong[size];
        _mask = size - 1;
        var records = new List<char>();
        Complete = true;
        Span<char> score = stackalloc char[4];
        foreach (var (key, entry) in suffixes)
        {
            if (key.Length == 0 || key.Length - 1 > char.MaxValue || entry.Rules.Length > char.MaxValue)
            {
                Complete = false;
                continue;
            }
            var ending = key.AsSpan(1);
            ulong h = Seed(key[0]);
            for (int k = 1; k <= ending.Length; k++)
                h = Step(h, ending[^k]);
            uint hash = Final(h, ending.Length);
            int offset = records.Count;
            records.Add((char)ending.Length);
            records.Add(key[0]);
            MemoryMarshal.Write(MemoryMarshal.AsBytes(score), entry.IdentityLogScore);
            records.AddRange(score);
            records.Add((char)entry.Rules.Length);
            records.AddRange(ending);
            while (records.Count != RulesAt(offset, ending.Length))
                records.Add('\0');
            records.AddRange(MemoryMarshal.Cast<RuleCandidate, char>(entry.Rules.AsSpan()));
            int slot = (int)hash & _mask;
            while (_slots[slot] != 0)
                slot = (slot + 1) & _mask;
            _slots[slot] = ((ulong)hash << 32) | (uint)(offset + 1);
        }
        _records = records.ToArray();
    }

    /// <summary>Where the candidates of the record at <paramref name="offset"/> start: after the ending, at a multiple of 4 chars.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int RulesAt(int offset, int endingLength) => (offset + Header + endingLength + 3) & ~3;

    /// <summary>False when some keys could not be stored: a miss is then not final.</summary>
    public bool Complete { get; }

    /// <summary>
    /// The rules of the longest ending of <paramref name="word"/>, at most <paramref name="maxLength"/> characters,
    /// with a key for class <paramref name="posClass"/>: the identity score and the candidates. False if none.
    /// </summary>
    [SkipLocalsInit]
    public bool FindLongest(ReadOnlySpan<char> word, int posClass, int maxLength, out double identityLogScore, out ReadOnlySpan<RuleCandidate> rules)
    {
        int max = Math.Min(maxLength, word.Length);
        char cls = (char)(posClass + 1);
        int record = -1;
        if (max <= 64)
        {
            Span<uint> hashes = stackalloc uint[65];
            ulong h = Seed(cls);
            hashes[0] = Final(h, 0);
            for (int k = 1; k <= max; k++)
            {
                h = Step(h, word[^k]);
                hashes[k] = Final(h, k);
            }
            for (int k = max; k >= 0 && record < 0; k--)
                record = Probe(hashes[k], cls, word[^k..]);
        }
        else
        {
            for (int k = max; k >= 0 && record < 0; k--)
            {
                ulong h = Seed(cls);
                for (int j = 1; j <= k; j++)
                    h = Step(h, word[^j]);
                record = Probe(Final(h, k), cls, word[^k..]);
            }
        }
        if (record < 0)
        {
            identityLogScore = 0;
            rules = default;
            return false;
        }
        var records = _records;
        identityLogScore = MemoryMarshal.Read<double>(MemoryMarshal.AsBytes(records.AsSpan(record + 2, 4)));
        rules = MemoryMarshal.Cast<char, RuleCandidate>(records.AsSpan(RulesAt(record, records[record]), records[record + 6] * RuleChars));
        return true;
    }

    /// <summary>
    /// Starts loading the slots <see cref="FindLongest"/> will read for these arguments, so that their cache misses
    /// overlap with each other and with the work before the call.
    /// </summary>
    public void Prefetch(ReadOnlySpan<char> word, int posClass, int maxLength)
    {
        if (!Sse.IsSupported)
            return;
        int max = Math.Min(Math.Min(maxLength, word.Length), 64);
        ulong h = Seed((char)(posClass + 1));
        CacheHint.At(in _slots[(int)Final(h, 0) & _mask]);
        for (int k = 1; k <= max; k++)
        {
            h = Step(h, word[^k]);
            CacheHint.At(in _slots[(int)Final(h, k) & _mask]);
        }
    }

    /// <summary>The record offset of the key (class, ending), or -1.</summary>
    /// <remarks>
    /// <see cref="FlatRecords.Find"/> with a class check would do the same; routed through it (an optional tag
    /// argument), the lemmatizer ran 0.93–1.02× (median 0.98) in one process on EWT dev, where FindLongest calls this
    /// for every ending of every unknown word, so the probe stays written out here.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Probe(uint hash, char cls, ReadOnlySpan<char> ending)
    {
        var slots = _slots;
        var records = _records;
        int slot = (int)hash & _mask;
        while (true)
        {
            ulong entry = slots[slot];
            if (entry == 0)
                return -1;
            if ((uint)(entry >> 32) == hash)
            {
                int offset = (int)(uint)entry - 1;
                if (records[offset] == ending.Length && records[offset + 1] == cls && ending.SequenceEqual(records.AsSpan(offset + Header, ending.Length)))
                    return offset;
            }
            slot = (slot + 1) & _mask;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Seed(char cls) => (cls + 1UL) * K;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Step(ulong h, char c) => BitOperations.RotateLeft((h ^ c) * K, 23);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Final(ulong h, int length)
    {
        h ^= (ulong)length << 48;
        h ^= h >> 31;
        h *= 0xBF58476D1CE4E5B9UL;
        h ^= h >> 29;
        return (uint)h;
    }
}
