using System.Numerics;
using System.Runtime.InteropServices;
using TextKit.Data;

namespace TextKit.Tagging;

/// <summary>
/// Left-to-right averaged-perceptron POS tagger (Collins 2002; feature design after Ratnaparkhi 1996 and Honnibal's
/// tagger), greedy or with a small beam (<see cref="BeamWidth"/>), predicting UPOS and XPOS jointly and UD FEATS with a
/// second perceptron head. Immutable and thread-safe; train with <see cref="PerceptronTaggerTrainer"/>, save with
/// <see cref="Save(Stream)"/>, load the shipped English model with <see cref="LoadDefault"/>.
/// </summary>
public sealed partial class PerceptronTagger : IPosTagger
{
    internal PerceptronTagger(TagLayers layers, string[] labels, TaggerTables tables, IFeatureScorer tagWeights,
        string[]? featsLabels, IFeatureScorer? featsWeights, int[][]? featsCandidates, ModelInfo info, int passes,
        ULongMap<int>? featsShortcuts = null, int beamWidth = 1, double beamTemperature = DefaultBeamTemperature)
    {
        CheckBeam(beamWidth, beamTemperature);
        BeamWidth = beamWidth;
        BeamTemperature = beamTemperature;
        Passes = passes;
        Layers = layers;
        Labels = labels;
        Tables = tables;
        TagWeights = tagWeights;
        FeatsLabels = featsLabels;
        FeatsWeights = featsWeights;
        FeatsCandidates = featsCandidates;
        FeatsShortcuts = featsShortcuts;
        Info = info;
        _cache = new WordScoreCache(tagWeights, CacheSlots);
        Span<ulong> features = stackalloc ulong[TaggerFeatures.MaxTagFeatures];
        _padEntries =
        [
            _cache.NewEntry("", s_padStart2, features), _cache.NewEntry("", s_padStart1, features),
            _cache.NewEntry("", s_padEnd1, features), _cache.NewEntry("", s_padEnd2, features),
        ];
        _upos = new string[labels.Length];
        _xpos = new string[labels.Length];
        for (int i = 0; i < labels.Length; i++)
            (_upos[i], _xpos[i]) = SplitLabel(layers, labels[i]);
    }

    /// <summary>A copy of <paramref name="source"/> with another beam, sharing its weights, tables and word cache.</summary>
    private PerceptronTagger(PerceptronTagger source, int beamWidth, double beamTemperature)
    {
        BeamWidth = beamWidth;
        BeamTemperature = beamTemperature;
        Passes = source.Passes;
        Layers = source.Layers;
        Labels = source.Labels;
        Tables = source.Tables;
        TagWeights = source.TagWeights;
        FeatsLabels = source.FeatsLabels;
        FeatsWeights = source.FeatsWeights;
        FeatsCandidates = source.FeatsCandidates;
        FeatsShortcuts = source.FeatsShortcuts;
        Info = source.Info;
        _cache = source._cache;
        _padEntries = source._padEntries;
        _upos = source._upos;
        _xpos = source._xpos;
    }

    private readonly string[] _upos;
    private readonly string[] _xpos;

    // 8,192 slots hold the words that make up ~90 % of running English text; an entry is ~2.4 KB (102 labels), so
    // the cache stays under 20 MB however much text is tagged.
    private const int CacheSlots = 8192;
    private readonly WordScoreCache _cache;
    private readonly WordScoreCache.Entry[] _padEntries; // the two padding positions before and after the sentence

    /// <inheritdoc />
    public TagLayers Layers { get; }

    /// <summary>Descriptive metadata saved with the model (training data, seed, dev scores).</summary>
    public ModelInfo Info { get; }

    internal string[] Labels { get; }

    /// <summary>1: greedy left to right; 2: a second left-to-right pass that also sees the first pass's right-context tags.</summary>
    internal int Passes { get; }

    internal TaggerTables Tables { get; }

    internal IFeatureScorer TagWeights { get; }

