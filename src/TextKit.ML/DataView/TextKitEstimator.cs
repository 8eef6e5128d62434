using Microsoft.ML;

namespace TextKit.ML.DataView;

/// <summary>
/// Base of TextKit estimators. ML.NET's <c>TrivialEstimator</c> cannot be subclassed outside Microsoft, and
/// <c>SchemaShape.Column</c> has no public constructor, so output shapes are derived from a schema
/// (<see cref="SchemaChecks.ToSchema"/>, <see cref="SchemaShapes.Derive"/>).
/// </summary>
public abstract class TextKitEstimator<TTransformer> : IEstimator<TTransformer>
    where TTransformer : class, ITransformer
{
    /// <summary>Trains (or, for rule-based components, just validates and builds) the transformer.</summary>
    public abstract TTransformer Fit(IDataView input);

    /// <summary>Validates the input shape the same way <see cref="Fit"/> does and returns the output shape.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
        {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return SchemaShapes.Derive(inputSchema, GetOutputSchema(SchemaChecks.ToSchema(inputSchema)));
    }

    /// <summary>The output schema for an input schema, without training; throws on an invalid input column.</summary>
    protected abstract DataViewSchema GetOutputSchema(DataViewSchema inputSchema);
}
