using Microsoft.ML;
using Microsoft.ML.Data;

namespace TextKit.ML.DataView;

/// <summary>Maps one source value to one destination value, reusing <paramref name="destination"/>'s buffers.</summary>
public delegate void RowValueMapper<TSrc, TDst>(in TSrc source, ref TDst destination);

/// <summary>
/// A <see cref="ColumnMapper"/> for the common case of one input column mapped to one output column.
/// <c>createMapper</c> is called once per cursor, so a mapper may keep scratch buffers without locking.
/// </summary>
public sealed class OneToOneColumnMapper<TSrc, TDst> : ColumnMapper
{
    private readonly int _inputIndex;
    private readonly OutputColumn[] _outputs;
    private readonly Func<RowValueMapper<TSrc, TDst>> _createMapper;

    public OneToOneColumnMapper(
        DataViewSchema inputSchema,
        DataViewSchema.Column inputColumn,
        OutputColumn output,
        Func<RowValueMapper<TSrc, TDst>> createMapper)
        : base(inputSchema)
    {
        _inputIndex = inputColumn.Index;
        _outputs = [output];
        _createMapper = createMapper ?? throw new ArgumentNullException(nameof(createMapper));
    }

    /// <inheritdoc />
    public override IReadOnlyList<OutputColumn> OutputColumns => _outputs;

    /// <inheritdoc />
    public override IEnumerable<int> GetInputDependencies(int outputIndex) => [_inputIndex];

    /// <inheritdoc />
    public override Delegate?[] CreateGetters(DataViewRow input, Func<int, bool> isOutputActive)
    {
        if (!isOutputActive(0))
            return [null];
        var source = input.GetGetter<TSrc>(input.Schema[_inputIndex]);
        var map = _createMapper();
        TSrc value = default!;
        ValueGetter<TDst> getter = (ref TDst destination) =>
        {
            source(ref value);
            map(in value, ref destination);
        };
        return [getter];
    }
}

/// <summary>Helpers for text vectors (<see cref="VBuffer{T}"/> of <see cref="ReadOnlyMemory{T}"/>).</summary>
public static class TextVectors
{
    /// <summary>Variable-size vector of text: the type of token columns.</summary>
    public static VectorDataViewType TextVectorType { get; } = new(TextDataViewType.Instance);

    /// <summary>Calls <paramref name="each"/> for every element, sparse slots as empty text.</summary>
    public static void ForEach(in VBuffer<ReadOnlyMemory<char>> source, Action<ReadOnlyMemory<char>> each)
    {
        foreach (var value in source.DenseValues())
            each(value);
    }

    /// <summary>Writes <paramref name="count"/> values produced by <paramref name="valueAt"/> into <paramref name="destination"/>.</summary>
    public static void Write<T>(ref VBuffer<T> destination, int count, Func<int, T> valueAt)
    {
        var editor = VBufferEditor.Create(ref destination, count);
        for (int i = 0; i < count; i++)
            editor.Values[i] = valueAt(i);
        destination = editor.Commit();
    }
}
