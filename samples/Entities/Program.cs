// Named entities (PER, LOC, ORG) with TextKit's shipped transformer (models/ner-btc.zip: TextKit's BERT fine-tuned on
// the Broad Twitter Corpus). Text is split into words with TextKit's tokenizer, tagged through a PredictionEngine, and
// the IOB2 tags are decoded into spans.
//
//   dotnet run --project samples/Entities -- "Angela Merkel visited Paris with Emmanuel Macron."   # stdin when no args
using Microsoft.ML;
using TextKit.ML;
using TextKit.Samples;
using TextKit.Corpora;

var ml = new MLContext(seed: 1);
var model = ml.TextKit().Model.Load(RepositoryModels.Find("ner-btc.zip"), out _);
var engine = ml.Model.CreatePredictionEngine<Sentence, Tagged>(model);
var texts = args.Length > 0 ? args : ReadLines(Console.In).ToArray();
foreach (var text in texts.Where(t => !string.IsNullOrWhiteSpace(t)))
{
    foreach (var (_, words) in SampleWords.Sentences(text))
    {
        var tags = engine.Predict(new Sentence { Tokens = words }).PredictedTags;
        var spans = EntityTags.ToSpans(tags, TagScheme.Iob2);
        Console.WriteLine(string.Join(' ', words));
        foreach (var span in spans)
            Console.WriteLine($"  {span.Type,-4} {string.Join(' ', words.Skip(span.Start).Take(span.End - span.Start))}");
    }
}
return 0;

static IEnumerable<string> ReadLines(TextReader reader)
{
    while (reader.ReadLine() is { } line)
        yield return line;
}

internal sealed class Sentence
{
    public string[] Tokens { get; set; } = [];
}

internal sealed class Tagged
{
    public string[] PredictedTags { get; set; } = [];
}
