using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.ML.DataView;
using TextKit.ML.Persistence;
using TextKit.Text;

namespace TextKit.ML.Transforms;

/// <summary>The fitted <see cref="ReplaceRareTokensEstimator"/>: a learned vocabulary.</summary>
public sealed class ReplaceRareTokensTransformer : TextKitTransformer
{
    internal const string Type = "TextKit.ReplaceRareTokens";

    // Artifact versions:
    //   1: options.json (columns, unknown token) + vocabulary.txt (one type per line, vocabulary order).
    internal const int Version = 1;

    internal ReplaceRareTokensTransformer(string outputColumnName, string inputColumnName, string unknownToken, Vocabulary vocabulary)
    {
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
        UnknownToken = unknownToken;
        Vocabulary = vocabulary;
    }

    /// <summary>Output column name.</summary>
    public string OutputColumnName { get; }

    /// <summary>Input column name.</summary>
    public string InputColumnName { get; }

    /// <summary>The replacement for out-of-vocabulary tokens.</summary>
    public string UnknownToken { get; }

    /// <summary>The learned vocabulary.</summary>
    public Vocabulary Vocabulary { get; }

    /// <inheritdoc />
    public override string ComponentType => Type;

    /// <inheritdoc />
    public override int ComponentVersion => Version;

    /// <inheritdoc />
    public override Type LoaderType => typeof(ReplaceRareTokensLoader);

    internal static DataViewSchema.Column CheckInput(DataViewSchema schema, string inputColumnName)
        => SchemaChecks.RequireColumn(schema, inputColumnName, SchemaChecks.IsTextVector, "vector of Text (tokens)");

    /// <inheritdoc />
    protected override ColumnMapper Bind(DataViewSchema inputSchema)
    {
        var column = CheckInput(inputSchema, InputColumnName);
        var unknown = UnknownToken.AsMemory();
        return new OneToOneColumnMapper<VBuffer<ReadOnlyMemory<char>>, VBuffer<ReadOnlyMemory<char>>>(
            inputSchema, column, new OutputColumn(OutputColumnName, TextVectors.TextVectorType),
            () => (in VBuffer<ReadOnlyMemory<char>> src, ref VBuffer<ReadOnlyMemory<char>> dst) =>
            {
                var editor = VBufferEditor.Create(ref dst, src.Length);
                int i = 0;
                foreach (var token in src.DenseValues())
                    editor.Values[i++] = Vocabulary.Contains(token.Span) ? token : unknown;
                dst = editor.Commit();
            });
    }

    /// <inheritdoc />
    public override void SaveArtifact(ArtifactWriter writer)
    {
        writer.WriteJson("options.json", new SavedOptions(OutputColumnName, InputColumnName, UnknownToken));
        writer.WriteLines("vocabulary.txt", Vocabulary.Types);
    }

    internal sealed record SavedOptions(string OutputColumnName, string InputColumnName, string UnknownToken);
}

/// <summary>Reads <see cref="ReplaceRareTokensTransformer"/> artifacts.</summary>
public sealed class ReplaceRareTokensLoader : ITextKitComponentLoader
{
    /// <inheritdoc />
    public string ComponentType => ReplaceRareTokensTransformer.Type;

    /// <inheritdoc />
    public int MaxVersion => ReplaceRareTokensTransformer.Version;

    /// <inheritdoc />
    public ITransformer Load(ArtifactReader reader, ComponentLoadContext context)
    {
        var options = reader.ReadJson<ReplaceRareTokensTransformer.SavedOptions>("options.json");
        if (string.IsNullOrEmpty(options.OutputColumnName) || string.IsNullOrEmpty(options.InputColumnName) || options.UnknownToken is null)
            throw reader.Invalid("options.json misses a column name or the unknown token.");
        var vocabulary = new Vocabulary(reader.ReadLines("vocabulary.txt"));
        return new ReplaceRareTokensTransformer(options.OutputColumnName, options.InputColumnName, options.UnknownToken, vocabulary);
    }
}
