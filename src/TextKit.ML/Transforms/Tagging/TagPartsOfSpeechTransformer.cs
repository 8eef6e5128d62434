using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.Hmm;
using TextKit.ML.DataView;
using TextKit.ML.Persistence;
using TextKit.Tagging;

namespace TextKit.ML.Transforms;

/// <summary>
/// Tags a token column with a part-of-speech tagger (<see cref="PerceptronTagger"/> or <see cref="TrigramHmmTagger"/>):
/// one output column per predicted layer (UPOS, XPOS, FEATS), each a vector of text aligned with the tokens.
/// Produced by <c>TagPartsOfSpeech</c> (the shipped English model or a given one) and by the <c>PerceptronTagger</c>
/// and <c>HmmTagger</c> trainers.
/// </summary>
/// <remarks>
/// <para>Estimator characteristics: input vector of text (tokens of one sentence); outputs vectors of text; saved in
/// one file with <c>TextKitModel.Save</c> (the shipped model by reference, a trained one in full).</para>
/// </remarks>
public sealed class TagPartsOfSpeechTransformer : TextKitTransformer
{
    internal const string Type = "TextKit.TagPartsOfSpeech";

    // Artifact versions:
    //   1: options.json (columns, model reference) [+ tagger.tkpos or tagger.tkhmm for a trained model].
    internal const int Version = 1;

    internal const string BuiltInEnglish = "builtin:en-ewt";

    internal TagPartsOfSpeechTransformer(string tokensColumnName, string? uposColumnName, string? xposColumnName, string? featsColumnName, IPosTagger tagger)
    {
        TokensColumnName = tokensColumnName;
        Tagger = tagger;
        // Only the layers the model predicts get a column.
        UposColumnName = (tagger.Layers & TagLayers.Upos) != 0 ? uposColumnName : null;
        XposColumnName = (tagger.Layers & TagLayers.Xpos) != 0 ? xposColumnName : null;
        FeatsColumnName = (tagger.Layers & TagLayers.Feats) != 0 ? featsColumnName : null;
        if (UposColumnName is null && XposColumnName is null && FeatsColumnName is null)
            throw new ArgumentException($"The tagger predicts {tagger.Layers}, but no output column is named for any of these layers.");
    }

    /// <summary>Token column name (vector of text).</summary>
    public string TokensColumnName { get; }

    /// <summary>UPOS output column, or null (not requested or not predicted by the model).</summary>
    public string? UposColumnName { get; }

    /// <summary>XPOS output column, or null.</summary>
    public string? XposColumnName { get; }

    /// <summary>FEATS output column, or null.</summary>
    public string? FeatsColumnName { get; }

    /// <summary>The tagger.</summary>
    public IPosTagger Tagger { get; }

    /// <inheritdoc />
    public override string ComponentType => Type;

    /// <inheritdoc />
    public override int ComponentVersion => Version;

    /// <inheritdoc />
    public override Type LoaderType => typeof(TagPartsOfSpeechLoader);

    internal IReadOnlyList<(string Name, TagLayers Layer)> Outputs
    {
        get
        {
            var outputs = new List<(string, TagLayers)>();
            if (UposColumnName is not null) outputs.Add((UposColumnName, TagLayers.Upos));
            if (XposColumnName is not null) outputs.Add((XposColumnName, TagLayers.Xpos));
            if (FeatsColumnName is not null) outputs.Add((FeatsColumnName, TagLayers.Feats));
            return outputs;
        }
    }

    internal static DataViewSchema.Column CheckInput(DataViewSchema schema, string tokens)
        => SchemaChecks.RequireColumn(schema, tokens, SchemaChecks.IsTextVector, "vector of Text (the tokens of one sentence)");

    /// <inheritdoc />
    protected override ColumnMapper Bind(DataViewSchema inputSchema)
        => new TaggerColumnsMapper(inputSchema, CheckInput(inputSchema, TokensColumnName), Outputs, Tagger);

