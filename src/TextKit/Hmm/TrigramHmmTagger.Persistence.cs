using System.IO.Compression;
using System.Text;
using TextKit.Data;
using TextKit.Tagging;

namespace TextKit.Hmm;

public sealed partial class TrigramHmmTagger
{
    private static ReadOnlySpan<byte> Magic => "TKHM"u8;

    // Format versions:
    //   1: layers, labels, options, λs, unigram counts, bigram rows, trigram rows, lexicon, suffix counts (Brotli body).
    private const int FormatVersion = 1;

    private long[] _unigram = [];

    /// <summary>Writes the model in TextKit's binary HMM tagger format (".tkhmm").</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(Magic);
        stream.Write(BitConverter.GetBytes(FormatVersion));
        using var brotli = new BrotliStream(stream, CompressionLevel.Optimal, leaveOpen: true);
        using var w = new BinaryWriter(brotli, Encoding.UTF8, leaveOpen: true);
        w.Write((int)Layers);
        w.Write(_labels.Length);
        foreach (var l in _labels)
            w.Write(l);
        w.Write(_capitalization);
        w.Write(_beam);
        foreach (var l in Lambdas)
            w.Write(l);
        w.Write(_unigram.Length);
        foreach (var u in _unigram)
            w.Write(u);
        w.Write(_bigramRows.Length);
        foreach (var f in _bigramRows)
            w.Write(f);
        w.Write(_trigramRows.Count);
        foreach (var (context, row) in _trigramRows.OrderBy(kv => kv.Key))
        {
            w.Write(context);
            foreach (var f in row)
                w.Write(f);
        }
        w.Write(_lexicon.Count);
        foreach (var (word, entries) in _lexicon.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            w.Write(word);
            w.Write7BitEncodedInt(entries.Length);
            foreach (var (tag, logP) in entries)
            {
                w.Write7BitEncodedInt(tag);
                w.Write(logP);
            }
        }
        WriteSuffixes(w, _upperSuffixes);
        WriteSuffixes(w, _lowerSuffixes);
    }

    /// <summary>Writes the model to <paramref name="path"/>.</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var temporary = path + ".tmp-" + Environment.ProcessId;
        using (var stream = File.Create(temporary))
            Save(stream);
        File.Move(temporary, path, overwrite: true);
    }

    private static void WriteSuffixes(BinaryWriter w, SuffixModel model)
    {
        w.Write(model.MaxLength);
        w.Write(model.Counts.Count);
        foreach (var (suffix, byTag) in model.Counts.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            w.Write(suffix);
            w.Write7BitEncodedInt(byTag.Count);
            foreach (var (tag, count) in byTag.OrderBy(kv => kv.Key))
            {
                w.Write7BitEncodedInt(tag);
                w.Write7BitEncodedInt(count);
            }
        }
    }

    /// <summary>Reads a model file.</summary>
    public static TrigramHmmTagger Load(string path)
    {
        if (!File.Exists(path))
            throw new TextKitModelException("TK653", $"HMM tagger model file '{path}' does not exist.");
        using var stream = File.OpenRead(path);
        return Load(stream, path);
    }

    /// <summary>Reads a model written by <see cref="Save(Stream)"/>; <paramref name="source"/> names it in errors.</summary>
    public static TrigramHmmTagger Load(Stream stream, string source = "<stream>")
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> head = stackalloc byte[8];
        if (stream.ReadAtLeast(head, 8, throwOnEndOfStream: false) < 8 || !head[..4].SequenceEqual(Magic))
            throw new TextKitModelException("TK650", $"{source} is not a TextKit HMM tagger model (bad magic number).");
        int version = BitConverter.ToInt32(head[4..]);
        if (version != FormatVersion)
            throw new TextKitModelException("TK651", $"{source} has HMM model format {version}; this TextKit reads format {FormatVersion}.");
        try
        {
            using var r = CompressedModelReader.Open(stream);
            var layers = (TagLayers)r.ReadInt32();
            var labels = new string[Count(r, 1 << 16)];
            for (int i = 0; i < labels.Length; i++)
                labels[i] = r.ReadString();
            if ((layers & (TagLayers.Upos | TagLayers.Xpos)) == 0 || (layers & TagLayers.Feats) != 0 || labels.Length == 0)
                throw new InvalidDataException("inconsistent header");
            bool capitalization = r.ReadBoolean();
            double beam = r.ReadDouble();
            double[] lambdas = [r.ReadDouble(), r.ReadDouble(), r.ReadDouble()];
            int states = labels.Length * (capitalization ? 2 : 1) + 1;
            var unigram = new long[Count(r, states, exact: true)];
            for (int i = 0; i < unigram.Length; i++)
                unigram[i] = r.ReadInt64();
            var bigramRows = new float[Count(r, states * states, exact: true)];
            for (int i = 0; i < bigramRows.Length; i++)
                bigramRows[i] = r.ReadSingle();
            int contexts = Count(r, states * states);
            var trigramRows = new Dictionary<int, float[]>(contexts);
            for (int c = 0; c < contexts; c++)
            {
                int context = r.ReadInt32();
                if ((uint)context >= (uint)(states * states))
                    throw new InvalidDataException("trigram context out of range");
                var row = new float[states];
                for (int t = 0; t < states; t++)
                    row[t] = r.ReadSingle();
                trigramRows[context] = row;
            }
            int words = Count(r, 1 << 26);
            var lexicon = new Dictionary<string, (int Tag, float LogP)[]>(words, StringComparer.Ordinal);
            for (int i = 0; i < words; i++)
            {
                var word = r.ReadString();
                var entries = new (int, float)[Count7(r, states)];
                for (int e = 0; e < entries.Length; e++)
                    entries[e] = (Index(r, states - 1), r.ReadSingle());
                lexicon[word] = entries;
            }
            var upper = ReadSuffixes(r, states, unigram);
            var lower = ReadSuffixes(r, states, unigram);
            return new TrigramHmmTagger(layers, labels, capitalization, beam, bigramRows, trigramRows, lexicon, upper, lower, lambdas)
            {
                _unigram = unigram,
            };
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or IOException or FormatException or DecoderFallbackException)
        {
            throw new TextKitModelException("TK652", $"{source} is truncated or corrupted ({e.Message}).", e);
        }
    }

    private static SuffixModel ReadSuffixes(BinaryReader r, int states, long[] unigram)
    {
        var model = new SuffixModel(Count(r, 1 << 10), states);
        int count = Count(r, 1 << 26);
        for (int i = 0; i < count; i++)
        {
            var suffix = r.ReadString();
            var byTag = new Dictionary<int, int>();
            int n = Count7(r, states);
            for (int e = 0; e < n; e++)
                byTag[Index(r, states - 1)] = r.Read7BitEncodedInt();
            model.Counts[suffix] = byTag;
        }
        model.Finish(unigram, states - 1);
        return model;
    }

    private static int Count(BinaryReader r, int max, bool exact = false)
    {
        int n = r.ReadInt32();
        if (n < 0 || n > max || (exact && n != max))
            throw new InvalidDataException($"count {n} out of range");
        return n;
    }

    private static int Count7(BinaryReader r, int max)
    {
        int n = r.Read7BitEncodedInt();
        if (n < 0 || n > max)
            throw new InvalidDataException($"count {n} out of range");
        return n;
    }

    private static int Index(BinaryReader r, int length)
    {
        int i = r.Read7BitEncodedInt();
        if ((uint)i >= (uint)length)
            throw new InvalidDataException("tag index out of range");
        return i;
    }
}
