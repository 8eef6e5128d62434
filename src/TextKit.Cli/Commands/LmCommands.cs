using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TextKit.LanguageModels;

namespace TextKit.Cli.Commands;

/// <summary><c>textkit lm train|perplexity|generate</c>: n-gram language models from tokenized text files.</summary>
internal static class LmCommands
{
    public static Command Create()
    {
        var lm = new Command("lm", "N-gram language models: train (ARPA or binary .tklm), perplexity, generation.");
        lm.Subcommands.Add(Train());
        lm.Subcommands.Add(Perplexity());
        lm.Subcommands.Add(Generate());
        return lm;
    }

    private static readonly Dictionary<string, Smoothing> SmoothingNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mle"] = Smoothing.Mle,
        ["laplace"] = Smoothing.AddK,
        ["add-k"] = Smoothing.AddK,
        ["witten-bell"] = Smoothing.WittenBell,
        ["absolute"] = Smoothing.AbsoluteDiscounting,
        ["kn"] = Smoothing.KneserNey,
        ["mkn"] = Smoothing.ModifiedKneserNey,
        ["stupid-backoff"] = Smoothing.StupidBackoff,
    };

    private static Option<bool> LowercaseOption() => new("--lowercase") { Description = "Lower-case tokens (invariant culture) before counting or scoring." };

    private static Command Train()
    {
        var input = new Option<FileInfo>("--input") { Description = "Training text: one sentence per line, whitespace-separated tokens (UTF-8).", Required = true };
        var output = new Option<FileInfo>("--output") { Description = "Model file: ARPA when it ends in .arpa, else TextKit's binary format (.tklm).", Required = true };
        var order = new Option<int>("--order") { Description = "N-gram order (1-5).", DefaultValueFactory = _ => 3 };
        var smoothing = new Option<string>("--smoothing") { Description = $"Smoothing: {string.Join('|', SmoothingNames.Keys)}.", DefaultValueFactory = _ => "mkn" };
        var minCount = new Option<int>("--min-count") { Description = "Tokens seen fewer times become the unknown word.", DefaultValueFactory = _ => 1 };
        var padding = new Option<string>("--padding") { Description = "single (one <s>, KenLM/SRILM) or full (order−1 <s>, NLTK).", DefaultValueFactory = _ => "single" };
        var unk = new Option<string>("--unk") { Description = "Spelling of the unknown word.", DefaultValueFactory = _ => LmVocabulary.DefaultUnknownToken };
        var k = new Option<double>("--k") { Description = "k of add-k smoothing (laplace forces 1).", DefaultValueFactory = _ => 1.0 };
        var discount = new Option<double?>("--discount") { Description = "Fixed discount for kn/absolute (default: estimated from count-of-counts)." };
        var prune = new Option<string?>("--prune") { Description = "Count pruning thresholds per order, comma-separated (e.g. 0,1,1)." };
        var precision = new Option<string>("--precision") { Description = "double (exact) or single (compact).", DefaultValueFactory = _ => "double" };
        var lowercase = LowercaseOption();
        var command = new Command("train", "Count n-grams in a tokenized text file and write a smoothed model.")
        {
            input, output, order, smoothing, minCount, padding, unk, k, discount, prune, precision, lowercase,
        };
        command.SetAction(parse =>
        {
            var inputFile = parse.GetValue(input)!;
            CliErrors.RequireFile(inputFile, "--input");
            var smoothingName = parse.GetValue(smoothing)!;
            if (!SmoothingNames.TryGetValue(smoothingName, out var method))
                throw new TextKitException("TK011", $"--smoothing: unknown method '{smoothingName}'. Use one of {string.Join(", ", SmoothingNames.Keys)}.");
            var options = new NgramModelOptions
            {
                Order = parse.GetValue(order),
                Smoothing = method,
                MinCount = parse.GetValue(minCount),
                Padding = ParseEnum<SentencePadding>(parse.GetValue(padding)!, "--padding"),
                UnknownToken = parse.GetValue(unk)!,
                AddK = smoothingName.Equals("laplace", StringComparison.OrdinalIgnoreCase) ? 1.0 : parse.GetValue(k),
                Discount = parse.GetValue(discount),
                PruneThresholds = ParsePrune(parse.GetValue(prune)),
                Precision = ParseEnum<LmPrecision>(parse.GetValue(precision)!, "--precision"),
            };
            NgramModelTrainer trainer;
            try
            {
                trainer = new NgramModelTrainer(options);
            }
            catch (ArgumentException e)
            {
                throw new TextKitException("TK011", $"invalid option: {e.Message}");
            }
            var watch = Stopwatch.StartNew();
            foreach (var (line, tokens) in TokenizedText.Read(inputFile.FullName, parse.GetValue(lowercase)))
            {
                try
                {
                    trainer.Add(tokens);
                }
                catch (TextKitException e) when (e is not TextKitFormatException)
                {
                    throw new TextKitFormatException("TK751", inputFile.FullName, line, e.Message, e);
                }
            }
            var model = trainer.Build();
            var outputFile = parse.GetValue(output)!;
            model.Save(outputFile.FullName);
            Console.Error.WriteLine($"textkit lm: {model.Info.TrainingSentences:N0} sentences, {model.Info.TrainingTokens:N0} tokens, " +
                $"order {model.Order}, {string.Join(" ", Enumerable.Range(1, model.Order).Select(o => $"{o}-grams={model.NgramCount(o):N0}"))}, " +
                $"{watch.Elapsed.TotalSeconds:F2} s → {outputFile.FullName}");
            return 0;
        });
        return command;
    }

    private static Command Perplexity()
    {
        var modelOption = new Option<FileInfo>("--model") { Description = "Model file (.arpa or .tklm).", Required = true };
        var input = new Option<FileInfo>("--input") { Description = "Test text: one sentence per line, whitespace-separated tokens.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var perToken = new Option<bool>("--per-token") { Description = "Also print every prediction: line, token, log10 p, surprisal in bits (TSV)." };
        var lowercase = LowercaseOption();
        var command = new Command("perplexity", "Score a tokenized text file: perplexity over tokens and </s>, OOV counts.")
        {
            modelOption, input, json, perToken, lowercase,
        };
        command.SetAction(parse =>
        {
            var modelFile = parse.GetValue(modelOption)!;
            var inputFile = parse.GetValue(input)!;
            CliErrors.RequireFile(modelFile, "--model");
            CliErrors.RequireFile(inputFile, "--input");
            var model = NgramLanguageModel.Load(modelFile.FullName);
            bool tokens = parse.GetValue(perToken);
            double log10 = 0, log10Known = 0;
            long predictions = 0, oov = 0, sentences = 0;
            var buffer = new double[256];
            foreach (var (line, sentence) in TokenizedText.Read(inputFile.FullName, parse.GetValue(lowercase)))
            {
                if (buffer.Length < sentence.Length + 1)
                    buffer = new double[sentence.Length * 2 + 1];
                SentenceScore score;
                try
                {
                    score = model.Score(sentence, buffer);
                }
                catch (TextKitException e)
                {
                    throw new TextKitFormatException("TK751", inputFile.FullName, line, e.Message, e);
                }
                sentences++;
                predictions += score.Predictions;
                oov += score.OovCount;
                log10 += score.Log10Prob;
                log10Known += score.Log10Prob;
                for (int i = 0; i <= sentence.Length; i++)
                {
                    bool isOov = i < sentence.Length && !model.Vocabulary.Contains(sentence[i]);
                    if (isOov)
                        log10Known -= buffer[i];
                    if (tokens)
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{line}\t{(i < sentence.Length ? sentence[i] : LmVocabulary.EndToken)}\t{buffer[i]:R}\t{-buffer[i] / Math.Log10(2):R}{(isOov ? "\tOOV" : "")}"));
                }
            }
            var result = new CorpusScore(sentences, predictions, oov, log10, log10Known);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    model = modelFile.FullName,
                    input = inputFile.FullName,
                    order = model.Order,
                    sentences = result.Sentences,
                    predictions = result.Predictions,
                    oov = result.OovCount,
                    log10Prob = result.Log10Prob,
                    perplexity = result.Perplexity,
                    perplexityWithoutOov = result.PerplexityWithoutOov,
                    bitsPerToken = result.BitsPerToken,
                }, new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"sentences {result.Sentences}, predictions {result.Predictions} (tokens + </s>), OOV {result.OovCount}\n" +
                    $"log10 prob {result.Log10Prob:F4}\nperplexity {result.Perplexity:F4}\nperplexity without OOV {result.PerplexityWithoutOov:F4}\nbits per token {result.BitsPerToken:F4}"));
            }
            return 0;
        });
        return command;
    }

    private static Command Generate()
    {
        var modelOption = new Option<FileInfo>("--model") { Description = "Model file (.arpa or .tklm).", Required = true };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 0 };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Maximum tokens per sentence.", DefaultValueFactory = _ => 30 };
        var temperature = new Option<double>("--temperature") { Description = "Sampling temperature (>0; 1 = model distribution).", DefaultValueFactory = _ => 1.0 };
        var topK = new Option<int>("--top-k") { Description = "Sample among the k most probable words (0 = all).", DefaultValueFactory = _ => 0 };
        var count = new Option<int>("--count") { Description = "Number of sentences (seeds seed, seed+1, ...).", DefaultValueFactory = _ => 1 };
        var prefix = new Option<string?>("--prefix") { Description = "Tokens to start from (space-separated)." };
        var command = new Command("generate", "Sample sentences from a model.") { modelOption, seed, maxTokens, temperature, topK, count, prefix };
        command.SetAction(parse =>
        {
            var modelFile = parse.GetValue(modelOption)!;
            CliErrors.RequireFile(modelFile, "--model");
            var model = NgramLanguageModel.Load(modelFile.FullName);
            var prefixTokens = parse.GetValue(prefix)?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) ?? [];
            int n = parse.GetValue(count);
            if (n < 1)
                throw new TextKitException("TK011", "--count must be at least 1.");
            for (int i = 0; i < n; i++)
            {
                IReadOnlyList<string> words;
                try
                {
                    words = model.Generate(new GenerationOptions
                    {
                        Seed = parse.GetValue(seed) + i,
                        MaxTokens = parse.GetValue(maxTokens),
                        Temperature = parse.GetValue(temperature),
                        TopK = parse.GetValue(topK),
                        Prefix = prefixTokens,
                    });
                }
                catch (ArgumentOutOfRangeException e)
                {
                    throw new TextKitException("TK011", $"invalid option: {e.Message}");
                }
                Console.WriteLine(string.Join(' ', prefixTokens.Concat(words)));
            }
            return 0;
        });
        return command;
    }

    private static T ParseEnum<T>(string value, string option) where T : struct, Enum
        => Enum.TryParse<T>(value, ignoreCase: true, out var result) && Enum.IsDefined(result)
            ? result
            : throw new TextKitException("TK011", $"{option}: unknown value '{value}'. Use one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}.");

    private static int[]? ParsePrune(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        var parts = value.Split(',', StringSplitOptions.TrimEntries);
        var result = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out result[i]))
                throw new TextKitException("TK011", $"--prune: '{parts[i]}' is not a non-negative integer.");
        return result;
    }
}
