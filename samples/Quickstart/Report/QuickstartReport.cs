using System.Globalization;
using System.Net;
using System.Text;
using TextKit.Corpora;

namespace Quickstart.Report;

/// <summary>
/// What the Quickstart found, written as one self-contained HTML page (tags and lemmas per word, entities
/// highlighted, sentiment with probabilities, LM scores) and a PNG chart of the sentiment probabilities.
/// </summary>
internal sealed class QuickstartReport
{
    public sealed record TaggedWord(string Word, string Upos, string Xpos, string Lemma, string Feats);

    public sealed record SentimentRow(string Text, string Label, float PositiveProbability);

    public sealed record EntitySentence(string[] Tokens, string[] Tags);

    public sealed record LanguageModelRow(string Sentence, double Log10Prob, double Perplexity);

    public List<List<TaggedWord>> TaggedSentences { get; } = [];

    public List<SentimentRow> Sentiments { get; } = [];

    public List<EntitySentence> Entities { get; } = [];

    public List<LanguageModelRow> LanguageModel { get; } = [];

    public List<(string Name, string Value)> Facts { get; } = [];

    /// <summary>Writes index.html and sentiment.png into <paramref name="folder"/>; returns the HTML path.</summary>
    public string Write(string folder)
    {
        Directory.CreateDirectory(folder);
        if (Sentiments.Count > 0)
            SentimentChart(Path.Combine(folder, "sentiment.png"));
        var html = new StringBuilder();
        html.Append("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>TextKit Quickstart report</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 2em; max-width: 70em; color: #222; }
            table { border-collapse: collapse; margin: .5em 0 1.5em; }
            td, th { border: 1px solid #ccc; padding: .2em .5em; text-align: left; vertical-align: top; }
            th { background: #f3f3f3; }
            .sentence { margin: .4em 0; line-height: 2.2em; }
            .w { display: inline-block; text-align: center; margin-right: .5em; line-height: 1.2em; }
            .w small { display: block; color: #777; font-size: .7em; }
            mark { padding: .1em .3em; border-radius: .3em; }
            mark small { font-size: .65em; font-weight: bold; margin-left: .3em; }
            .PER { background: #ffd6a5; } .LOC { background: #caffbf; } .ORG { background: #a0c4ff; } .MISC { background: #e0e0e0; }
            .bar { background: #4caf50; height: .8em; display: inline-block; }
            </style></head><body>
            <h1>TextKit Quickstart report</h1>
            """);
        if (Facts.Count > 0)
        {
            html.Append("<table>");
            foreach (var (name, value) in Facts)
                html.Append($"<tr><th>{E(name)}</th><td>{E(value)}</td></tr>");
            html.Append("</table>");
        }
        if (TaggedSentences.Count > 0)
        {
            html.Append("<h2>Tagging and lemmas (shipped EWT tagger, English lemmatizer)</h2><p>Each word with its UPOS tag and lemma; hover for PTB tag and UD features.</p>");
            foreach (var sentence in TaggedSentences)
            {
                html.Append("<div class=\"sentence\">");
                foreach (var w in sentence)
                    html.Append($"<span class=\"w\" title=\"{E(w.Xpos)} {E(w.Feats)}\">{E(w.Word)}<small>{E(w.Upos)} · {E(w.Lemma)}</small></span>");
                html.Append("</div>");
            }
        }
        if (Entities.Count > 0)
        {
            html.Append("<h2>Named entities (shipped BERT fine-tuned on BTC)</h2>");
            foreach (var sentence in Entities)
                html.Append($"<p class=\"sentence\">{Highlight(sentence)}</p>");
        }
        if (Sentiments.Count > 0)
        {
            html.Append("<h2>Sentiment (shipped BERT fine-tuned on SST-2)</h2><img src=\"sentiment.png\" alt=\"P(positive) per sentence\" width=\"800\"><table><tr><th>sentence</th><th>label</th><th>P(positive)</th></tr>");
            foreach (var row in Sentiments)
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(row.Text)}</td><td>{E(row.Label)}</td><td><span class=\"bar\" style=\"width:{row.PositiveProbability * 8:0.00}em\"></span> {row.PositiveProbability:0.000}</td></tr>");
            html.Append("</table>");
        }
        if (LanguageModel.Count > 0)
        {
            html.Append("<h2>N-gram language model (shipped Brown trigram, modified Kneser-Ney)</h2><table><tr><th>sentence</th><th>log10 p</th><th>perplexity</th></tr>");
            foreach (var row in LanguageModel)
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(row.Sentence)}</td><td>{row.Log10Prob:0.00}</td><td>{row.Perplexity:0.0}</td></tr>");
            html.Append("</table>");
        }
        html.Append("</body></html>\n");
        var path = Path.Combine(folder, "index.html");
        File.WriteAllText(path, html.ToString());
        return path;
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    /// <summary>Tokens with the IOB2 entity spans (decoded by <see cref="EntityTags.ToSpans"/>) wrapped in &lt;mark class="TYPE"&gt;.</summary>
    private static string Highlight(EntitySentence sentence)
    {
        var parts = new List<string>();
        int next = 0;
        foreach (var span in EntityTags.ToSpans(sentence.Tags, TagScheme.Iob2))
        {
            parts.AddRange(sentence.Tokens[next..span.Start].Select(E));
            parts.Add($"<mark class=\"{E(span.Type)}\">{E(string.Join(' ', sentence.Tokens[span.Start..span.End]))}<small>{E(span.Type)}</small></mark>");
            next = span.End;
        }
        parts.AddRange(sentence.Tokens[next..].Select(E));
        return string.Join(' ', parts);
    }

    private void SentimentChart(string path)
    {
        // Horizontal bars: the sentences are the labels, read top to bottom in report order.
        var plot = new ScottPlot.Plot();
        int n = Sentiments.Count;
        var bars = Sentiments.Select((row, i) => new ScottPlot.Bar
        {
            Position = n - 1 - i,
            Value = row.PositiveProbability,
            FillColor = row.PositiveProbability >= 0.5 ? ScottPlot.Colors.SeaGreen : ScottPlot.Colors.IndianRed,
        }).ToArray();
        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        var ticks = Sentiments.Select((row, i) => new ScottPlot.Tick(n - 1 - i, Short(row.Text))).ToArray();
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Left.MinimumSize = 330;
        plot.Axes.SetLimitsX(0, 1);
        plot.Add.VerticalLine(0.5, color: ScottPlot.Colors.Gray, pattern: ScottPlot.LinePattern.Dashed);
        plot.Title("Sentiment: P(positive) per sentence (shipped BERT, SST-2 head)");
        plot.XLabel("P(positive)");
        plot.SavePng(path, 1000, 60 + 45 * n + 80);
    }

    private static string Short(string text) => text.Length <= 48 ? text : text[..47] + "…";
}
