using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.LanguageModels;
using TextKit.ML.DataView;
using TextKit.ML.Persistence;

namespace TextKit.ML.Trainers;

/// <summary>A fitted n-gram language model that adds log10 probability, perplexity and OOV rate per row.</summary>
public sealed class NgramLanguageModelTransformer : TextKitTransformer
{
    internal const string Type = "TextKit.NgramLanguageModel";

    // Artifact versions:
    //   1: options.json (column names) + model.tklm (TextKit binary LM format, version 1).
    internal const int Version = 1;

    internal sealed record Columns(string Input, string LogProbability, string Perplexity, string OovRate)
    {
        public void Validate()
        {
            ArgumentException.ThrowIfNullOrEmpty(Input, nameof(Input));
            ArgumentException.ThrowIfNullOrEmpty(LogProbability, nameof(LogProbability));
            ArgumentException.ThrowIfNullOrEmpty(Perplexity, nameof(Perplexity));
            ArgumentException.ThrowIfNullOrEmpty(OovRate, nameof(OovRate));
            if (new[] { LogProbability, Perplexity, OovRate }.Distinct(StringComparer.Ordinal).Count() != 3)
                throw new ArgumentException("The three output columns need distinct names.");
        }
    }

    internal NgramLanguageModelTransformer(Columns columns, NgramLanguageModel model)
    {
        ColumnNames = columns;
        Model = model;
    }

    internal Columns ColumnNames { get; }

    /// <summary>The language model (score sentences, generate, export ARPA).</summary>
    public NgramLanguageModel Model { get; }

    /// <summary>The token column read.</summary>
    public string InputColumnName => ColumnNames.Input;

    /// <inheritdoc />
    public override string ComponentType => Type;

    /// <inheritdoc />
    public override int ComponentVersion => Version;

    /// <inheritdoc />
    public override Type LoaderType => typeof(NgramLanguageModelLoader);

    internal static DataViewSchema.Column CheckInput(DataViewSchema schema, string inputColumnName)
        => SchemaChecks.RequireColumn(schema, inputColumnName, SchemaChecks.IsTextVector, "vector of Text (tokens)");

    internal static DataViewSchema OutputSchema(DataViewSchema input, Columns columns)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(input);
        builder.AddColumn(columns.LogProbability, NumberDataViewType.Single);
        builder.AddColumn(columns.Perplexity, NumberDataViewType.Single);
        builder.AddColumn(columns.OovRate, NumberDataViewType.Single);
        return builder.ToSchema();
    }

    /// <inheritdoc />
    protected override ColumnMapper Bind(DataViewSchema inputSchema)
        => new Mapper(inputSchema, CheckInput(inputSchema, ColumnNames.Input), this);

    /// <inheritdoc />
    public override void SaveArtifact(ArtifactWriter writer)
    {
        writer.WriteJson("options.json", new SavedOptions(ColumnNames.Input, ColumnNames.LogProbability, ColumnNames.Perplexity, ColumnNames.OovRate));
        writer.Write("model.tklm", Model.Save);
    }

    internal sealed record SavedOptions(string Input, string LogProbability, string Perplexity, string OovRate);

    private sealed class Mapper(DataViewSchema inputSchema, DataViewSchema.Column input, NgramLanguageModelTransformer parent) : ColumnMapper(inputSchema)
    {
        private readonly OutputColumn[] _outputs =
        [
            new(parent.ColumnNames.LogProbability, NumberDataViewType.Single),
            new(parent.ColumnNames.Perplexity, NumberDataViewType.Single),
            new(parent.ColumnNames.OovRate, NumberDataViewType.Single),
        ];

        public override IReadOnlyList<OutputColumn> OutputColumns => _outputs;

        public override IEnumerable<int> GetInputDependencies(int outputIndex) => [input.Index];

        public override Delegate?[] CreateGetters(DataViewRow row, Func<int, bool> isOutputActive)
        {
            var getters = new Delegate?[3];
            if (!Enumerable.Range(0, 3).Any(isOutputActive))
                return getters;
            var source = row.GetGetter<VBuffer<ReadOnlyMemory<char>>>(input);
            var tokens = default(VBuffer<ReadOnlyMemory<char>>);
            ReadOnlyMemory<char>[] dense = [];
            long cachedPosition = -1;
            SentenceScore score = default;
            var model = parent.Model;

            SentenceScore Current()
            {
                if (row.Position != cachedPosition)
                {
                    source(ref tokens);
                    if (tokens.IsDense)
                    {
                        score = model.Score(tokens.GetValues());
                    }
                    else
                    {
                        if (dense.Length < tokens.Length)
                            dense = new ReadOnlyMemory<char>[tokens.Length];
                        tokens.CopyTo(dense);
                        score = model.Score(dense.AsSpan(0, tokens.Length));
                    }
                    cachedPosition = row.Position;
                }
                return score;
            }

            if (isOutputActive(0))
                getters[0] = (ValueGetter<float>)((ref float value) => value = (float)Current().Log10Prob);
            if (isOutputActive(1))
                getters[1] = (ValueGetter<float>)((ref float value) => value = (float)Current().Perplexity);
            if (isOutputActive(2))
                getters[2] = (ValueGetter<float>)((ref float value) => value = (float)Current().OovRate);
            return getters;
        }
    }
}

/// <summary>Reads <see cref="NgramLanguageModelTransformer"/> artifacts.</summary>
public sealed class NgramLanguageModelLoader : ITextKitComponentLoader
{
    /// <inheritdoc />
    public string ComponentType => NgramLanguageModelTransformer.Type;

    /// <inheritdoc />
    public int MaxVersion => NgramLanguageModelTransformer.Version;

    /// <inheritdoc />
    public ITransformer Load(ArtifactReader reader, ComponentLoadContext context)
    {
        var o = reader.ReadJson<NgramLanguageModelTransformer.SavedOptions>("options.json");
        var columns = new NgramLanguageModelTransformer.Columns(o.Input, o.LogProbability, o.Perplexity, o.OovRate);
        try
        {
            columns.Validate();
        }
        catch (ArgumentException e)
        {
            throw reader.Invalid($"options.json: {e.Message}");
        }
        NgramLanguageModel model;
        using (var stream = reader.OpenRead("model.tklm"))
        {
            try
            {
                model = NgramLanguageModel.Load(stream);
            }
            catch (TextKitModelException e)
            {
                throw reader.Invalid($"model.tklm: {e.Message}");
            }
        }
        return new NgramLanguageModelTransformer(columns, model);
    }
}
