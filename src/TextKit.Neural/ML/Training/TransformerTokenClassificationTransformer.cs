using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.Corpora;
using TextKit.ML.DataView;
using TextKit.ML.Persistence;
using TextKit.Neural.Models;
using TextKit.Neural.Tokenizers;

namespace TextKit.Neural.ML.Training;

/// <summary>
/// The fitted <see cref="TransformerTokenClassificationTrainer"/>: adds a vector-of-text column with one predicted tag
/// per input token. <c>Transform</c> tags sentences in batches; PredictionEngine tags one sentence at a time.
/// </summary>
public sealed class TransformerTokenClassificationTransformer : TextKitTransformer, ITransformer, IDisposable
{
    internal const string Type = "TextKit.TransformerTokenClassification";

    // Artifact versions:
    //   1: options.json (columns, scheme, batch size, max length, stride, tags) + model/ (config.json with id2label,
    //      model.safetensors in HF layout, tokenizer files).
    internal const int Version = 1;

    private readonly TransformerTokenTagger _tagger;
    private readonly string _tokenizerFolder;

    internal TransformerTokenClassificationTransformer(string tokensColumn, string outputColumn, TagScheme scheme, int batchSize, TransformerTokenTagger tagger, string tokenizerFolder)
    {
        TokensColumnName = tokensColumn;
        OutputColumnName = outputColumn;
        Scheme = scheme;
        BatchSize = batchSize;
        _tagger = tagger;
        _tokenizerFolder = tokenizerFolder;
    }

    /// <summary>Input token column.</summary>
    public string TokensColumnName { get; }

    /// <summary>Output tag column.</summary>
    public string OutputColumnName { get; }

    /// <summary>The tag scheme of the labels.</summary>
    public TagScheme Scheme { get; }

    /// <summary>Sentences per forward pass.</summary>
    public int BatchSize { get; }

    /// <summary>The tagger (model, tokenizer, tags, windowing).</summary>
    public TransformerTokenTagger Tagger => _tagger;

    /// <inheritdoc />
    public override string ComponentType => Type;

    /// <inheritdoc />
    public override int ComponentVersion => Version;

    /// <inheritdoc />
    public override Type LoaderType => typeof(TransformerTokenClassificationLoader);

    /// <inheritdoc />
    protected override ColumnMapper Bind(DataViewSchema inputSchema)
    {
        var tokens = SchemaChecks.RequireColumn(inputSchema, TokensColumnName, SchemaChecks.IsTextVector, "Vector<Text> (tokens)");
        return new OneToOneColumnMapper<VBuffer<ReadOnlyMemory<char>>, VBuffer<ReadOnlyMemory<char>>>(
            inputSchema, tokens, new OutputColumn(OutputColumnName, TextVectors.TextVectorType),
            () => (in VBuffer<ReadOnlyMemory<char>> source, ref VBuffer<ReadOnlyMemory<char>> destination) =>
            {
                var words = source.DenseValues().Select(t => t.ToString()).ToArray();
                var tags = _tagger.Predict([words])[0];
                TextVectors.Write(ref destination, tags.Length, i => tags[i].AsMemory());
            });
    }

    /// <summary>Tags <paramref name="input"/> lazily, <see cref="BatchSize"/> sentences per forward pass.</summary>
    IDataView ITransformer.Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var mapper = Bind(input.Schema);
        return new BatchedScoringView(input, mapper.OutputSchema, [input.Schema[TokensColumnName]], BatchSize,
            rows => _tagger.Predict(rows.Select(r => (IReadOnlyList<string>)(string[])r[0]).ToList()).Select(t => new object[] { t }).ToArray());
    }

    /// <inheritdoc />
    public override void SaveArtifact(ArtifactWriter writer)
    {
        writer.WriteJson("options.json", new SavedOptions(TokensColumnName, OutputColumnName, Scheme.ToString(), BatchSize, _tagger.MaxLength, _tagger.Stride, [.. _tagger.Labels]));
        FineTuneModels.WriteArtifact(writer, _tagger.Model, _tokenizerFolder);
    }

    /// <summary>Frees the model's native memory.</summary>
    public void Dispose() => _tagger.Dispose();

    internal sealed record SavedOptions(string Tokens, string Output, string Scheme, int BatchSize, int MaxLength, int Stride, string[] Labels);
}

/// <summary>Reads <see cref="TransformerTokenClassificationTransformer"/> artifacts.</summary>
public sealed class TransformerTokenClassificationLoader : ITextKitComponentLoader
{
    /// <inheritdoc />
    public string ComponentType => TransformerTokenClassificationTransformer.Type;

    /// <inheritdoc />
    public int MaxVersion => TransformerTokenClassificationTransformer.Version;

    /// <inheritdoc />
    public ITransformer Load(ArtifactReader reader, ComponentLoadContext context)
    {
        var o = reader.ReadJson<TransformerTokenClassificationTransformer.SavedOptions>("options.json");
        if (string.IsNullOrEmpty(o.Tokens) || string.IsNullOrEmpty(o.Output) || o.BatchSize < 1 || o.MaxLength < 1 || o.Stride < 0
            || o.Labels is not { Length: >= 1 } || !Enum.TryParse<TagScheme>(o.Scheme, out var scheme))
            throw reader.Invalid("options.json is incomplete (columns, batch size, window, scheme or tags).");
        var folder = ModelFolderArtifact.Restore(reader);
        var model = TransformerModels.Load(folder, new LoadOptions { Task = ModelTask.TokenClassification });
        var tagger = new TransformerTokenTagger(model, TransformerTokenizers.FromFolder(folder), o.Labels, o.MaxLength, o.Stride);
        return new TransformerTokenClassificationTransformer(o.Tokens, o.Output, scheme, o.BatchSize, tagger, folder);
    }
}
