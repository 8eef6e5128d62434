// Sentence embeddings with TextKit's own BERT (models/textkit-bert-mini) as an ML.NET transform, and cosine
// similarity between them. The vectors can feed any ML.NET trainer (see docs/neural.md, ApplyTransformerEmbedding).
//
//   dotnet run --project samples/Embeddings -- "first sentence" "second sentence" ...   # default: a few examples
using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.ML;
using TextKit.Neural.ML;
using TextKit.Samples;

string[] texts = args.Length >= 2 ? args :
[
    "The hotel room was clean and quiet.",
    "Our room was spotless and peaceful.",
    "The soup was cold and far too salty.",
    "Stock markets fell sharply on Monday.",
];
var ml = new MLContext(seed: 1);
var data = ml.Data.LoadFromEnumerable(texts.Select(t => new Row { Text = t }));
var embed = ml.TextKit().Transforms.ApplyTransformerEmbedding("Embedding", "Text", RepositoryModels.Find("textkit-bert-mini"), EmbeddingPooling.Mean);
var vectors = embed.Fit(data).Transform(data).GetColumn<float[]>("Embedding").ToArray();
Console.WriteLine($"{vectors.Length} sentences → {vectors[0].Length}-dimensional mean-pooled vectors. Cosine similarity:");
Console.WriteLine("      " + string.Join("", Enumerable.Range(1, texts.Length).Select(i => $"{i,7}")));
for (int i = 0; i < texts.Length; i++)
    Console.WriteLine($"{i + 1,4}  " + string.Join("", vectors.Select(v => $"{Cosine(vectors[i], v),7:0.000}")) + $"   {texts[i]}");
return 0;

static double Cosine(float[] a, float[] b)
{
    double dot = 0, na = 0, nb = 0;
    for (int i = 0; i < a.Length; i++)
    {
        dot += a[i] * b[i];
        na += a[i] * a[i];
        nb += b[i] * b[i];
    }
    return dot / Math.Sqrt(na * nb);
}

internal sealed class Row
{
    public string Text { get; set; } = "";
}
