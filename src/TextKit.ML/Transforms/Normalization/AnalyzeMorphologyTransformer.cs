using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.ML.DataView;
using TextKit.ML.Persistence;
using TextKit.Morphology;

namespace TextKit.ML.Transforms;

/// <summary>
/// Morphological analysis of a token column (see <see cref="MorphologicalAnalyzer"/>): for every token the most
/// probable analysis that agrees with the given UPOS/XPOS tags (when those columns are set), written as UD features
/// (<c>Number=Plur|...</c> or <c>_</c>) and optionally as UPOS, XPOS and lemma columns.
/// </summary>
/// <remarks>
/// <para>Estimator characteristics: does not look at data; inputs vectors of text; outputs vectors of text; saved in
/// one file with <c>TextKitModel.Save</c>.</para>
/// <seealso cref="NormalizationCatalog.AnalyzeMorphology(TextKitTransforms, string, string, string?, string?)"/>
/// </remarks>
public sealed class AnalyzeMorphologyTransformer : TextKitTransformer
{
    internal const string Type = "TextKit.AnalyzeMorphology";

    // Artifact versions:
    //   1: options.json (columns, model reference) [+ morphology.tkm for a trained model].
    internal const int Version = 1;

    private readonly AnalyzeMorphologyEstimator.Options _options;

    internal AnalyzeMorphologyTransformer(AnalyzeMorphologyEstimator.Options options, MorphologyModel model)
    {
        _options = options;
        Analyzer = new MorphologicalAnalyzer(model);
    }

    /// <summary>The analyzer (and its model).</summary>
    public MorphologicalAnalyzer Analyzer { get; }

    /// <summary>The output columns, in order: features, then UPOS, XPOS and lemma when requested.</summary>
    public IReadOnlyList<string> OutputColumnNames => Outputs(_options).Select(o => o.Name).ToArray();

    /// <inheritdoc />
    public override string ComponentType => Type;

    /// <inheritdoc />
    public override int ComponentVersion => Version;

    /// <inheritdoc />
    public override Type LoaderType => typeof(AnalyzeMorphologyLoader);

    internal static IReadOnlyList<(string Name, Func<MorphAnalysis, string> Field)> Outputs(AnalyzeMorphologyEstimator.Options o)
    {
        var outputs = new List<(string, Func<MorphAnalysis, string>)> { (o.OutputColumnName, a => a.Feats) };
        if (o.OutputUposColumnName is { } upos)
            outputs.Add((upos, a => a.Upos));
        if (o.OutputXposColumnName is { } xpos)
            outputs.Add((xpos, a => a.Xpos));
        if (o.OutputLemmaColumnName is { } lemma)
            outputs.Add((lemma, a => a.Lemma));
        return outputs;
    }

    /// <inheritdoc />
    protected override ColumnMapper Bind(DataViewSchema inputSchema)
    {
        var (tokens, upos, xpos) = LemmatizeWordsTransformer.CheckInput(inputSchema, _options.TokensColumnName, _options.UposColumnName, _options.XposColumnName);
        var outputs = Outputs(_options);
        var analyzer = Analyzer;
        return new TokenColumnsMapper(inputSchema, tokens, upos, xpos, outputs.Select(o => o.Name).ToArray(), () =>
        {
            // The best analysis of every word of the current row, shared by this cursor's output columns: a row whose
            // FEATS, UPOS, XPOS and lemma columns are all read is analysed once, not four times.
            MorphAnalysis?[] analyses = [];
            long analysed = -1;
            return index =>
            {
                var field = outputs[index].Field;
                return (long row, ReadOnlySpan<ReadOnlyMemory<char>> words, ReadOnlySpan<ReadOnlyMemory<char>> u, ReadOnlySpan<ReadOnlyMemory<char>> x, ref VBuffer<ReadOnlyMemory<char>> output) =>
                {
                    if (row != analysed)
                    {
                        analysed = -1; // nothing stale is served if Best throws
                        if (analyses.Length < words.Length)
                            analyses = new MorphAnalysis?[Math.Max(words.Length, analyses.Length * 2)];
                        for (int i = 0; i < words.Length; i++)
                            analyses[i] = analyzer.Best(words[i].Span, u.IsEmpty ? default : u[i].Span, x.IsEmpty ? default : x[i].Span);
                        analysed = row;
                    }
                    var editor = VBufferEditor.Create(ref output, words.Length);
                    for (int i = 0; i < words.Length; i++)
                        editor.Values[i] = (analyses[i] is { } a ? field(a) : "_").AsMemory();
                    output = editor.Commit();
                };
            };
        });
    }

    /// <inheritdoc />
    public override void SaveArtifact(ArtifactWriter writer)
    {
        var model = MorphologyArtifact.Write(writer, Analyzer.Model);
        writer.WriteJson("options.json", new SavedOptions(_options.OutputColumnName, _options.TokensColumnName, _options.UposColumnName, _options.XposColumnName,
            _options.OutputUposColumnName, _options.OutputXposColumnName, _options.OutputLemmaColumnName, model));
    }

    internal sealed record SavedOptions(string OutputColumnName, string TokensColumnName, string? UposColumnName, string? XposColumnName,
        string? OutputUposColumnName, string? OutputXposColumnName, string? OutputLemmaColumnName, string Model);
}

/// <summary>Reads <see cref="AnalyzeMorphologyTransformer"/> artifacts.</summary>
public sealed class AnalyzeMorphologyLoader : ITextKitComponentLoader
{
    /// <inheritdoc />
    public string ComponentType => AnalyzeMorphologyTransformer.Type;

    /// <inheritdoc />
    public int MaxVersion => AnalyzeMorphologyTransformer.Version;

    /// <inheritdoc />
    public ITransformer Load(ArtifactReader reader, ComponentLoadContext context)
    {
        var s = reader.ReadJson<AnalyzeMorphologyTransformer.SavedOptions>("options.json");
        if (string.IsNullOrEmpty(s.OutputColumnName) || string.IsNullOrEmpty(s.TokensColumnName))
            throw reader.Invalid("options.json misses a column name.");
        var model = MorphologyArtifact.Read(reader, s.Model);
        return new AnalyzeMorphologyTransformer(new AnalyzeMorphologyEstimator.Options
        {
            OutputColumnName = s.OutputColumnName,
            TokensColumnName = s.TokensColumnName,
            UposColumnName = s.UposColumnName,
            XposColumnName = s.XposColumnName,
            OutputUposColumnName = s.OutputUposColumnName,
            OutputXposColumnName = s.OutputXposColumnName,
            OutputLemmaColumnName = s.OutputLemmaColumnName,
        }, model);
    }
}
