using Microsoft.ML;
using Microsoft.ML.Data;

namespace TextKit.ML.DataView;

/// <summary>Describes one column a <see cref="ColumnMapper"/> adds to its input schema.</summary>
public sealed record OutputColumn(string Name, DataViewType Type, DataViewSchema.Annotations? Annotations = null);

/// <summary>
/// The per-schema half of a TextKit transformer: bound to one input schema, it declares the columns it
/// appends and builds getters for them row by row. This plays the role of ML.NET's internal
/// <c>MapperBase</c>, which third-party assemblies cannot derive from (anchors.md §0).
/// </summary>
public abstract class ColumnMapper
{
    private DataViewSchema? _outputSchema;

    protected ColumnMapper(DataViewSchema inputSchema)
    {
        InputSchema = inputSchema ?? throw new ArgumentNullException(nameof(inputSchema));
    }

    /// <summary>The schema this mapper was bound to.</summary>
    public DataViewSchema InputSchema { get; }

    /// <summary>The columns appended to the input schema, in order.</summary>
    public abstract IReadOnlyList<OutputColumn> OutputColumns { get; }

    /// <summary>Input columns (by index in <see cref="InputSchema"/>) needed to compute output <paramref name="outputIndex"/>.</summary>
    public abstract IEnumerable<int> GetInputDependencies(int outputIndex);

    /// <summary>
    /// Creates one getter per output column (null where <paramref name="isOutputActive"/> is false). The getters
    /// of one call may share state (e.g. a per-row cache keyed on <see cref="DataViewRow.Position"/>), but
    /// two calls must not: each cursor gets its own set, which is what makes the mapping thread-safe.
    /// </summary>
    public abstract Delegate?[] CreateGetters(DataViewRow input, Func<int, bool> isOutputActive);

    /// <summary>Input columns followed by <see cref="OutputColumns"/> (an output hides an input of the same name).</summary>
    public DataViewSchema OutputSchema => _outputSchema ??= BuildOutputSchema();

    private DataViewSchema BuildOutputSchema()
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(InputSchema);
        foreach (var column in OutputColumns)
            builder.AddColumn(column.Name, column.Type, column.Annotations);
        return builder.ToSchema();
    }
}
