using System.CommandLine;
using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using TextKit.Corpora;
using TextKit.Data;
using TextKit.Lemmatization;
using TextKit.Morphology;
using TextKit.Stemming;

namespace TextKit.Cli.Commands;

/// <summary>
/// <c>textkit stem</c> (one word per line → one stem per line) and <c>textkit lemmatize</c> (fills the LEMMA column
/// of a CoNLL-U file; <c>lemmatize train</c> builds a model such as the shipped models/en-morphology.tkm).
/// </summary>
internal static class NormalizationCommands
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static Command Stem()
    {
        var algorithm = new Option<string>("--algorithm", "-a") { Description = "porter, porter2 (Snowball english, classic) or porter2-revised (Snowball 3).", DefaultValueFactory = _ => "porter2" };
        var input = new Option<FileInfo?>("--input", "-i") { Description = "Words, one per line, UTF-8 (default: standard input)." };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Stems, one per line (default: standard output)." };
        var lower = new Option<bool>("--lowercase") { Description = "Lower-case each word first (Snowball itself treats capitals as consonants)." };
        var command = new Command("stem", "Stem words with Porter or Porter2 (classic or Snowball 3 revision; exact Snowball behaviour): one word per line in, one stem per line out.")
        {
            algorithm, input, output, lower,
        };
        command.SetAction(parse =>
        {
            var stemmer = Stemmer.Get(Stemmer.ParseAlgorithm(parse.GetValue(algorithm)!));
            bool lowercase = parse.GetValue(lower);
            var inputFile = parse.GetValue(input);
            if (inputFile is not null)
                CliErrors.RequireFile(inputFile, "--input");
            using var stream = inputFile is null ? Console.OpenStandardInput() : File.OpenRead(inputFile.FullName);
            using var writer = OpenOutput(parse.GetValue(output));
            var buffer = new char[256];
            foreach (var word in ReadLines(stream, inputFile?.FullName ?? "<stdin>"))
            {
                if (buffer.Length < word.Length)
                    buffer = new char[word.Length * 2];
                var span = word.AsSpan();
                if (lowercase)
                {
                    span.ToLowerInvariant(buffer);
                    span = buffer.AsSpan(0, word.Length);
                }
                int n = stemmer.Stem(span, buffer);
                writer.Write(buffer, 0, n);
                writer.Write('\n');
            }
            return 0;
        });
        return command;
    }

    private const int LemmatizeBlockSentences = 256;

    public static Command Lemmatize()
    {
        var input = new Option<FileInfo?>("--input", "-i") { Description = "CoNLL-U file (default: standard input)." };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "CoNLL-U with LEMMA filled (default: standard output)." };
        var pos = new Option<string>("--pos") { Description = "gold: use the file's UPOS/XPOS; guess: ignore them and use each word's most likely reading.", DefaultValueFactory = _ => "guess" };
        pos.AcceptOnlyFromAmong("gold", "guess");
        var model = new Option<FileInfo?>("--model", "-m") { Description = "Morphology model (.tkm) from `textkit lemmatize train` (default: the shipped English model)." };
        var command = new Command("lemmatize", "Fill the LEMMA column of a CoNLL-U file (other columns are kept). `lemmatize train` builds a model.")
        {
            input, output, pos, model,
        };
        command.Subcommands.Add(Train());
        command.SetAction(parse =>
        {
            var modelFile = parse.GetValue(model);
            if (modelFile is not null)
                CliErrors.RequireFile(modelFile, "--model");
            var lemmatizer = modelFile is null ? Lemmatizer.English : new Lemmatizer(MorphologyModel.Load(modelFile.FullName));
            bool gold = parse.GetValue(pos) == "gold";
            var inputFile = parse.GetValue(input);
            if (inputFile is not null)
                CliErrors.RequireFile(inputFile, "--input");
            using var reader = inputFile is null ? new StreamReader(Console.OpenStandardInput(), s_strictUtf8) : ConllUReader.OpenUtf8(inputFile.FullName);
            using var writer = OpenOutput(parse.GetValue(output));
            // Blocks of sentences lemmatized as one run (the lookups of the next words overlap across sentence
            // boundaries); still streaming, so memory stays bounded on any input size.
            var sentences = ConllUReader.Read(reader, inputFile?.FullName ?? "<stdin>").Chunk(LemmatizeBlockSentences).SelectMany(block =>
            {
                lemmatizer.Lemmatize(block, usePos: gold);
                return block;
            });
            ConllUWriter.Write(writer, sentences);
            return 0;
        });
        return command;
    }

    private static Command Train()
    {
        var train = new Option<FileInfo>("--train") { Description = "CoNLL-U training file (FORM, LEMMA, UPOS, XPOS, FEATS are used).", Required = true };
        var dev = new Option<FileInfo?>("--dev") { Description = "Optional CoNLL-U file: prints lemma accuracy with its gold tags." };
        var wordnet = new Option<string[]>("--wordnet") { Description = "WordNet dictionary folders or dataset names (wordnet30, wordnet31; fetched if needed). Default: both.", AllowMultipleArgumentsPerToken = true };
        var noWordNet = new Option<bool>("--no-wordnet") { Description = "Train without a WordNet lexicon." };
        var output = new Option<FileInfo>("--output", "-o") { Description = "Model file to write (.tkm).", Required = true };
        var maxSuffix = new Option<int>("--max-suffix") { Description = "Longest word ending the rules use.", DefaultValueFactory = _ => new MorphologyTrainingOptions().MaxSuffixLength };
        var minCount = new Option<int>("--min-suffix-count") { Description = "Word types an ending needs before its rules are used.", DefaultValueFactory = _ => new MorphologyTrainingOptions().MinSuffixCount };
        var command = new Command("train", "Train a lemmatizer/morphology model from CoNLL-U (+ WordNet) and save it.")
        {
            train, dev, wordnet, noWordNet, output, maxSuffix, minCount,
        };
        command.SetAction(parse =>
        {
            var trainFile = parse.GetValue(train)!;
            CliErrors.RequireFile(trainFile, "--train");
            var devFile = parse.GetValue(dev);
            if (devFile is not null)
                CliErrors.RequireFile(devFile, "--dev");
            WordNetLexicon? lexicon = null;
            var wordnetSources = new List<string>();
            if (!parse.GetValue(noWordNet))
            {
                var names = parse.GetValue(wordnet) is { Length: > 0 } given ? given : ["wordnet30", "wordnet31"];
                var folders = names.Select(n => Directory.Exists(n) ? n : DataCatalog.Ensure(n, Console.Error)).ToArray();
                lexicon = WordNetLexicon.Load(folders);
                wordnetSources.AddRange(names.Select(n => Directory.Exists(n) ? Path.GetFileName(Path.GetFullPath(n)) : $"{n} ({DataCatalog.Get(n).Package} {DataCatalog.Get(n).Version})"));
            }
            var options = new MorphologyTrainingOptions
            {
                MaxSuffixLength = parse.GetValue(maxSuffix),
                MinSuffixCount = parse.GetValue(minCount),
                Source = $"{trainFile.Name} (sha256 {Sha256(trainFile.FullName)[..16]})" + (wordnetSources.Count > 0 ? " + WordNet: " + string.Join(", ", wordnetSources) : ""),
            };
            var stopwatch = Stopwatch.StartNew();
            var model = MorphologyModel.Train(ConllUReader.ReadFile(trainFile.FullName), lexicon, options);
            Console.Error.WriteLine($"trained in {stopwatch.Elapsed.TotalSeconds:F1} s on {model.Info.TrainingWords:N0} words: {model.Info.Forms:N0} forms, {model.Info.SuffixRules:N0} suffix rules, {model.Info.GuesserEntries:N0} guesser entries, WordNet {model.Info.WordNetLemmas:N0} lemmas / {model.Info.WordNetExceptions:N0} exceptions");
            var outputFile = parse.GetValue(output)!;
            if (outputFile.Directory is { Exists: false } directory)
                directory.Create();
            model.Save(outputFile.FullName, CompressionLevel.SmallestSize);
            Console.Error.WriteLine($"wrote {outputFile.FullName} ({new FileInfo(outputFile.FullName).Length:N0} bytes)");
            if (devFile is not null)
            {
                var lemmatizer = new Lemmatizer(model);
                long words = 0, correct = 0;
                foreach (var word in ConllUReader.ReadFile(devFile.FullName).SelectMany(s => s.Words))
                {
                    words++;
                    // CoNLL 2018 Lemmas: a gold lemma "_" accepts any prediction.
                    if (word.Lemma == "_" || lemmatizer.Lemmatize(word.Form, word.Upos, word.Xpos) == word.Lemma)
                        correct++;
                }
                Console.WriteLine($"dev lemma accuracy (gold UPOS/XPOS): {100.0 * correct / Math.Max(1, words):F2}% ({correct:N0}/{words:N0})");
            }
            return 0;
        });
        return command;
    }

    private static TextWriter OpenOutput(FileInfo? file)
    {
        var stream = file is null ? Console.OpenStandardOutput() : File.Create(file.FullName);
        return new StreamWriter(stream, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
    }

    /// <summary>
    /// The lines of a UTF-8 stream without their terminators ("\n" or "\r\n"; a leading BOM is skipped). Each line
    /// is decoded on its own, so invalid UTF-8 fails with its exact line number.
    /// </summary>
    internal static IEnumerable<string> ReadLines(Stream stream, string source)
    {
        var chunk = new byte[1 << 16];
        var pending = new List<byte>();
        long lineNumber = 0;
        bool first = true;
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            int start = 0;
            if (first)
            {
                first = false;
                if (read >= 3 && chunk[0] == 0xEF && chunk[1] == 0xBB && chunk[2] == 0xBF)
                    start = 3;
            }
            for (int i = start; i < read; i++)
            {
                if (chunk[i] != (byte)'\n')
                    continue;
                pending.AddRange(new ArraySegment<byte>(chunk, start, i - start));
                yield return Decode(pending, source, ++lineNumber);
                pending.Clear();
                start = i + 1;
            }
            pending.AddRange(new ArraySegment<byte>(chunk, start, read - start));
        }
        if (pending.Count > 0)
            yield return Decode(pending, source, ++lineNumber);

        static string Decode(List<byte> bytes, string source, long line)
        {
            int length = bytes.Count > 0 && bytes[^1] == (byte)'\r' ? bytes.Count - 1 : bytes.Count;
            try
            {
                return s_strictUtf8.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes)[..length]);
            }
            catch (DecoderFallbackException e)
            {
                throw new TextKitFormatException("TK502", source, line, "invalid UTF-8; the input must be UTF-8 text with one word per line.", e);
            }
        }
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
    }
}
