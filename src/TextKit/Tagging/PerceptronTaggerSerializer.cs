using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using TextKit.Data;
using TextKit.Morphology;

namespace TextKit.Tagging;

/// <summary>
/// The binary model format of <see cref="PerceptronTagger"/> (".tkpos"): a magic number and version, then a
/// Brotli-compressed body with a JSON header (layers, labels, metadata), the word tables and the two weight tables.
/// Keys are delta-encoded, class ids and counts are varints, weights are IEEE half floats (the frozen model already
/// holds half-precision values, so saving and loading are exact).
/// </summary>
internal static class PerceptronTaggerSerializer
{
    private static ReadOnlySpan<byte> Magic => "TKPT"u8;

    // Format versions:
    //   1: initial layout (header JSON, words, lower, tag weights, optional FEATS candidates + weights).
    //   2: + the FEATS shortcut table after the FEATS weights (models with FEATS only).
    //   3: + the beam width and temperature in the header (older files decode greedily).
    public const int Version = 3;

    private sealed record Header(
        int Layers, int Passes, string[] Labels, string[]? FeatsLabels, string TrainingData, string Command, int Seed,
        int Iterations, Dictionary<string, double> DevScores, int KeyBits, string? Morphology = null,
        int? BeamWidth = null, double? BeamTemperature = null);

    /// <summary>Writes <paramref name="model"/>; <paramref name="version"/> below <see cref="Version"/> only for compatibility tests.</summary>
    public static void Write(Stream stream, PerceptronTagger model, int version = Version)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (model.TagWeights is not PerceptronWeights tagWeights || (model.FeatsWeights is not null && model.FeatsWeights is not PerceptronWeights))
            throw new InvalidOperationException("Only a trained (frozen) tagger can be saved.");
        stream.Write(Magic);
        if (version is < 1 or > Version)
            throw new ArgumentOutOfRangeException(nameof(version));
        stream.Write(BitConverter.GetBytes(version));
        using var brotli = new BrotliStream(stream, CompressionLevel.Optimal, leaveOpen: true);
        using var w = new BinaryWriter(brotli, Encoding.UTF8, leaveOpen: true);
        var info = model.Info;
        var header = new Header((int)model.Layers, model.Passes, model.Labels, model.FeatsLabels, info.TrainingData, info.Command,
            info.Seed, info.Iterations, new Dictionary<string, double>(info.DevScores), PerceptronWeights.KeyBits,
            MorphologyName(model.Tables.Morphology),
            version >= 3 ? model.BeamWidth : null, version >= 3 ? model.BeamTemperature : null);
        var json = JsonSerializer.SerializeToUtf8Bytes(header);
        w.Write7BitEncodedInt(json.Length);
        w.Write(json);

        // Word table.
        var words = model.Tables.Words.Items;
        var ambiguities = new List<ulong>();
        var ambiguityIds = new Dictionary<ulong, int>();
        int AmbiguityId(ulong h)
        {
            if (!ambiguityIds.TryGetValue(h, out int id))
            {
                ambiguityIds[h] = id = ambiguities.Count;
                ambiguities.Add(h);
            }
            return id;
        }
        foreach (var (_, e) in words)
            AmbiguityId(e.Ambiguity);
        var lower = model.Tables.Lower.Items;
        foreach (var (_, e) in lower)
            AmbiguityId(e.Ambiguity);
        w.Write7BitEncodedInt(ambiguities.Count);
        foreach (var h in ambiguities)
            w.Write(h);
        w.Write7BitEncodedInt(words.Count);
        ulong previous = 0;
        foreach (var (key, e) in words)
        {
            w.Write7BitEncodedInt64((long)(key - previous));
            previous = key;
            w.Write7BitEncodedInt(e.Count);
            w.Write7BitEncodedInt(AmbiguityId(e.Ambiguity));
            w.Write7BitEncodedInt(e.FrequentTag + 1);
            var candidates = e.Candidates ?? [];
            w.Write7BitEncodedInt(candidates.Length);
            foreach (int c in candidates)
                w.Write7BitEncodedInt(c);
        }

