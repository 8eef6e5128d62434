using Microsoft.ML;
using TextKit.ML.DataView;
using TextKit.ML.Persistence;

namespace TextKit.ML.Tests.TestSupport;

/// <summary>
/// The contract every TextKit estimator meets (after ML.NET's TestEstimatorCore): the output shape matches what Fit
/// produces, invalid input fails in both GetOutputSchema and Fit, and Fit → save → load in a NEW MLContext gives the
/// same schema and the same rows.
/// </summary>
public static class EstimatorContract
{
    public static ITransformer Check<T>(IEstimator<T> estimator, IDataView valid, IDataView? invalid = null)
        where T : class, ITransformer
    {
        var shape = estimator.GetOutputSchema(SchemaShapes.FromSchema(valid.Schema));
        var transformer = estimator.Fit(valid);
        var output = transformer.Transform(valid);
        foreach (var column in output.Schema.Where(c => !c.IsHidden))
        {
            var declared = shape.FirstOrDefault(s => s.Name == column.Name);
            Assert.True(declared.Name == column.Name, $"GetOutputSchema does not declare output column '{column.Name}'.");
            var itemType = column.Type is Microsoft.ML.Data.VectorDataViewType v ? v.ItemType : column.Type;
            Assert.Equal(itemType.RawType, declared.ItemType.RawType);
        }
        Assert.Equal(output.Schema.Count(c => !c.IsHidden), shape.Count);

        if (invalid is not null)
        {
            var schemaError = Record.Exception(() => estimator.GetOutputSchema(SchemaShapes.FromSchema(invalid.Schema)));
            Assert.True(schemaError is ArgumentOutOfRangeException or InvalidOperationException, $"GetOutputSchema on invalid input threw {schemaError?.GetType().Name ?? "nothing"}.");
            var fitError = Record.Exception(() => estimator.Fit(invalid));
            Assert.True(fitError is ArgumentOutOfRangeException or InvalidOperationException, $"Fit on invalid input threw {fitError?.GetType().Name ?? "nothing"}.");
        }

        var expected = Tsv(output);
        using var stream = new MemoryStream();
        TextKitModel.Save(new MLContext(1), transformer, valid.Schema, stream);
        stream.Position = 0;
        var fresh = new MLContext(2);
        var loaded = TextKitModel.Load(fresh, stream, out var loadedSchema);
        Assert.Equal(valid.Schema.Select(c => (c.Name, c.Type)), loadedSchema.Select(c => (c.Name, c.Type)));
        var reloadedOutput = loaded.Transform(valid);
        Assert.Equal(output.Schema.Select(c => (c.Name, c.Type.ToString())), reloadedOutput.Schema.Select(c => (c.Name, c.Type.ToString())));
        Assert.Equal(expected, Tsv(reloadedOutput));
        return transformer;
    }

    /// <summary>Every non-hidden column of <paramref name="view"/> as TSV text (exact, round-trip number formats).</summary>
    public static string Tsv(IDataView view, params string[] columns)
    {
        var names = columns.Length > 0 ? columns : view.Schema.Where(c => !c.IsHidden).Select(c => c.Name).Distinct().ToArray();
        using var writer = new StringWriter();
        DataViewTsv.Write(view, writer, names);
        return writer.ToString();
    }
}
