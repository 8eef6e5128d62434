using System.CommandLine;
using System.Text;
using TextKit.Cleaning;
using TextKit.Corpora;
using TextKit.Segmentation;
using TextKit.Tokenization;

namespace TextKit.Cli.Commands;

/// <summary>
/// <c>textkit clean</c>, <c>textkit tokenize</c> and <c>textkit segmenter train</c>: cleaning, tokenization + sentence
/// segmentation to CoNLL-U, and training a sentence segmenter from CoNLL-U or plain text.
/// </summary>
internal static class TokenizeCommands
{
    public static Command Clean()
    {
        var input = new Option<FileInfo?>("--input") { Description = "Text or HTML file (UTF-8; default: standard input)." };
        var output = new Option<FileInfo?>("--output") { Description = "Output file (default: standard output)." };
        var preset = new Option<string>("--preset") { Description = "default | web | social (see docs/tokenization.md).", DefaultValueFactory = _ => "default" };
        var html = new Option<HtmlHandling?>("--html") { Description = "Auto | Always | Never (overrides the preset)." };
        var normalization = new Option<UnicodeNormalization?>("--normalize") { Description = "None | Nfc | Nfkc (overrides the preset)." };
        var lower = new Option<bool>("--lower") { Description = "Lower-case the text." };
        var accents = new Option<bool>("--strip-accents") { Description = "Remove accents (é → e)." };
        var maskUrls = new Option<bool>("--mask-urls") { Description = "Replace URLs with <url>." };
        var maskEmails = new Option<bool>("--mask-emails") { Description = "Replace e-mail addresses with <email>." };
        var maskMentions = new Option<bool>("--mask-mentions") { Description = "Replace @mentions with @user." };
        var maskNumbers = new Option<bool>("--mask-numbers") { Description = "Replace numbers with <num>." };
        var emoji = new Option<EmojiHandling?>("--emoji") { Description = "Keep | Remove | Replace (overrides the preset)." };
        var command = new Command("clean", "Clean text: HTML to text, Unicode normalization, control/zero-width characters, whitespace, optional masks.")
        {
            input, output, preset, html, normalization, lower, accents, maskUrls, maskEmails, maskMentions, maskNumbers, emoji,
        };
        command.SetAction(parse =>
        {
            var options = TextCleanerOptions.Preset(parse.GetValue(preset)!);
            if (parse.GetValue(html) is { } h)
                options.Html = h;
            if (parse.GetValue(normalization) is { } nf)
                options.Normalization = nf;
            if (parse.GetValue(emoji) is { } em)
                options.Emoji = em;
            options.LowerCase |= parse.GetValue(lower);
            options.RemoveAccents |= parse.GetValue(accents);
            options.MaskUrls |= parse.GetValue(maskUrls);
            options.MaskEmails |= parse.GetValue(maskEmails);
            options.MaskMentions |= parse.GetValue(maskMentions);
            options.MaskNumbers |= parse.GetValue(maskNumbers);
            var text = ReadInput(parse.GetValue(input));
            var cleaned = new TextCleaner(options).Clean(text);
            WriteOutput(parse.GetValue(output), writer =>
            {
                writer.Write(cleaned);
                if (cleaned.Length > 0)
                    writer.Write('\n');
            });
            return 0;
        });
        return command;
    }

    public static Command Tokenize()
    {
        var input = new Option<FileInfo?>("--input") { Description = "Raw text file (UTF-8; default: standard input). Blank lines separate paragraphs." };
        var output = new Option<FileInfo?>("--output") { Description = "CoNLL-U output (default: standard output)." };
        var model = new Option<FileInfo?>("--segmenter") { Description = "Segmenter model file (from `textkit segmenter train`; default: the shipped English model)." };
        var lineBreaks = new Option<LineBreakMode>("--line-breaks") { Description = "Auto | Always | Never: how single line breaks affect sentences.", DefaultValueFactory = _ => LineBreakMode.Auto };
        var noContractions = new Option<bool>("--no-split-contractions") { Description = "Keep contractions as one word (no multiword tokens)." };
        var docId = new Option<string?>("--doc-id") { Description = "Value of `# newdoc id` (default: the input file name)." };
        var command = new Command("tokenize", "Tokenize and sentence-split raw text into CoNLL-U (# sent_id, # text, multiword tokens, SpaceAfter=No).")
        {
            input, output, model, lineBreaks, noContractions, docId,
        };
        command.SetAction(parse =>
        {
            var inputFile = parse.GetValue(input);
            var text = ReadInput(inputFile);
            var segmenterModel = parse.GetValue(model) is { } m ? LoadModel(m) : SegmenterModel.English;
            var pipeline = new DocumentTokenizer(
                new WordTokenizer(new WordTokenizerOptions { SplitContractions = !parse.GetValue(noContractions) }),
                new SentenceSegmenter(new SentenceSegmenterOptions { Model = segmenterModel, LineBreaks = parse.GetValue(lineBreaks) }));
            var tokens = new TokenList();
            var sentences = new List<SentenceSpan>();
            pipeline.Process(text, tokens, sentences);
            var id = parse.GetValue(docId) ?? (inputFile is null ? "stdin" : Path.GetFileNameWithoutExtension(inputFile.Name));
            var conllu = TokenizedConllU.Build(text, tokens, sentences, id + "-", id);
            WriteOutput(parse.GetValue(output), writer => ConllUWriter.Write(writer, conllu));
            Console.Error.WriteLine($"{sentences.Count} sentences, {tokens.Count} tokens, {tokens.WordCount} words");
            return 0;
        });
        return command;
    }

