using System.Text;
using Microsoft.ML;
using TextKit.ML.DataView;
using TextKit.ML.Persistence;
using TextKit.Segmentation;
using TextKit.Tokenization;

namespace TextKit.ML.Transforms;

/// <summary>
/// Splits a text column into sentences: a vector of sentence texts (slices of the input) and, optionally, an Int32
/// offsets vector <c>[start0, end0, …]</c>. Made by <see cref="SplitSentencesEstimator"/> (shipped English model) or
/// <see cref="TrainSentenceSplitterEstimator"/> (a model learned in <c>Fit</c>); the learned model travels in the
/// TextKit model file.
/// </summary>
public sealed class SplitSentencesTransformer : TextKitTransformer
{
    internal const string Type = "TextKit.SplitSentences";

    // Artifact versions:
    //   1: options.json (columns, lineBreaks, builtinModel "english" or null) + model.txt (SegmenterModel text format)
    //      when the model is not the built-in one.
    internal const int Version = 1;

    internal const string BuiltinEnglish = "english";

    internal sealed record Settings(string OutputColumnName, string InputColumnName, string? OffsetsColumnName, LineBreakMode LineBreaks, string? BuiltinModel);

    private readonly Settings _settings;
    private readonly DocumentTokenizer _pipeline;

    internal SplitSentencesTransformer(Settings settings, SegmenterModel model)
    {
        _settings = settings;
        Model = model;
        _pipeline = new DocumentTokenizer(WordTokenizer.English, new SentenceSegmenter(new SentenceSegmenterOptions { Model = model, LineBreaks = settings.LineBreaks }));
    }

    /// <summary>The segmentation model (learned or built in).</summary>
    public SegmenterModel Model { get; }

    /// <summary>Output column name.</summary>
    public string OutputColumnName => _settings.OutputColumnName;

    /// <summary>Input column name.</summary>
    public string InputColumnName => _settings.InputColumnName;

    /// <inheritdoc />
    public override string ComponentType => Type;

    /// <inheritdoc />
    public override int ComponentVersion => Version;

    /// <inheritdoc />
    public override Type LoaderType => typeof(SplitSentencesLoader);

    /// <inheritdoc />
    protected override ColumnMapper Bind(DataViewSchema inputSchema)
    {
        var column = SchemaChecks.RequireColumn(inputSchema, _settings.InputColumnName, SchemaChecks.IsText, "Text");
        var pipeline = _pipeline;
        return new SpanColumnsMapper(inputSchema, column, _settings.OutputColumnName, _settings.OffsetsColumnName, () =>
        {
            var tokens = new TokenList();
            var sentences = new List<SentenceSpan>();
            return (text, spans) =>
            {
                pipeline.Process(text, tokens, sentences);
                foreach (var s in sentences)
                    spans.Add((s.Start, s.End));
            };
        });
    }

    /// <inheritdoc />
    public override void SaveArtifact(ArtifactWriter writer)
    {
        writer.WriteJson("options.json", _settings);
        if (_settings.BuiltinModel is null)
        {
            var sb = new StringWriter();
            Model.Save(sb);
            writer.WriteText("model.txt", sb.ToString());
        }
    }

    internal static Settings Check(Settings? s, ArtifactReader reader)
    {
        if (s is null || string.IsNullOrEmpty(s.OutputColumnName) || string.IsNullOrEmpty(s.InputColumnName) || s.OffsetsColumnName is "")
            throw reader.Invalid("options.json misses a column name.");
        if (!Enum.IsDefined(s.LineBreaks))
            throw reader.Invalid($"options.json has an unknown line-break mode {(int)s.LineBreaks}.");
        if (s.BuiltinModel is not (null or BuiltinEnglish))
            throw reader.Invalid($"options.json names an unknown built-in model '{s.BuiltinModel}'.");
        return s;
    }
}

/// <summary>Reads <see cref="SplitSentencesTransformer"/> artifacts.</summary>
public sealed class SplitSentencesLoader : ITextKitComponentLoader
{
    /// <inheritdoc />
    public string ComponentType => SplitSentencesTransformer.Type;

    /// <inheritdoc />
    public int MaxVersion => SplitSentencesTransformer.Version;

    /// <inheritdoc />
    public ITransformer Load(ArtifactReader reader, ComponentLoadContext context)
    {
        var settings = SplitSentencesTransformer.Check(reader.ReadJson<SplitSentencesTransformer.Settings>("options.json"), reader);
        SegmenterModel model;
        if (settings.BuiltinModel is not null)
        {
            model = SegmenterModel.English;
        }
        else
        {
            try
            {
                model = SegmenterModel.Load(new StringReader(reader.ReadText("model.txt")), context.Source + ":model.txt");
            }
            catch (TextKitFormatException e)
            {
                throw reader.Invalid("model.txt is not a valid segmenter model: " + e.Message);
            }
        }
        return new SplitSentencesTransformer(settings, model);
    }
}