        // Lower-case table: ambiguity, lexicon class and cluster prefixes, each through an id table.
        var lexicons = new List<ulong>();
        var lexiconIds = new Dictionary<ulong, int>();
        var clusters = new List<(ulong, ulong, ulong, ulong)>();
        var clusterIds = new Dictionary<(ulong, ulong, ulong, ulong), int>();
        foreach (var (_, e) in lower)
        {
            if (!lexiconIds.ContainsKey(e.Lexicon))
            {
                lexiconIds[e.Lexicon] = lexicons.Count;
                lexicons.Add(e.Lexicon);
            }
            var c = (e.Cluster1, e.Cluster2, e.Cluster3, e.Cluster4);
            if (!clusterIds.ContainsKey(c))
            {
                clusterIds[c] = clusters.Count;
                clusters.Add(c);
            }
        }
        w.Write7BitEncodedInt(lexicons.Count);
        foreach (var h in lexicons)
            w.Write(h);
        w.Write7BitEncodedInt(clusters.Count);
        foreach (var (c1, c2, c3, c4) in clusters)
        {
            w.Write(c1);
            w.Write(c2);
            w.Write(c3);
            w.Write(c4);
        }
        w.Write7BitEncodedInt(lower.Count);
        previous = 0;
        foreach (var (key, e) in lower)
        {
            w.Write7BitEncodedInt64((long)(key - previous));
            previous = key;
            w.Write7BitEncodedInt(AmbiguityId(e.Ambiguity));
            w.Write7BitEncodedInt(lexiconIds[e.Lexicon]);
            w.Write7BitEncodedInt(clusterIds[(e.Cluster1, e.Cluster2, e.Cluster3, e.Cluster4)]);
        }

