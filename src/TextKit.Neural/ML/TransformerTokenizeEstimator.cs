using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.ML.DataView;
using TextKit.ML.Persistence;
using TextKit.Neural.Tokenizers;

namespace TextKit.Neural.ML;

/// <summary>
/// Tokenizes a text column for a transformer exported to ONNX: writes <c>input_ids</c>, <c>attention_mask</c> and
/// <c>token_type_ids</c> as int64 vectors of a fixed length (padded with the tokenizer's pad id), the inputs an
/// exported HF model takes. Chain it with ML.NET's <c>ApplyOnnxModel</c>; save the pipeline with <c>TextKitModel.Save</c>.
/// </summary>
public sealed class TransformerTokenizeEstimator : TextKitEstimator<TransformerTokenizeTransformer>
{
    /// <summary>Options.</summary>
    public sealed class Options
    {
        /// <summary>Input text column.</summary>
        public string InputColumnName { get; set; } = "Text";

        /// <summary>Folder with the tokenizer files (a HF model folder).</summary>
        public string TokenizerFolder { get; set; } = "";

        /// <summary>Fixed output length (padding/truncation), special tokens included.</summary>
        public int MaxLength { get; set; } = 128;

        /// <summary>Name prefix of the three output columns (e.g. "" → input_ids, attention_mask, token_type_ids).</summary>
        public string ColumnPrefix { get; set; } = "";

        /// <summary>Texts longer than <see cref="MaxLength"/>: truncate (default) or fail with TK341.</summary>
        public LongTextHandling LongText { get; set; } = LongTextHandling.TruncateWithWarning;
    }

    private readonly Options _options;
    private readonly Func<string, ITransformerTokenizer> _factory;

    internal TransformerTokenizeEstimator(Options options, Func<string, ITransformerTokenizer>? factory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.InputColumnName))
            throw new ArgumentException("InputColumnName must be set.", nameof(options));
        if (string.IsNullOrWhiteSpace(options.TokenizerFolder))
            throw new ArgumentException("TokenizerFolder must be set.", nameof(options));
        if (options.MaxLength < 2)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxLength, "MaxLength must be at least 2.");
        _options = options;
        _factory = factory ?? TokenizerLoading.FromFolder;
    }

    /// <inheritdoc />
    public override TransformerTokenizeTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(input.Schema);
        return new TransformerTokenizeTransformer(_options.InputColumnName, _options.ColumnPrefix, _options.MaxLength, _options.LongText,
            _factory(_options.TokenizerFolder), _options.TokenizerFolder);
    }

    /// <inheritdoc />
    protected override DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        SchemaChecks.RequireColumn(inputSchema, _options.InputColumnName, SchemaChecks.IsText, "Text");
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        foreach (var name in TransformerTokenizeTransformer.Outputs(_options.ColumnPrefix))
            builder.AddColumn(name, new VectorDataViewType(NumberDataViewType.Int64, _options.MaxLength));
        return builder.ToSchema();
    }
}

/// <summary>The fitted <see cref="TransformerTokenizeEstimator"/> (stateless apart from the tokenizer files).</summary>
public sealed class TransformerTokenizeTransformer : TextKitTransformer
{
    internal const string Type = "TextKit.TransformerTokenize";

    // Artifact versions:
    //   1: options.json (input column, prefix, max length, long-text handling) + tokenizer/ (the tokenizer files).
    internal const int Version = 1;

    private readonly ITransformerTokenizer _tokenizer;
    private readonly string _tokenizerFolder;

    internal TransformerTokenizeTransformer(string inputColumnName, string prefix, int maxLength, LongTextHandling longText, ITransformerTokenizer tokenizer, string tokenizerFolder)
    {
        InputColumnName = inputColumnName;
        ColumnPrefix = prefix;
        MaxLength = maxLength;
        LongText = longText;
        _tokenizer = tokenizer;
        _tokenizerFolder = tokenizerFolder;
    }

    /// <summary>Input column.</summary>
    public string InputColumnName { get; }

    /// <summary>Output column prefix.</summary>
    public string ColumnPrefix { get; }

    /// <summary>Fixed length.</summary>
    public int MaxLength { get; }

    /// <summary>Long-text policy.</summary>
    public LongTextHandling LongText { get; }

    /// <inheritdoc />
    public override string ComponentType => Type;

    /// <inheritdoc />
    public override int ComponentVersion => Version;

    /// <inheritdoc />
    public override Type LoaderType => typeof(TransformerTokenizeLoader);

    internal static string[] Outputs(string prefix) => [prefix + "input_ids", prefix + "attention_mask", prefix + "token_type_ids"];

    /// <inheritdoc />
    protected override ColumnMapper Bind(DataViewSchema inputSchema)
    {
        var column = SchemaChecks.RequireColumn(inputSchema, InputColumnName, SchemaChecks.IsText, "Text");
        return new Mapper(inputSchema, column, this);
    }

