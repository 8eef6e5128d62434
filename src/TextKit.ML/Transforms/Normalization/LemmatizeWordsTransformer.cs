using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.Lemmatization;
using TextKit.ML.DataView;
using TextKit.ML.Persistence;
using TextKit.Morphology;

namespace TextKit.ML.Transforms;

/// <summary>
/// Lemmatizes a token column, optionally guided by aligned UPOS and XPOS tag columns (see <see cref="Lemmatizer"/>).
/// Produced by <c>LemmatizeWords</c> (the shipped English model, or a given one) and by the <c>Lemmatizer</c> trainer.
/// </summary>
/// <remarks>
/// <para>Estimator characteristics: input vectors of text (tokens; tags one per token); output vector of text; saved in
/// one file with <c>TextKitModel.Save</c> (the shipped model by reference, a trained one in full).</para>
/// </remarks>
public sealed class LemmatizeWordsTransformer : TextKitTransformer
{
    internal const string Type = "TextKit.LemmatizeWords";

    // Artifact versions:
    //   1: options.json (columns, model reference) [+ morphology.tkm for a trained model].
    internal const int Version = 1;

    internal LemmatizeWordsTransformer(string outputColumnName, string tokensColumnName, string? uposColumnName, string? xposColumnName, MorphologyModel model)
    {
        OutputColumnName = outputColumnName;
        TokensColumnName = tokensColumnName;
        UposColumnName = uposColumnName;
        XposColumnName = xposColumnName;
        Lemmatizer = new Lemmatizer(model);
    }

    /// <summary>Output column name (vector of text: one lemma per token).</summary>
    public string OutputColumnName { get; }

    /// <summary>Token column name.</summary>
    public string TokensColumnName { get; }

    /// <summary>UPOS column name, or null (tags unknown: each word's most likely reading).</summary>
    public string? UposColumnName { get; }

    /// <summary>XPOS column name, or null.</summary>
    public string? XposColumnName { get; }

    /// <summary>The lemmatizer (and its model).</summary>
    public Lemmatizer Lemmatizer { get; }

    /// <inheritdoc />
    public override string ComponentType => Type;

    /// <inheritdoc />
    public override int ComponentVersion => Version;

    /// <inheritdoc />
    public override Type LoaderType => typeof(LemmatizeWordsLoader);

    internal static (DataViewSchema.Column Tokens, DataViewSchema.Column? Upos, DataViewSchema.Column? Xpos) CheckInput(
        DataViewSchema schema, string tokens, string? upos, string? xpos)
    {
        var t = SchemaChecks.RequireColumn(schema, tokens, SchemaChecks.IsTextVector, "vector of Text (tokens)");
        var u = upos is null ? (DataViewSchema.Column?)null : SchemaChecks.RequireColumn(schema, upos, SchemaChecks.IsTextVector, "vector of Text (UPOS tags, one per token)");
        var x = xpos is null ? (DataViewSchema.Column?)null : SchemaChecks.RequireColumn(schema, xpos, SchemaChecks.IsTextVector, "vector of Text (XPOS tags, one per token)");
        return (t, u, x);
    }

    /// <inheritdoc />
    protected override ColumnMapper Bind(DataViewSchema inputSchema)
    {
        var (tokens, upos, xpos) = CheckInput(inputSchema, TokensColumnName, UposColumnName, XposColumnName);
        var lemmatizer = Lemmatizer;
        return new TokenColumnsMapper(inputSchema, tokens, upos, xpos, [OutputColumnName], () => _ =>
        {
            // One row's lemmas, reused across the rows of this cursor (a getter is never called concurrently).
            string[] lemmas = [];
            return (long _, ReadOnlySpan<ReadOnlyMemory<char>> words, ReadOnlySpan<ReadOnlyMemory<char>> u, ReadOnlySpan<ReadOnlyMemory<char>> x, ref VBuffer<ReadOnlyMemory<char>> output) =>
            {
                if (lemmas.Length < words.Length)
                    lemmas = new string[Math.Max(words.Length, lemmas.Length * 2)];
                // The whole row at once: the next tokens' table lookups are started while one is lemmatized.
                lemmatizer.LemmatizeSentence(words, u, x, lemmas);
                var editor = VBufferEditor.Create(ref output, words.Length);
                for (int i = 0; i < words.Length; i++)
                    editor.Values[i] = lemmas[i].AsMemory();
                output = editor.Commit();
            };
        });
    }

    /// <inheritdoc />
    public override void SaveArtifact(ArtifactWriter writer)
    {
        var model = MorphologyArtifact.Write(writer, Lemmatizer.Model);
        writer.WriteJson("options.json", new SavedOptions(OutputColumnName, TokensColumnName, UposColumnName, XposColumnName, model));
    }

    internal sealed record SavedOptions(string OutputColumnName, string TokensColumnName, string? UposColumnName, string? XposColumnName, string Model);
}

/// <summary>Reads <see cref="LemmatizeWordsTransformer"/> artifacts.</summary>
public sealed class LemmatizeWordsLoader : ITextKitComponentLoader
{
    /// <inheritdoc />
    public string ComponentType => LemmatizeWordsTransformer.Type;

    /// <inheritdoc />
    public int MaxVersion => LemmatizeWordsTransformer.Version;

    /// <inheritdoc />
    public ITransformer Load(ArtifactReader reader, ComponentLoadContext context)
    {
        var saved = reader.ReadJson<LemmatizeWordsTransformer.SavedOptions>("options.json");
        if (string.IsNullOrEmpty(saved.OutputColumnName) || string.IsNullOrEmpty(saved.TokensColumnName))
            throw reader.Invalid("options.json misses a column name.");
        var model = MorphologyArtifact.Read(reader, saved.Model);
        return new LemmatizeWordsTransformer(saved.OutputColumnName, saved.TokensColumnName, saved.UposColumnName, saved.XposColumnName, model);
    }
}