    internal string[]? FeatsLabels { get; }

    internal IFeatureScorer? FeatsWeights { get; }

    internal int[][]? FeatsCandidates { get; }

    /// <summary>
    /// FEATS values given by lookup (see <see cref="PerceptronTaggerOptions.FeatsShortcutMinCount"/>), keyed by
    /// <see cref="FeatsShortcutKey"/>; null or empty when the model has none.
    /// </summary>
    internal ULongMap<int>? FeatsShortcuts { get; }

    /// <summary>The FEATS shortcut key of a lower-cased word hash (<see cref="TaggerHash.LowerText"/>) and a joint tag id.</summary>
    internal static ulong FeatsShortcutKey(ulong lower, int tag) => TaggerHash.Combine(lower, (ulong)tag);

    /// <summary>The distinct UPOS values the model predicts (empty without a UPOS layer).</summary>
    public IReadOnlyList<string> UposTags => (Layers & TagLayers.Upos) != 0 ? _upos.Distinct().Order(StringComparer.Ordinal).ToArray() : [];

    /// <summary>The distinct XPOS values the model predicts (empty without an XPOS layer).</summary>
    public IReadOnlyList<string> XposTags => (Layers & TagLayers.Xpos) != 0 ? _xpos.Distinct().Order(StringComparer.Ordinal).ToArray() : [];

    internal const char LabelSeparator = '\t';

    internal static string JoinLabel(TagLayers layers, string? upos, string? xpos)
        => (layers & (TagLayers.Upos | TagLayers.Xpos)) switch
        {
            TagLayers.Upos | TagLayers.Xpos => upos + LabelSeparator + xpos,
            TagLayers.Upos => upos!,
            _ => xpos!,
        };

    internal static (string Upos, string Xpos) SplitLabel(TagLayers layers, string label)
    {
        switch (layers & (TagLayers.Upos | TagLayers.Xpos))
        {
            case TagLayers.Upos | TagLayers.Xpos:
                int tab = label.IndexOf(LabelSeparator);
                return (label[..tab], label[(tab + 1)..]);
            case TagLayers.Upos:
                return (label, "_");
            default:
                return ("_", label);
        }
    }

    /// <summary>Writes the model in TextKit's binary tagger format.</summary>
    public void Save(Stream stream) => PerceptronTaggerSerializer.Write(stream, this);

    /// <summary>Writes the model to <paramref name="path"/> (written to a temporary file, then moved into place).</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var temporary = path + ".tmp-" + Environment.ProcessId;
        using (var stream = File.Create(temporary))
            Save(stream);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads a model written by <see cref="Save(Stream)"/>; <paramref name="source"/> names it in errors.</summary>
    public static PerceptronTagger Load(Stream stream, string source = "<stream>") => PerceptronTaggerSerializer.Read(stream, source);

    /// <summary>Reads a model file.</summary>
    public static PerceptronTagger Load(string path)
    {
        if (!File.Exists(path))
            throw new TextKitModelException("TK643", $"Tagger model file '{path}' does not exist.");
        using var stream = File.OpenRead(path);
        return Load(stream, path);
    }

    /// <summary>Name of the shipped English model (UD English EWT: UPOS, PTB XPOS, FEATS).</summary>
    public const string DefaultModelName = "en-ewt";

    private static readonly Lazy<PerceptronTagger> s_default = new(() =>
    {
        const string resource = "TextKit.Models.en-ewt.tkpos";
        using var stream = typeof(PerceptronTagger).Assembly.GetManifestResourceStream(resource)
            ?? throw new TextKitModelException("TK910", $"The shipped tagger model '{resource}' is not embedded in {typeof(PerceptronTagger).Assembly.GetName().Name}; the build did not find models/en-ewt.tkpos.");
        return Load(stream, "shipped model en-ewt");
    });

    /// <summary>The shipped English model (UD English EWT), loaded once per process.</summary>
    public static PerceptronTagger LoadDefault() => s_default.Value;