        WriteWeights(w, tagWeights);
        if (model.FeatsWeights is PerceptronWeights featsWeights)
        {
            foreach (var candidates in model.FeatsCandidates!)
            {
                w.Write7BitEncodedInt(candidates.Length);
                foreach (int c in candidates)
                    w.Write7BitEncodedInt(c);
            }
            WriteWeights(w, featsWeights);
            if (version >= 2)
            {
                var shortcuts = model.FeatsShortcuts?.Items ?? [];
                w.Write7BitEncodedInt(shortcuts.Count);
                previous = 0;
                foreach (var (key, feats) in shortcuts)
                {
                    w.Write7BitEncodedInt64((long)(key - previous));
                    previous = key;
                    w.Write7BitEncodedInt(feats);
                }
            }
        }
    }

    private static void WriteWeights(BinaryWriter w, PerceptronWeights weights)
    {
        w.Write7BitEncodedInt(weights.ClassCount);
        var keys = weights.Keys;
        var starts = weights.Starts;
        var entries = weights.Entries;
        w.Write7BitEncodedInt(keys.Length);
        ulong previous = 0;
        for (int r = 0; r < keys.Length; r++)
        {
            w.Write7BitEncodedInt64((long)(keys[r] - previous));
            previous = keys[r];
            w.Write7BitEncodedInt(starts[r + 1] - starts[r]);
        }
        for (int r = 0; r < keys.Length; r++)
        {
            int previousClass = 0;
            for (int e = starts[r]; e < starts[r + 1]; e++)
            {
                w.Write7BitEncodedInt(entries[e].Class - previousClass);
                previousClass = entries[e].Class;
            }
        }
        for (int e = 0; e < entries.Length; e++)
            w.Write(BitConverter.HalfToInt16Bits((Half)entries[e].Weight));
    }

    public static PerceptronTagger Read(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> head = stackalloc byte[8];
        if (stream.ReadAtLeast(head, 8, throwOnEndOfStream: false) < 8 || !head[..4].SequenceEqual(Magic))
            throw new TextKitModelException("TK640", $"{source} is not a TextKit perceptron tagger model (bad magic number).");
        int version = BitConverter.ToInt32(head[4..]);
        if (version > Version || version < 1)
            throw new TextKitModelException("TK641", $"{source} has perceptron model format {version}; this TextKit reads formats 1..{Version}. Update TextKit.");
        try
        {
            using var r = CompressedModelReader.Open(stream);
            var header = JsonSerializer.Deserialize<Header>(r.ReadBytes(Count(r, 1 << 26)))
                ?? throw Corrupt(source, "missing header");
            if (header.KeyBits != PerceptronWeights.KeyBits)
                throw Corrupt(source, $"feature keys have {header.KeyBits} bits, expected {PerceptronWeights.KeyBits}");
            var layers = (TagLayers)header.Layers;
            if ((layers & (TagLayers.Upos | TagLayers.Xpos)) == 0 || header.Labels is null || header.Labels.Length == 0
                || ((layers & TagLayers.Feats) != 0) != (header.FeatsLabels is { Length: > 0 }) || header.Passes is < 1 or > 2)
                throw Corrupt(source, "inconsistent header");
            int labelCount = header.Labels.Length;
            if (version >= 3 && (header.BeamWidth is not { } beamWidth || header.BeamTemperature is not { } beamTemperature
                || !PerceptronTagger.IsValidBeam(beamWidth, beamTemperature)))
                throw Corrupt(source, $"beam width {header.BeamWidth?.ToString() ?? "missing"} / temperature {header.BeamTemperature?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"} out of range (1..{PerceptronTagger.MaxBeamWidth}, above 0)");

            var ambiguities = new ulong[Count(r, 1 << 24)];
            for (int i = 0; i < ambiguities.Length; i++)
                ambiguities[i] = r.ReadUInt64();
            var words = new List<KeyValuePair<ulong, WordEntry>>(Count(r, 1 << 26));
            int wordCount = words.Capacity;
            ulong key = 0;
            for (int i = 0; i < wordCount; i++)
            {
                key += (ulong)r.Read7BitEncodedInt64();
                int count = r.Read7BitEncodedInt();
                ulong ambiguity = ambiguities[Index(r, ambiguities.Length, source)];
                int frequent = r.Read7BitEncodedInt() - 1;
                if (frequent < -1 || frequent >= labelCount)
                    throw Corrupt(source, "frequent tag out of range");
                int n = Count(r, labelCount);
                int[]? candidates = n == 0 ? null : new int[n];
                for (int c = 0; c < n; c++)
                    candidates![c] = Index(r, labelCount, source);
                words.Add(new(key, new WordEntry { Count = count, Ambiguity = ambiguity, FrequentTag = frequent, Candidates = candidates }));
            }
            var lexicons = new ulong[Count(r, 1 << 24)];
            for (int i = 0; i < lexicons.Length; i++)
                lexicons[i] = r.ReadUInt64();
            var clusters = new (ulong, ulong, ulong, ulong)[Count(r, 1 << 24)];
            for (int i = 0; i < clusters.Length; i++)
                clusters[i] = (r.ReadUInt64(), r.ReadUInt64(), r.ReadUInt64(), r.ReadUInt64());
            int lowerCount = Count(r, 1 << 26);
            var lower = new List<KeyValuePair<ulong, LowerEntry>>(lowerCount);
            key = 0;
            for (int i = 0; i < lowerCount; i++)
            {
                key += (ulong)r.Read7BitEncodedInt64();
                ulong ambiguity = ambiguities[Index(r, ambiguities.Length, source)];
                ulong lexicon = lexicons[Index(r, lexicons.Length, source)];
                var (c1, c2, c3, c4) = clusters[Index(r, clusters.Length, source)];
                lower.Add(new(key, new LowerEntry { Ambiguity = ambiguity, Lexicon = lexicon, Cluster1 = c1, Cluster2 = c2, Cluster3 = c3, Cluster4 = c4 }));
            }
            var tagWeights = ReadWeights(r, source, labelCount);
            int[][]? featsCandidates = null;
            PerceptronWeights? featsWeights = null;
            ULongMap<int>? featsShortcuts = null;
            if (header.FeatsLabels is { Length: > 0 } featsLabels)
            {
                featsCandidates = new int[labelCount][];
                for (int t = 0; t < labelCount; t++)
                {
                    var set = new int[Count(r, featsLabels.Length)];
                    for (int c = 0; c < set.Length; c++)
                        set[c] = Index(r, featsLabels.Length, source);
                    featsCandidates[t] = set;
                }
                featsWeights = ReadWeights(r, source, featsLabels.Length);
                if (version >= 2)
                    featsShortcuts = ReadShortcuts(r, source, featsLabels.Length);
            }
            var info = new ModelInfo
            {
                TrainingData = header.TrainingData ?? "",
                Command = header.Command ?? "",
                Seed = header.Seed,
                Iterations = header.Iterations,
                DevScores = header.DevScores ?? new Dictionary<string, double>(),
            };
            var morphology = header.Morphology switch
            {
                null => null,
                EnglishMorphology => EnglishModels.Morphology,
                _ => throw Corrupt(source, $"unknown morphology model '{header.Morphology}'"),
            };
            return new PerceptronTagger(layers, header.Labels, new TaggerTables(new ULongMap<WordEntry>(words), new ULongMap<LowerEntry>(lower), morphology),
                tagWeights, header.FeatsLabels, featsWeights, featsCandidates, info, header.Passes, featsShortcuts,
                header.BeamWidth ?? 1, header.BeamTemperature ?? PerceptronTagger.DefaultBeamTemperature);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or JsonException or FormatException or IOException or InvalidOperationException)
        {
            throw new TextKitModelException("TK642", $"{source} is truncated or corrupted ({e.Message}).", e);
        }
    }

    /// <summary>The name a model file stores for the shipped English morphology model.</summary>
    private const string EnglishMorphology = "en-morphology";

    private static string? MorphologyName(MorphologyModel? morphology)
    {
        if (morphology is null)
            return null;
        if (ReferenceEquals(morphology, EnglishModels.Morphology))
            return EnglishMorphology;
        throw new TextKitModelException("TK644", "Only taggers trained with the shipped English morphology model (or none) can be saved; a custom MorphologyModel is not stored in the tagger file.");
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // one-shot load loop over ~10^6 values: optimized at once
    private static PerceptronWeights ReadWeights(BinaryReader r, string source, int expectedClasses)
    {
        int classCount = r.Read7BitEncodedInt();
        if (classCount != expectedClasses)
            throw Corrupt(source, $"weight table has {classCount} classes, expected {expectedClasses}");
        int rows = Count(r, 1 << 28);
        var keys = new ulong[rows];
        var starts = new int[rows + 1];
        ulong key = 0;
        for (int i = 0; i < rows; i++)
        {
            key += (ulong)r.Read7BitEncodedInt64();
            keys[i] = key;
            starts[i + 1] = checked(starts[i] + Count(r, classCount));
        }
        var classes = new ushort[starts[rows]];
        for (int i = 0; i < rows; i++)
        {
            int c = 0;
            for (int e = starts[i]; e < starts[i + 1]; e++)
            {
                c += r.Read7BitEncodedInt();
                if ((uint)c >= (uint)classCount)
                    throw Corrupt(source, "class id out of range");
                classes[e] = (ushort)c;
            }
        }
        var weights = new float[classes.Length];
        for (int e = 0; e < weights.Length; e++)
            weights[e] = (float)BitConverter.Int16BitsToHalf(r.ReadInt16());
        return new PerceptronWeights(classCount, keys, starts, classes, weights);
    }

    private static ULongMap<int> ReadShortcuts(BinaryReader r, string source, int featsCount)
    {
        int count = Count(r, 1 << 26);
        var shortcuts = new List<KeyValuePair<ulong, int>>(count);
        ulong key = 0;
        for (int i = 0; i < count; i++)
        {
            ulong delta = (ulong)r.Read7BitEncodedInt64();
            if (i > 0 && delta == 0)
                throw Corrupt(source, "duplicate FEATS shortcut key");
            key += delta;
            shortcuts.Add(new(key, Index(r, featsCount, source)));
        }
        return new ULongMap<int>(shortcuts);
    }

    private static int Count(BinaryReader r, int max)
    {
        int n = r.Read7BitEncodedInt();
        if (n < 0 || n > max)
            throw new InvalidDataException($"count {n} out of range");
        return n;
    }

    private static int Index(BinaryReader r, int length, string source)
    {
        int i = r.Read7BitEncodedInt();
        if ((uint)i >= (uint)length)
            throw Corrupt(source, "index out of range");
        return i;
    }

    private static TextKitModelException Corrupt(string source, string what)
        => new("TK642", $"{source} is corrupted: {what}.");
}
