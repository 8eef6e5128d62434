using Microsoft.ML;
using Microsoft.ML.Data;

namespace TextKit.ML.DataView;

/// <summary>A row of a mapper's output schema over a row of its input schema.</summary>
internal sealed class MappedRow : DataViewRow
{
    private readonly DataViewRow _input;
    private readonly ColumnMapper _mapper;
    private readonly bool[] _active;
    private readonly Delegate?[] _getters;
    private readonly int _inputCount;

    public MappedRow(DataViewRow input, ColumnMapper mapper, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        _input = input;
        _mapper = mapper;
        _inputCount = mapper.InputSchema.Count;
        _active = new bool[mapper.OutputSchema.Count];
        foreach (var column in activeColumns)
            _active[column.Index] = true;
        _getters = mapper.CreateGetters(input, i => _active[_inputCount + i]);
    }

    public override DataViewSchema Schema => _mapper.OutputSchema;

    public override long Position => _input.Position;

    public override long Batch => _input.Batch;

    public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column)
    {
        if (column.Index < _inputCount)
            return _input.IsColumnActive(_input.Schema[column.Index]);
        return _active[column.Index];
    }

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (column.Index < _inputCount)
            return _input.GetGetter<TValue>(_input.Schema[column.Index]);
        var getter = _getters[column.Index - _inputCount]
            ?? throw new InvalidOperationException($"Column '{column.Name}' was not requested as active when the row or cursor was created.");
        return getter as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"Invalid TValue in GetGetter: '{typeof(TValue)}' for column '{column.Name}' of type {column.Type}.");
    }

    protected override void Dispose(bool disposing)
    {
        // The input row belongs to the caller (IRowToRowMapper contract); cursors dispose their own input.
        base.Dispose(disposing);
    }
}

/// <summary>A cursor over a mapper's output: moves its input cursor and maps the current row.</summary>
internal sealed class MappedCursor : DataViewRowCursor
{
    private readonly DataViewRowCursor _input;
    private readonly MappedRow _row;

    public MappedCursor(DataViewRowCursor input, ColumnMapper mapper, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        _input = input;
        _row = new MappedRow(input, mapper, activeColumns);
    }

    public override DataViewSchema Schema => _row.Schema;

    public override long Position => _input.Position;

    public override long Batch => _input.Batch;

    public override bool MoveNext() => _input.MoveNext();

    public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column) => _row.IsColumnActive(column);

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => _row.GetGetter<TValue>(column);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _input.Dispose();
        base.Dispose(disposing);
    }
}