    /// <inheritdoc />
    public PosTags Tag(IReadOnlyList<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        int n = words.Count;
        var upos = (Layers & TagLayers.Upos) != 0 ? new string[n] : null;
        var xpos = (Layers & TagLayers.Xpos) != 0 ? new string[n] : null;
        var feats = (Layers & TagLayers.Feats) != 0 ? new string[n] : null;
        var scratch = Scratch.Get(n);
        for (int i = 0; i < n; i++)
            Look((words[i] ?? throw new ArgumentException($"Word {i} is null.", nameof(words))).AsSpan(), scratch, i);
        for (int i = 0; i < n; i++)
            Prepare(words[i].AsSpan(), scratch, i);
        Decode(scratch, n);
        for (int i = 0; i < n; i++)
        {
            int tag = scratch.Tags[i];
            if (upos is not null)
                upos[i] = _upos[tag];
            if (xpos is not null)
                xpos[i] = _xpos[tag];
            if (feats is not null)
                feats[i] = FeatsLabels![scratch.Feats[i]];
        }
        return new PosTags(upos, xpos, feats);
    }

    /// <summary>
    /// Tags <paramref name="words"/> into caller-provided spans without allocating (the label strings are shared).
    /// Spans for layers the model lacks may be empty; others must be at least as long as <paramref name="words"/>.
    /// </summary>
    public void Tag(ReadOnlySpan<ReadOnlyMemory<char>> words, Span<string> upos, Span<string> xpos, Span<string> feats)
    {
        int n = words.Length;
        CheckOutput(upos, n, TagLayers.Upos, nameof(upos));
        CheckOutput(xpos, n, TagLayers.Xpos, nameof(xpos));
        CheckOutput(feats, n, TagLayers.Feats, nameof(feats));
        var scratch = Scratch.Get(n);
        for (int i = 0; i < n; i++)
            Look(words[i].Span, scratch, i);
        for (int i = 0; i < n; i++)
            Prepare(words[i].Span, scratch, i);
        Decode(scratch, n, withFeats: feats.Length > 0); // no FEATS head when the caller does not want FEATS
        for (int i = 0; i < n; i++)
        {
            int tag = scratch.Tags[i];
            if (upos.Length > 0)
                upos[i] = _upos[tag];
            if (xpos.Length > 0)
                xpos[i] = _xpos[tag];
            if (feats.Length > 0)
                feats[i] = FeatsLabels![scratch.Feats[i]];
        }
    }

    /// <summary>Tags <paramref name="words"/> and writes the ids of the joint UPOS/XPOS labels (benchmarks, training).</summary>
    internal void TagIds(ReadOnlySpan<string> words, Span<int> tags)
    {
        var scratch = Scratch.Get(words.Length);
        for (int i = 0; i < words.Length; i++)
            Look(words[i].AsSpan(), scratch, i);
        for (int i = 0; i < words.Length; i++)
            Prepare(words[i].AsSpan(), scratch, i);
        Decode(scratch, words.Length, withFeats: false);
        scratch.Tags.AsSpan(0, words.Length).CopyTo(tags);
    }

    private void CheckOutput(Span<string> span, int n, TagLayers layer, string name)
    {
        if (span.Length == 0)
            return;
        if ((Layers & layer) == 0)
            throw new ArgumentException($"The model does not predict {layer}; pass an empty span.", name);
        if (span.Length < n)
            throw new ArgumentException($"The {layer} span has {span.Length} slots for {n} words.", name);
    }

    /// <summary>
    /// First of two passes over a sentence's words: hashes word <paramref name="i"/> and starts loading its cache entries,
    /// so that the entries of the whole sentence are on their way before <see cref="Prepare"/> reads the first one.
    /// </summary>
    private void Look(ReadOnlySpan<char> word, Scratch scratch, int i)
    {
        ulong hash = TaggerHash.Text(word);
        scratch.Hashes[i] = hash;
        _cache.Prefetch(hash);
    }

