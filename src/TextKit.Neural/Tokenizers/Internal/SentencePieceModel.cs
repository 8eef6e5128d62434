using System.Text;

namespace TextKit.Neural.Tokenizers.Internal;

/// <summary>
/// The parts of a SentencePiece <c>.model</c> (protobuf ModelProto, google/sentencepiece src/sentencepiece_model.proto)
/// that encoding needs, read with a minimal protobuf wire-format reader. Unknown fields are skipped.
/// </summary>
internal sealed class SentencePieceModel
{
    public enum PieceType { Normal = 1, Unknown = 2, Control = 3, UserDefined = 4, Unused = 5, Byte = 6 }

    public List<(string Piece, float Score, PieceType Type)> Pieces { get; } = [];
    public int ModelType { get; private set; } = 1; // 1 unigram, 2 BPE, 3 word, 4 char
    public int UnkId { get; private set; }
    public int BosId { get; private set; } = 1;
    public int EosId { get; private set; } = 2;
    public int PadId { get; private set; } = -1;
    public bool ByteFallback { get; private set; }
    public bool TreatWhitespaceAsSuffix { get; private set; }
    public string NormalizerName { get; private set; } = "";
    public byte[] PrecompiledCharsMap { get; private set; } = [];
    public bool AddDummyPrefix { get; private set; } = true;
    public bool RemoveExtraWhitespaces { get; private set; } = true;
    public bool EscapeWhitespaces { get; private set; } = true;

    public static SentencePieceModel Read(byte[] data, string source)
    {
        var model = new SentencePieceModel();
        try
        {
            var r = new Reader(data, 0, data.Length);
            while (!r.End)
            {
                var (field, wire) = r.Tag();
                switch (field)
                {
                    case 1 when wire == 2: model.ReadPiece(r.Sub()); break;
                    case 2 when wire == 2: model.ReadTrainerSpec(r.Sub()); break;
                    case 3 when wire == 2: model.ReadNormalizerSpec(r.Sub()); break;
                    default: r.Skip(wire); break;
                }
            }
        }
        catch (Exception e) when (e is FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException or DecoderFallbackException)
        {
            throw new TextKitFormatException("TK357", source, 0, $"not a SentencePiece model (protobuf ModelProto): {e.Message}", e);
        }
        if (model.Pieces.Count == 0)
            throw new TextKitFormatException("TK357", source, 0, "not a SentencePiece model: it has no pieces.");
        if ((uint)model.UnkId >= (uint)model.Pieces.Count)
            throw new TextKitFormatException("TK357", source, 0, $"unk_id {model.UnkId} is outside the {model.Pieces.Count} pieces.");
        return model;
    }

    private void ReadPiece(Reader r)
    {
        string piece = ""; float score = 0; var type = PieceType.Normal;
        while (!r.End)
        {
            var (field, wire) = r.Tag();
            switch (field)
            {
                case 1 when wire == 2: piece = r.String(); break;
                case 2 when wire == 5: score = r.Float(); break;
                case 3 when wire == 0: type = (PieceType)(int)r.Varint(); break;
                default: r.Skip(wire); break;
            }
        }
        Pieces.Add((piece, score, type));
    }

    private void ReadTrainerSpec(Reader r)
    {
        while (!r.End)
        {
            var (field, wire) = r.Tag();
            if (wire != 0) { r.Skip(wire); continue; }
            long v = (long)r.Varint();
            switch (field)
            {
                case 3: ModelType = (int)v; break;
                case 24: TreatWhitespaceAsSuffix = v != 0; break;
                case 35: ByteFallback = v != 0; break;
                case 40: UnkId = (int)v; break;
                case 41: BosId = (int)v; break;
                case 42: EosId = (int)v; break;
                case 43: PadId = (int)v; break;
            }
        }
    }

    private void ReadNormalizerSpec(Reader r)
    {
        while (!r.End)
        {
            var (field, wire) = r.Tag();
            switch (field)
            {
                case 1 when wire == 2: NormalizerName = r.String(); break;
                case 2 when wire == 2: PrecompiledCharsMap = r.Bytes(); break;
                case 3 when wire == 0: AddDummyPrefix = r.Varint() != 0; break;
                case 4 when wire == 0: RemoveExtraWhitespaces = r.Varint() != 0; break;
                case 5 when wire == 0: EscapeWhitespaces = r.Varint() != 0; break;
                default: r.Skip(wire); break;
            }
        }
    }

    /// <summary>Protobuf wire-format reader over a byte range.</summary>
    private sealed class Reader(byte[] data, int pos, int end)
    {
        private static readonly UTF8Encoding s_strict = new(false, throwOnInvalidBytes: true);
        private int _pos = pos;

        public bool End => _pos >= end;

        public ulong Varint()
        {
            ulong v = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                if (_pos >= end) throw new FormatException("truncated varint");
                byte b = data[_pos++];
                v |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0) return v;
            }
            throw new FormatException("varint longer than 10 bytes");
        }

        public (int Field, int Wire) Tag()
        {
            ulong t = Varint();
            int field = (int)(t >> 3);
            if (field == 0) throw new FormatException($"invalid field number 0 at byte {_pos}");
            return (field, (int)(t & 7));
        }

        private int Length()
        {
            ulong n = Varint();
            if (n > (ulong)(end - _pos)) throw new FormatException($"length {n} runs past the end of the data at byte {_pos}");
            return (int)n;
        }

        public Reader Sub()
        {
            int n = Length();
            var sub = new Reader(data, _pos, _pos + n);
            _pos += n;
            return sub;
        }

        public byte[] Bytes()
        {
            int n = Length();
            var b = data.AsSpan(_pos, n).ToArray();
            _pos += n;
            return b;
        }

        public string String()
        {
            int n = Length();
            string s = s_strict.GetString(data, _pos, n);
            _pos += n;
            return s;
        }

        public float Float()
        {
            if (end - _pos < 4) throw new FormatException("truncated float");
            float f = BitConverter.ToSingle(data, _pos);
            _pos += 4;
            return f;
        }

        public void Skip(int wire)
        {
            switch (wire)
            {
                case 0: Varint(); break;
                case 1: if (end - _pos < 8) throw new FormatException("truncated fixed64"); _pos += 8; break;
                case 2: _pos += Length(); break;
                case 5: if (end - _pos < 4) throw new FormatException("truncated fixed32"); _pos += 4; break;
                default: throw new FormatException($"unsupported wire type {wire} at byte {_pos}");
            }
        }
    }
}
