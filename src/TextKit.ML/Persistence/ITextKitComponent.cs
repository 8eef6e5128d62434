using Microsoft.ML;

namespace TextKit.ML.Persistence;

/// <summary>
/// A fitted TextKit transformer whose state travels in a TextKit model file (docs/persistence.md).
/// </summary>
public interface ITextKitComponent : ITransformer
{
    /// <summary>Stable, namespaced type id written to the manifest, e.g. <c>TextKit.RareTokens</c>.</summary>
    string ComponentType { get; }

    /// <summary>Version of this component's artifact layout; bump on any change to what <see cref="SaveArtifact"/> writes.</summary>
    int ComponentVersion { get; }

    /// <summary>The <see cref="ITextKitComponentLoader"/> that reads the artifact back.</summary>
    Type LoaderType { get; }

    /// <summary>Writes the component's options and learned state.</summary>
    void SaveArtifact(ArtifactWriter writer);
}

/// <summary>
/// Reads one component type's artifact. Implementations need a public parameterless constructor; the manifest
/// names them by type, and only types implementing this interface are ever instantiated from a model file.
/// </summary>
public interface ITextKitComponentLoader
{
    /// <summary>Must equal the <see cref="ITextKitComponent.ComponentType"/> the loader reads.</summary>
    string ComponentType { get; }

    /// <summary>The newest artifact version this loader reads; newer files fail with a clear error.</summary>
    int MaxVersion { get; }

    /// <summary>Rebuilds the fitted transformer from its artifact.</summary>
    ITransformer Load(ArtifactReader reader, ComponentLoadContext context);
}

/// <summary>What a loader gets besides the artifact: the ML.NET context and the artifact version.</summary>
public sealed class ComponentLoadContext
{
    internal ComponentLoadContext(MLContext mlContext, int version, string source)
    {
        MLContext = mlContext;
        Version = version;
        Source = source;
    }

    /// <summary>The context passed to <see cref="TextKitModel.Load(MLContext, string, out Microsoft.ML.DataViewSchema)"/>.</summary>
    public MLContext MLContext { get; }

    /// <summary>The artifact version written by the saving component.</summary>
    public int Version { get; }

    /// <summary>A description of the model file (its path, or "&lt;stream&gt;"), for error messages.</summary>
    public string Source { get; }
}