    /// <summary>Fills word <paramref name="i"/>'s token values, from the cache when the word is in it (hash from <see cref="Look"/>).</summary>
    private void Prepare(ReadOnlySpan<char> word, Scratch scratch, int i)
    {
        var entry = _cache.Find(word, scratch.Hashes[i]);
        if (entry is not null)
        {
            scratch.Infos[i + 2] = entry.Info;
            // The role rows are read by StaticScores once every word is prepared: start all their lines now.
            var roles = entry.Roles;
            for (int at = 0; at < roles.Length; at += 16)
                CacheHint.At(in roles[at]);
        }
        else
        {
            TokenInfo.Compute(word, Tables, ref scratch.Infos[i + 2]);
            entry = _cache.TryAdd(word, scratch.Infos[i + 2], scratch.Features);
        }
        scratch.Entries[i + 2] = entry;
    }

    private void Decode(Scratch scratch, int n, bool withFeats = true)
    {
        var infos = scratch.Infos.AsSpan(0, n + 4);
        infos[0] = s_padStart2;
        infos[1] = s_padStart1;
        infos[n + 2] = s_padEnd1;
        infos[n + 3] = s_padEnd2;
        TokenInfo.SetSentence(infos.Slice(2, n));
        var entries = scratch.Entries;
        entries[0] = _padEntries[0];
        entries[1] = _padEntries[1];
        entries[n + 2] = _padEntries[2];
        entries[n + 3] = _padEntries[3];
        int stride = _cache.Stride;
        scratch.EnsureScores(Math.Max(stride, FeatsWeights?.ScoreLength ?? 0), stride, n);
        StaticScores(scratch, infos, n);
        var features = scratch.Features.AsSpan();
        var scores = scratch.Scores.AsSpan(0, stride);
        // The beam searches the output pass only: a beam over the first pass, whose tags are only right context for
        // the second, did not help on EWT dev (docs/tagging.md, "Beam search").
        bool beam = BeamWidth > 1 || ForceBeamDecoder;
        if (beam && Passes == 1)
            DecodeBeam(scratch, infos, scratch.Tags, n, null, features, scores);
        else
            DecodePass(scratch, infos, scratch.Tags, n, null, features, scores);
        if (Passes == 2)
        {
            var first = scratch.FirstPass;
            Array.Copy(scratch.Tags, first, n);
            if (beam)
                DecodeBeam(scratch, infos, scratch.Tags, n, first, features, scores);
            else
                DecodePass(scratch, infos, scratch.Tags, n, first, features, scores);
        }
        if (withFeats && FeatsWeights is not null)
            DecodeFeats(scratch, n);
    }

    /// <summary>
    /// The tag-independent part of every scored word's score vector, shared by both passes: the role vectors of the
    /// word and its ±2 neighbours (cached, or computed here for words outside the cache) plus the pair features.
    /// </summary>
    private void StaticScores(Scratch scratch, ReadOnlySpan<TokenInfo> infos, int n)
    {
        int stride = _cache.Stride;
        int roleBlock = TaggerFeatures.RoleCount * stride;
        // Role vectors of uncached words that a scored word within ±2 will read: all of them in one batched call,
        // like the context keys below (~45 keys per word, all independent of tags).
        var roleBatch = new RowBatch(scratch.RoleKeys, scratch.RoleEnds, scratch.RoleRows);
        for (int p = 2; p < n + 2; p++)
        {
            if (scratch.Entries[p] is not null || !NeedsRoles(infos, p, n))
                continue;
            scratch.Roles.AsSpan(p * roleBlock, roleBlock).Clear();
            for (int r = 0; r < TaggerFeatures.RoleCount; r++)
                roleBatch.EndRow(TaggerFeatures.Role(r, infos[p], roleBatch.Free), p * roleBlock + r * stride);
        }
        roleBatch.ScoreInto(TagWeights, scratch.Roles);
        // Every scored word's context keys go to the weights in one call, so that the table misses of the whole
        // sentence overlap (they depend on no tag); each word's sum gets the same additions in the same order.
        var contextBatch = new RowBatch(scratch.ContextKeys, scratch.ContextEnds, scratch.ContextRows);
        for (int i = 0; i < n; i++)
        {
            if (infos[i + 2].FrequentTag >= 0)
                continue;
            var sum = scratch.Static.AsSpan(i * stride, stride);
            sum.Clear();
            var offsets = TaggerFeatures.RoleOffsets;
            for (int r = 0; r < TaggerFeatures.RoleCount; r++)
            {
                int p = i + 2 + offsets[r];
                var entry = scratch.Entries[p];
                var row = entry is not null
                    ? entry.Roles.AsSpan(r * stride, stride)
                    : scratch.Roles.AsSpan(p * roleBlock + r * stride, stride);
                Add(sum, row);
            }
            contextBatch.EndRow(TaggerFeatures.Context(infos, i, contextBatch.Free), i * stride);
        }
        contextBatch.ScoreInto(TagWeights, scratch.Static);
    }

