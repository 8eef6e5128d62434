using Microsoft.ML;
using Microsoft.ML.Data;

namespace TextKit.ML.DataView;

/// <summary>The lazily mapped <see cref="IDataView"/> a TextKit transformer returns from <c>Transform</c>.</summary>
internal sealed class MappedDataView : IDataView
{
    private readonly IDataView _source;
    private readonly ColumnMapper _mapper;

    public MappedDataView(IDataView source, ColumnMapper mapper)
    {
        _source = source;
        _mapper = mapper;
    }

    public DataViewSchema Schema => _mapper.OutputSchema;

    public bool CanShuffle => _source.CanShuffle;

    public long? GetRowCount() => _source.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var active = columnsNeeded.ToArray();
        var input = _source.GetRowCursor(RowToRowMapper.InputColumnsFor(_mapper, active), rand);
        return new MappedCursor(input, _mapper, active);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
    {
        var active = columnsNeeded.ToArray();
        var inputs = _source.GetRowCursorSet(RowToRowMapper.InputColumnsFor(_mapper, active), n, rand);
        // Each cursor gets its own getters (ColumnMapper.CreateGetters), so parallel cursors share no state.
        return inputs.Select(c => (DataViewRowCursor)new MappedCursor(c, _mapper, active)).ToArray();
    }
}

/// <summary>The <see cref="IRowToRowMapper"/> that PredictionEngine and composite mappers use.</summary>
internal sealed class RowToRowMapper : IRowToRowMapper
{
    private readonly ColumnMapper _mapper;

    public RowToRowMapper(ColumnMapper mapper) => _mapper = mapper;

    public DataViewSchema InputSchema => _mapper.InputSchema;

    public DataViewSchema OutputSchema => _mapper.OutputSchema;

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
        => InputColumnsFor(_mapper, dependingColumns);

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
        => new MappedRow(input, _mapper, activeColumns);

    /// <summary>The input columns needed to produce <paramref name="outputColumns"/> (pass-through plus dependencies).</summary>
    internal static IEnumerable<DataViewSchema.Column> InputColumnsFor(ColumnMapper mapper, IEnumerable<DataViewSchema.Column> outputColumns)
    {
        int inputCount = mapper.InputSchema.Count;
        var needed = new SortedSet<int>();
        foreach (var column in outputColumns)
        {
            if (column.Index < inputCount)
                needed.Add(column.Index);
            else
                foreach (int dep in mapper.GetInputDependencies(column.Index - inputCount))
                    needed.Add(dep);
        }
        return needed.Select(i => mapper.InputSchema[i]).ToArray();
    }
}
