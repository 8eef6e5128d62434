using TextKit.Samples;
using Microsoft.ML;
using Microsoft.ML.Data;
using Quickstart.Report;
using TextKit.Corpora;
using TextKit.ML;

namespace Quickstart.Sections;

/// <summary>
/// Quickstart: the shipped transformer models — TextKit's own small BERT fine-tuned for sentiment (SST-2) and for
/// named entities (BTC: PER/LOC/ORG) — loaded as ML.NET models and run through <c>PredictionEngine</c>s.
/// </summary>
internal static class TransformerSection
{
    // Short reviews from several domains (films, products, restaurants, hotels), not SST-2 sentences.
    private static readonly string[] s_reviews =
    [
        "A beautifully acted film with a story that stays with you.",
        "The plot was a mess and the jokes fell flat.",
        "Battery life is excellent and the screen is gorgeous.",
        "It stopped working after two days and support never answered.",
        "The pasta was fresh, the staff were lovely, and the prices fair.",
        "Cold food, rude waiter, and we waited an hour.",
        "The room was spotless and the view over the bay was stunning.",
        "Noisy, dirty and overpriced; I would not stay here again.",
    ];

    private static readonly string[] s_entitySentences =
    [
        "Barack Obama met Angela Merkel in Berlin on Tuesday.",
        "Microsoft and the BBC opened new offices in Manchester.",
        "Taylor Swift played Wembley Stadium with her band last night.",
    ];

    private sealed class SentimentInput
    {
        public string Text { get; set; } = "";

        public string Label { get; set; } = "";
    }

    private sealed class SentimentOutput
    {
        public float[] Score { get; set; } = [];
    }

    private sealed class EntityInput
    {
        public string[] Tokens { get; set; } = [];
    }

    private sealed class EntityOutput
    {
        public string[] PredictedTags { get; set; } = [];
    }

    public static void Run(MLContext ml, IReadOnlyList<string> sampleSentences, QuickstartReport report)
    {
        Console.WriteLine("-- Transformers: TextKit's own BERT (models/textkit-bert-mini), fine-tuned heads through PredictionEngine --");

        // Sentiment: an ML.NET model file (label keys + fine-tuned BERT classifier), loaded like any TextKit pipeline.
        var sentimentPath = RepositoryModels.Find("sentiment-sst2.zip");
        var sentiment = ml.TextKit().Model.Load(sentimentPath, out var sentimentSchema);
        var engine = ml.Model.CreatePredictionEngine<SentimentInput, SentimentOutput>(sentiment, sentimentSchema);
        // Score[i] belongs to the i-th label key; SST-2 labels are "0" (negative) and "1" (positive).
        int positive = LabelIndex(ml, sentiment, sentimentSchema, "1");
        foreach (var text in s_reviews)
        {
            var p = engine.Predict(new SentimentInput { Text = text }).Score[positive];
            var label = p >= 0.5f ? "positive" : "negative";
            report.Sentiments.Add(new QuickstartReport.SentimentRow(text, label, p));
            Console.WriteLine($"  {label,-8} {p,6:0.000}  {text}");
        }

        // NER: a token-classification model over word tokens (TextKit's word tokenizer splits the sentences).
        var nerPath = RepositoryModels.Find("ner-btc.zip");
        var ner = ml.TextKit().Model.Load(nerPath, out _);
        var nerEngine = ml.Model.CreatePredictionEngine<EntityInput, EntityOutput>(ner); // the gold Tags column of training is not needed to predict
        Console.WriteLine();
        foreach (var sentence in s_entitySentences.Concat(sampleSentences))
        {
            var tokens = SampleWords.Words(sentence);
            if (tokens.Length == 0)
                continue;
            var tags = nerEngine.Predict(new EntityInput { Tokens = tokens }).PredictedTags;
            report.Entities.Add(new QuickstartReport.EntitySentence(tokens, tags));
            var entities = EntityTags.ToSpans(tags, TagScheme.Iob2).Select(e => $"{string.Join(' ', tokens[e.Start..e.End])} [{e.Type}]").ToList();
            Console.WriteLine($"  {(entities.Count == 0 ? "(none)" : string.Join(", ", entities)),-45} {sentence}");
        }
    }

    /// <summary>The position of <paramref name="label"/> among the model's predicted-label keys (= its Score slot).</summary>
    private static int LabelIndex(MLContext ml, ITransformer model, DataViewSchema inputSchema, string label)
    {
        var empty = ml.Data.LoadFromEnumerable(Array.Empty<SentimentInput>(), inputSchema);
        var keys = default(VBuffer<ReadOnlyMemory<char>>);
        model.GetOutputSchema(empty.Schema)["PredictedLabel"].GetKeyValues(ref keys);
        var values = keys.DenseValues().Select(v => v.ToString()).ToList();
        int index = values.IndexOf(label);
        return index >= 0 ? index : throw new InvalidOperationException($"the sentiment model has no label '{label}' (labels: {string.Join(", ", values)}).");
    }
}
