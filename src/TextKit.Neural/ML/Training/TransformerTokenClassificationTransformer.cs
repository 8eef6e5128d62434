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
    //   1: options.json (columns incl. optional entities column, scheme, batch size, max length, stride, tags) + model/ (config.json with id2label,
    //      model.safetensors in HF layout, tokenizer files).
    internal const int Version = 1;

    private readonly TransformerTokenTagger _tagger;
    private readonly string _tokenizerFolder;

    internal TransformerTokenClassificationTransformer(string tokensColumn, string outputColumn, string? entitiesColumn, TagScheme scheme, int batchSize, TransformerTokenTagger tagger, string tokenizerFolder)
    {
        TokensColumnName = tokensColumn;
        EntitiesColumnName = entitiesColumn;
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

    /// <summary>Optional output column of entity spans ("TYPE start end", token indices, end exclusive); null = none.</summary>
    public string? EntitiesColumnName { get; }

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
        return new Mapper(inputSchema, this, tokens);
    }

    /// <summary>Entity spans of a tag sequence as "TYPE start end" (token indices, end exclusive).</summary>
    internal string[] Spans(IReadOnlyList<string> tags)
        => EntityTags.ToSpans(tags, Scheme).Select(e => FormattableString.Invariant($"{e.Type} {e.Start} {e.End}")).ToArray();

    private object[] Outputs(string[] tags) => EntitiesColumnName is null ? [tags] : [tags, Spans(tags)];

    /// <summary>Tags <paramref name="input"/> lazily, <see cref="BatchSize"/> sentences per forward pass.</summary>
    IDataView ITransformer.Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var mapper = Bind(input.Schema);
        return new BatchedScoringView(input, mapper.OutputSchema, [input.Schema[TokensColumnName]], BatchSize,
            (rows, _) => _tagger.Predict(rows.Select(r => (IReadOnlyList<string>)(string[])r[0]).ToList()).Select(Outputs).ToArray());
    }

    private sealed class Mapper : ColumnMapper
    {
        private readonly TransformerTokenClassificationTransformer _owner;
        private readonly DataViewSchema.Column _tokens;
        private readonly OutputColumn[] _outputs;

        public Mapper(DataViewSchema input, TransformerTokenClassificationTransformer owner, DataViewSchema.Column tokens)
            : base(input)
        {
            _owner = owner;
            _tokens = tokens;
            _outputs = owner.EntitiesColumnName is null
                ? [new OutputColumn(owner.OutputColumnName, TextVectors.TextVectorType)]
                : [new OutputColumn(owner.OutputColumnName, TextVectors.TextVectorType), new OutputColumn(owner.EntitiesColumnName, TextVectors.TextVectorType)];
        }

        public override IReadOnlyList<OutputColumn> OutputColumns => _outputs;

        public override IEnumerable<int> GetInputDependencies(int outputIndex) => [_tokens.Index];

        public override Delegate?[] CreateGetters(DataViewRow input, Func<int, bool> isOutputActive)
        {
            var source = input.GetGetter<VBuffer<ReadOnlyMemory<char>>>(_tokens);
            VBuffer<ReadOnlyMemory<char>> words = default;
            long cached = -1;
            object[] values = [];
            void Compute()
            {
                if (cached == input.Position)
                    return;
                source(ref words);
                values = _owner.Outputs(_owner._tagger.Predict([words.DenseValues().Select(t => t.ToString()).ToArray()])[0]);
                cached = input.Position;
            }
            var getters = new Delegate?[_outputs.Length];
            for (int i = 0; i < getters.Length; i++)
            {
                if (!isOutputActive(i))
                    continue;
                int slot = i;
                getters[i] = (ValueGetter<VBuffer<ReadOnlyMemory<char>>>)((ref VBuffer<ReadOnlyMemory<char>> destination) =>
                {
                    Compute();
                    var strings = (string[])values[slot];
                    TextVectors.Write(ref destination, strings.Length, k => strings[k].AsMemory());
                });
            }
            return getters;
        }
    }

    /// <inheritdoc />
    public override void SaveArtifact(ArtifactWriter writer)
    {
        writer.WriteJson("options.json", new SavedOptions(TokensColumnName, OutputColumnName, EntitiesColumnName, Scheme.ToString(), BatchSize, _tagger.MaxLength, _tagger.Stride, [.. _tagger.Labels]));
        FineTuneModels.WriteArtifact(writer, _tagger.Model, _tokenizerFolder);
    }

    /// <summary>Frees the model's native memory.</summary>
    public void Dispose() => _tagger.Dispose();

    internal sealed record SavedOptions(string Tokens, string Output, string? Entities, string Scheme, int BatchSize, int MaxLength, int Stride, string[] Labels);
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
        return new TransformerTokenClassificationTransformer(o.Tokens, o.Output, o.Entities, scheme, o.BatchSize, tagger, folder);
    }
}
