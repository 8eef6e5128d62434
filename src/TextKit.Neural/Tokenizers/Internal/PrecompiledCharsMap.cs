using System.Buffers.Binary;
using System.Text;

namespace TextKit.Neural.Tokenizers.Internal;

/// <summary>
/// SentencePiece's precompiled normalization rules (NormalizerSpec.precompiled_charsmap, e.g. T5's nmt_nfkc):
/// a little-endian uint32 trie size, a darts-clone double-array trie over UTF-8 keys, then the NUL-terminated
/// replacement strings the trie values point at (google/sentencepiece normalizer.cc, darts-clone darts.h).
/// At each position the longest matching key is replaced; without a match one character is kept as it is.
/// </summary>
internal sealed class PrecompiledCharsMap
{
    private readonly uint[] _units;
    private readonly byte[] _normalized;
    private readonly Dictionary<int, string> _strings = [];

    public PrecompiledCharsMap(byte[] blob, string source)
    {
        if (blob.Length < 4) throw Bad(source, "shorter than its 4-byte header");
        uint trieSize = BinaryPrimitives.ReadUInt32LittleEndian(blob);
        if (trieSize % 4 != 0 || trieSize > blob.Length - 4 || trieSize == 0) throw Bad(source, $"trie size {trieSize} does not fit the {blob.Length}-byte blob");
        _units = new uint[trieSize / 4];
        for (int i = 0; i < _units.Length; i++) _units[i] = BinaryPrimitives.ReadUInt32LittleEndian(blob.AsSpan(4 + 4 * i));
        _normalized = blob.AsSpan(4 + (int)trieSize).ToArray();
    }

    private static TextKitFormatException Bad(string source, string what) =>
        new("TK357", source, 0, $"the precompiled_charsmap of the normalizer is malformed: {what}.");

    /// <summary>Length in bytes of the longest key that prefixes <paramref name="utf8"/>, and its replacement; 0 when none.</summary>
    public int LongestMatch(ReadOnlySpan<byte> utf8, out string? replacement)
    {
        replacement = null;
        int bestLength = 0, bestValue = 0;
        uint pos = 0;
        if (_units.Length == 0) return 0;
        pos ^= Offset(_units[0]);
        for (int i = 0; i < utf8.Length; i++)
        {
            pos ^= utf8[i];
            if (pos >= _units.Length) break;
            uint unit = _units[pos];
            if (Label(unit) != utf8[i]) break;
            pos ^= Offset(unit);
            if (HasLeaf(unit))
            {
                if (pos >= _units.Length) break;
                bestLength = i + 1;
                bestValue = (int)(_units[pos] & 0x7FFFFFFF);
            }
        }
        if (bestLength == 0) return 0;
        replacement = ReplacementAt(bestValue);
        return bestLength;
    }

    private string ReplacementAt(int offset)
    {
        lock (_strings)
        {
            if (_strings.TryGetValue(offset, out var s)) return s;
            if ((uint)offset >= (uint)_normalized.Length) return _strings[offset] = "";
            int end = Array.IndexOf(_normalized, (byte)0, offset);
            if (end < 0) end = _normalized.Length;
            return _strings[offset] = Encoding.UTF8.GetString(_normalized, offset, end - offset);
        }
    }

    private static bool HasLeaf(uint unit) => ((unit >> 8) & 1) == 1;
    private static uint Label(uint unit) => unit & ((1u << 31) | 0xFF);
    private static uint Offset(uint unit) => (unit >> 10) << (int)((unit & (1u << 9)) >> 6);
}
