using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.ML.DataView;
using TextKit.Segmentation;

namespace TextKit.ML.Transforms;

/// <summary>
/// Splits a text column into sentences with the shipped English <see cref="SegmenterModel"/> (or a model you pass).
/// </summary>
/// <remarks>
/// <para>Estimator characteristics: does not train; input Text; outputs vector of Text (+ optional vector of Int32);
/// saved with <c>TextKitModel.Save</c> (options, plus the model unless it is the built-in one).</para>
/// <seealso cref="SegmentationCatalog.SplitSentences(TextKitTransforms, string, string?, string?)"/>
/// </remarks>
public sealed class SplitSentencesEstimator : TextKitEstimator<SplitSentencesTransformer>
{
    /// <summary>Options of <see cref="SplitSentencesEstimator"/>.</summary>
    public sealed class Options
    {
        /// <summary>Output column (vector of sentence texts).</summary>
        public string OutputColumnName { get; set; } = "";

        /// <summary>Input text column; null means the output column name.</summary>
        public string? InputColumnName { get; set; }

        /// <summary>When set, an Int32 vector column of [start, end) pairs of the sentences.</summary>
        public string? OffsetsColumnName { get; set; }

        /// <summary>How single line breaks are treated. Default <see cref="LineBreakMode.Auto"/>.</summary>
        public LineBreakMode LineBreaks { get; set; } = LineBreakMode.Auto;

        /// <summary>The model; null means the shipped English model.</summary>
        public SegmenterModel? Model { get; set; }
    }

    private readonly Options _options;

    internal SplitSentencesEstimator(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        SplitSentencesChecks.Columns(options.OutputColumnName, options.OffsetsColumnName);
        if (!Enum.IsDefined(options.LineBreaks))
            throw new ArgumentOutOfRangeException(nameof(options.LineBreaks), options.LineBreaks, "Unknown line-break mode.");
        _options = options;
    }

    /// <inheritdoc />
    public override SplitSentencesTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var transformer = Create();
        transformer.GetOutputSchema(input.Schema);
        return transformer;
    }

    /// <inheritdoc />
    protected override DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => Create().GetOutputSchema(inputSchema);

    private SplitSentencesTransformer Create() => new(
        new SplitSentencesTransformer.Settings(_options.OutputColumnName, _options.InputColumnName ?? _options.OutputColumnName,
            _options.OffsetsColumnName, _options.LineBreaks, _options.Model is null ? SplitSentencesTransformer.BuiltinEnglish : null),
        _options.Model ?? SegmenterModel.English);
}

/// <summary>
/// Learns a sentence segmenter in <c>Fit</c>: from gold sentences (a vector-of-text column holding each row's
/// sentences, in order, as they appear in the text: a supervised boundary classifier, <see cref="SegmenterTrainer"/>) or,
/// without gold, from the text alone (Punkt-style statistics, <see cref="PunktTrainer"/>).
/// </summary>
/// <remarks>
/// <para>Estimator characteristics: trains; inputs Text (+ optional vector of Text); outputs vector of Text (+ optional
/// vector of Int32); saved with <c>TextKitModel.Save</c> (stateful: the learned model is stored in the file).</para>
/// <seealso cref="SegmentationCatalog.TrainSentenceSplitter(TextKitTransforms, TrainSentenceSplitterEstimator.Options)"/>
/// </remarks>
public sealed class TrainSentenceSplitterEstimator : TextKitEstimator<SplitSentencesTransformer>
{
    /// <summary>Options of <see cref="TrainSentenceSplitterEstimator"/>.</summary>
    public sealed class Options
    {
        /// <summary>Output column (vector of sentence texts).</summary>
        public string OutputColumnName { get; set; } = "";

        /// <summary>Input text column; null means the output column name.</summary>
        public string? InputColumnName { get; set; }

        /// <summary>When set, an Int32 vector column of [start, end) pairs of the sentences.</summary>
        public string? OffsetsColumnName { get; set; }

        /// <summary>Gold sentences per row (vector of text); null trains unsupervised (Punkt) on the input text.</summary>
        public string? GoldSentencesColumnName { get; set; }