    /// <summary>Whether a word within ±2 of padded position <paramref name="p"/> is scored (not tagged by lookup).</summary>
    private static bool NeedsRoles(ReadOnlySpan<TokenInfo> infos, int p, int n)
    {
        for (int q = Math.Max(2, p - 2); q <= Math.Min(n + 1, p + 2); q++)
            if (infos[q].FrequentTag < 0)
                return true;
        return false;
    }

    /// <summary>sum += row, for lengths that are whole SIMD vectors (score strides).</summary>
    /// <remarks>
    /// Through refs rather than three span slices per vector: 1.03–1.06× for the whole tagger on EWT dev (five of these
    /// adds per scored word; docs/tagging.md).
    /// </remarks>
    private static void Add(Span<float> sum, ReadOnlySpan<float> row)
    {
        if (row.Length < sum.Length || sum.Length % Vector<float>.Count != 0)
            throw new ArgumentException("A role row is shorter than the sum or not whole vectors.", nameof(row));
        ref float s = ref MemoryMarshal.GetReference(sum);
        ref float r = ref MemoryMarshal.GetReference(row);
        for (nuint c = 0; c < (nuint)sum.Length; c += (nuint)Vector<float>.Count)
            (Vector.LoadUnsafe(ref s, c) + Vector.LoadUnsafe(ref r, c)).StoreUnsafe(ref s, c);
    }

    private void DecodePass(Scratch scratch, ReadOnlySpan<TokenInfo> infos, int[] tags, int n, int[]? first, Span<ulong> features, Span<float> scores)
    {
        int stride = _cache.Stride;
        int prev1 = -1, prev2 = -1;
        for (int i = 0; i < n; i++)
        {
            int tag = infos[i + 2].FrequentTag;
            if (tag < 0)
            {
                var candidates = infos[i + 2].Candidates;
                // Static scores + previous-tag keys; the second pass reuses the first pass's sum when the previous
                // two tags did not change (most words), adding the same keys in the same order either way.
                var afterPrevious = scratch.AfterPrevious.AsSpan(i * stride, stride);
                if (first is null || prev1 != scratch.FirstPrev1[i] || prev2 != scratch.FirstPrev2[i])
                {
                    scratch.Static.AsSpan(i * stride, stride).CopyTo(scores);
                    int previous = TaggerFeatures.Previous(infos, i, prev1, prev2, features);
                    Score(features[..previous], scores, candidates);
                    if (first is null)
                    {
                        scores.CopyTo(afterPrevious);
                        scratch.FirstPrev1[i] = prev1;
                        scratch.FirstPrev2[i] = prev2;
                    }
                }
                else
                {
                    afterPrevious.CopyTo(scores);
                }
                if (first is not null)
                {
                    int next1 = i + 1 < n ? first[i + 1] : -1;
                    int next2 = i + 2 < n ? first[i + 2] : -1;
                    int next = TaggerFeatures.Next(infos, i, prev1, next1, next2, features);
                    Score(features[..next], scores, candidates);
                }
                tag = candidates is null ? ArgMax(scores[..Labels.Length]) : ArgMax(scores, candidates);
            }
            tags[i] = tag;
            prev2 = prev1;
            prev1 = tag;
        }
    }

