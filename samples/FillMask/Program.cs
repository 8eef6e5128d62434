// Generation with the shipped models: TextKit's own BERT fills in [MASK] (the masked-LM head it was pre-trained
// with), and the Brown trigram model samples a continuation of a prefix.
//
//   dotnet run --project samples/FillMask -- "the president spoke to [MASK] on monday ."
using TextKit.LanguageModels;
using TextKit.Neural.Models;
using TextKit.Neural.Tokenizers;
using TextKit.Samples;
using TorchSharp;

string[] sentences = args.Length > 0 ? args :
[
    "the president spoke to [MASK] on monday .",
    "she poured a cup of [MASK] and sat down .",
    "the ship sailed across the [MASK] .",
];
var folder = RepositoryModels.Find("textkit-bert-mini");
using var model = TransformerModels.Load(folder);   // BertForMaskedLM, fp16 storage loaded as float32
var tokenizer = TransformerTokenizers.FromFolder(folder);
foreach (var sentence in sentences)
{
    var encoded = tokenizer.Encode(sentence);
    int mask = Array.IndexOf(encoded.Tokens, "[MASK]");
    if (mask < 0)
    {
        Console.WriteLine($"(no [MASK] in: {sentence})");
        continue;
    }
    using var scope = torch.NewDisposeScope();
    using var ids = torch.tensor(encoded.InputIds.Select(i => (long)i).ToArray(), [1, encoded.InputIds.Length]);
    using var output = model.call(new ModelInput { InputIds = ids });
    var probabilities = torch.nn.functional.softmax(output.Logits![0, mask], 0);
    var (values, indices) = probabilities.topk(5);
    var guesses = Enumerable.Range(0, 5).Select(k => $"{tokenizer.IdToToken((int)indices[k].item<long>())} ({values[k].item<float>():0.00})");
    Console.WriteLine($"{sentence}\n  → {string.Join(", ", guesses)}");
}

var lm = NgramLanguageModel.Load(RepositoryModels.Find("brown-trigram.tklm"));
var prefix = new[] { "the", "jury", "said" };
var continuation = lm.Generate(new GenerationOptions { Seed = 3, MaxTokens = 20, TopK = 30, Prefix = prefix });
Console.WriteLine($"\nBrown trigram, prefix \"{string.Join(' ', prefix)}\": {string.Join(' ', continuation)}");
return 0;
