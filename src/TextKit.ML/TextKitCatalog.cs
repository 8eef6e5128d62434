using Microsoft.ML;
using TextKit.ML.Persistence;

namespace TextKit.ML;

/// <summary>Entry point: <c>mlContext.TextKit()</c>.</summary>
public static class MLContextTextKitExtensions
{
    /// <summary>TextKit's transforms, trainers, data loaders and model persistence for this context.</summary>
    public static TextKitCatalog TextKit(this MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        return new TextKitCatalog(mlContext);
    }
}

/// <summary>
/// The TextKit catalog. Like ML.NET's own catalogs it only groups extension methods: each feature adds its verbs
/// to <see cref="Transforms"/>, <see cref="Trainers"/> or <see cref="Data"/> from its own file.
/// </summary>
public sealed class TextKitCatalog
{
    internal TextKitCatalog(MLContext mlContext)
    {
        Context = mlContext;
        Transforms = new TextKitTransforms(mlContext);
        Trainers = new TextKitTrainers(mlContext);
        Data = new TextKitData(mlContext);
        Model = new TextKitModelOperations(mlContext);
    }

    /// <summary>The ML.NET context everything is created in.</summary>
    public MLContext Context { get; }

    /// <summary>Text transforms (cleaning, tokenizing, stemming, tagging, ...).</summary>
    public TextKitTransforms Transforms { get; }

    /// <summary>Trainers for TextKit models (taggers, language models, transformers, ...).</summary>
    public TextKitTrainers Trainers { get; }

    /// <summary>Loaders for NLP corpus formats as <see cref="IDataView"/>.</summary>
    public TextKitData Data { get; }

    /// <summary>One-file persistence for pipelines with TextKit components.</summary>
    public TextKitModelOperations Model { get; }
}

/// <summary>Holder for TextKit transform extension methods.</summary>
public sealed class TextKitTransforms
{
    internal TextKitTransforms(MLContext mlContext) => Context = mlContext;

    /// <summary>The ML.NET context.</summary>
    public MLContext Context { get; }
}

/// <summary>Holder for TextKit trainer extension methods.</summary>
public sealed class TextKitTrainers
{
    internal TextKitTrainers(MLContext mlContext) => Context = mlContext;

    /// <summary>The ML.NET context.</summary>
    public MLContext Context { get; }
}

/// <summary>Holder for TextKit data-loading extension methods.</summary>
public sealed class TextKitData
{
    internal TextKitData(MLContext mlContext) => Context = mlContext;

    /// <summary>The ML.NET context.</summary>
    public MLContext Context { get; }
}

/// <summary><c>mlContext.TextKit().Model</c>: the counterpart of <c>mlContext.Model</c> for TextKit pipelines.</summary>
public sealed class TextKitModelOperations
{
    private readonly MLContext _mlContext;

    internal TextKitModelOperations(MLContext mlContext) => _mlContext = mlContext;

    /// <summary>See <see cref="TextKitModel.Save(MLContext, ITransformer, DataViewSchema?, string)"/>.</summary>
    public void Save(ITransformer model, DataViewSchema? inputSchema, string path) => TextKitModel.Save(_mlContext, model, inputSchema, path);

    /// <summary>See <see cref="TextKitModel.Save(MLContext, ITransformer, DataViewSchema?, Stream)"/>.</summary>
    public void Save(ITransformer model, DataViewSchema? inputSchema, Stream stream) => TextKitModel.Save(_mlContext, model, inputSchema, stream);

    /// <summary>See <see cref="TextKitModel.Load(MLContext, string, out DataViewSchema)"/>.</summary>
    public ITransformer Load(string path, out DataViewSchema inputSchema) => TextKitModel.Load(_mlContext, path, out inputSchema);

    /// <summary>See <see cref="TextKitModel.Load(MLContext, Stream, out DataViewSchema)"/>.</summary>
    public ITransformer Load(Stream stream, out DataViewSchema inputSchema) => TextKitModel.Load(_mlContext, stream, out inputSchema);
}
