using Microsoft.ML;
using Microsoft.ML.Data;

namespace TextKit.Neural.ML.Training;

/// <summary>
/// A data view that scores its source in batches: a look-ahead cursor reads the next <c>batchSize</c> input values
/// (text → string, text vector → string[]), one call scores them (given the batch's first row index, for error
/// messages), and the main cursor serves each row's outputs
/// (float[] → vector of Single, float → Single, bool → Boolean, uint → key, uint[] → key vector, string[] → text vector), in output-column order.
/// </summary>
internal sealed class BatchedScoringView : IDataView
{
    private readonly IDataView _source;
    private readonly IReadOnlyList<DataViewSchema.Column> _inputs;
    private readonly int _batchSize;
    private readonly Func<object[][], long, object[][]> _score;

    public BatchedScoringView(IDataView source, DataViewSchema schema, IReadOnlyList<DataViewSchema.Column> inputs, int batchSize, Func<object[][], long, object[][]> score)
    {
        _source = source;
        Schema = schema;
        _inputs = inputs;
        _batchSize = batchSize;
        _score = score;
    }

    public DataViewSchema Schema { get; }

    public bool CanShuffle => false;

    public long? GetRowCount() => _source.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.ToArray();
        int inputCount = _source.Schema.Count;
        bool scoring = needed.Any(c => c.Index >= inputCount);
        var main = _source.GetRowCursor(needed.Where(c => c.Index < inputCount).Select(c => _source.Schema[c.Index]));
        var ahead = scoring ? _source.GetRowCursor(_inputs) : null;
        return new Cursor(this, main, ahead, needed);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => [GetRowCursor(columnsNeeded, rand)];

    private static Func<object> Reader(DataViewRow row, DataViewSchema.Column column)
    {
        if (column.Type is TextDataViewType)
        {
            var getter = row.GetGetter<ReadOnlyMemory<char>>(column);
            ReadOnlyMemory<char> value = default;
            return () =>
            {
                getter(ref value);
                return value.ToString();
            };
        }
        var vector = row.GetGetter<VBuffer<ReadOnlyMemory<char>>>(column);
        VBuffer<ReadOnlyMemory<char>> values = default;
        return () =>
        {
            vector(ref values);
            return values.DenseValues().Select(v => v.ToString()).ToArray();
        };
    }

    private sealed class Cursor : LookAheadBatchCursor<object[]>
    {
        private readonly BatchedScoringView _view;
        private readonly Func<object>[] _readers;
        private long _aheadRows;

        public Cursor(BatchedScoringView view, DataViewRowCursor main, DataViewRowCursor? ahead, DataViewSchema.Column[] needed)
            : base(view.Schema, main, ahead, needed)
        {
            _view = view;
            _readers = ahead is null ? [] : view._inputs.Select(c => Reader(ahead, c)).ToArray();
        }

        protected override object[][] NextBatch()
        {
            var rows = new List<object[]>(_view._batchSize);
            long first = _aheadRows;
            while (rows.Count < _view._batchSize && Ahead!.MoveNext())
                rows.Add(_readers.Select(r => r()).ToArray());
            _aheadRows += rows.Count;
            return rows.Count == 0 ? [] : _view._score([.. rows], first);
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (TryGetSourceGetter<TValue>(column, out var source))
                return source;
            int slot = ComputedSlot(column);
            Delegate getter = column.Type switch
            {
                VectorDataViewType { ItemType: NumberDataViewType } => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> d) => Write((float[])Current[slot], ref d)),
                VectorDataViewType { ItemType: KeyDataViewType } => (ValueGetter<VBuffer<uint>>)((ref VBuffer<uint> d) => Write((uint[])Current[slot], ref d)),
                VectorDataViewType { ItemType: TextDataViewType } => (ValueGetter<VBuffer<ReadOnlyMemory<char>>>)((ref VBuffer<ReadOnlyMemory<char>> d) => Write(((string[])Current[slot]).Select(s => s.AsMemory()).ToArray(), ref d)),
                KeyDataViewType => (ValueGetter<uint>)((ref uint d) => d = (uint)Current[slot]),
                NumberDataViewType when column.Type == NumberDataViewType.Single => (ValueGetter<float>)((ref float d) => d = (float)Current[slot]),
                BooleanDataViewType => (ValueGetter<bool>)((ref bool d) => d = (bool)Current[slot]),
                _ => throw new InvalidOperationException($"Column '{column.Name}' has an unsupported type {column.Type}."),
            };
            return getter as ValueGetter<TValue> ?? throw new InvalidOperationException($"Column '{column.Name}' is {column.Type}, not {typeof(TValue)}.");
        }
    }
}