    /// <inheritdoc />
    public override void SaveArtifact(ArtifactWriter writer)
    {
        string model;
        int? beamWidth = null;
        double? beamTemperature = null;
        switch (Tagger)
        {
            case PerceptronTagger p when ReferenceEquals(p, PerceptronTagger.LoadDefault()):
                model = BuiltInEnglish;
                break;
            case PerceptronTagger p when ReferenceEquals(p.TagWeights, PerceptronTagger.LoadDefault().TagWeights):
                // The shipped model with another beam (WithBeam): stored by reference too, with its beam.
                model = BuiltInEnglish;
                (beamWidth, beamTemperature) = (p.BeamWidth, p.BeamTemperature);
                break;
            case PerceptronTagger p:
                model = "tagger.tkpos";
                writer.Write(model, p.Save);
                break;
            case TrigramHmmTagger h:
                model = "tagger.tkhmm";
                writer.Write(model, h.Save);
                break;
            default:
                throw new TextKitModelException("TK645", $"Cannot save a TagPartsOfSpeech transformer with a {Tagger.GetType().Name}: only PerceptronTagger and TrigramHmmTagger models are stored.");
        }
        writer.WriteJson("options.json", new SavedOptions(TokensColumnName, UposColumnName, XposColumnName, FeatsColumnName, model, beamWidth, beamTemperature));
    }

    /// <summary>What options.json holds; the beam fields only for the shipped model decoded with another beam.</summary>
    internal sealed record SavedOptions(string TokensColumnName, string? UposColumnName, string? XposColumnName, string? FeatsColumnName, string Model,
        int? BeamWidth = null, double? BeamTemperature = null);
}

/// <summary>Reads <see cref="TagPartsOfSpeechTransformer"/> artifacts.</summary>
public sealed class TagPartsOfSpeechLoader : ITextKitComponentLoader
{
    /// <inheritdoc />
    public string ComponentType => TagPartsOfSpeechTransformer.Type;

    /// <inheritdoc />
    public int MaxVersion => TagPartsOfSpeechTransformer.Version;

    /// <inheritdoc />
    public ITransformer Load(ArtifactReader reader, ComponentLoadContext context)
    {
        var saved = reader.ReadJson<TagPartsOfSpeechTransformer.SavedOptions>("options.json");
        if (string.IsNullOrEmpty(saved.TokensColumnName))
            throw reader.Invalid("options.json misses the tokens column name.");
        IPosTagger tagger;
        switch (saved.Model)
        {
            case TagPartsOfSpeechTransformer.BuiltInEnglish:
                tagger = PerceptronTagger.LoadDefault();
                if (saved.BeamWidth is { } width)
                {
                    double temperature = saved.BeamTemperature ?? PerceptronTagger.DefaultBeamTemperature;
                    if (!PerceptronTagger.IsValidBeam(width, temperature))
                        throw reader.Invalid($"options.json has beam width {width} / temperature {temperature.ToString(System.Globalization.CultureInfo.InvariantCulture)} (width 1..{PerceptronTagger.MaxBeamWidth}, temperature above 0).");
                    tagger = ((PerceptronTagger)tagger).WithBeam(width, temperature);
                }
                break;
            case "tagger.tkpos":
            {
                using var stream = reader.OpenRead(saved.Model);
                tagger = PerceptronTagger.Load(stream, saved.Model);
                break;
            }
            case "tagger.tkhmm":
            {
                using var stream = reader.OpenRead(saved.Model);
                tagger = TrigramHmmTagger.Load(stream, saved.Model);
                break;
            }
            default:
                throw reader.Invalid($"options.json names an unknown tagger model '{saved.Model}'.");
        }
        return new TagPartsOfSpeechTransformer(saved.TokensColumnName, saved.UposColumnName, saved.XposColumnName, saved.FeatsColumnName, tagger);
    }
}
