// TextKit Quickstart: the README's main job. Runs end to end on a fresh clone with only what ships in the
// repository (models/ and embedded resources), offline. Each section lives in Sections/ and shows one stage.
using System.Diagnostics;
using Microsoft.ML;
using Quickstart.Report;
using Quickstart.Sections;
using TextKit.Neural;

var clock = Stopwatch.StartNew();
var ml = new MLContext(seed: 1);
Console.WriteLine("TextKit Quickstart");
Console.WriteLine();

var report = new QuickstartReport();
var sentences = TokenizationSection.Run(ml);
Console.WriteLine();
NormalizationSection.Run(ml);
Console.WriteLine();
TaggingSection.Run(ml, sentences, report);
Console.WriteLine();
LanguageModelSection.Run(report);
Console.WriteLine();
ClassifierSection.Run(ml, report);
Console.WriteLine();
TransformerSection.Run(ml, sentences, report);
Console.WriteLine();

report.Facts.Insert(0, ("TorchSharp", TorchRuntime.Status));
report.Facts.Insert(0, ("sample", $"Data/sample.txt: {sentences.Count} sentences after cleaning and segmentation"));
var reportFolder = args.Length > 0 ? args[0] : Path.Combine(Environment.CurrentDirectory, "quickstart-report");
var html = report.Write(reportFolder);
Console.WriteLine($"TorchSharp: {TorchRuntime.Status}");
Console.WriteLine($"Report: {html} (+ sentiment.png)");
Console.WriteLine($"Done in {clock.Elapsed.TotalSeconds:F1} s.");
return 0;