        /// <summary>How single line breaks are treated. Default <see cref="LineBreakMode.Auto"/>.</summary>
        public LineBreakMode LineBreaks { get; set; } = LineBreakMode.Auto;

        /// <summary>Perceptron epochs (supervised). Default 10.</summary>
        public int Epochs { get; set; } = 10;

        /// <summary>Seed of the training shuffle (supervised). Default 1.</summary>
        public int Seed { get; set; } = 1;
    }

    private readonly Options _options;

    internal TrainSentenceSplitterEstimator(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        SplitSentencesChecks.Columns(options.OutputColumnName, options.OffsetsColumnName);
        if (!Enum.IsDefined(options.LineBreaks))
            throw new ArgumentOutOfRangeException(nameof(options.LineBreaks), options.LineBreaks, "Unknown line-break mode.");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Epochs, 1, nameof(options.Epochs));
        _options = options;
    }

    private string InputColumnName => _options.InputColumnName ?? _options.OutputColumnName;

    /// <inheritdoc />
    public override SplitSentencesTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(input.Schema);
        var textColumn = input.Schema[InputColumnName];
        var goldColumn = _options.GoldSentencesColumnName is null ? (DataViewSchema.Column?)null : input.Schema[_options.GoldSentencesColumnName];
        var texts = new List<string>();
        var documents = new List<(string, IReadOnlyList<(int, int)>)>();
        using (var cursor = input.GetRowCursor(goldColumn is null ? [textColumn] : [textColumn, goldColumn.Value]))
        {
            var getText = cursor.GetGetter<ReadOnlyMemory<char>>(textColumn);
            var getGold = goldColumn is null ? null : cursor.GetGetter<VBuffer<ReadOnlyMemory<char>>>(goldColumn.Value);
            ReadOnlyMemory<char> text = default;
            VBuffer<ReadOnlyMemory<char>> gold = default;
            long row = 0;
            while (cursor.MoveNext())
            {
                row++;
                getText(ref text);
                var s = text.ToString();
                if (getGold is null)
                {
                    texts.Add(s);
                    continue;
                }
                getGold(ref gold);
                var spans = new List<(int, int)>();
                int from = 0;
                foreach (var sentence in gold.DenseValues())
                {
                    var target = sentence.ToString().Trim();
                    if (target.Length == 0)
                        continue;
                    int at = s.IndexOf(target, from, StringComparison.Ordinal);
                    if (at < 0)
                        throw new TextKitException("TK430", $"Row {row}: gold sentence '{Shorten(target)}' does not occur in the text after position {from}; gold sentences must be exact substrings of the text, in order.");
                    spans.Add((at, at + target.Length));
                    from = at + target.Length;
                }
                documents.Add((s, spans));
            }
        }
        var model = goldColumn is null
            ? PunktTrainer.Train(texts)
            : SegmenterTrainer.Train(documents, new SegmenterTrainerOptions { Epochs = _options.Epochs, Seed = _options.Seed, MinFeatureCount = 1, MinOrthographicCount = 1 });
        return new SplitSentencesTransformer(Settings(), model);
    }

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "...";

    /// <inheritdoc />
    protected override DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        if (_options.GoldSentencesColumnName is not null)
            SchemaChecks.RequireColumn(inputSchema, _options.GoldSentencesColumnName, SchemaChecks.IsTextVector, "vector of Text (gold sentences)");
        return new SplitSentencesTransformer(Settings(), SegmenterModel.Empty).GetOutputSchema(inputSchema);
    }

    private SplitSentencesTransformer.Settings Settings()
        => new(_options.OutputColumnName, InputColumnName, _options.OffsetsColumnName, _options.LineBreaks, null);
}

internal static class SplitSentencesChecks
{
    public static void Columns(string outputColumnName, string? offsetsColumnName)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName, "OutputColumnName");
        if (offsetsColumnName is not null)
        {
            ArgumentException.ThrowIfNullOrEmpty(offsetsColumnName, "OffsetsColumnName");
            if (offsetsColumnName == outputColumnName)
                throw new ArgumentException("The offsets column must differ from the output column.", "OffsetsColumnName");
        }
    }
}
