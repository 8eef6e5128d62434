using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using TextKit.Data;

namespace TextKit.Morphology;

public sealed partial class MorphologyModel
{
    private static readonly byte[] s_magic = "TKMORPH"u8.ToArray();
    private const int EndMarker = 0x4B544B45;

    // Format versions:
    //   1: first version (tables below, Brotli-compressed).
    internal const byte FormatVersion = 1;

    // *** Binary format ***
    // "TKMORPH" (7 ASCII bytes), version byte, int64 payload length, SHA-256 of the payload (32 bytes), then the
    // payload: a Brotli stream of (BinaryWriter encoding, strings as
    // length-prefixed UTF-8, every table sorted so that the same model always gives the same bytes):
    //   string source, long trainingWords, int maxSuffixLength, double lexiconWeight, bool stripThousandsSeparators, int upperTitleLength
    //   string[] upos, string[] xpos, string[] feats                   (int count + items)
    //   int tags × (int upos, int xpos (-1 = none), int feats)
    //   forms, lowerForms: int count × (string form, int n × (int tag, string lemma, int count))
    //   int edits × (string strip, string append)   lemma = form minus the ending strip, plus append
    //   suffixes: int count × (string key, int n × (int edit, int count))    key = (char)(class + 1) + ending
    //   guesses:  int count × (string key, int n × (int tag, int count))     key = shape char + ending
    //   5 × training lemma sets (int count + strings)
    //   bool[] keepCase, bool[] inflects                                (int count + bytes)
    //   WordNet: 4 × lemma sets, 4 × exception lists (int count × (string form, string[] lemmas))
    //   int end marker 0x4B544B45

