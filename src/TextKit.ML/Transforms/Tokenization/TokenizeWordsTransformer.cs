using Microsoft.ML;
using TextKit.ML.DataView;
using TextKit.ML.Persistence;
using TextKit.Tokenization;

namespace TextKit.ML.Transforms;

/// <summary>The transformer of <see cref="TokenizeWordsEstimator"/> (stateless: options only).</summary>
public sealed class TokenizeWordsTransformer : TextKitTransformer
{
    internal const string Type = "TextKit.TokenizeWords";

    // Artifact versions:
    //   1: options.json (columns, outputWords, splitHyphens, keepUrlsAndEmails); English rules are built in.
    internal const int Version = 1;

    internal sealed record Settings(string OutputColumnName, string InputColumnName, string? OffsetsColumnName, bool OutputWords, bool SplitHyphens, bool KeepUrlsAndEmails);

    private readonly Settings _settings;
    private readonly WordTokenizer _tokenizer;

    internal TokenizeWordsTransformer(Settings settings)
    {
        _settings = settings;
        _tokenizer = new WordTokenizer(new WordTokenizerOptions
        {
            SplitContractions = settings.OutputWords,
            SplitHyphens = settings.SplitHyphens,
            KeepUrlsAndEmails = settings.KeepUrlsAndEmails,
        });
    }

    /// <summary>Output column name.</summary>
    public string OutputColumnName => _settings.OutputColumnName;

    /// <summary>Input column name.</summary>
    public string InputColumnName => _settings.InputColumnName;

    /// <summary>Offsets column name, or null.</summary>
    public string? OffsetsColumnName => _settings.OffsetsColumnName;

    /// <inheritdoc />
    public override string ComponentType => Type;

    /// <inheritdoc />
    public override int ComponentVersion => Version;

    /// <inheritdoc />
    public override Type LoaderType => typeof(TokenizeWordsLoader);

    /// <inheritdoc />
    protected override ColumnMapper Bind(DataViewSchema inputSchema)
    {
        var column = SchemaChecks.RequireColumn(inputSchema, _settings.InputColumnName, SchemaChecks.IsText, "Text");
        bool words = _settings.OutputWords;
        var tokenizer = _tokenizer;
        return new SpanColumnsMapper(inputSchema, column, _settings.OutputColumnName, _settings.OffsetsColumnName, () =>
        {
            var list = new TokenList();
            return (text, spans) =>
            {
                tokenizer.Tokenize(text, list);
                if (words)
                {
                    foreach (var w in list.Words)
                        spans.Add((w.Start, w.End));
                }
                else
                {
                    foreach (var t in list.Tokens)
                        spans.Add((t.Start, t.End));
                }
            };
        });
    }

    /// <inheritdoc />
    public override void SaveArtifact(ArtifactWriter writer) => writer.WriteJson("options.json", _settings);

    internal static Settings Check(Settings? s, ArtifactReader reader)
    {
        if (s is null || string.IsNullOrEmpty(s.OutputColumnName) || string.IsNullOrEmpty(s.InputColumnName) || s.OffsetsColumnName is "")
            throw reader.Invalid("options.json misses a column name.");
        return s;
    }
}

/// <summary>Reads <see cref="TokenizeWordsTransformer"/> artifacts.</summary>
public sealed class TokenizeWordsLoader : ITextKitComponentLoader
{
    /// <inheritdoc />
    public string ComponentType => TokenizeWordsTransformer.Type;

    /// <inheritdoc />
    public int MaxVersion => TokenizeWordsTransformer.Version;

    /// <inheritdoc />
    public ITransformer Load(ArtifactReader reader, ComponentLoadContext context)
        => new TokenizeWordsTransformer(TokenizeWordsTransformer.Check(reader.ReadJson<TokenizeWordsTransformer.Settings>("options.json"), reader));
}
