using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace TextKit.LanguageModels;

public sealed partial class NgramLanguageModel
{
    // Binary format (.tklm), little-endian:
    //   "TKLM" | int32 version | int32 order | int32 padding | int32 precision | int32 smoothing (−1 = imported)
    //   | int64 sentences | int64 tokens | per order: int32 n + n doubles (discounts) | double defaultBow
    //   | int32 V | V × (int32 byteLength + UTF-8 word) | V doubles log10 p | V doubles log10 bow
    //   | per order k ≥ 2: int32 count | count int32 first words | count int32 suffix indexes (dense, order k − 1)
    //     | count log10 p (double, or float in Single precision) | [k < order] count log10 bow (same type)
    //   | SHA-256 of everything before (32 bytes).
    // Versions: 1 = initial layout.
    private const int BinaryVersion = 1;
    private static ReadOnlySpan<byte> Magic => "TKLM"u8;

    /// <summary>Writes the model in TextKit's binary format (<c>.tklm</c>): compact, checksummed, fast to load.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(BinaryVersion);
            w.Write(Order);
            w.Write((int)Padding);
            w.Write((int)Precision);
            w.Write(Info.Smoothing is { } s ? (int)s : -1);
            w.Write(Info.TrainingSentences);
            w.Write(Info.TrainingTokens);
            for (int k = 0; k < Order; k++)
            {
                var d = k < Info.Discounts.Count ? Info.Discounts[k] : [];
                w.Write(d.Length);
                foreach (var x in d)
                    w.Write(x);
            }
            w.Write(_store.DefaultBow);
            w.Write(Vocabulary.Count);
            foreach (var word in Vocabulary.WordArray)
            {
                var bytes = Encoding.UTF8.GetBytes(word);
                w.Write(bytes.Length);
                w.Write(bytes);
            }
            foreach (var unigram in _store.Unigrams)
                w.Write(unigram.Prob);
            foreach (var unigram in _store.Unigrams)
                w.Write(unigram.Bow);
            var orders = _store.ExportAll();
            for (int k = 2; k <= Order; k++)
            {
                var dense = orders[k];
                w.Write(dense.Count);
                w.Write(MemoryMarshal.AsBytes(dense.First.AsSpan()));
                w.Write(MemoryMarshal.AsBytes(dense.Suffix.AsSpan()));
                WriteValues(w, dense.Prob);
                if (k < Order)
                    WriteValues(w, dense.Bow);
            }
        }
        var body = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        stream.Write(body);
        stream.Write(SHA256.HashData(body));
    }

    /// <summary>Writes the model to <paramref name="path"/>: ARPA text when it ends in <c>.arpa</c>, else the binary format.</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var temp = path + ".tmp" + Environment.ProcessId;
        using (var file = File.Create(temp))
        {
            if (path.EndsWith(".arpa", StringComparison.OrdinalIgnoreCase))
            {
                using var writer = new StreamWriter(file, new UTF8Encoding(false), 1 << 16);
                WriteArpa(writer);
            }
            else
            {
                Save(file);
            }
        }
        File.Move(temp, path, overwrite: true);
    }

    private void WriteValues(BinaryWriter w, double[] values)
    {
        if (Precision == LmPrecision.Double)
        {
            w.Write(MemoryMarshal.AsBytes(values.AsSpan()));
            return;
        }
        var floats = new float[values.Length];
        for (int i = 0; i < values.Length; i++)
            floats[i] = (float)values[i];
        w.Write(MemoryMarshal.AsBytes(floats.AsSpan()));
    }

    /// <summary>
    /// Loads a model file: TextKit's binary format, or an ARPA file (recognized by its content). Fails with a
    /// <see cref="TextKitModelException"/> (binary) or <see cref="TextKitFormatException"/> with file:line (ARPA).
    /// </summary>
    public static NgramLanguageModel Load(string path, LmPrecision arpaPrecision = LmPrecision.Double)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new TextKitModelException("TK720", $"Language model file '{path}' does not exist.");
        using (var probe = File.OpenRead(path))
        {
            Span<byte> head = stackalloc byte[4];
            int read = probe.ReadAtLeast(head, 4, throwOnEndOfStream: false);
            if (read < 4 || !head.SequenceEqual(Magic))
            {
                probe.Position = 0;
                return ReadArpa(probe, path, arpaPrecision);
            }
        }
        return Load(File.ReadAllBytes(path), path);
    }

    /// <summary>Loads the binary format from a stream.</summary>
    public static NgramLanguageModel Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Load(buffer.ToArray(), "<stream>");
    }

    private static NgramLanguageModel Load(byte[] bytes, string source)
    {
        if (bytes.Length < 4 + 32 || !bytes.AsSpan(0, 4).SequenceEqual(Magic))
            throw new TextKitModelException("TK721", $"{source}: not a TextKit language model (no TKLM header).");
        var body = bytes.AsSpan(0, bytes.Length - 32);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - 32)))
            throw new TextKitModelException("TK722", $"{source}: the file fails its SHA-256 check; it is truncated or corrupted.");
        var r = new SpanReader(bytes, body.Length, source);
        r.Skip(4);
        int version = r.Int();
        if (version > BinaryVersion || version < 1)
            throw new TextKitModelException("TK723", $"{source}: binary format version {version}; this TextKit reads version {BinaryVersion}. Use a newer TextKit.");
        int order = r.Int();
        var padding = (SentencePadding)r.Int();
        var precision = (LmPrecision)r.Int();
        int smoothing = r.Int();
        if (order is < 1 or > NgramCounter.MaxOrder || !Enum.IsDefined(padding) || !Enum.IsDefined(precision)
            || (smoothing != -1 && !Enum.IsDefined((Smoothing)smoothing)))
            throw r.Invalid("header fields out of range");
        long sentences = r.Long(), tokens = r.Long();
        var discounts = new double[order][];
        for (int k = 0; k < order; k++)
            discounts[k] = r.Doubles(r.Count(8));
        double defaultBow = r.Double();
        int v = r.Count(4);
        if (v < 3)
            throw r.Invalid("vocabulary has fewer than 3 words");
        var words = new string[v];
        for (int i = 0; i < v; i++)
            words[i] = r.Utf8(r.Count(1));
        LmVocabulary vocabulary;
        try
        {
            vocabulary = new LmVocabulary(words);
        }
        catch (ArgumentException e)
        {
            throw r.Invalid(e.Message);
        }
        var uniProb = r.Doubles(v);
        var uniBow = r.Doubles(v);
        var orders = new DenseOrder[order + 1];
        for (int k = 2; k <= order; k++)
        {
            int count = r.Count(4);
            var dense = new DenseOrder(count);
            r.Ints(dense.First);
            r.Ints(dense.Suffix);
            r.Values(dense.Prob, precision);
            if (k < order)
                r.Values(dense.Bow, precision);
            orders[k] = dense;
        }
        if (!r.AtEnd)
            throw r.Invalid("trailing bytes after the last order");
        var store = NgramStore.Create(precision, order, uniProb, uniBow, orders, defaultBow);
        var info = new NgramModelInfo(smoothing == -1 ? null : (Smoothing)smoothing, discounts, sentences, tokens);
        return new NgramLanguageModel(vocabulary, store, padding, info);
    }

    private ref struct SpanReader(byte[] bytes, int end, string source)
    {
        private int _pos;

        public readonly bool AtEnd => _pos == end;

        public readonly TextKitModelException Invalid(string what) => new("TK724", $"{source}: inconsistent language model data ({what}).");

        private ReadOnlySpan<byte> Take(long n)
        {
            if (n < 0 || _pos + n > end)
                throw Invalid("a length runs past the end of the file");
            var span = bytes.AsSpan(_pos, (int)n);
            _pos += (int)n;
            return span;
        }

        public void Skip(int n) => Take(n);

        public int Int() => MemoryMarshal.Read<int>(Take(4));

        public long Long() => MemoryMarshal.Read<long>(Take(8));

        public double Double() => MemoryMarshal.Read<double>(Take(8));

        /// <summary>A non-negative element count whose elements (of <paramref name="elementSize"/> bytes) fit in the rest of the file.</summary>
        public int Count(int elementSize)
        {
            int n = Int();
            if (n < 0 || (long)n * elementSize > end - _pos)
                throw Invalid($"count {n} does not fit the file");
            return n;
        }

        public double[] Doubles(int n) => MemoryMarshal.Cast<byte, double>(Take((long)n * 8)).ToArray();

        public void Ints(int[] into) => MemoryMarshal.Cast<byte, int>(Take((long)into.Length * 4)).CopyTo(into);

        public void Values(double[] into, LmPrecision precision)
        {
            if (precision == LmPrecision.Double)
            {
                MemoryMarshal.Cast<byte, double>(Take((long)into.Length * 8)).CopyTo(into);
                return;
            }
            var floats = MemoryMarshal.Cast<byte, float>(Take((long)into.Length * 4));
            for (int i = 0; i < into.Length; i++)
                into[i] = floats[i];
        }

        public string Utf8(int n)
        {
            try
            {
                return new UTF8Encoding(false, true).GetString(Take(n));
            }
            catch (DecoderFallbackException)
            {
                throw Invalid("a word is not valid UTF-8");
            }
        }
    }
}