    /// <summary>
    /// Writes the model to <paramref name="path"/> (created or replaced). <paramref name="compression"/>
    /// <see cref="CompressionLevel.SmallestSize"/> makes a file about a fifth smaller and takes ~10× longer (used for
    /// the shipped model).
    /// </summary>
    public void Save(string path, CompressionLevel compression = CompressionLevel.Optimal)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var temporary = path + ".tmp";
        using (var file = File.Create(temporary))
            Save(file, compression);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Writes the model to <paramref name="stream"/> (left open).</summary>
    public void Save(Stream stream, CompressionLevel compression = CompressionLevel.Optimal)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var payload = new MemoryStream();
        using (var brotli = new BrotliStream(payload, compression, leaveOpen: true))
        using (var w = new BinaryWriter(brotli, Encoding.UTF8, leaveOpen: true))
            WritePayload(w);
        var bytes = payload.GetBuffer().AsSpan(0, (int)payload.Length);
        stream.Write(s_magic);
        stream.WriteByte(FormatVersion);
        Span<byte> length = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(length, bytes.Length);
        stream.Write(length);
        stream.Write(System.Security.Cryptography.SHA256.HashData(bytes));
        stream.Write(bytes);
    }

    private void WritePayload(BinaryWriter w)
    {
        var d = Data;
        w.Write(d.Info.Source);
        w.Write(d.Info.TrainingWords);
        w.Write(d.MaxSuffixLength);
        w.Write(d.LexiconWeight);
        w.Write(d.StripThousandsSeparators);
        w.Write(d.UpperTitleLength);
        WriteStrings(w, d.UposNames);
        WriteStrings(w, d.XposNames);
        WriteStrings(w, d.FeatsNames);
        w.Write(d.Tags.Length);
        foreach (var t in d.Tags)
        {
            w.Write(t.Upos);
            w.Write(t.Xpos);
            w.Write(t.Feats);
        }
        WriteReadings(w, d.Forms);
        WriteReadings(w, d.LowerForms);
        w.Write(d.Edits.Length);
        foreach (var e in d.Edits)
        {
            w.Write(e.Strip);
            w.Write(e.Append);
        }
        w.Write(d.Suffixes.Count);
        foreach (var (key, entry) in d.Suffixes.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            w.Write(key);
            w.Write(entry.Edits.Length);
            foreach (var ec in entry.Edits)
            {
                w.Write(ec.Edit);
                w.Write(ec.Count);
            }
        }
        w.Write(d.Guesses.Count);
        foreach (var (key, entry) in d.Guesses.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            w.Write(key);
            w.Write(entry.Tags.Length);
            foreach (var tc in entry.Tags)
            {
                w.Write(tc.Tag);
                w.Write(tc.Count);
            }
        }
        foreach (var set in d.TrainLemmas)
            WriteStrings(w, set.Order(StringComparer.Ordinal).ToArray());
        WriteBools(w, d.KeepCase);
        WriteBools(w, d.Inflects);
        foreach (var pos in Enum.GetValues<WordNetPos>())
            WriteStrings(w, d.WordNet.Lemmas(pos).Order(StringComparer.Ordinal).ToArray());
        foreach (var pos in Enum.GetValues<WordNetPos>())
        {
            var entries = d.WordNet.ExceptionEntries(pos).OrderBy(kv => kv.Key, StringComparer.Ordinal).ToArray();
            w.Write(entries.Length);
            foreach (var (form, lemmas) in entries)
            {
                w.Write(form);
                WriteStrings(w, lemmas);
            }
        }
        w.Write(EndMarker);
    }

    /// <summary>Reads a model written by <see cref="Save(string, CompressionLevel)"/>.</summary>
    public static MorphologyModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new TextKitModelException("TK530", $"Morphology model file '{path}' does not exist.");
        using var file = File.OpenRead(path);
        return Load(file, path);
    }

    /// <summary>Reads a model from <paramref name="stream"/>; <paramref name="source"/> names it in error messages.</summary>
    public static MorphologyModel Load(Stream stream, string source = "<stream>")
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> header = stackalloc byte[48];
        int read = stream.ReadAtLeast(header, 8, throwOnEndOfStream: false);
        if (read < 8 || !header[..7].SequenceEqual(s_magic))
            throw new TextKitModelException("TK531", $"{source} is not a TextKit morphology model (bad header).");
        if (header[7] > FormatVersion)
            throw new TextKitModelException("TK532", $"{source} was written in model format {header[7]}; this TextKit reads up to {FormatVersion}. Upgrade TextKit.");
        read += stream.ReadAtLeast(header[read..], header.Length - read, throwOnEndOfStream: false);
        if (read < header.Length)
            throw new TextKitModelException("TK533", $"{source}: the morphology model is truncated (incomplete header).");
        long length = System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(header[8..16]);
        if (length <= 0 || length > 1L << 31)
            throw new TextKitModelException("TK533", $"{source}: the morphology model is corrupted (payload length {length}).");
        var payload = new byte[length];
        int got = stream.ReadAtLeast(payload, payload.Length, throwOnEndOfStream: false);
        if (got < payload.Length)
            throw new TextKitModelException("TK533", $"{source}: the morphology model is truncated ({got:N0} of {length:N0} payload bytes).");
        if (!System.Security.Cryptography.SHA256.HashData(payload).AsSpan().SequenceEqual(header[16..48]))
            throw new TextKitModelException("TK533", $"{source}: the morphology model is corrupted (checksum mismatch).");
        try
        {
            using var r = CompressedModelReader.Open(new MemoryStream(payload));
            return new MorphologyModel(ReadData(r, source));
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or IOException or IndexOutOfRangeException or ArgumentException or OverflowException or DecoderFallbackException)
        {
            throw new TextKitModelException("TK533", $"{source}: the morphology model is truncated or corrupted ({e.Message}).", e);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // one-shot load code: compiled optimized at once, not run as tier-0 loops
    private static ModelData ReadData(BinaryReader r, string source)
    {
        var sourceText = r.ReadString();
        long words = r.ReadInt64();
        int maxSuffix = r.ReadInt32();
        double lexiconWeight = r.ReadDouble();
        bool strip = r.ReadBoolean();
        int upperTitleLength = r.ReadInt32();
        var upos = ReadStrings(r);
        var xpos = ReadStrings(r);
        var feats = ReadStrings(r);
        int tagCount = Count(r);
        var tags = new Tag[tagCount];
        for (int i = 0; i < tagCount; i++)
        {
            var t = new Tag(r.ReadInt32(), r.ReadInt32(), r.ReadInt32());
            if ((uint)t.Upos >= upos.Length || t.Xpos < -1 || t.Xpos >= xpos.Length || (uint)t.Feats >= feats.Length)
                throw Corrupt(source, "a tag refers to an unknown UPOS, XPOS or FEATS value");
            tags[i] = t;
        }
        var forms = ReadReadings(r, tagCount, source);
        var lowerForms = ReadReadings(r, tagCount, source);
        int editCount = Count(r);
        var edits = new Edit[editCount];
        for (int i = 0; i < editCount; i++)
        {
            edits[i] = new Edit(r.ReadString(), r.ReadString());
        }
        int suffixCount = Count(r);
        var suffixes = new Dictionary<string, SuffixEntry>(suffixCount, StringComparer.Ordinal);
        for (int i = 0; i < suffixCount; i++)
        {
            var key = r.ReadString();
            var entries = new EditCount[Count(r)];
            for (int j = 0; j < entries.Length; j++)
            {
                entries[j] = new EditCount(r.ReadInt32(), r.ReadInt32());
                if ((uint)entries[j].Edit >= editCount || entries[j].Count <= 0)
                    throw Corrupt(source, "a suffix rule refers to an unknown edit");
            }
            suffixes[key] = new SuffixEntry(entries, entries.Sum(e => e.Count));
        }
        int guessCount = Count(r);
        var guesses = new Dictionary<string, GuessEntry>(guessCount, StringComparer.Ordinal);
        for (int i = 0; i < guessCount; i++)
        {
            var key = r.ReadString();
            var entries = new TagCount[Count(r)];
            for (int j = 0; j < entries.Length; j++)
            {
                entries[j] = new TagCount(r.ReadInt32(), r.ReadInt32());
                if ((uint)entries[j].Tag >= tagCount || entries[j].Count <= 0)
                    throw Corrupt(source, "a guesser entry refers to an unknown tag");
            }
            guesses[key] = new GuessEntry(entries, entries.Sum(e => e.Count));
        }
        var trainLemmas = Enumerable.Range(0, 5).Select(_ => new HashSet<string>(ReadStrings(r), StringComparer.Ordinal)).ToArray();
        var keepCase = ReadBools(r);
        var inflects = ReadBools(r);
        var wnLemmas = Enumerable.Range(0, 4).Select(_ => new HashSet<string>(ReadStrings(r), StringComparer.Ordinal)).ToArray();
        var wnExceptions = new Dictionary<string, string[]>[4];
        for (int p = 0; p < 4; p++)
        {
            int n = Count(r);
            var d = new Dictionary<string, string[]>(n, StringComparer.Ordinal);
            for (int i = 0; i < n; i++)
                d[r.ReadString()] = ReadStrings(r);
            wnExceptions[p] = d;
        }
        if (r.ReadInt32() != EndMarker)
            throw Corrupt(source, "missing end marker");
        var wordNet = new WordNetLexicon(wnLemmas, wnExceptions);
        var info = new MorphologyModelInfo(sourceText, words, forms.Count, suffixes.Count, guesses.Count,
            Enum.GetValues<WordNetPos>().Sum(wordNet.LemmaCount), Enum.GetValues<WordNetPos>().Sum(wordNet.ExceptionCount));
        return new ModelData
        {
            UposNames = upos,
            XposNames = xpos,
            FeatsNames = feats,
            UposIds = Index(upos),
            XposIds = Index(xpos),
            Tags = tags,
            UposGroup = upos.Select(GroupOf).ToArray(),
            Forms = forms,
            LowerForms = lowerForms,
            Edits = edits,
            Suffixes = suffixes,
            Guesses = guesses,
            TrainLemmas = trainLemmas,
            KeepCase = keepCase,
            Inflects = inflects,
            StripThousandsSeparators = strip,
            UpperTitleLength = upperTitleLength,
            MaxSuffixLength = maxSuffix,
            LexiconWeight = lexiconWeight,
            WordNet = wordNet,
            Info = info,
        };
    }

    private static Dictionary<string, int> Index(string[] names)
    {
        var d = new Dictionary<string, int>(names.Length, StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
            d[names[i]] = i;
        return d;
    }

    private static TextKitModelException Corrupt(string source, string what)
        => new("TK533", $"{source}: the morphology model is corrupted ({what}).");

    private static int Count(BinaryReader r)
    {
        int n = r.ReadInt32();
        if (n < 0 || n > 50_000_000)
            throw new InvalidDataException($"implausible count {n}");
        return n;
    }

    private static void WriteStrings(BinaryWriter w, IReadOnlyList<string> items)
    {
        w.Write(items.Count);
        foreach (var s in items)
            w.Write(s);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string[] ReadStrings(BinaryReader r)
    {
        var items = new string[Count(r)];
        for (int i = 0; i < items.Length; i++)
            items[i] = r.ReadString();
        return items;
    }

    private static void WriteBools(BinaryWriter w, bool[] values)
    {
        w.Write(values.Length);
        foreach (bool b in values)
            w.Write(b);
    }

    private static bool[] ReadBools(BinaryReader r)
    {
        var values = new bool[Count(r)];
        for (int i = 0; i < values.Length; i++)
            values[i] = r.ReadBoolean();
        return values;
    }

    private static void WriteReadings(BinaryWriter w, Dictionary<string, Reading[]> table)
    {
        w.Write(table.Count);
        foreach (var (form, readings) in table.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            w.Write(form);
            w.Write(readings.Length);
            foreach (var reading in readings)
            {
                w.Write(reading.Tag);
                w.Write(reading.Lemma);
                w.Write(reading.Count);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Dictionary<string, Reading[]> ReadReadings(BinaryReader r, int tagCount, string source)
    {
        int n = Count(r);
        var table = new Dictionary<string, Reading[]>(n, StringComparer.Ordinal);
        // Lemmas repeat a lot ("be", "have"): share one string per distinct lemma.
        var pool = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < n; i++)
        {
            var form = r.ReadString();
            var readings = new Reading[Count(r)];
            if (readings.Length == 0)
                throw Corrupt(source, $"form '{form}' has no readings");
            for (int j = 0; j < readings.Length; j++)
            {
                int tag = r.ReadInt32();
                var lemma = r.ReadString();
                if (!pool.TryGetValue(lemma, out var shared))
                    pool[lemma] = shared = lemma;
                readings[j] = new Reading(tag, shared, r.ReadInt32());
                if ((uint)tag >= tagCount)
                    throw Corrupt(source, "a reading refers to an unknown tag");
            }
            table[form] = readings;
        }
        return table;
    }
}