    /// <summary>Ids, mask and types of one text, padded to <see cref="MaxLength"/>.</summary>
    public (long[] Ids, long[] Mask, long[] Types) Encode(string text)
    {
        EncodedInput encoded;
        try
        {
            encoded = _tokenizer.Encode(text, null, new EncodeOptions { MaxLength = MaxLength, Truncate = false });
        }
        catch (TextKitException e)
        {
            if (LongText == LongTextHandling.Error)
                throw new TextKitException("TK341", $"the text is longer than MaxLength {MaxLength} tokens. ({e.Message})", e);
            encoded = _tokenizer.Encode(text, null, new EncodeOptions { MaxLength = MaxLength, Truncate = true });
        }
        var ids = new long[MaxLength];
        var mask = new long[MaxLength];
        var types = new long[MaxLength];
        Array.Fill(ids, _tokenizer.PadTokenId);
        for (int i = 0; i < encoded.InputIds.Length; i++)
        {
            ids[i] = encoded.InputIds[i];
            mask[i] = encoded.AttentionMask.Length > i ? encoded.AttentionMask[i] : 1;
            types[i] = encoded.TokenTypeIds.Length > i ? encoded.TokenTypeIds[i] : 0;
        }
        return (ids, mask, types);
    }

    /// <inheritdoc />
    public override void SaveArtifact(ArtifactWriter writer)
    {
        writer.WriteJson("options.json", new SavedOptions(InputColumnName, ColumnPrefix, MaxLength, LongText.ToString()));
        foreach (var file in Checkpoints.CheckpointWriter.TokenizerFiles.Append("spiece.model").Append("config.json").Distinct())
        {
            var path = Path.Combine(_tokenizerFolder, file);
            if (File.Exists(path))
                writer.WriteBytes("tokenizer/" + file, File.ReadAllBytes(path));
        }
    }

    internal sealed record SavedOptions(string InputColumnName, string ColumnPrefix, int MaxLength, string LongText);

    private sealed class Mapper : ColumnMapper
    {
        private readonly int _input;
        private readonly TransformerTokenizeTransformer _owner;
        private readonly OutputColumn[] _outputs;

        public Mapper(DataViewSchema schema, DataViewSchema.Column input, TransformerTokenizeTransformer owner) : base(schema)
        {
            _input = input.Index;
            _owner = owner;
            var type = new VectorDataViewType(NumberDataViewType.Int64, owner.MaxLength);
            _outputs = Outputs(owner.ColumnPrefix).Select(n => new OutputColumn(n, type)).ToArray();
        }

        public override IReadOnlyList<OutputColumn> OutputColumns => _outputs;

        public override IEnumerable<int> GetInputDependencies(int outputIndex) => [_input];

        public override Delegate?[] CreateGetters(DataViewRow input, Func<int, bool> isOutputActive)
        {
            var text = input.GetGetter<ReadOnlyMemory<char>>(input.Schema[_input]);
            long cachedPosition = -1;
            (long[] Ids, long[] Mask, long[] Types) cached = default;
            ReadOnlyMemory<char> value = default;
            (long[], long[], long[]) Current()
            {
                if (input.Position != cachedPosition)
                {
                    text(ref value);
                    cached = _owner.Encode(value.ToString());
                    cachedPosition = input.Position;
                }
                return cached;
            }
            ValueGetter<VBuffer<long>> Make(int which) => (ref VBuffer<long> destination) =>
            {
                var (ids, mask, types) = Current();
                var source = which switch { 0 => ids, 1 => mask, _ => types };
                var editor = VBufferEditor.Create(ref destination, source.Length);
                source.CopyTo(editor.Values);
                destination = editor.Commit();
            };
            return Enumerable.Range(0, 3).Select(i => isOutputActive(i) ? (Delegate)Make(i) : null).ToArray();
        }
    }
}

/// <summary>Reads <see cref="TransformerTokenizeTransformer"/> artifacts.</summary>
public sealed class TransformerTokenizeLoader : ITextKitComponentLoader
{
    /// <inheritdoc />
    public string ComponentType => TransformerTokenizeTransformer.Type;

    /// <inheritdoc />
    public int MaxVersion => TransformerTokenizeTransformer.Version;

    /// <inheritdoc />
    public ITransformer Load(ArtifactReader reader, ComponentLoadContext context)
    {
        var o = reader.ReadJson<TransformerTokenizeTransformer.SavedOptions>("options.json");
        if (string.IsNullOrEmpty(o.InputColumnName) || o.ColumnPrefix is null || o.MaxLength < 2 || !Enum.TryParse<LongTextHandling>(o.LongText, out var longText))
            throw reader.Invalid("options.json is incomplete.");
        var files = new[] { "vocab.txt", "vocab.json", "merges.txt", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "added_tokens.json", "spiece.model", "sentencepiece.bpe.model", "generation_config.json", "config.json" }
            .Where(f => reader.Contains("tokenizer/" + f)).ToArray();
        var folder = Path.Combine(Path.GetTempPath(), "textkit-tokenizers", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        foreach (var f in files)
            File.WriteAllBytes(Path.Combine(folder, f), reader.ReadBytes("tokenizer/" + f));
        var tokenizer = (TransformerEmbeddingLoader.TokenizerFactoryOverride ?? TokenizerLoading.FromFolder)(folder);
        return new TransformerTokenizeTransformer(o.InputColumnName, o.ColumnPrefix, o.MaxLength, longText, tokenizer, folder);
    }
}
