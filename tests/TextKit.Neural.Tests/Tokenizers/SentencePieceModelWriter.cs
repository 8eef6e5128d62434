using System.Text;

namespace TextKit.Neural.Tests.Tokenizers;

/// <summary>
/// Writes a minimal SentencePiece ModelProto (google/sentencepiece sentencepiece_model.proto field numbers) by hand,
/// so tests can build tiny unigram models without the Python sentencepiece trainer.
/// </summary>
internal static class SentencePieceModelWriter
{
    public const int Normal = 1, Unknown = 2, Control = 3, UserDefined = 4, BytePiece = 6;

    public static byte[] Write(IEnumerable<(string Piece, float Score, int Type)> pieces, int modelType = 1, int unkId = 2,
        int bosId = -1, int eosId = 1, int padId = 0, bool byteFallback = false, bool addDummyPrefix = true,
        bool removeExtraWhitespaces = true, string normalizer = "identity", byte[]? charsMap = null)
    {
        var model = new List<byte>();
        foreach (var (piece, score, type) in pieces)
        {
            var p = new List<byte>();
            String(p, 1, piece);
            Tag(p, 2, 5); p.AddRange(BitConverter.GetBytes(score));
            Tag(p, 3, 0); Varint(p, (ulong)type);
            Message(model, 1, p);
        }
        var trainer = new List<byte>();
        foreach (var (field, value) in new[] { (3, modelType), (40, unkId), (41, bosId), (42, eosId), (43, padId), (35, byteFallback ? 1 : 0) })
        {
            Tag(trainer, field, 0);
            Varint(trainer, (ulong)(long)value); // negative int32 → 10-byte two's complement varint, as protobuf does
        }
        Message(model, 2, trainer);
        var norm = new List<byte>();
        String(norm, 1, normalizer);
        if (charsMap is not null) Message(norm, 2, charsMap.ToList());
        Tag(norm, 3, 0); Varint(norm, addDummyPrefix ? 1UL : 0UL);
        Tag(norm, 4, 0); Varint(norm, removeExtraWhitespaces ? 1UL : 0UL);
        Tag(norm, 5, 0); Varint(norm, 1);
        Message(model, 3, norm);
        return model.ToArray();
    }

    private static void Tag(List<byte> o, int field, int wire) => Varint(o, (ulong)((field << 3) | wire));

    private static void Varint(List<byte> o, ulong v)
    {
        do
        {
            byte b = (byte)(v & 0x7F);
            v >>= 7;
            o.Add(v != 0 ? (byte)(b | 0x80) : b);
        } while (v != 0);
    }

    private static void String(List<byte> o, int field, string s) => Message(o, field, Encoding.UTF8.GetBytes(s).ToList());

    private static void Message(List<byte> o, int field, List<byte> body)
    {
        Tag(o, field, 2);
        Varint(o, (ulong)body.Count);
        o.AddRange(body);
    }

    /// <summary>
    /// Builds a precompiled_charsmap: uint32 trie size, a darts-clone double-array trie over the UTF-8 keys (units:
    /// offset &lt;&lt; 10 | has-leaf &lt;&lt; 8 | label; a leaf's value unit is 1 &lt;&lt; 31 | value), then the NUL-terminated
    /// replacements. Placement is first-fit, enough for a handful of rules.
    /// </summary>
    public static byte[] CharsMap(IReadOnlyDictionary<string, string> rules)
    {
        var normalized = new List<byte>();
        var root = new TrieNode();
        foreach (var (key, value) in rules.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            var node = root;
            foreach (byte b in Encoding.UTF8.GetBytes(key))
                node = node.Children.TryGetValue(b, out var child) ? child : node.Children[b] = new TrieNode();
            node.Value = normalized.Count;
            normalized.AddRange(Encoding.UTF8.GetBytes(value));
            normalized.Add(0);
        }
        var units = new uint[4096];
        var used = new bool[units.Length];
        used[0] = true;
        var queue = new Queue<(TrieNode Node, int Pos)>();
        queue.Enqueue((root, 0));
        int size = 1;
        while (queue.Count > 0)
        {
            var (node, pos) = queue.Dequeue();
            var labels = node.Children.Keys.Select(b => (int)b).ToList();
            if (node.Value is not null) labels.Add(0);
            if (labels.Count == 0) continue;
            int offset = 1;
            while (labels.Any(l => used[pos ^ offset ^ l])) offset++;
            units[pos] |= ((uint)offset << 10) | (node.Value is not null ? 1u << 8 : 0u);
            foreach (var (label, child) in node.Children)
            {
                int q = pos ^ offset ^ label;
                used[q] = true;
                units[q] = label;
                size = Math.Max(size, q + 1);
                queue.Enqueue((child, q));
            }
            if (node.Value is int v)
            {
                int q = pos ^ offset;
                used[q] = true;
                units[q] = (1u << 31) | (uint)v;
                size = Math.Max(size, q + 1);
            }
        }
        var blob = new List<byte>(BitConverter.GetBytes((uint)(size * 4)));
        for (int i = 0; i < size; i++) blob.AddRange(BitConverter.GetBytes(units[i]));
        blob.AddRange(normalized);
        return blob.ToArray();
    }

    private sealed class TrieNode
    {
        public SortedDictionary<byte, TrieNode> Children { get; } = [];
        public int? Value { get; set; }
    }

    /// <summary>A T5-style tiny unigram vocabulary: &lt;pad&gt; 0, &lt;/s&gt; 1, &lt;unk&gt; 2, then scored pieces.</summary>
    public static (string, float, int)[] TinyT5Pieces() =>
    [
        ("<pad>", 0, Control), ("</s>", 0, Control), ("<unk>", 0, Unknown),
        ("▁", -2f, Normal), ("▁the", -3f, Normal), ("▁cat", -3.5f, Normal), ("▁c", -4f, Normal), ("at", -3f, Normal),
        ("▁sat", -3.5f, Normal), ("▁on", -3.5f, Normal), ("▁mat", -4.5f, Normal), ("▁m", -4.5f, Normal),
        ("s", -5f, Normal), ("a", -5f, Normal), ("t", -5f, Normal), ("c", -5f, Normal), ("m", -5f, Normal),
        ("o", -5f, Normal), ("n", -5f, Normal), ("h", -5f, Normal), ("e", -5f, Normal), (".", -4f, Normal),
    ];
}
