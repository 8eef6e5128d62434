using Microsoft.ML;
using Microsoft.ML.Transforms;

namespace TextKit.ML.Persistence;

/// <summary>Input row of the placeholder mapping: no columns.</summary>
public sealed class ComponentPlaceholderInput
{
}

/// <summary>Output row of the placeholder mapping: no columns.</summary>
public sealed class ComponentPlaceholderOutput
{
}

/// <summary>
/// Marks, inside the ML.NET part of a TextKit model file, where a TextKit component sits in the chain.
/// ML.NET persists a CustomMapping as its contract name only, so the placeholder carries no state: the component
/// itself is stored under <c>textkit/</c> and put back in its place by <see cref="TextKitModel.Load(MLContext, string, out DataViewSchema)"/>.
/// Loading the file with plain <c>mlContext.Model.Load</c> reaches <see cref="GetMapping"/> outside a TextKit load
/// and fails with error TK120, which says what to call instead.
/// </summary>
/// <remarks>Public only because ML.NET instantiates factories by reflection (public parameterless constructor).</remarks>
[CustomMappingFactoryAttribute(ContractName)]
public sealed class ComponentPlaceholder : CustomMappingFactory<ComponentPlaceholderInput, ComponentPlaceholderOutput>
{
    /// <summary>The contract ML.NET records. Bump <c>.vN</c> if the placeholder's meaning ever changes.</summary>
    public const string ContractName = "TextKit.ComponentPlaceholder.v1";

    private static readonly AsyncLocal<int> s_loadDepth = new();

    internal static IDisposable EnterTextKitLoad()
    {
        s_loadDepth.Value++;
        return new Exit();
    }

    /// <inheritdoc />
    public override Action<ComponentPlaceholderInput, ComponentPlaceholderOutput> GetMapping()
    {
        if (s_loadDepth.Value <= 0)
            throw new TextKitModelException("TK120",
                "This model file contains TextKit components, whose state plain mlContext.Model.Load cannot restore. " +
                "Load it with TextKit.ML.Persistence.TextKitModel.Load(mlContext, path, out var inputSchema) " +
                "or mlContext.TextKit().Model.Load(path, out var inputSchema).");
        return Map;
    }

    internal static void Map(ComponentPlaceholderInput input, ComponentPlaceholderOutput output)
        => throw new InvalidOperationException("[TK122] A TextKit component placeholder was executed; TextKitModel.Load should have replaced it.");

    internal static ITransformer Create(MLContext mlContext)
    {
        var empty = mlContext.Data.LoadFromEnumerable(Array.Empty<ComponentPlaceholderInput>());
        return mlContext.Transforms.CustomMapping<ComponentPlaceholderInput, ComponentPlaceholderOutput>(Map, ContractName).Fit(empty);
    }

    internal static bool IsPlaceholder(ITransformer transformer)
        => transformer.GetType().IsGenericType
           && transformer.GetType().GetGenericArguments() is [var tIn, var tOut]
           && tIn == typeof(ComponentPlaceholderInput) && tOut == typeof(ComponentPlaceholderOutput);

    private sealed class Exit : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (_done)
                return;
            _done = true;
            s_loadDepth.Value--;
        }
    }
}