    private void Score(ReadOnlySpan<ulong> features, Span<float> scores, int[]? candidates)
    {
        if (candidates is null)
            TagWeights.Score(features, scores);
        else
            TagWeights.Score(features, scores, candidates);
    }

    private void DecodeFeats(Scratch scratch, int n)
    {
        var infos = scratch.Infos.AsSpan(0, n + 4);
        var tags = scratch.Tags.AsSpan(0, n);
        var features = scratch.Features.AsSpan();
        var scores = scratch.Scores.AsSpan(0, FeatsWeights!.ScoreLength);
        var shortcuts = FeatsShortcuts is { Count: > 0 } table ? table : null;
        if (shortcuts is not null)
        {
            // The tags are final: start every word's shortcut lookup before the first one is read.
            for (int i = 0; i < n; i++)
                shortcuts.Prefetch(FeatsShortcutKey(infos[i + 2].Lower, tags[i]));
        }
        for (int i = 0; i < n; i++)
        {
            var candidates = FeatsCandidates![tags[i]];
            if (candidates.Length == 1)
            {
                scratch.Feats[i] = candidates[0];
                continue;
            }
            // A frequent (word, tag) pair that always had one FEATS value in training: one lookup in a small table
            // instead of ~22 lookups in the FEATS weights.
            if (shortcuts is not null && shortcuts.TryGetValue(FeatsShortcutKey(infos[i + 2].Lower, tags[i]), out int value))
            {
                scratch.Feats[i] = value;
                continue;
            }
            int count = TaggerFeatures.Feats(infos, tags, i, features);
            scores.Clear();
            if (candidates.Length == 0)
            {
                FeatsWeights!.Score(features[..count], scores);
                scratch.Feats[i] = ArgMax(scores[..FeatsLabels!.Length]);
            }
            else
            {
                // Only the FEATS values seen with this tag are compared, so dense rows add just those.
                FeatsWeights!.Score(features[..count], scores, candidates);
                scratch.Feats[i] = ArgMax(scores, candidates);
            }
        }
    }

    internal static int ArgMax(ReadOnlySpan<float> scores)
    {
        int best = 0;
        float bestScore = scores[0];
        for (int c = 1; c < scores.Length; c++)
        {
            if (scores[c] > bestScore)
            {
                bestScore = scores[c];
                best = c;
            }
        }
        return best;
    }

    internal static int ArgMax(ReadOnlySpan<float> scores, ReadOnlySpan<int> candidates)
    {
        int best = candidates[0];
        float bestScore = scores[best];
        for (int k = 1; k < candidates.Length; k++)
        {
            int c = candidates[k];
            if (scores[c] > bestScore)
            {
                bestScore = scores[c];
                best = c;
            }
        }
        return best;
    }

    internal static readonly TokenInfo s_padStart2 = TokenInfo.Padding(0x5354415254000002UL);
    internal static readonly TokenInfo s_padStart1 = TokenInfo.Padding(0x5354415254000001UL);
    internal static readonly TokenInfo s_padEnd1 = TokenInfo.Padding(0x454E440000000001UL);
    internal static readonly TokenInfo s_padEnd2 = TokenInfo.Padding(0x454E440000000002UL);

    /// <summary>Per-thread buffers, grown to the longest sentence and largest label set seen.</summary>
    internal sealed class Scratch
    {
        [ThreadStatic]
        private static Scratch? t_instance;