    public static Command Segmenter()
    {
        var conllu = new Option<FileInfo?>("--conllu") { Description = "Sentence-segmented CoNLL-U (supervised training; documents and paragraphs from # newdoc/# newpar)." };
        var text = new Option<FileInfo?>("--text") { Description = "Plain text (unsupervised Punkt-style training)." };
        var output = new Option<FileInfo>("--output") { Description = "Model file to write.", Required = true };
        var epochs = new Option<int>("--epochs") { Description = "Perceptron epochs (supervised).", DefaultValueFactory = _ => 10 };
        var seed = new Option<int>("--seed") { Description = "Shuffle seed (supervised).", DefaultValueFactory = _ => 1 };
        var notes = new Option<string[]>("--note") { Description = "Provenance/licence line stored in the model (repeatable).", AllowMultipleArgumentsPerToken = false };
        var train = new Command("train", "Train a sentence segmenter model: supervised from CoNLL-U or unsupervised (Punkt) from plain text.")
        {
            conllu, text, output, epochs, seed, notes,
        };
        train.SetAction(parse =>
        {
            var conlluFile = parse.GetValue(conllu);
            var textFile = parse.GetValue(text);
            if ((conlluFile is null) == (textFile is null))
                throw new TextKitException("TK031", "Give exactly one of --conllu (supervised) or --text (unsupervised).");
            SegmenterModel model;
            var started = System.Diagnostics.Stopwatch.StartNew();
            if (conlluFile is not null)
            {
                CliErrors.RequireFile(conlluFile, "--conllu");
                var options = new SegmenterTrainerOptions { Epochs = parse.GetValue(epochs), Seed = parse.GetValue(seed) };
                foreach (var note in parse.GetValue(notes) ?? [])
                    options.Notes.Add(note);
                model = SegmenterTrainer.Train(ConllUReader.ReadFile(conlluFile.FullName), options);
            }
            else
            {
                CliErrors.RequireFile(textFile!, "--text");
                var options = new PunktTrainerOptions();
                foreach (var note in parse.GetValue(notes) ?? [])
                    options.Notes.Add(note);
                var raw = ReadInput(textFile);
                model = PunktTrainer.Train(raw.Split(["\n\n", "\r\n\r\n"], StringSplitOptions.RemoveEmptyEntries), options);
            }
            model.Save(parse.GetValue(output)!.FullName);
            Console.Error.WriteLine($"trained in {started.Elapsed.TotalSeconds:F1} s: {model.Weights.Count} weights, {model.Abbreviations.Count} abbreviations, {model.Orthography.Count} word types, {model.SentenceStarters.Count} starters");
            return 0;
        });
        var command = new Command("segmenter", "Sentence segmenter models.");
        command.Subcommands.Add(train);
        return command;
    }

    private static SegmenterModel LoadModel(FileInfo file)
    {
        CliErrors.RequireFile(file, "--segmenter");
        return SegmenterModel.Load(file.FullName);
    }

    /// <summary>Reads a whole UTF-8 file (or standard input); invalid UTF-8 fails with the file named.</summary>
    internal static string ReadInput(FileInfo? file)
    {
        if (file is null)
            return Console.In.ReadToEnd();
        CliErrors.RequireFile(file, "--input");
        try
        {
            return File.ReadAllText(file.FullName, new UTF8Encoding(false, throwOnInvalidBytes: true));
        }
        catch (DecoderFallbackException e)
        {
            throw new TextKitFormatException("TK030", file.FullName, 0, "invalid UTF-8; convert the file to UTF-8 first.", e);
        }
    }

    internal static void WriteOutput(FileInfo? file, Action<TextWriter> write)
    {
        if (file is null)
        {
            var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = false };
            write(stdout);
            stdout.Flush();
            return;
        }
        using var writer = new StreamWriter(file.FullName, false, new UTF8Encoding(false));
        write(writer);
    }
}
