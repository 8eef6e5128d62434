// TextKit Quickstart: the README's main job. Runs end to end on a fresh clone with only what ships in the
// repository (models/ and embedded resources), offline. Each section lives in Sections/ and shows one stage.
using System.Diagnostics;
using Microsoft.ML;
using Quickstart.Sections;
using TextKit.Neural;

var clock = Stopwatch.StartNew();
var ml = new MLContext(seed: 1);
Console.WriteLine("TextKit Quickstart");
Console.WriteLine();

TokenizationSection.Run(ml);
Console.WriteLine();
NormalizationSection.Run(ml);
Console.WriteLine();
TaggingSection.Run(ml);
Console.WriteLine();
LanguageModelSection.Run();
Console.WriteLine();
ClassifierSection.Run(ml);
Console.WriteLine();

TorchRuntime.EnsureInitialized();
Console.WriteLine($"TorchSharp: {TorchRuntime.Status}");
Console.WriteLine($"Done in {clock.Elapsed.TotalSeconds:F1} s.");
return 0;
