using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.ML.DataView;
using TextKit.Tagging;

namespace TextKit.ML.Transforms;

/// <summary>
/// A token column in; one vector of text per tag layer out (UPOS, XPOS, FEATS), aligned with the tokens. The getters
/// of one cursor share one tagging call per row, keyed on the row position, and that call asks only for the layers
/// whose columns are read: a pipeline that reads UPOS and XPOS does not run the FEATS head. Before, every column's
/// getter tagged the sentence again, so a row whose three columns were read was tagged three times.
/// </summary>
internal sealed class TaggerColumnsMapper : ColumnMapper
{
    private readonly int _tokens;
    private readonly (string Name, TagLayers Layer)[] _layers;
    private readonly OutputColumn[] _outputs;
    private readonly IPosTagger _tagger;

    public TaggerColumnsMapper(DataViewSchema inputSchema, DataViewSchema.Column tokens, IReadOnlyList<(string Name, TagLayers Layer)> outputs, IPosTagger tagger)
        : base(inputSchema)
    {
        _tokens = tokens.Index;
        _layers = [.. outputs];
        _outputs = _layers.Select(o => new OutputColumn(o.Name, TextVectors.TextVectorType)).ToArray();
        _tagger = tagger;
    }

    public override IReadOnlyList<OutputColumn> OutputColumns => _outputs;

    public override IEnumerable<int> GetInputDependencies(int outputIndex) => [_tokens];

    public override Delegate?[] CreateGetters(DataViewRow input, Func<int, bool> isOutputActive)
    {
        var getters = new Delegate?[_outputs.Length];
        var active = TagLayers.None;
        for (int o = 0; o < _outputs.Length; o++)
        {
            if (isOutputActive(o))
                active |= _layers[o].Layer;
        }
        if (active == TagLayers.None)
            return getters;
        var row = new RowTags(input, input.GetGetter<VBuffer<ReadOnlyMemory<char>>>(input.Schema[_tokens]), _tagger, active);
        for (int o = 0; o < _outputs.Length; o++)
        {
            if (!isOutputActive(o))
                continue;
            var layer = _layers[o].Layer;
            getters[o] = (ValueGetter<VBuffer<ReadOnlyMemory<char>>>)((ref VBuffer<ReadOnlyMemory<char>> destination) =>
            {
                var tags = row.Get(layer);
                var editor = VBufferEditor.Create(ref destination, tags.Length);
                for (int i = 0; i < tags.Length; i++)
                    editor.Values[i] = tags[i].AsMemory();
                destination = editor.Commit();
            });
        }
        return getters;
    }

    /// <summary>The tags of the cursor's current row for the active layers, computed once per row.</summary>
    private sealed class RowTags(DataViewRow input, ValueGetter<VBuffer<ReadOnlyMemory<char>>> readTokens, IPosTagger tagger, TagLayers active)
    {
        private VBuffer<ReadOnlyMemory<char>> _tokens;
        private ReadOnlyMemory<char>[]? _dense;
        private string[] _upos = [], _xpos = [], _feats = [];
        private int _count;
        private long _position = -1;

        public ReadOnlySpan<string> Get(TagLayers layer)
        {
            if (_position != input.Position)
            {
                Tag();
                _position = input.Position;
            }
            var tags = layer switch
            {
                TagLayers.Upos => _upos,
                TagLayers.Xpos => _xpos,
                _ => _feats,
            };
            return tags.AsSpan(0, _count);
        }

        private void Tag()
        {
            readTokens(ref _tokens);
            var words = TokenColumnsMapper.Dense(_tokens, ref _dense);
            int n = words.Length;
            _count = 0; // a failed call leaves no stale tags behind
            Span<string> upos = Buffer(ref _upos, TagLayers.Upos, n), xpos = Buffer(ref _xpos, TagLayers.Xpos, n), feats = Buffer(ref _feats, TagLayers.Feats, n);
            if (tagger is PerceptronTagger perceptron)
            {
                // Tokens as slices (no strings), and only the layers asked for.
                perceptron.Tag(words, upos, xpos, feats);
            }
            else
            {
                var strings = new string[n];
                for (int i = 0; i < n; i++)
                    strings[i] = words[i].ToString();
                var tags = tagger.Tag(strings);
                if (!upos.IsEmpty)
                    tags.Upos.AsSpan().CopyTo(upos);
                if (!xpos.IsEmpty)
                    tags.Xpos.AsSpan().CopyTo(xpos);
                if (!feats.IsEmpty)
                    tags.Feats.AsSpan().CopyTo(feats);
            }
            _count = n;
        }

        /// <summary>The buffer of <paramref name="layer"/> grown to <paramref name="n"/>, or empty when the layer is not read.</summary>
        private Span<string> Buffer(ref string[] buffer, TagLayers layer, int n)
        {
            if ((active & layer) == 0)
                return default;
            if (buffer.Length < n)
                buffer = new string[Math.Max(n, 2 * buffer.Length)];
            return buffer.AsSpan(0, n);
        }
    }
}
