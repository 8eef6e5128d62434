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
        var shared = new PretrainOptions("Folder to write the Hugging Face model into (config.json, model.safetensors, vocab.txt, tokenizer_config.json).", "Encoder layers.", "Hidden size.", "Attention heads.");
        var command = new Command("mlm", "Train a WordPiece vocabulary and a BERT masked LM (dynamic 80/10/10 masking) on the corpus; print held-out masked-token accuracy.");
        shared.AddTo(command);
        command.SetAction(parse =>
        {
            var (lines, folder, options) = shared.Read(parse);
            PretrainOptions.Validate(options.Validate);
            var result = MaskedLmPretraining.Run(lines, folder, options);
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
        var shared = new PretrainOptions("Folder to write the discriminator into as a Hugging Face ELECTRA model (config.json, model.safetensors, vocab.txt, tokenizer_config.json).",
            "Encoder layers (generator and discriminator).", "Discriminator hidden size.", "Discriminator attention heads.");
        var generatorDivisor = new Option<int>("--generator-divisor") { Description = "Generator hidden size = hidden / this.", DefaultValueFactory = _ => 4 };
        var lambda = new Option<double>("--lambda") { Description = "Weight of the discriminator loss.", DefaultValueFactory = _ => 50 };
        var command = new Command("electra", "Train a WordPiece vocabulary and an ELECTRA discriminator (replaced-token detection against a small MLM generator) on the corpus.");
        shared.AddTo(command);
        command.Options.Add(generatorDivisor);
        command.Options.Add(lambda);
        command.SetAction(parse =>
        {
            var (lines, folder, model) = shared.Read(parse);
            var options = new ElectraPretrainingOptions
            {
                GeneratorSizeDivisor = parse.GetValue(generatorDivisor),
                DiscriminatorWeight = parse.GetValue(lambda),
                Model = model,
            };
            PretrainOptions.Validate(options.Validate);
            var result = ElectraPretraining.Run(lines, folder, options);
            var steps = result.Steps;
            var tail = steps.Skip(Math.Max(0, steps.Count - 10)).ToList();
            var r = result.Training;
            Console.WriteLine($"model:      {folder} (ELECTRA discriminator)");
            Console.WriteLine(FormattableString.Invariant($"vocabulary: {result.VocabularySize} WordPiece entries; {result.TrainLines} training lines; generator hidden {result.GeneratorHidden}"));
            Console.WriteLine(FormattableString.Invariant($"training:   {r.Steps} steps ({steps.Count} in this run), {r.Tokens} tokens in {r.Elapsed.TotalSeconds:0.0}s ({r.Tokens / Math.Max(1e-9, r.Elapsed.TotalSeconds):0} tokens/s)"));
            if (tail.Count > 0)
                Console.WriteLine(FormattableString.Invariant($"last {tail.Count} steps: generator loss {tail.Average(s => s.GeneratorLoss):0.0000}, discriminator loss {tail.Average(s => s.DiscriminatorLoss):0.0000}, replaced-token accuracy {100 * tail.Average(s => s.DiscriminatorAccuracy):0.00}% (all-original baseline {100 * tail.Average(s => s.OriginalBaseline):0.00}%)"));
            return 0;
        });
        return command;
    }

    /// <summary>
    /// The options <c>mlm</c> and <c>electra</c> share: corpus, output, vocabulary, model shape, training, threads, and
    /// the trainer's CSV log, checkpoints (in OUTPUT/checkpoint) and resume.
    /// </summary>
    private sealed class PretrainOptions(string outputDescription, string layersDescription, string hiddenDescription, string headsDescription)
    {
        private readonly Option<FileInfo[]> _corpus = new("--corpus") { Description = "Text files, one text per line (blank lines skipped).", Required = true, AllowMultipleArgumentsPerToken = true };
        private readonly Option<DirectoryInfo> _output = new("--output") { Description = outputDescription, Required = true };
        private readonly Option<int> _vocabSize = new("--vocab-size") { Description = "WordPiece vocabulary size.", DefaultValueFactory = _ => 8000 };
        private readonly Option<int> _layers = new("--layers") { Description = layersDescription, DefaultValueFactory = _ => 4 };
        private readonly Option<int> _hidden = new("--hidden") { Description = hiddenDescription, DefaultValueFactory = _ => 256 };
        private readonly Option<int> _heads = new("--heads") { Description = headsDescription, DefaultValueFactory = _ => 4 };
        private readonly Option<int> _maxLength = new("--max-length") { Description = "Maximum sub-words per line (also the position count).", DefaultValueFactory = _ => 128 };
        private readonly Option<int> _epochs = new("--epochs") { Description = "Passes over the corpus.", DefaultValueFactory = _ => 1 };
        private readonly Option<int> _batch = new("--batch-size") { Description = "Lines per batch.", DefaultValueFactory = _ => 32 };
        private readonly Option<double> _lr = new("--lr") { Description = "Peak learning rate.", DefaultValueFactory = _ => 5e-4 };
        private readonly Option<int> _seed = new("--seed") { Description = "Seed.", DefaultValueFactory = _ => 42 };
        private readonly Option<int> _threads = new("--threads") { Description = "libtorch threads (0 = libtorch default).", DefaultValueFactory = _ => 0 };
        private readonly Option<FileInfo?> _log = new("--log") { Description = "CSV log of every step and validation." };
        private readonly Option<DirectoryInfo?> _vocab = new("--vocab") { Description = "Use this WordPiece vocabulary folder (from `pretrain vocab`) instead of training one." };
        private readonly Option<int> _checkpointEvery = new("--checkpoint-every") { Description = "Write a resumable checkpoint into OUTPUT/checkpoint every N steps (0 = at epoch ends only)." };
        private readonly Option<bool> _resume = new("--resume") { Description = "Continue from OUTPUT/checkpoint (same corpus and options); the vocabulary in OUTPUT is reused." };

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { _corpus, _output, _vocabSize, _layers, _hidden, _heads, _maxLength, _epochs, _batch, _lr, _seed, _threads, _log, _vocab, _checkpointEvery, _resume })
                command.Options.Add(option);
        }

        /// <summary>Checks the corpus files, vocabulary, checkpoint and thread count, sets libtorch's threads, and builds the shared options.</summary>
        public (IEnumerable<string> Lines, string Folder, MaskedLmPretrainingOptions Options) Read(ParseResult parse)
        {
            var files = parse.GetValue(_corpus)!;
            foreach (var f in files)
                CliErrors.RequireFile(f, "--corpus");
            int t = parse.GetValue(_threads);
            if (t < 0)
                throw new TextKitException("TK011", "--threads must be 0 or positive.");
            if (t > 0)
                torch.set_num_threads(t);
            var options = new MaskedLmPretrainingOptions
            {
                VocabularySize = parse.GetValue(_vocabSize),
                Layers = parse.GetValue(_layers),
                Hidden = parse.GetValue(_hidden),
                Heads = parse.GetValue(_heads),
                MaxLength = parse.GetValue(_maxLength),
                Training = new TransformerTrainerOptions
                {
                    Epochs = parse.GetValue(_epochs),
                    BatchSize = parse.GetValue(_batch),
                    LearningRate = parse.GetValue(_lr),
                    Seed = parse.GetValue(_seed),
                    LogCsvPath = parse.GetValue(_log)?.FullName,
                },
            };
            var folder = parse.GetValue(_output)!.FullName;
            var checkpoint = Path.Combine(folder, "checkpoint");
            options.Training.CheckpointFolder = checkpoint;
            options.Training.CheckpointEverySteps = parse.GetValue(_checkpointEvery);
            if (parse.GetValue(_vocab) is { } vocabFolder)
            {
                CliErrors.RequireDirectory(vocabFolder, "--vocab");
                options.VocabularyFolder = vocabFolder.FullName;
            }
            if (parse.GetValue(_resume))
            {
                if (!File.Exists(Path.Combine(checkpoint, "trainer-state.json")))
                    throw new TextKitException("TK011", $"--resume: '{checkpoint}' holds no complete checkpoint to continue from.");
                options.Training.ResumeFrom = checkpoint;
                options.VocabularyFolder ??= folder;
            }
            return (files.SelectMany(f => File.ReadLines(f.FullName)), folder, options);
        }

        /// <summary>Runs an options class's Validate and reports its complaint as a TK011 usage error.</summary>
        public static void Validate(Action validate)
        {
            try
            {
                validate();
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new TextKitException("TK011", $"invalid pre-training option: {e.Message}", e);
            }
        }
    }
}
