using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.ML.Persistence;

namespace TextKit.ML.DataView;

/// <summary>
/// Base of every TextKit <see cref="ITransformer"/>. Mapping runs through <see cref="ColumnMapper"/> (works in
/// <c>Transform</c>, <c>PredictionEngine</c> and composite row mappers); persistence runs through
/// <see cref="TextKitModel"/>, because ML.NET's <c>ModelSaveContext</c> is closed to third parties
/// (see docs/persistence.md).
/// </summary>
public abstract class TextKitTransformer : ITransformer, ITextKitComponent
{
    /// <inheritdoc />
    public abstract string ComponentType { get; }

    /// <inheritdoc />
    public abstract int ComponentVersion { get; }

    /// <inheritdoc />
    public abstract Type LoaderType { get; }

    /// <summary>Always true: TextKit transformers map row by row.</summary>
    public bool IsRowToRowMapper => true;

    /// <summary>Validates <paramref name="inputSchema"/> and returns the schema <see cref="Transform"/> produces.</summary>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => Bind(inputSchema).OutputSchema;

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => new RowToRowMapper(Bind(inputSchema));

    /// <summary>Lazily maps <paramref name="input"/>; nothing is computed until a cursor reads the output.</summary>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new MappedDataView(input, Bind(input.Schema));
    }

    /// <summary>Binds this transformer to a schema: validates the input columns and returns the mapper.</summary>
    protected abstract ColumnMapper Bind(DataViewSchema inputSchema);

    /// <inheritdoc />
    public abstract void SaveArtifact(ArtifactWriter writer);

    void ICanSaveModel.Save(ModelSaveContext ctx)
        => throw new TextKitModelException("TK121",
            $"mlContext.Model.Save cannot store the state of TextKit component '{ComponentType}'. " +
            "Save the model with TextKitModel.Save(mlContext, model, inputSchema, path) (namespace TextKit.ML.Persistence) " +
            "or mlContext.TextKit().Model.Save(...), and load it with TextKitModel.Load.");
}
