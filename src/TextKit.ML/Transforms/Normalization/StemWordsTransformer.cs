using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.ML.DataView;
using TextKit.ML.Persistence;
using TextKit.Stemming;

namespace TextKit.ML.Transforms;

/// <summary>
/// Replaces every token by its Porter or Porter2 stem (classic, or the Snowball 3 revision; exact Snowball behaviour,
/// see <see cref="Stemmer"/>), optionally lower-casing it first. Stateless; saved as its options.
/// </summary>
/// <remarks>
/// <para>Estimator characteristics: does not look at data; input vector of text (tokens) or text (one word); output
/// of the same shape; saved in one file with <c>TextKitModel.Save</c>.</para>
/// <seealso cref="NormalizationCatalog.StemWords(TextKitTransforms, string, string?, StemmerAlgorithm, bool)"/>
/// </remarks>
public sealed class StemWordsTransformer : TextKitTransformer
{
    internal const string Type = "TextKit.StemWords";

    // Artifact versions:
    //   1: options.json (columns, algorithm, lowerCase).
    internal const int Version = 1;

    internal StemWordsTransformer(StemWordsEstimator.Options options)
    {
        OutputColumnName = options.OutputColumnName;
        InputColumnName = options.InputColumnName ?? options.OutputColumnName;
        Algorithm = options.Algorithm;
        LowerCase = options.LowerCase;
    }

    /// <summary>Output column name.</summary>
    public string OutputColumnName { get; }

    /// <summary>Input column name.</summary>
    public string InputColumnName { get; }

    /// <summary>The stemming algorithm.</summary>
    public StemmerAlgorithm Algorithm { get; }

    /// <summary>Whether tokens are lower-cased (invariant culture) before stemming.</summary>
    public bool LowerCase { get; }

    /// <inheritdoc />
    public override string ComponentType => Type;

    /// <inheritdoc />
    public override int ComponentVersion => Version;

    /// <inheritdoc />
    public override Type LoaderType => typeof(StemWordsLoader);

    internal static DataViewSchema.Column CheckInput(DataViewSchema schema, string inputColumnName)
        => SchemaChecks.RequireColumn(schema, inputColumnName, SchemaChecks.IsTextOrTextVector, "Text or vector of Text (tokens)");

    /// <inheritdoc />
    protected override ColumnMapper Bind(DataViewSchema inputSchema)
    {
        var column = CheckInput(inputSchema, InputColumnName);
        var stemmer = Stemmer.Get(Algorithm);
        bool lower = LowerCase;
        if (column.Type is TextDataViewType)
        {
            return new OneToOneColumnMapper<ReadOnlyMemory<char>, ReadOnlyMemory<char>>(
                inputSchema, column, new OutputColumn(OutputColumnName, TextDataViewType.Instance),
                () => (in ReadOnlyMemory<char> word, ref ReadOnlyMemory<char> stem) =>
                {
                    var stems = new char[word.Length];
                    stem = StemInto(stemmer, word, lower, stems, 0, out _);
                });
        }
        return new TokenColumnsMapper(inputSchema, column, null, null, [OutputColumnName], () => _ =>
            (long _, ReadOnlySpan<ReadOnlyMemory<char>> tokens, ReadOnlySpan<ReadOnlyMemory<char>> _, ReadOnlySpan<ReadOnlyMemory<char>> _, ref VBuffer<ReadOnlyMemory<char>> output) =>
            {
                // One buffer per row holds the stems that are not a prefix of their token (the others are slices of
                // the input), so a row costs at most one allocation.
                int total = 0;
                foreach (var t in tokens)
                    total += t.Length;
                var stems = new char[total];
                int used = 0;
                var editor = VBufferEditor.Create(ref output, tokens.Length);
                for (int i = 0; i < tokens.Length; i++)
                {
                    editor.Values[i] = StemInto(stemmer, tokens[i], lower, stems, used, out int written);
                    used += written;
                }
                output = editor.Commit();
            });
    }

    /// <summary>
    /// Stems <paramref name="word"/> into <paramref name="buffer"/> at <paramref name="offset"/>; returns a slice of the
    /// word itself when the stem is a prefix of it (<paramref name="written"/> = 0), else of the buffer.
    /// </summary>
    private static ReadOnlyMemory<char> StemInto(Stemmer stemmer, ReadOnlyMemory<char> word, bool lower, char[] buffer, int offset, out int written)
    {
        var destination = buffer.AsSpan(offset, word.Length);
        var source = word.Span;
        if (lower)
        {
            source.ToLowerInvariant(destination);
            source = destination;
        }
        int n = stemmer.Stem(source, destination);
        if (destination[..n].SequenceEqual(word.Span[..Math.Min(n, word.Length)]))
        {
            written = 0;
            return word[..n];
        }
        written = n;
        return buffer.AsMemory(offset, n);
    }

    /// <inheritdoc />
    public override void SaveArtifact(ArtifactWriter writer)
        => writer.WriteJson("options.json", new SavedOptions(OutputColumnName, InputColumnName, Algorithm.ToString(), LowerCase));

    internal sealed record SavedOptions(string OutputColumnName, string InputColumnName, string Algorithm, bool LowerCase);
}

/// <summary>Reads <see cref="StemWordsTransformer"/> artifacts.</summary>
public sealed class StemWordsLoader : ITextKitComponentLoader
{
    /// <inheritdoc />
    public string ComponentType => StemWordsTransformer.Type;

    /// <inheritdoc />
    public int MaxVersion => StemWordsTransformer.Version;

    /// <inheritdoc />
    public ITransformer Load(ArtifactReader reader, ComponentLoadContext context)
    {
        var saved = reader.ReadJson<StemWordsTransformer.SavedOptions>("options.json");
        if (string.IsNullOrEmpty(saved.OutputColumnName) || string.IsNullOrEmpty(saved.InputColumnName))
            throw reader.Invalid("options.json misses a column name.");
        if (!Enum.TryParse<StemmerAlgorithm>(saved.Algorithm, out var algorithm) || !Enum.IsDefined(algorithm))
            throw reader.Invalid($"options.json names an unknown stemming algorithm '{saved.Algorithm}'.");
        return new StemWordsTransformer(new StemWordsEstimator.Options
        {
            OutputColumnName = saved.OutputColumnName,
            InputColumnName = saved.InputColumnName,
            Algorithm = algorithm,
            LowerCase = saved.LowerCase,
        });
    }
}
