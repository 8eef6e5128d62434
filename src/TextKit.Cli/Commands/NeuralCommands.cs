using System.CommandLine;
using System.Globalization;
using System.Text;
using TextKit.Neural.Checkpoints;
using TextKit.Neural.Generation;
using TextKit.Neural.ML;
using TextKit.Neural.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace TextKit.Cli.Commands;

/// <summary><c>textkit forward|embed|generate</c>: run Hugging Face transformer folders.</summary>
internal static class NeuralCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Forward();
        yield return Embed();
        yield return Generate();
    }

    private static Option<DirectoryInfo> ModelOption() => new("--model") { Description = "Hugging Face model folder (config.json, model.safetensors, tokenizer files).", Required = true };

    private static Option<int> ThreadsOption() => new("--threads") { Description = "libtorch threads (0 = libtorch default).", DefaultValueFactory = _ => 0 };

    private static void RequireFolder(DirectoryInfo folder)
    {
        if (!folder.Exists)
            throw new TextKitException("TK010", $"--model: folder '{folder.FullName}' does not exist.");
    }

    private static void SetThreads(int threads)
    {
        if (threads < 0)
            throw new TextKitException("TK011", "--threads must be 0 or positive.");
        if (threads > 0)
            torch.set_num_threads(threads);
    }

    private static Command Forward()
    {
        var model = ModelOption();
        var inputs = new Option<FileInfo>("--inputs") { Description = "inputs.json with input_ids, attention_mask, token_type_ids (T5: decoder_input_ids).", Required = true };
        var output = new Option<FileInfo>("--output") { Description = "Output .safetensors (float32 logits and last_hidden_state; T5: encoder_last_hidden_state).", Required = true };
        var threads = ThreadsOption();
        var command = new Command("forward", "Run a checkpoint on token ids and write its outputs as safetensors, to compare a converted model with Python.") { model, inputs, output, threads };
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(model)!;
            RequireFolder(folder);
            SetThreads(parse.GetValue(threads));
            var tensors = ForwardInputs.Read(parse.GetValue(inputs)!.FullName);
            using var m = TransformerModels.Load(folder.FullName);
            var input = new ModelInput
            {
                InputIds = tensors["input_ids"],
                AttentionMask = tensors.GetValueOrDefault("attention_mask"),
                TokenTypeIds = tensors.GetValueOrDefault("token_type_ids"),
                DecoderInputIds = tensors.GetValueOrDefault("decoder_input_ids"),
            };
            m.ValidateInput(input);
            using var grad = torch.no_grad();
            using var result = m.call(input);
            var written = new Dictionary<string, Tensor>();
            if (result.Logits is not null)
                written["logits"] = result.Logits;
            if (result.EncoderLastHiddenState is not null)
                written["encoder_last_hidden_state"] = result.EncoderLastHiddenState;
            else if (result.LastHiddenState is not null)
                written["last_hidden_state"] = result.LastHiddenState;
            var path = parse.GetValue(output)!.FullName;
            SafeTensors.Save(path, written, new Dictionary<string, string> { ["format"] = "pt" });
            foreach (var (name, t) in written)
                Console.WriteLine($"{name}\t[{string.Join(", ", t.shape)}]");
            return 0;
        });
        return command;
    }

    private static Command Embed()
    {
        var model = ModelOption();
        var input = new Option<FileInfo>("--input") { Description = "UTF-8 text file, one text per line.", Required = true };
        var output = new Option<FileInfo>("--output") { Description = "Output TSV: one vector per input line, values tab-separated.", Required = true };
        var pooling = new Option<EmbeddingPooling>("--pooling") { Description = "cls, mean or max.", DefaultValueFactory = _ => EmbeddingPooling.Mean };
        var batch = new Option<int>("--batch-size") { Description = "Texts per forward pass.", DefaultValueFactory = _ => 32 };
        var maxLength = new Option<int>("--max-length") { Description = "Maximum tokens per text (0 = the model's maximum).", DefaultValueFactory = _ => 0 };
        var strict = new Option<bool>("--no-truncate") { Description = "Fail (TK341) on texts longer than the maximum instead of truncating them with a warning." };
        var threads = ThreadsOption();
        var command = new Command("embed", "Embed each line of a text file with a transformer (sentence vectors).") { model, input, output, pooling, batch, maxLength, strict, threads };
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(model)!;
            RequireFolder(folder);
            CliErrors.RequireFile(parse.GetValue(input)!, "--input");
            SetThreads(parse.GetValue(threads));
            int batchSize = parse.GetValue(batch);
            if (batchSize < 1)
                throw new TextKitException("TK011", "--batch-size must be at least 1.");
            var lines = File.ReadAllLines(parse.GetValue(input)!.FullName, Encoding.UTF8);
            // Pooled from the sequence output, never the pooler: masked-LM checkpoints (no pooler) load too.
            var m = TransformerModels.Load(folder.FullName, new LoadOptions { Task = ModelTask.Base, PoolerOptional = true });
            var tokenizer = TokenizerLoadingBridge.FromFolder(folder.FullName);
            using var encoder = new TransformerEncoder(m, tokenizer, parse.GetValue(pooling), parse.GetValue(maxLength),
                parse.GetValue(strict) ? LongTextHandling.Error : LongTextHandling.TruncateWithWarning)
            {
                Warning = message => Console.Error.WriteLine("warning: " + message),
            };
            using var writer = new StreamWriter(parse.GetValue(output)!.FullName, false, new UTF8Encoding(false));
            var line = new StringBuilder();
            for (int start = 0; start < lines.Length; start += batchSize)
            {
                var chunk = lines.Skip(start).Take(batchSize).ToArray();
                foreach (var vector in encoder.Embed(chunk, start + 1))
                {
                    line.Clear();
                    for (int i = 0; i < vector.Length; i++)
                    {
                        if (i > 0)
                            line.Append('\t');
                        line.Append(vector[i].ToString("R", CultureInfo.InvariantCulture));
                    }
                    writer.Write(line.Append('\n'));
                }
            }
            Console.Error.WriteLine($"embedded {lines.Length} texts ({encoder.Dimension} dimensions, {encoder.TruncatedRows} truncated)");
            return 0;
        });
        return command;
    }

    private static Command Generate()
    {
        var model = ModelOption();
        var prompt = new Option<string?>("--prompt") { Description = "Prompt text (tokenized with the folder's tokenizer)." };
        var promptIds = new Option<string?>("--prompt-ids") { Description = "Prompt as comma-separated token ids instead of text (prints ids)." };
        var maxNew = new Option<int>("--max-new-tokens") { Description = "New tokens at most.", DefaultValueFactory = _ => 20 };
        var temperature = new Option<double?>("--temperature") { Description = "Sampling temperature (enables sampling)." };
        var topK = new Option<int?>("--top-k") { Description = "Sample from the k most likely tokens (enables sampling)." };
        var topP = new Option<double?>("--top-p") { Description = "Nucleus sampling threshold (enables sampling)." };
        var sample = new Option<bool>("--sample") { Description = "Sample instead of greedy decoding." };
        var beams = new Option<int>("--beams") { Description = "Beam width (1 = greedy or sampling).", DefaultValueFactory = _ => 1 };
        var seed = new Option<int>("--seed") { Description = "Sampling seed.", DefaultValueFactory = _ => 0 };
        var threads = ThreadsOption();
        var command = new Command("generate", "Continue a prompt with GPT-2 or answer it with T5 (greedy, sampling or beam search).")
        {
            model, prompt, promptIds, maxNew, temperature, topK, topP, sample, beams, seed, threads,
        };
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(model)!;
            RequireFolder(folder);
            SetThreads(parse.GetValue(threads));
            string? text = parse.GetValue(prompt);
            string? ids = parse.GetValue(promptIds);
            if ((text is null) == (ids is null))
                throw new TextKitException("TK011", "give exactly one of --prompt and --prompt-ids.");
            using var m = TransformerModels.Load(folder.FullName);
            if (m is not IGenerativeModel generative)
                throw new TextKitException("TK312", $"the model in '{folder.FullName}' ({m.Config.ModelType}, {m.Task}) cannot generate; use a GPT-2 LM or T5 checkpoint.");
            var options = new GenerationOptions
            {
                MaxNewTokens = parse.GetValue(maxNew),
                NumBeams = parse.GetValue(beams),
                Seed = parse.GetValue(seed),
                DoSample = parse.GetValue(sample) || parse.GetValue(temperature) is not null || parse.GetValue(topK) is not null || parse.GetValue(topP) is not null,
                Temperature = parse.GetValue(temperature) ?? 1.0,
                TopK = parse.GetValue(topK) ?? 0,
                TopP = parse.GetValue(topP) ?? 1.0,
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentException e)
            {
                throw new TextKitException("TK011", e.Message);
            }
            Neural.Tokenizers.ITransformerTokenizer? tokenizer = null;
            long[] promptTokens;
            if (ids is not null)
            {
                try
                {
                    promptTokens = ids.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
                }
                catch (FormatException)
                {
                    throw new TextKitException("TK011", $"--prompt-ids must be comma-separated integers, got '{ids}'.");
                }
            }
            else
            {
                tokenizer = TokenizerLoadingBridge.FromFolder(folder.FullName);
                promptTokens = tokenizer.Encode(text!).InputIds.Select(i => (long)i).ToArray();
            }
            if (promptTokens.Length == 0)
                throw new TextKitException("TK340", "the prompt is empty (no tokens); give some text.");
            using var input = torch.tensor(promptTokens, [1, promptTokens.Length]);
            m.ValidateInput(new ModelInput { InputIds = input });
            var result = TextGenerator.Generate(generative, input, null, options)[0];
            if (tokenizer is null)
                Console.WriteLine(string.Join(',', result));
            else
                Console.WriteLine(tokenizer.Decode(result.Select(i => (int)i).ToArray()));
            return 0;
        });
        return command;
    }
}
