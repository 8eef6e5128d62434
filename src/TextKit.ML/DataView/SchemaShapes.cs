using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace TextKit.ML.DataView;

/// <summary>
/// Builds <see cref="SchemaShape"/> values with public ML.NET API only. <c>SchemaShape.Column</c> has no public
/// constructor and <c>SchemaShape.Create(DataViewSchema)</c> is internal, so a column of a given name and type is
/// obtained from the output shape of a no-input <c>CustomMapping</c> estimator whose output schema definition
/// renames and retypes a one-field row class.
/// </summary>
public static class SchemaShapes
{
    private static readonly MLContext s_context = new(seed: 0);
    private static readonly ConcurrentDictionary<(string, DataViewType), SchemaShape.Column> s_cache = new();
    private static readonly SchemaShape s_empty = new([]);

    /// <summary>
    /// The shape of <paramref name="outputSchema"/>, where the first <c>inputShape.Count</c> columns of the schema are
    /// the input's (as <see cref="SchemaChecks.ToSchema"/> and <see cref="ColumnMapper"/> lay them out).
    /// </summary>
    public static SchemaShape Derive(SchemaShape inputShape, DataViewSchema outputSchema)
    {
        var added = outputSchema.Skip(inputShape.Count).ToArray();
        var addedNames = added.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var columns = inputShape.Where(c => !addedNames.Contains(c.Name)).ToList();
        columns.AddRange(added.Select(c => Column(c.Name, c.Type)));
        return new SchemaShape(columns);
    }

    /// <summary>The shape of a whole schema (non-hidden columns), e.g. to call <c>GetOutputSchema</c> on an estimator in tests.</summary>
    public static SchemaShape FromSchema(DataViewSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new SchemaShape(schema.Where(c => !c.IsHidden).Select(c => Column(c.Name, c.Type)));
    }

    /// <summary>A shape column of <paramref name="name"/> and <paramref name="type"/>.</summary>
    public static SchemaShape.Column Column(string name, DataViewType type)
        => s_cache.GetOrAdd((name, type), static key => Make(key.Item1, key.Item2));

    private static SchemaShape.Column Make(string name, DataViewType type)
    {
        var item = type is VectorDataViewType v ? v.ItemType : type;
        bool vector = type is VectorDataViewType;
        return item switch
        {
            TextDataViewType => vector ? Via<Row<string[]>>(name, type) : Via<Row<string>>(name, type),
            KeyDataViewType k when k.RawType == typeof(uint) => vector ? Via<Row<uint[]>>(name, type) : Via<Row<uint>>(name, type),
            BooleanDataViewType => vector ? Via<Row<bool[]>>(name, type) : Via<Row<bool>>(name, type),
            NumberDataViewType n when n.RawType == typeof(float) => vector ? Via<Row<float[]>>(name, type) : Via<Row<float>>(name, type),
            NumberDataViewType n when n.RawType == typeof(double) => vector ? Via<Row<double[]>>(name, type) : Via<Row<double>>(name, type),
            NumberDataViewType n when n.RawType == typeof(int) => vector ? Via<Row<int[]>>(name, type) : Via<Row<int>>(name, type),
            NumberDataViewType n when n.RawType == typeof(long) => vector ? Via<Row<long[]>>(name, type) : Via<Row<long>>(name, type),
            NumberDataViewType n when n.RawType == typeof(uint) => vector ? Via<Row<uint[]>>(name, type) : Via<Row<uint>>(name, type),
            _ => throw new NotSupportedException($"TextKit estimators cannot declare an output column of type {type}."),
        };
    }

    private static SchemaShape.Column Via<TRow>(string name, DataViewType type) where TRow : class, new()
    {
        var definition = SchemaDefinition.Create(typeof(TRow));
        definition[0].ColumnName = name;
        definition[0].ColumnType = type;
        var estimator = s_context.Transforms.CustomMapping<NoColumns, TRow>(static (_, _) => { }, contractName: null, outputSchemaDefinition: definition);
        return estimator.GetOutputSchema(s_empty).Single(c => c.Name == name);
    }

    /// <summary>Row class with no columns (the input of the shape-building mapping).</summary>
    public sealed class NoColumns
    {
    }

    /// <summary>Row class with one column (renamed and retyped by a schema definition).</summary>
    public sealed class Row<T>
    {
        /// <summary>The single column.</summary>
        public T Value { get; set; } = default!;
    }
}
