using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.Cleaning;
using TextKit.ML.DataView;
using TextKit.ML.Persistence;

namespace TextKit.ML.Transforms;

/// <summary>
/// Cleans a text column with <see cref="TextCleaner"/>: HTML → text, Unicode normalization, control and zero-width
/// characters, whitespace, optional masks, lower-casing, accent stripping and emoji handling.
/// </summary>
/// <remarks>
/// <para>Estimator characteristics: does not train; input Text; output Text; saved with <c>TextKitModel.Save</c>
/// (options only).</para>
/// <seealso cref="CleaningCatalog.CleanText(TextKitTransforms, string, string?, TextCleanerOptions?)"/>
/// </remarks>
public sealed class CleanTextEstimator : TextKitEstimator<CleanTextTransformer>
{
    private readonly string _outputColumnName;
    private readonly string _inputColumnName;
    private readonly TextCleanerOptions _cleaner;

    internal CleanTextEstimator(string outputColumnName, string? inputColumnName, TextCleanerOptions? options)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        _outputColumnName = outputColumnName;
        _inputColumnName = inputColumnName ?? outputColumnName;
        _cleaner = (options ?? new TextCleanerOptions()).Clone();
        TextCleaner.Validate(_cleaner);
    }

    /// <inheritdoc />
    public override CleanTextTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var transformer = new CleanTextTransformer(_outputColumnName, _inputColumnName, _cleaner);
        transformer.GetOutputSchema(input.Schema);
        return transformer;
    }

    /// <inheritdoc />
    protected override DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
        => new CleanTextTransformer(_outputColumnName, _inputColumnName, _cleaner).GetOutputSchema(inputSchema);
}

/// <summary>The transformer of <see cref="CleanTextEstimator"/> (stateless: options only).</summary>
public sealed class CleanTextTransformer : TextKitTransformer
{
    internal const string Type = "TextKit.CleanText";

    // Artifact versions:
    //   1: options.json (columns + every TextCleanerOptions property).
    internal const int Version = 1;

    private readonly TextCleaner _cleaner;

    internal CleanTextTransformer(string outputColumnName, string inputColumnName, TextCleanerOptions options)
    {
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
        _cleaner = new TextCleaner(options);
    }

    /// <summary>Output column name.</summary>
    public string OutputColumnName { get; }

    /// <summary>Input column name.</summary>
    public string InputColumnName { get; }

    /// <summary>The cleaning options (a copy).</summary>
    public TextCleanerOptions Options => _cleaner.Options;

    /// <inheritdoc />
    public override string ComponentType => Type;

    /// <inheritdoc />
    public override int ComponentVersion => Version;

    /// <inheritdoc />
    public override Type LoaderType => typeof(CleanTextLoader);

    /// <inheritdoc />
    protected override ColumnMapper Bind(DataViewSchema inputSchema)
    {
        var column = SchemaChecks.RequireColumn(inputSchema, InputColumnName, SchemaChecks.IsText, "Text");
        var cleaner = _cleaner;
        return new OneToOneColumnMapper<ReadOnlyMemory<char>, ReadOnlyMemory<char>>(inputSchema, column,
            new OutputColumn(OutputColumnName, TextDataViewType.Instance),
            () => (in ReadOnlyMemory<char> src, ref ReadOnlyMemory<char> dst) => dst = cleaner.Clean(src.ToString()).AsMemory());
    }

    /// <inheritdoc />
    public override void SaveArtifact(ArtifactWriter writer)
        => writer.WriteJson("options.json", new Saved(OutputColumnName, InputColumnName, _cleaner.Options));

    internal sealed record Saved(string OutputColumnName, string InputColumnName, TextCleanerOptions Cleaner);
}

/// <summary>Reads <see cref="CleanTextTransformer"/> artifacts.</summary>
public sealed class CleanTextLoader : ITextKitComponentLoader
{
    /// <inheritdoc />
    public string ComponentType => CleanTextTransformer.Type;

    /// <inheritdoc />
    public int MaxVersion => CleanTextTransformer.Version;

    /// <inheritdoc />
    public ITransformer Load(ArtifactReader reader, ComponentLoadContext context)
    {
        var saved = reader.ReadJson<CleanTextTransformer.Saved>("options.json");
        if (string.IsNullOrEmpty(saved.OutputColumnName) || string.IsNullOrEmpty(saved.InputColumnName) || saved.Cleaner is null)
            throw reader.Invalid("options.json misses a column name or the cleaner options.");
        try
        {
            TextCleaner.Validate(saved.Cleaner);
        }
        catch (ArgumentException e)
        {
            throw reader.Invalid("options.json has invalid cleaner options: " + e.Message);
        }
        return new CleanTextTransformer(saved.OutputColumnName, saved.InputColumnName, saved.Cleaner);
    }
}
