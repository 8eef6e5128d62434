using System.Text;
using TextKit.Corpora;

namespace TextKit.Sequence;

/// <summary>
/// A greedy left-to-right averaged-perceptron sequence labeller over words (Collins 2002, "Discriminative Training
/// Methods for Hidden Markov Models"; greedy decoding with tag-history features as in Ratinov &amp; Roth 2009). Each
/// token's tag is the best-scoring tag given hashed features of the words around it and the two previous predicted
/// tags. With an IOB2 model, decoding never produces <c>I-X</c> unless the previous tag is <c>B-X</c> or <c>I-X</c>, so
/// every output is a valid IOB2 sequence. Thread-safe for prediction (the model is immutable).
/// </summary>
public sealed class PerceptronNerModel
{
    private const string Magic = "TKNERP";
    private const int FormatVersion = 1;

    private readonly Dictionary<ulong, float[]> _weights;
    private readonly bool[] _isInside;   // tag k is I-X
    private readonly int[] _insideOf;    // for I-X: the index of B-X (or -1)
    private readonly string[] _typeOf;

    internal PerceptronNerModel(string[] tags, TagScheme scheme, Dictionary<ulong, float[]> weights)
    {
        Tags = tags;
        Scheme = scheme;
        _weights = weights;
        _isInside = new bool[tags.Length];
        _insideOf = new int[tags.Length];
        _typeOf = new string[tags.Length];
        for (int k = 0; k < tags.Length; k++)
        {
            var (prefix, type) = EntityTags.Parse(tags[k], scheme);
            _typeOf[k] = type;
            _isInside[k] = scheme == TagScheme.Iob2 && prefix == 'I';
            _insideOf[k] = -1;
        }
    }

    /// <summary>The tag set, ordinal order.</summary>
    public IReadOnlyList<string> Tags { get; }

    /// <summary>The tag scheme of the training data.</summary>
    public TagScheme Scheme { get; }

    /// <summary>Number of features with non-zero weights.</summary>
    public int FeatureCount => _weights.Count;

    internal IReadOnlyDictionary<ulong, float[]> Weights => _weights;

    /// <summary>Tags one sentence; an empty sentence gives an empty array. Tokens may be empty strings.</summary>
    public string[] Predict(IReadOnlyList<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var result = new string[tokens.Count];
        if (tokens.Count == 0)
            return result;
        var sentence = new NerFeatures.Sentence(tokens);
        var features = new List<ulong>(32);
        var scores = new float[Tags.Count];
        string prev = "<s>", prev2 = "<s>";
        for (int i = 0; i < tokens.Count; i++)
        {
            NerFeatures.Extract(sentence, i, prev, prev2, features);
            Score(features, scores);
            int best = Best(scores, prev);
            result[i] = Tags[best];
            prev2 = prev;
            prev = Tags[best];
        }
        return result;
    }

    internal void Score(List<ulong> features, float[] scores)
    {
        Array.Clear(scores);
        foreach (var f in features)
        {
            if (_weights.TryGetValue(f, out var w))
                for (int k = 0; k < scores.Length; k++)
                    scores[k] += w[k];
        }
    }

    /// <summary>The best tag that may follow <paramref name="previous"/> (ties: lowest index, so results are deterministic).</summary>
    internal int Best(float[] scores, string previous)
    {
        int best = -1;
        for (int k = 0; k < scores.Length; k++)
        {
            if (!Allowed(k, previous))
                continue;
            if (best < 0 || scores[k] > scores[best])
                best = k;
        }
        return best;
    }

    internal bool Allowed(int tag, string previous)
    {
        if (!_isInside[tag])
            return true;
        // IOB2: I-X continues B-X or I-X of the same type.
        return previous.Length > 2 && (previous[0] == 'B' || previous[0] == 'I') && previous[1] == '-' && previous.AsSpan(2).SequenceEqual(_typeOf[tag]);
    }

    /// <summary>Writes the model (binary, little-endian; see <see cref="Load(Stream, string)"/>).</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(NerFeatures.Version);
        writer.Write((int)Scheme);
        writer.Write(Tags.Count);
        foreach (var tag in Tags)
            writer.Write(tag);
        writer.Write(_weights.Count);
        // Sorted by feature id so the same model always gives the same bytes.
        foreach (var (feature, w) in _weights.OrderBy(kv => kv.Key))
        {
            writer.Write(feature);
            foreach (var v in w)
                writer.Write(v);
        }
    }

    /// <summary>Reads a model written by <see cref="Save"/>; a damaged or foreign file is TK812.</summary>
    public static PerceptronNerModel Load(Stream stream, string source = "<stream>")
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            if (reader.ReadString() != Magic)
                throw Bad(source, "it is not a TextKit perceptron NER model");
            int format = reader.ReadInt32();
            if (format > FormatVersion)
                throw Bad(source, $"it was written in format {format}; this TextKit reads up to {FormatVersion}. Update TextKit");
            int features = reader.ReadInt32();
            if (features != NerFeatures.Version)
                throw Bad(source, $"it uses feature templates v{features}; this TextKit has v{NerFeatures.Version}. Retrain the model");
            var scheme = (TagScheme)reader.ReadInt32();
            if (!Enum.IsDefined(scheme))
                throw Bad(source, "unknown tag scheme");
            int tagCount = reader.ReadInt32();
            if (tagCount is < 1 or > 100_000)
                throw Bad(source, $"implausible tag count {tagCount}");
            var tags = new string[tagCount];
            for (int i = 0; i < tagCount; i++)
            {
                tags[i] = reader.ReadString();
                if (!EntityTags.TryParse(tags[i], scheme, out _, out _))
                    throw Bad(source, $"tag '{tags[i]}' is not valid in {scheme}");
            }
            int count = reader.ReadInt32();
            if (count < 0)
                throw Bad(source, "negative feature count");
            var weights = new Dictionary<ulong, float[]>(count);
            for (int i = 0; i < count; i++)
            {
                var feature = reader.ReadUInt64();
                var w = new float[tagCount];
                for (int k = 0; k < tagCount; k++)
                {
                    w[k] = reader.ReadSingle();
                    if (!float.IsFinite(w[k]))
                        throw Bad(source, "a weight is not a finite number");
                }
                weights[feature] = w;
            }
            return new PerceptronNerModel(tags, scheme, weights);
        }
        catch (EndOfStreamException e)
        {
            throw new TextKitModelException("TK812", $"{source}: the perceptron NER model is truncated.", e);
        }
    }

    private static TextKitModelException Bad(string source, string why) => new("TK812", $"{source}: cannot read the perceptron NER model: {why}.");
}
