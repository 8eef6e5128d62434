using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.Corpora;
using TextKit.ML.DataView;
using TextKit.ML.Persistence;
using TextKit.Sequence;

namespace TextKit.ML.Trainers;

/// <summary>
/// Tags a token column with a <see cref="PerceptronNerModel"/>: output one tag per token (vector of text, in the
/// model's scheme). An empty token vector gives an empty tag vector. Produced by <see cref="NerPerceptronTrainer"/>.
/// </summary>
public sealed class NerTaggerTransformer : TextKitTransformer
{
    internal const string Type = "TextKit.NerPerceptron";

    // Artifact versions:
    //   1: options.json (columns) + model.bin (PerceptronNerModel.Save).
    internal const int Version = 1;

    internal NerTaggerTransformer(string outputColumnName, string tokensColumnName, PerceptronNerModel model)
    {
        OutputColumnName = outputColumnName;
        TokensColumnName = tokensColumnName;
        Model = model;
    }

    /// <summary>Output column (vector of text).</summary>
    public string OutputColumnName { get; }

    /// <summary>Token column (vector of text).</summary>
    public string TokensColumnName { get; }

    /// <summary>The trained model.</summary>
    public PerceptronNerModel Model { get; }

    /// <inheritdoc />
    public override string ComponentType => Type;

    /// <inheritdoc />
    public override int ComponentVersion => Version;

    /// <inheritdoc />
    public override Type LoaderType => typeof(NerTaggerLoader);

    /// <inheritdoc />
    protected override ColumnMapper Bind(DataViewSchema inputSchema)
    {
        var tokens = SchemaChecks.RequireColumn(inputSchema, TokensColumnName, SchemaChecks.IsTextVector, "vector of Text (tokens)");
        var model = Model;
        return new OneToOneColumnMapper<VBuffer<ReadOnlyMemory<char>>, VBuffer<ReadOnlyMemory<char>>>(
            inputSchema, tokens, new OutputColumn(OutputColumnName, TextVectors.TextVectorType), () =>
                (in VBuffer<ReadOnlyMemory<char>> source, ref VBuffer<ReadOnlyMemory<char>> destination) =>
                {
                    var words = source.DenseValues().Select(v => v.ToString()).ToArray();
                    var tags = model.Predict(words);
                    TextVectors.Write(ref destination, tags.Length, i => tags[i].AsMemory());
                });
    }

    /// <inheritdoc />
    public override void SaveArtifact(ArtifactWriter writer)
    {
        writer.WriteJson("options.json", new SavedOptions(OutputColumnName, TokensColumnName));
        writer.Write("model.bin", Model.Save);
    }

    internal sealed record SavedOptions(string OutputColumnName, string TokensColumnName);
}

/// <summary>Reads <see cref="NerTaggerTransformer"/> artifacts.</summary>
public sealed class NerTaggerLoader : ITextKitComponentLoader
{
    /// <inheritdoc />
    public string ComponentType => NerTaggerTransformer.Type;

    /// <inheritdoc />
    public int MaxVersion => NerTaggerTransformer.Version;

    /// <inheritdoc />
    public ITransformer Load(ArtifactReader reader, ComponentLoadContext context)
    {
        var saved = reader.ReadJson<NerTaggerTransformer.SavedOptions>("options.json");
        if (string.IsNullOrEmpty(saved.OutputColumnName) || string.IsNullOrEmpty(saved.TokensColumnName))
            throw reader.Invalid("options.json misses a column name.");
        using var stream = reader.OpenRead("model.bin");
        PerceptronNerModel model;
        try
        {
            model = PerceptronNerModel.Load(stream, context.Source + " (model.bin)");
        }
        catch (TextKitModelException e)
        {
            throw reader.Invalid(e.Message);
        }
        return new NerTaggerTransformer(saved.OutputColumnName, saved.TokensColumnName, model);
    }
}
