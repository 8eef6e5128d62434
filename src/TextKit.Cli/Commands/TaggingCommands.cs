using System.CommandLine;
using System.Diagnostics;
using System.Text;
using TextKit.Corpora;
using TextKit.Hmm;
using TextKit.Tagging;

namespace TextKit.Cli.Commands;

/// <summary>
/// <c>textkit tag</c> (fills UPOS/XPOS/FEATS of a CoNLL-U file) and <c>textkit train tagger|clusters</c> (builds the
/// perceptron or HMM tagger models and the word clusters they can use).
/// </summary>
internal static class TaggingCommands
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static IEnumerable<Command> Create()
    {
        yield return Tag();
    }

    /// <summary>Adds <c>tagger</c> and <c>clusters</c> to the shared <c>textkit train</c> group (TrainCommands).</summary>
    public static Command AttachTo(Command train)
    {
        ArgumentNullException.ThrowIfNull(train);
        train.Subcommands.Add(TrainTagger());
        train.Subcommands.Add(TrainClusters());
        return train;
    }

    private static Command Tag()
    {
        var model = new Option<string>("--model", "-m") { Description = "'default' (shipped English EWT perceptron model) or a .tkpos/.tkhmm file.", DefaultValueFactory = _ => "default" };
        var input = new Option<FileInfo?>("--input", "-i") { Description = "CoNLL-U file (default: standard input)." };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "CoNLL-U with UPOS/XPOS/FEATS filled (default: standard output)." };
        var beam = new Option<int?>("--beam") { Description = $"Perceptron models: tag histories kept by the beam search, 1..{PerceptronTagger.MaxBeamWidth} (1: greedy, fastest). Default: the model's own (3 for the shipped model)." };
        var temperature = new Option<double?>("--beam-temperature") { Description = "Perceptron models: softmax temperature of the beam's per-word distributions. Default: the model's own (40 for the shipped model)." };
        var command = new Command("tag", "Part-of-speech tag a CoNLL-U file: fills UPOS, XPOS and FEATS (the layers the model predicts), keeps the other columns.")
        {
            model, input, output, beam, temperature,
        };
        command.SetAction(parse =>
        {
            var tagger = PosTaggers.Load(parse.GetValue(model)!);
            if (parse.GetValue(beam) is not null || parse.GetValue(temperature) is not null)
            {
                if (tagger is not PerceptronTagger perceptron)
                    throw new TextKitException("TK011", "--beam and --beam-temperature apply to perceptron models (.tkpos) only.");
                int width = parse.GetValue(beam) ?? perceptron.BeamWidth;
                double t = parse.GetValue(temperature) ?? perceptron.BeamTemperature;
                CheckBeam(width, t);
                tagger = perceptron.WithBeam(width, t);
            }
            var inputFile = parse.GetValue(input);
            if (inputFile is not null)
                CliErrors.RequireFile(inputFile, "--input");
            using var reader = inputFile is null ? new StreamReader(Console.OpenStandardInput(), s_strictUtf8) : ConllUReader.OpenUtf8(inputFile.FullName);
            var outputFile = parse.GetValue(output);
            using var writer = new StreamWriter(outputFile is null ? Console.OpenStandardOutput() : File.Create(outputFile.FullName), new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
            ConllUWriter.Write(writer, ConllUReader.Read(reader, inputFile?.FullName ?? "<stdin>").Select(s =>
            {
                tagger.Tag(s);
                return s;
            }));
            return 0;
        });
        return command;
    }

    /// <summary>--beam and --beam-temperature as TK011 errors (the library's checks throw ArgumentOutOfRangeException).</summary>
    private static void CheckBeam(int width, double temperature)
    {
        if (width is < 1 or > PerceptronTagger.MaxBeamWidth)
            throw new TextKitException("TK011", $"--beam must be in 1..{PerceptronTagger.MaxBeamWidth}, not {width}.");
        if (!double.IsFinite(temperature) || temperature <= 0)
            throw new TextKitException("TK011", $"--beam-temperature must be a finite number above 0, not {temperature.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
    }

    private static Command TrainTagger()
    {
        var kind = new Option<string>("--kind") { Description = "perceptron (UPOS+XPOS+FEATS, .tkpos) or hmm (TnT-style trigram HMM, UPOS+XPOS, .tkhmm).", DefaultValueFactory = _ => "perceptron" };
        kind.AcceptOnlyFromAmong("perceptron", "hmm");
        var train = new Option<FileInfo>("--train") { Description = "CoNLL-U training file.", Required = true };
        var dev = new Option<FileInfo?>("--dev") { Description = "CoNLL-U dev file: scored after every iteration (perceptron) or at the end (hmm)." };
        var output = new Option<FileInfo>("--output", "-o") { Description = "Model file to write.", Required = true };
        var iterations = new Option<int>("--iterations") { Description = "Perceptron passes over the training data.", DefaultValueFactory = _ => new PerceptronTaggerOptions().Iterations };
        var seed = new Option<int>("--seed") { Description = "Shuffling seed (training is deterministic for a seed).", DefaultValueFactory = _ => new PerceptronTaggerOptions().Seed };
        var ensemble = new Option<int>("--ensemble") { Description = "Perceptron: train this many models (seeds --seed, --seed+1, ...) and average their weights into one; tagging costs the same.", DefaultValueFactory = _ => new PerceptronTaggerOptions().Ensemble };
        var brownLexicon = new Option<bool>("--brown-lexicon") { Description = "Use the Brown corpus tags (fetched) as an unknown-word lexicon feature." };
        var clusters = new Option<FileInfo?>("--clusters") { Description = "Word clusters file from `textkit train clusters` (bits<TAB>word lines)." };
        var noMorphology = new Option<bool>("--no-morphology") { Description = "Do not use the WordNet-rule features of the shipped morphology model for unknown words." };
        var layers = new Option<string?>("--layers") { Description = "Comma-separated layers to learn (upos,xpos,feats); default: every layer the data has." };
        var beamWidth = new Option<int>("--beam") { Description = $"Perceptron: tag histories the model's beam search keeps when tagging, 1..{PerceptronTagger.MaxBeamWidth} (1: greedy; the shipped model uses 3).", DefaultValueFactory = _ => new PerceptronTaggerOptions().BeamWidth };
        var beamTemperature = new Option<double>("--beam-temperature") { Description = "Perceptron: softmax temperature of the beam's per-word distributions, in score units.", DefaultValueFactory = _ => new PerceptronTaggerOptions().BeamTemperature };
        var command = new Command("tagger", "Train a part-of-speech tagger on CoNLL-U and save it; progress and dev scores go to standard error.")
        {
            kind, train, dev, output, iterations, seed, ensemble, brownLexicon, clusters, noMorphology, layers, beamWidth, beamTemperature,
        };
        command.SetAction(parse =>
        {
            var trainFile = parse.GetValue(train)!;
            CheckBeam(parse.GetValue(beamWidth), parse.GetValue(beamTemperature)); // before reading any data
            CliErrors.RequireFile(trainFile, "--train");
            var devFile = parse.GetValue(dev);
            if (devFile is not null)
                CliErrors.RequireFile(devFile, "--dev");
            var outputFile = parse.GetValue(output)!;
            if (outputFile.Directory is { Exists: false } directory)
                directory.Create();
            var trainData = AnnotatedSentence.ReadConllU(trainFile.FullName).ToList();
            var devData = devFile is null ? null : AnnotatedSentence.ReadConllU(devFile.FullName).ToList();
            var requested = ParseLayers(parse.GetValue(layers));
            var watch = Stopwatch.StartNew();
            if (parse.GetValue(kind) == "hmm")
            {
                var hmm = TrigramHmmTagger.Train(trainData, new TrigramHmmTaggerOptions { Layers = requested & ~TagLayers.Feats });
                Console.Error.WriteLine($"trained HMM in {watch.Elapsed.TotalSeconds:F1} s (λ = {string.Join(", ", hmm.Lambdas.Select(l => l.ToString("F3")))})");
                hmm.Save(outputFile.FullName);
                if (devData is not null)
                    Console.Error.WriteLine($"dev: {TagAccuracy.Evaluate(hmm, devData, KnownWords(trainData))}");
            }
            else
            {
                var clustersFile = parse.GetValue(clusters);
                if (clustersFile is not null)
                    CliErrors.RequireFile(clustersFile, "--clusters");
                WordClusters? wordClusters = null;
                if (clustersFile is not null)
                {
                    using var clusterReader = File.OpenText(clustersFile.FullName);
                    wordClusters = WordClusters.Load(clusterReader, clustersFile.FullName);
                }
                var options = new PerceptronTaggerOptions
                {
                    Iterations = parse.GetValue(iterations),
                    Seed = parse.GetValue(seed),
                    Ensemble = parse.GetValue(ensemble),
                    BeamWidth = parse.GetValue(beamWidth),
                    BeamTemperature = parse.GetValue(beamTemperature),
                    Layers = requested,
                    Lexicon = parse.GetValue(brownLexicon) ? PosTaggers.BrownLexicon() : null,
                    Clusters = wordClusters,
                    Morphology = parse.GetValue(noMorphology) ? null : new PerceptronTaggerOptions().Morphology,
                    TrainingDataDescription = trainFile.Name,
                    Command = "textkit " + string.Join(' ', parse.Tokens.Select(t => t.Value)),
                };
                var progress = new ConsoleProgress();
                var tagger = PerceptronTaggerTrainer.Train(trainData, options, devData, progress);
                tagger.Save(outputFile.FullName);
            }
            Console.Error.WriteLine($"wrote {outputFile.FullName} ({outputFile.Length:N0} bytes) in {watch.Elapsed.TotalSeconds:F1} s");
            return 0;
        });
        return command;
    }

    private static Command TrainClusters()
    {
        var output = new Option<FileInfo>("--output", "-o") { Description = "Clusters file to write (bits<TAB>word lines).", Required = true };
        var count = new Option<int>("--clusters") { Description = "Number of clusters.", DefaultValueFactory = _ => 256 };
        var minCount = new Option<int>("--min-count") { Description = "Cluster words seen at least this often.", DefaultValueFactory = _ => 3 };
        var sources = new Option<string[]>("--source") { Description = $"Unlabelled text sources (fetched): {string.Join(", ", UnlabelledText.SourceNames)}. Default: all.", AllowMultipleArgumentsPerToken = true };
        var extra = new Option<FileInfo[]>("--conllu") { Description = "CoNLL-U files whose words are added as unlabelled text (e.g. the tagger's training file).", AllowMultipleArgumentsPerToken = true };
        var command = new Command("clusters", "Brown-cluster words of fetched unlabelled text (and optional CoNLL-U words) for the tagger's --clusters.")
        {
            output, count, minCount, sources, extra,
        };
        command.SetAction(parse =>
        {
            var files = parse.GetValue(extra) ?? [];
            foreach (var f in files)
                CliErrors.RequireFile(f, "--conllu");
            var names = parse.GetValue(sources) is { Length: > 0 } given ? given : null;
            var text = UnlabelledText.Read(names).Concat(files.SelectMany(f => AnnotatedSentence.ReadConllU(f.FullName).Select(s => s.Words)));
            var watch = Stopwatch.StartNew();
            var result = BrownClustering.Train(text, parse.GetValue(count), parse.GetValue(minCount), new ClusterProgress());
            var outputFile = parse.GetValue(output)!;
            using (var writer = new StreamWriter(outputFile.FullName, false, new UTF8Encoding(false)) { NewLine = "\n" })
                result.Save(writer);
            Console.Error.WriteLine($"clustered {result.Count:N0} words in {watch.Elapsed.TotalSeconds:F0} s → {outputFile.FullName}");
            return 0;
        });
        return command;
    }

    private static TagLayers ParseLayers(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return TagLayers.None;
        var layers = TagLayers.None;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            layers |= part.ToLowerInvariant() switch
            {
                "upos" => TagLayers.Upos,
                "xpos" => TagLayers.Xpos,
                "feats" => TagLayers.Feats,
                _ => throw new TextKitException("TK011", $"--layers: unknown layer '{part}'; use upos, xpos, feats."),
            };
        return layers;
    }

    private static Func<string, bool> KnownWords(List<AnnotatedSentence> train)
    {
        var known = new HashSet<string>(train.SelectMany(s => s.Words), StringComparer.Ordinal);
        return known.Contains;
    }

    private sealed class ConsoleProgress : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress p)
        {
            if (p.Member == 0)
                Console.Error.WriteLine($"averaged ensemble of {p.Members}  dev {p.Dev}  {p.Elapsed.TotalSeconds:F0} s");
            else
                Console.Error.WriteLine($"{(p.Members > 1 ? $"model {p.Member}/{p.Members}  " : "")}iteration {p.Iteration}/{p.Iterations}  train {p.TrainAccuracy:F2}%  {(p.Dev is null ? "" : "dev " + p.Dev + "  ")}{p.Elapsed.TotalSeconds:F0} s");
        }
    }

    private sealed class ClusterProgress : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) p)
        {
            if (p.Done % 10_000 == 1 || p.Done == p.Total)
                Console.Error.WriteLine($"clustering: {p.Done:N0}/{p.Total:N0} words");
        }
    }
}
