using System.CommandLine;
using System.Globalization;
using TextKit.Neural.Tokenizers;
using TextKit.Neural.Training;
using TorchSharp;

namespace TextKit.Cli.Commands;

/// <summary><c>textkit pretrain mlm|electra|vocab</c>: WordPiece vocabulary + BERT masked-LM or ELECTRA pre-training from a text corpus (MaskedLmPretraining, ElectraPretraining).</summary>
internal static class PretrainCommands
{
    public static Command Create()
    {
        var pretrain = new Command("pretrain", "Pre-train a transformer from scratch on a text corpus.");
        pretrain.Subcommands.Add(Mlm());
        pretrain.Subcommands.Add(Vocab());
        pretrain.Subcommands.Add(Electra());
        return pretrain;
    }

    /// <summary><c>textkit pretrain vocab</c>: the WordPiece vocabulary step of <c>mlm</c> on its own (HF tokenizer folder).</summary>
    private static Command Vocab()
    {
        var corpus = new Option<FileInfo[]>("--corpus") { Description = "Text files, one text per line (blank lines skipped).", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<DirectoryInfo>("--output") { Description = "Folder to write vocab.txt and tokenizer_config.json into.", Required = true };
        var vocabSize = new Option<int>("--vocab-size") { Description = "Target vocabulary size (special tokens and alphabet included).", DefaultValueFactory = _ => 8000 };
        var minFrequency = new Option<int>("--min-frequency") { Description = "Pairs seen fewer times are not merged.", DefaultValueFactory = _ => 2 };
        var cased = new Option<bool>("--cased") { Description = "Keep case and accents (default: lower-case and strip accents, as bert-base-uncased)." };
        var maxLength = new Option<int>("--max-length") { Description = "model_max_length written to tokenizer_config.json.", DefaultValueFactory = _ => 512 };
        var command = new Command("vocab", "Train a WordPiece vocabulary (HF tokenizers' algorithm) and write a tokenizer folder that `--model` options and HF load.")
        {
            corpus, output, vocabSize, minFrequency, cased, maxLength,
        };
        command.SetAction(parse =>
        {
            var files = parse.GetValue(corpus)!;
            foreach (var f in files)
                CliErrors.RequireFile(f, "--corpus");
            var options = new WordPieceTrainerOptions
            {
                VocabularySize = parse.GetValue(vocabSize),
                MinFrequency = parse.GetValue(minFrequency),
                LowerCase = !parse.GetValue(cased),
            };
            if (options.VocabularySize < options.SpecialTokens.Count + 1)
                throw new TextKitException("TK011", $"--vocab-size must be more than the {options.SpecialTokens.Count} special tokens.");
            if (options.MinFrequency < 1 || parse.GetValue(maxLength) < 1)
                throw new TextKitException("TK011", "--min-frequency and --max-length must be at least 1.");
            var lines = files.SelectMany(f => File.ReadLines(f.FullName)).Where(l => !string.IsNullOrWhiteSpace(l));
            var vocabulary = new WordPieceTrainer(options).Train(lines);
            if (vocabulary.DistinctWords == 0)
                throw new TextKitException("TK800", "the corpus has no text (every line is blank).");
            var folder = parse.GetValue(output)!.FullName;
            vocabulary.SaveFolder(folder, parse.GetValue(maxLength));
            Console.WriteLine($"tokenizer:  {folder} (vocab.txt, tokenizer_config.json)");
            Console.WriteLine(FormattableString.Invariant($"vocabulary: {vocabulary.Count} WordPiece entries from {vocabulary.DistinctWords} distinct words, {vocabulary.Merges} merges"));
            return 0;
        });
        return command;
    }

    private static Command Mlm()
    {
        var corpus = new Option<FileInfo[]>("--corpus") { Description = "Text files, one text per line (blank lines skipped).", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<DirectoryInfo>("--output") { Description = "Folder to write the Hugging Face model into (config.json, model.safetensors, vocab.txt, tokenizer_config.json).", Required = true };
        var vocabSize = new Option<int>("--vocab-size") { Description = "WordPiece vocabulary size.", DefaultValueFactory = _ => 8000 };
        var layers = new Option<int>("--layers") { Description = "Encoder layers.", DefaultValueFactory = _ => 4 };
        var hidden = new Option<int>("--hidden") { Description = "Hidden size.", DefaultValueFactory = _ => 256 };
        var heads = new Option<int>("--heads") { Description = "Attention heads.", DefaultValueFactory = _ => 4 };
        var maxLength = new Option<int>("--max-length") { Description = "Maximum sub-words per line (also the position count).", DefaultValueFactory = _ => 128 };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the corpus.", DefaultValueFactory = _ => 1 };
        var batch = new Option<int>("--batch-size") { Description = "Lines per batch.", DefaultValueFactory = _ => 32 };
        var lr = new Option<double>("--lr") { Description = "Peak learning rate.", DefaultValueFactory = _ => 5e-4 };
        var seed = new Option<int>("--seed") { Description = "Seed.", DefaultValueFactory = _ => 42 };
        var log = new Option<FileInfo?>("--log") { Description = "CSV log of every step and validation." };
        var threads = new Option<int>("--threads") { Description = "libtorch threads (0 = libtorch default).", DefaultValueFactory = _ => 0 };
        var command = new Command("mlm", "Train a WordPiece vocabulary and a BERT masked LM (dynamic 80/10/10 masking) on the corpus; print held-out masked-token accuracy.")
        {
            corpus, output, vocabSize, layers, hidden, heads, maxLength, epochs, batch, lr, seed, log, threads,
        };
        command.SetAction(parse =>
        {
            var files = parse.GetValue(corpus)!;
            foreach (var f in files)
                CliErrors.RequireFile(f, "--corpus");
            int t = parse.GetValue(threads);
            if (t < 0)
                throw new TextKitException("TK011", "--threads must be 0 or positive.");
            if (t > 0)
                torch.set_num_threads(t);
            var options = new MaskedLmPretrainingOptions
            {
                VocabularySize = parse.GetValue(vocabSize),
                Layers = parse.GetValue(layers),
                Hidden = parse.GetValue(hidden),
                Heads = parse.GetValue(heads),
                MaxLength = parse.GetValue(maxLength),
                Training = new TransformerTrainerOptions
                {
                    Epochs = parse.GetValue(epochs),
                    BatchSize = parse.GetValue(batch),
                    LearningRate = parse.GetValue(lr),
                    Seed = parse.GetValue(seed),
                    LogCsvPath = parse.GetValue(log)?.FullName,
                },
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new TextKitException("TK011", $"invalid pre-training option: {e.Message}", e);
            }
            var folder = parse.GetValue(output)!.FullName;
            var result = MaskedLmPretraining.Run(files.SelectMany(f => File.ReadLines(f.FullName)), folder, options);
            var r = result.Training;
            Console.WriteLine($"model:      {folder}");
            Console.WriteLine(FormattableString.Invariant($"vocabulary: {result.VocabularySize} WordPiece entries; {result.TrainLines} training lines, {result.ValidationLines} held out"));
            Console.WriteLine(FormattableString.Invariant($"training:   {r.Steps} steps, {r.Tokens} tokens in {r.Elapsed.TotalSeconds:0.0}s ({r.Tokens / Math.Max(1e-9, r.Elapsed.TotalSeconds):0} tokens/s); last step loss {(r.StepLosses.Count > 0 ? r.StepLosses[^1] : double.NaN):0.0000}"));
            if (r.ValidationMetrics.Count > 0)
                Console.WriteLine($"held-out masked-token accuracy by epoch: {string.Join(", ", r.ValidationMetrics.Select(m => (100 * m).ToString("0.00", CultureInfo.InvariantCulture) + "%"))}");
            return 0;
        });
        return command;
    }
    /// <summary><c>textkit pretrain electra</c>: WordPiece vocabulary + ELECTRA replaced-token detection (ElectraPretraining).</summary>
    private static Command Electra()
    {
        var corpus = new Option<FileInfo[]>("--corpus") { Description = "Text files, one text per line (blank lines skipped).", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<DirectoryInfo>("--output") { Description = "Folder to write the discriminator into as a Hugging Face ELECTRA model (config.json, model.safetensors, vocab.txt, tokenizer_config.json).", Required = true };
        var vocabSize = new Option<int>("--vocab-size") { Description = "WordPiece vocabulary size.", DefaultValueFactory = _ => 8000 };
        var layers = new Option<int>("--layers") { Description = "Encoder layers (generator and discriminator).", DefaultValueFactory = _ => 4 };
        var hidden = new Option<int>("--hidden") { Description = "Discriminator hidden size.", DefaultValueFactory = _ => 256 };
        var heads = new Option<int>("--heads") { Description = "Discriminator attention heads.", DefaultValueFactory = _ => 4 };
        var generatorDivisor = new Option<int>("--generator-divisor") { Description = "Generator hidden size = hidden / this.", DefaultValueFactory = _ => 4 };
        var lambda = new Option<double>("--lambda") { Description = "Weight of the discriminator loss.", DefaultValueFactory = _ => 50 };
        var maxLength = new Option<int>("--max-length") { Description = "Maximum sub-words per line (also the position count).", DefaultValueFactory = _ => 128 };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the corpus.", DefaultValueFactory = _ => 1 };
        var batch = new Option<int>("--batch-size") { Description = "Lines per batch.", DefaultValueFactory = _ => 32 };
        var lr = new Option<double>("--lr") { Description = "Peak learning rate.", DefaultValueFactory = _ => 5e-4 };
        var seed = new Option<int>("--seed") { Description = "Seed.", DefaultValueFactory = _ => 42 };
        var threads = new Option<int>("--threads") { Description = "libtorch threads (0 = libtorch default).", DefaultValueFactory = _ => 0 };
        var command = new Command("electra", "Train a WordPiece vocabulary and an ELECTRA discriminator (replaced-token detection against a small MLM generator) on the corpus.")
        {
            corpus, output, vocabSize, layers, hidden, heads, generatorDivisor, lambda, maxLength, epochs, batch, lr, seed, threads,
        };
        command.SetAction(parse =>
        {
            var files = parse.GetValue(corpus)!;
            foreach (var f in files)
                CliErrors.RequireFile(f, "--corpus");
            int t = parse.GetValue(threads);
            if (t < 0)
                throw new TextKitException("TK011", "--threads must be 0 or positive.");
            if (t > 0)
                torch.set_num_threads(t);
            var options = new ElectraPretrainingOptions
            {
                GeneratorSizeDivisor = parse.GetValue(generatorDivisor),
                DiscriminatorWeight = parse.GetValue(lambda),
                Model = new MaskedLmPretrainingOptions
                {
                    VocabularySize = parse.GetValue(vocabSize),
                    Layers = parse.GetValue(layers),
                    Hidden = parse.GetValue(hidden),
                    Heads = parse.GetValue(heads),
                    MaxLength = parse.GetValue(maxLength),
                    Training = new TransformerTrainerOptions
                    {
                        Epochs = parse.GetValue(epochs),
                        BatchSize = parse.GetValue(batch),
                        LearningRate = parse.GetValue(lr),
                        Seed = parse.GetValue(seed),
                    },
                },
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new TextKitException("TK011", $"invalid pre-training option: {e.Message}", e);
            }
            var folder = parse.GetValue(output)!.FullName;
            var result = ElectraPretraining.Run(files.SelectMany(f => File.ReadLines(f.FullName)), folder, options);
            var steps = result.Steps;
            var tail = steps.Skip(Math.Max(0, steps.Count - 10)).ToList();
            Console.WriteLine($"model:      {folder} (ELECTRA discriminator)");
            Console.WriteLine(FormattableString.Invariant($"vocabulary: {result.VocabularySize} WordPiece entries; {result.TrainLines} training lines; generator hidden {result.GeneratorHidden}"));
            Console.WriteLine(FormattableString.Invariant($"training:   {steps.Count} steps in {result.Elapsed.TotalSeconds:0.0}s"));
            if (tail.Count > 0)
                Console.WriteLine(FormattableString.Invariant($"last {tail.Count} steps: generator loss {tail.Average(s => s.GeneratorLoss):0.0000}, discriminator loss {tail.Average(s => s.DiscriminatorLoss):0.0000}, replaced-token accuracy {100 * tail.Average(s => s.DiscriminatorAccuracy):0.00}% (all-original baseline {100 * tail.Average(s => s.OriginalBaseline):0.00}%)"));
            return 0;
        });
        return command;
    }
}
