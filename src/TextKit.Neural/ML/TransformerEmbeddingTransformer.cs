using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.ML.DataView;
using TextKit.ML.Persistence;
using TextKit.Neural.Checkpoints;
using TextKit.Neural.Models;
using TextKit.Neural.Tokenizers;
using TorchSharp;

namespace TextKit.Neural.ML;

/// <summary>
/// The fitted <see cref="TransformerEmbeddingEstimator"/>. <c>Transform</c> embeds rows in batches (a look-ahead cursor
/// reads the next <c>BatchSize</c> texts, pads them to their longest row and runs one forward pass); PredictionEngine
/// embeds row by row.
/// </summary>
public sealed class TransformerEmbeddingTransformer : TextKitTransformer, ITransformer, IDisposable
{
    internal const string Type = "TextKit.TransformerEmbedding";

    // Artifact versions:
    //   1: options.json (columns, pooling, batch size, max length, long-text handling, threads) + model/ (config.json,
    //      model.safetensors with the base network in HF layout, tokenizer files).
    internal const int Version = 1;

    private readonly TransformerEncoder _encoder;
    private readonly string _modelFolder;

    internal TransformerEmbeddingTransformer(string outputColumnName, string inputColumnName, int batchSize, int threadCount, TransformerEncoder encoder, string modelFolder)
    {
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
        BatchSize = batchSize;
        ThreadCount = threadCount;
        _encoder = encoder;
        _modelFolder = modelFolder;
        _encoder.Warning ??= message => Console.Error.WriteLine($"[TextKit.TransformerEmbedding] warning: {message}");
    }

    /// <summary>Output column.</summary>
    public string OutputColumnName { get; }

    /// <summary>Input text column.</summary>
    public string InputColumnName { get; }

    /// <summary>Rows per forward pass.</summary>
    public int BatchSize { get; }

    /// <summary>libtorch threads (0 = unchanged).</summary>
    public int ThreadCount { get; }

    /// <summary>The encoder (model, tokenizer, pooling).</summary>
    public TransformerEncoder Encoder => _encoder;

    /// <inheritdoc />
    public override string ComponentType => Type;

    /// <inheritdoc />
    public override int ComponentVersion => Version;

    /// <inheritdoc />
    public override Type LoaderType => typeof(TransformerEmbeddingLoader);

    private VectorDataViewType OutputType => new(NumberDataViewType.Single, _encoder.Dimension);

    private void ApplyThreads()
    {
        if (ThreadCount > 0 && torch.get_num_threads() != ThreadCount)
            torch.set_num_threads(ThreadCount);
    }

    /// <inheritdoc />
    protected override ColumnMapper Bind(DataViewSchema inputSchema)
    {
        var column = SchemaChecks.RequireColumn(inputSchema, InputColumnName, SchemaChecks.IsText, "Text");
        return new OneToOneColumnMapper<ReadOnlyMemory<char>, VBuffer<float>>(
            inputSchema, column, new OutputColumn(OutputColumnName, OutputType),
            () => (in ReadOnlyMemory<char> text, ref VBuffer<float> destination) =>
            {
                ApplyThreads();
                var vector = _encoder.Embed([text.ToString()])[0];
                Write(vector, ref destination);
            });
    }

    internal static void Write(float[] vector, ref VBuffer<float> destination)
    {
        var editor = VBufferEditor.Create(ref destination, vector.Length);
        vector.CopyTo(editor.Values);
        destination = editor.Commit();
    }

    /// <summary>Embeds <paramref name="input"/> lazily, in batches of <see cref="BatchSize"/>.</summary>
    IDataView ITransformer.Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var mapper = Bind(input.Schema);
        return new Training.BatchedScoringView(input, mapper.OutputSchema, [input.Schema[InputColumnName]], BatchSize, (rows, first) =>
        {
            ApplyThreads();
            return [.. _encoder.Embed([.. rows.Select(r => (string)r[0])], first).Select(v => new object[] { v })];
        });
    }

    /// <inheritdoc />
    public override void SaveArtifact(ArtifactWriter writer)
    {
        writer.WriteJson("options.json", new SavedOptions(OutputColumnName, InputColumnName, _encoder.Pooling.ToString(), BatchSize, _encoder.MaxLength, _encoder.LongText.ToString(), ThreadCount));
        // The base network in HF layout (heads of the source checkpoint are not needed) plus config and tokenizer files.
        var staging = Path.Combine(Path.GetTempPath(), "textkit-save", Guid.NewGuid().ToString("N"));
        try
        {
            CheckpointWriter.Save(_encoder.Model, staging, _modelFolder);
            if (File.Exists(Path.Combine(_modelFolder, "spiece.model")))
                File.Copy(Path.Combine(_modelFolder, "spiece.model"), Path.Combine(staging, "spiece.model"), overwrite: true);
            ModelFolderArtifact.Write(writer, staging);
        }
        finally
        {
            if (Directory.Exists(staging))
                Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>Frees the model's native memory.</summary>
    public void Dispose() => _encoder.Dispose();

    internal sealed record SavedOptions(string OutputColumnName, string InputColumnName, string Pooling, int BatchSize, int MaxLength, string LongText, int ThreadCount);
}

/// <summary>Reads <see cref="TransformerEmbeddingTransformer"/> artifacts.</summary>
public sealed class TransformerEmbeddingLoader : ITextKitComponentLoader
{
    /// <inheritdoc />
    public string ComponentType => TransformerEmbeddingTransformer.Type;

    /// <inheritdoc />
    public int MaxVersion => TransformerEmbeddingTransformer.Version;

    /// <summary>Test hook: the tokenizer factory used on load (default: TransformerTokenizers.FromFolder).</summary>
    internal static Func<string, ITransformerTokenizer>? TokenizerFactoryOverride { get; set; }

    /// <inheritdoc />
    public ITransformer Load(ArtifactReader reader, ComponentLoadContext context)
    {
        var o = reader.ReadJson<TransformerEmbeddingTransformer.SavedOptions>("options.json");
        if (string.IsNullOrEmpty(o.OutputColumnName) || string.IsNullOrEmpty(o.InputColumnName) || o.BatchSize < 1
            || !Enum.TryParse<EmbeddingPooling>(o.Pooling, out var pooling) || !Enum.TryParse<LongTextHandling>(o.LongText, out var longText))
            throw reader.Invalid("options.json is incomplete or has an unknown pooling / long-text value.");
        var folder = ModelFolderArtifact.Restore(reader);
        var model = TransformerModels.Load(folder, new LoadOptions { Task = ModelTask.Base });
        var tokenizer = (TokenizerFactoryOverride ?? TokenizerLoading.FromFolder)(folder);
        var encoder = new TransformerEncoder(model, tokenizer, pooling, o.MaxLength, longText);
        return new TransformerEmbeddingTransformer(o.OutputColumnName, o.InputColumnName, o.BatchSize, o.ThreadCount, encoder, folder);
    }
}
