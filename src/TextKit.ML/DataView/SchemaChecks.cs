using Microsoft.ML;
using Microsoft.ML.Data;

namespace TextKit.ML.DataView;

/// <summary>
/// Input-column validation with ML.NET's exception types and wording ("Schema mismatch for input column ..."),
/// since ML.NET's own <c>Contracts.ExceptSchemaMismatch</c> is internal.
/// </summary>
public static class SchemaChecks
{
    /// <summary>Text scalar: <see cref="TextDataViewType"/>.</summary>
    public static bool IsText(DataViewType type) => type is TextDataViewType;

    /// <summary>Vector of text, of known or variable size.</summary>
    public static bool IsTextVector(DataViewType type) => type is VectorDataViewType v && v.ItemType is TextDataViewType;

    /// <summary>Text or vector of text.</summary>
    public static bool IsTextOrTextVector(DataViewType type) => IsText(type) || IsTextVector(type);

    /// <summary>Finds <paramref name="columnName"/> and checks its type, or throws <see cref="ArgumentOutOfRangeException"/>.</summary>
    public static DataViewSchema.Column RequireColumn(DataViewSchema schema, string columnName, Func<DataViewType, bool> accepts, string expected)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var column = schema.GetColumnOrNull(columnName)
            ?? throw new ArgumentOutOfRangeException(nameof(schema), $"[TK020] Could not find input column '{columnName}'. Columns present: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => c.Name))}.");
        if (!accepts(column.Type))
            throw new ArgumentOutOfRangeException(nameof(schema), $"[TK021] Schema mismatch for input column '{columnName}': expected {expected}, got {column.Type}.");
        return column;
    }

    /// <summary>
    /// Turns the <see cref="SchemaShape"/> an estimator receives into a <see cref="DataViewSchema"/> the transformer
    /// code can bind to. SchemaShape.Column has no public constructor, so TextKit estimators compute their output as a
    /// schema and convert back with <see cref="SchemaShapes.Derive"/>.
    /// </summary>
    public static DataViewSchema ToSchema(SchemaShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var builder = new DataViewSchema.Builder();
        foreach (var column in shape)
        {
            DataViewType type = column.Kind switch
            {
                SchemaShape.Column.VectorKind.Scalar => column.ItemType,
                SchemaShape.Column.VectorKind.VariableVector => new VectorDataViewType((PrimitiveDataViewType)column.ItemType),
                // Known size, but the shape does not say which: any positive size gives the same SchemaShape back.
                _ => new VectorDataViewType((PrimitiveDataViewType)column.ItemType, 1),
            };
            builder.AddColumn(column.Name, type);
        }
        return builder.ToSchema();
    }
}