        public TokenInfo[] Infos = new TokenInfo[68];
        public int[] Tags = new int[64];
        public ulong[] Hashes = new ulong[64]; // TaggerHash.Text of each word (Look)
        public int[] FirstPass = new int[64];
        public int[] Feats = new int[64];
        public WordScoreCache.Entry?[] Entries = new WordScoreCache.Entry?[68];
        public float[] Roles = [];  // role vectors of uncached words, RoleCount × stride per padded position
        public float[] Static = []; // tag-independent scores of each word, stride per word
        public float[] AfterPrevious = []; // first pass: Static + the previous-tag keys, stride per word
        public int[] FirstPrev1 = new int[64], FirstPrev2 = new int[64]; // the previous tags behind AfterPrevious
        public ulong[] Features = new ulong[Math.Max(TaggerFeatures.MaxTagFeatures, TaggerFeatures.MaxFeatsFeatures)];
        public ulong[] ContextKeys = new ulong[64 * TaggerFeatures.MaxContextFeatures]; // every word's context keys
        public int[] ContextEnds = new int[64], ContextRows = new int[64]; // per scored word: end of its keys, its row
        public ulong[] RoleKeys = new ulong[68 * TaggerFeatures.MaxWordRoleFeatures]; // uncached words' role keys
        public int[] RoleEnds = new int[68 * TaggerFeatures.RoleCount], RoleRows = new int[68 * TaggerFeatures.RoleCount];
        public float[] Scores = new float[1024];

        public static Scratch Get(int words)
        {
            var s = t_instance ??= new Scratch();
            if (s.Tags.Length < words)
            {
                int size = Math.Max(words, s.Tags.Length * 2);
                s.Infos = new TokenInfo[size + 4];
                s.Tags = new int[size];
                s.Hashes = new ulong[size];
                s.FirstPass = new int[size];
                s.Feats = new int[size];
                s.Entries = new WordScoreCache.Entry?[size + 4];
                s.FirstPrev1 = new int[size];
                s.FirstPrev2 = new int[size];
                s.ContextKeys = new ulong[size * TaggerFeatures.MaxContextFeatures];
                s.ContextEnds = new int[size];
                s.ContextRows = new int[size];
                s.RoleKeys = new ulong[(size + 4) * TaggerFeatures.MaxWordRoleFeatures];
                s.RoleEnds = new int[(size + 4) * TaggerFeatures.RoleCount];
                s.RoleRows = new int[s.RoleEnds.Length];
            }
            return s;
        }

        public int[] BeamBack = [], BeamTag = []; // per word × beam slot: the history it extends, and its tag

        public void EnsureBeam(int words, int width)
        {
            if (BeamBack.Length < words * width)
            {
                BeamBack = new int[Math.Max(words, 64) * width];
                BeamTag = new int[BeamBack.Length];
            }
        }

        /// <summary>Grows the score buffer to <paramref name="scoreLength"/> and the per-word buffers to <paramref name="words"/> rows of <paramref name="stride"/>.</summary>
        public void EnsureScores(int scoreLength, int stride, int words)
        {
            if (Scores.Length < scoreLength)
                Scores = new float[scoreLength];
            if (Static.Length < stride * words)
            {
                Static = new float[stride * Math.Max(words, 64)];
                AfterPrevious = new float[Static.Length];
            }
            int roles = TaggerFeatures.RoleCount * stride * (words + 4);
            if (Roles.Length < roles)
                Roles = new float[Math.Max(roles, TaggerFeatures.RoleCount * stride * 68)];
        }
    }
}

/// <summary>Metadata stored with a tagger model.</summary>
public sealed class ModelInfo
{
    /// <summary>Free-text description of the training data.</summary>
    public string TrainingData { get; init; } = "";

    /// <summary>The training command or API call, for reproducibility.</summary>
    public string Command { get; init; } = "";

    /// <summary>The seed used for shuffling.</summary>
    public int Seed { get; init; }

    /// <summary>Iterations (epochs) trained.</summary>
    public int Iterations { get; init; }

    /// <summary>Dev-set scores at the end of training (e.g. "UPOS" → 95.9), when a dev set was given.</summary>
    public IReadOnlyDictionary<string, double> DevScores { get; init; } = new Dictionary<string, double>();
}
