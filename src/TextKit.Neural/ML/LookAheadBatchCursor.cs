using Microsoft.ML;
using Microsoft.ML.Data;

namespace TextKit.Neural.ML;

/// <summary>
/// A row cursor that computes its new columns a batch at a time: a second ("look-ahead") cursor over the source reads
/// the next rows' inputs, <see cref="NextBatch"/> turns them into one output per row (one model call per batch), and
/// the main cursor serves the source columns row by row while <see cref="Current"/> gives the row's output. ML.NET
/// cursors are row-at-a-time; batching is what makes transformer inference fast. Needs a deterministic source (both
/// cursors must see the same rows in the same order).
/// </summary>
internal abstract class LookAheadBatchCursor<TRow> : DataViewRowCursor
{
    private readonly DataViewSchema _schema;
    private readonly bool[] _active;
    private TRow[] _batch = [];
    private int _batchIndex;

    /// <param name="schema">The output schema: the source's columns, then the computed ones.</param>
    /// <param name="main">The cursor over the source columns that were requested.</param>
    /// <param name="ahead">The look-ahead cursor, or null when no computed column is active.</param>
    /// <param name="needed">The columns the caller asked for.</param>
    protected LookAheadBatchCursor(DataViewSchema schema, DataViewRowCursor main, DataViewRowCursor? ahead, IEnumerable<DataViewSchema.Column> needed)
    {
        _schema = schema;
        Main = main;
        Ahead = ahead;
        _active = new bool[schema.Count];
        foreach (var c in needed)
            _active[c.Index] = true;
    }

    protected DataViewRowCursor Main { get; }

    protected DataViewRowCursor? Ahead { get; }

    /// <summary>The output computed for the current row.</summary>
    protected TRow Current => _batch[_batchIndex];

    /// <summary>Reads up to a batch of rows from <see cref="Ahead"/> and returns their outputs; empty when it had none left.</summary>
    protected abstract TRow[] NextBatch();

    public override DataViewSchema Schema => _schema;

    public override long Position => Main.Position;

    public override long Batch => Main.Batch;

    public override ValueGetter<DataViewRowId> GetIdGetter() => Main.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column) => _active[column.Index];

    public override bool MoveNext()
    {
        if (!Main.MoveNext())
            return false;
        if (Ahead is null)
            return true;
        _batchIndex++;
        if (_batchIndex >= _batch.Length)
        {
            _batch = NextBatch();
            if (_batch.Length == 0)
                throw new InvalidOperationException("The look-ahead cursor ended before the main cursor: the source data view is not deterministic.");
            _batchIndex = 0;
        }
        return true;
    }

    /// <summary>
    /// The source column's getter for <paramref name="column"/> when it is one (true); otherwise checks the computed
    /// column was requested and returns false, so the caller builds the getter over <see cref="Current"/>.
    /// </summary>
    protected bool TryGetSourceGetter<TValue>(DataViewSchema.Column column, out ValueGetter<TValue> getter)
    {
        int inputCount = Main.Schema.Count;
        if (column.Index < inputCount)
        {
            getter = Main.GetGetter<TValue>(Main.Schema[column.Index]);
            return true;
        }
        if (!_active[column.Index] || Ahead is null)
            throw new InvalidOperationException($"Column '{column.Name}' was not requested as active when the cursor was created.");
        getter = null!;
        return false;
    }

    /// <summary>The index of a computed column among the computed columns (after the source's).</summary>
    protected int ComputedSlot(DataViewSchema.Column column) => column.Index - Main.Schema.Count;

    protected static void Write<T>(T[] values, ref VBuffer<T> destination)
    {
        var editor = VBufferEditor.Create(ref destination, values.Length);
        values.CopyTo(editor.Values);
        destination = editor.Commit();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Main.Dispose();
            Ahead?.Dispose();
        }
        base.Dispose(disposing);
    }
}
