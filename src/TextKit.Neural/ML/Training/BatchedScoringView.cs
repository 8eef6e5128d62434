using Microsoft.ML;
using Microsoft.ML.Data;

namespace TextKit.Neural.ML.Training;

/// <summary>
/// A data view that scores its source in batches: a look-ahead cursor reads the next <c>batchSize</c> input values
/// (text → string, text vector → string[]), one call scores them, and the main cursor serves each row's outputs
/// (float[] → vector of Single, uint → key, uint[] → key vector, string[] → text vector), in output-column order.
/// </summary>
internal sealed class BatchedScoringView : IDataView
{
    private readonly IDataView _source;
    private readonly IReadOnlyList<DataViewSchema.Column> _inputs;
    private readonly int _batchSize;
    private readonly Func<object[][], object[][]> _score;

    public BatchedScoringView(IDataView source, DataViewSchema schema, IReadOnlyList<DataViewSchema.Column> inputs, int batchSize, Func<object[][], object[][]> score)
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

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly BatchedScoringView _view;
        private readonly DataViewRowCursor _main;
        private readonly DataViewRowCursor? _ahead;
        private readonly Func<object>[] _readers;
        private readonly bool[] _active;
        private object[][] _batch = [];
        private int _batchIndex;

        public Cursor(BatchedScoringView view, DataViewRowCursor main, DataViewRowCursor? ahead, DataViewSchema.Column[] needed)
        {
            _view = view;
            _main = main;
            _ahead = ahead;
            _readers = ahead is null ? [] : view._inputs.Select(c => Reader(ahead, c)).ToArray();
            _active = new bool[view.Schema.Count];
            foreach (var c in needed)
                _active[c.Index] = true;
        }

        public override DataViewSchema Schema => _view.Schema;

        public override long Position => _main.Position;

        public override long Batch => _main.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => _main.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => _active[column.Index];

        public override bool MoveNext()
        {
            if (!_main.MoveNext())
                return false;
            if (_ahead is null)
                return true;
            _batchIndex++;
            if (_batchIndex >= _batch.Length)
                FillBatch();
            return true;
        }

        private void FillBatch()
        {
            var rows = new List<object[]>(_view._batchSize);
            while (rows.Count < _view._batchSize && _ahead!.MoveNext())
                rows.Add(_readers.Select(r => r()).ToArray());
            if (rows.Count == 0)
                throw new InvalidOperationException("The look-ahead cursor ended before the main cursor: the source data view is not deterministic.");
            _batch = _view._score([.. rows]);
            _batchIndex = 0;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            int inputCount = _main.Schema.Count;
            if (column.Index < inputCount)
                return _main.GetGetter<TValue>(_main.Schema[column.Index]);
            if (!_active[column.Index] || _ahead is null)
                throw new InvalidOperationException($"Column '{column.Name}' was not requested as active when the cursor was created.");
            int slot = column.Index - inputCount;
            Delegate getter = column.Type switch
            {
                VectorDataViewType { ItemType: NumberDataViewType } => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> d) => Write((float[])_batch[_batchIndex][slot], ref d)),
                VectorDataViewType { ItemType: KeyDataViewType } => (ValueGetter<VBuffer<uint>>)((ref VBuffer<uint> d) => Write((uint[])_batch[_batchIndex][slot], ref d)),
                VectorDataViewType { ItemType: TextDataViewType } => (ValueGetter<VBuffer<ReadOnlyMemory<char>>>)((ref VBuffer<ReadOnlyMemory<char>> d) => Write(((string[])_batch[_batchIndex][slot]).Select(s => s.AsMemory()).ToArray(), ref d)),
                KeyDataViewType => (ValueGetter<uint>)((ref uint d) => d = (uint)_batch[_batchIndex][slot]),
                _ => throw new InvalidOperationException($"Column '{column.Name}' has an unsupported type {column.Type}."),
            };
            return getter as ValueGetter<TValue> ?? throw new InvalidOperationException($"Column '{column.Name}' is {column.Type}, not {typeof(TValue)}.");
        }

        private static void Write<T>(T[] values, ref VBuffer<T> destination)
        {
            var editor = VBufferEditor.Create(ref destination, values.Length);
            values.CopyTo(editor.Values);
            destination = editor.Commit();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _main.Dispose();
                _ahead?.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
