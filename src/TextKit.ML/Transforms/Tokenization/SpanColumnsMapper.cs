using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.ML.DataView;

namespace TextKit.ML.Transforms;

/// <summary>Computes the spans of one text (tokens or sentences) into a reusable list.</summary>
internal delegate void SpanFunction(ReadOnlySpan<char> text, List<(int Start, int End)> spans);

/// <summary>
/// One text column in; a vector of text slices out (zero-copy slices of the input) and, optionally, a vector of
/// Int32 offsets [start0, end0, start1, end1, ...] (exclusive ends). Both getters of one cursor share one computation
/// per row, keyed on the row position.
/// </summary>
internal sealed class SpanColumnsMapper : ColumnMapper
{
    private static readonly VectorDataViewType s_offsetsType = new(NumberDataViewType.Int32);
    private readonly int _inputIndex;
    private readonly OutputColumn[] _outputs;
    private readonly Func<SpanFunction> _createFunction;

    public SpanColumnsMapper(DataViewSchema inputSchema, DataViewSchema.Column input, string outputColumnName, string? offsetsColumnName, Func<SpanFunction> createFunction)
        : base(inputSchema)
    {
        _inputIndex = input.Index;
        _outputs = offsetsColumnName is null
            ? [new OutputColumn(outputColumnName, TextVectors.TextVectorType)]
            : [new OutputColumn(outputColumnName, TextVectors.TextVectorType), new OutputColumn(offsetsColumnName, s_offsetsType)];
        _createFunction = createFunction;
    }

    public static VectorDataViewType OffsetsType => s_offsetsType;

    public override IReadOnlyList<OutputColumn> OutputColumns => _outputs;

    public override IEnumerable<int> GetInputDependencies(int outputIndex) => [_inputIndex];

    public override Delegate?[] CreateGetters(DataViewRow input, Func<int, bool> isOutputActive)
    {
        var getters = new Delegate?[_outputs.Length];
        bool any = false;
        for (int i = 0; i < _outputs.Length; i++)
            any |= isOutputActive(i);
        if (!any)
            return getters;
        var source = input.GetGetter<ReadOnlyMemory<char>>(input.Schema[_inputIndex]);
        var function = _createFunction();
        var spans = new List<(int Start, int End)>();
        ReadOnlyMemory<char> text = default;
        long position = -1;
        void Ensure()
        {
            if (position == input.Position)
                return;
            source(ref text);
            spans.Clear();
            function(text.Span, spans);
            position = input.Position;
        }
        if (isOutputActive(0))
        {
            getters[0] = (ValueGetter<VBuffer<ReadOnlyMemory<char>>>)((ref VBuffer<ReadOnlyMemory<char>> destination) =>
            {
                Ensure();
                var editor = VBufferEditor.Create(ref destination, spans.Count);
                for (int i = 0; i < spans.Count; i++)
                    editor.Values[i] = text.Slice(spans[i].Start, spans[i].End - spans[i].Start);
                destination = editor.Commit();
            });
        }
        if (_outputs.Length > 1 && isOutputActive(1))
        {
            getters[1] = (ValueGetter<VBuffer<int>>)((ref VBuffer<int> destination) =>
            {
                Ensure();
                var editor = VBufferEditor.Create(ref destination, spans.Count * 2);
                for (int i = 0; i < spans.Count; i++)
                {
                    editor.Values[2 * i] = spans[i].Start;
                    editor.Values[2 * i + 1] = spans[i].End;
                }
                destination = editor.Commit();
            });
        }
        return getters;
    }
}
