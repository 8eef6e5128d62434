using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.ML.Persistence;

namespace TextKit.Cli.Tests.Commands;

public class TrainTransformerCommandsTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "hf-tiny", name);

    private static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "textkit-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string SentimentTsv(string dir)
    {
        string[] subjects = ["the house", "the book", "the street", "the table", "this town", "the man", "our school", "the car"];
        (string Word, string Label)[] adjectives = [("good", "pos"), ("bad", "neg"), ("great", "pos"), ("old", "neu")];
        var lines = new List<string> { "sentence\tlabel" };
        lines.AddRange(subjects.SelectMany(s => adjectives.Select(a => $"{s} was very {a.Word} today .\t{a.Label}")));
        var path = Path.Combine(dir, "train.tsv");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void TrainClassifier_TinyCheckpoint_SavesModelAndPrintsDevFigures()
    {
        var dir = TempDir();
        var tsv = SentimentTsv(dir);
        var output = Path.Combine(dir, "model.zip");
        var log = Path.Combine(dir, "log.csv");
        var result = CliRunner.Run("train", "classifier", "--train", tsv, "--dev", tsv, "--text-column", "sentence", "--label-column", "label",
            "--model", Fixture("bert-seqcls"), "--output", output, "--epochs", "20", "--batch-size", "8", "--lr", "1e-3", "--seed", "7", "--log", log, "--plot", Path.Combine(dir, "curves.png"), "--json", "--threads", "1");
        Assert.True(result.ExitCode == 0, result.StdErr);
        var json = JsonNode.Parse(result.StdOut)!;
        Assert.Equal(32, json["devExamples"]!.GetValue<long>());
        Assert.Equal(1.0, json["accuracy"]!.GetValue<double>());
        Assert.True(File.Exists(output));
        Assert.Equal(20 * 4 + 20 + 1, File.ReadAllLines(log).Length); // 4 steps and 1 validation per epoch, plus the header
        var png = File.ReadAllBytes(Path.Combine(dir, "curves.png"));
        Assert.True(png.Length > 1000);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
    }

    /// <summary>
    /// Writes <paramref name="conllText"/> to train.conll in <paramref name="dir"/>, runs <c>train ner</c> on it with the
    /// tiny token-classification checkpoint into ner.zip (plus <paramref name="options"/>), and checks it succeeded.
    /// </summary>
    private static (CliRunner.Result Result, string Conll, string Model) TrainNer(string dir, string conllText, params string[] options)
    {
        var conll = Path.Combine(dir, "train.conll");
        File.WriteAllText(conll, conllText);
        var model = Path.Combine(dir, "ner.zip");
        var result = CliRunner.Run(["train", "ner", "--train", conll, "--model", Fixture("bert-tokcls"), "--output", model, .. options]);
        Assert.True(result.ExitCode == 0, result.StdErr);
        return (result, conll, model);
    }

    [Fact]
    public void TrainNer_TinyCheckpoint_PrintsConllevalSummary()
    {
        var dir = TempDir();
        var (result, _, _) = TrainNer(dir, "john\tB-PER\nmet\tO\nmary\tB-PER\nin\tO\nwashington\tB-LOC\n\nthe\tO\nman\tO\nwent\tO\nto\tO\nnew\tB-LOC\nyork\tI-LOC\n\n",
            "--dev", Path.Combine(dir, "train.conll"), "--epochs", "2", "--batch-size", "2", "--lr", "1e-3", "--threads", "1");
        Assert.Contains("processed 11 tokens with 4 phrases", result.StdOut);
        Assert.Contains("FB1:", result.StdOut);
        Assert.Contains("epoch 2/2: dev accuracy", result.StdErr);
    }

    [Fact]
    public void Train_WithoutASetToScore_SavesTheModelAndSaysSo()
    {
        var dir = TempDir();
        var (ner, _, nerModel) = TrainNer(dir, "john\tB-PER\nmet\tO\nmary\tB-PER\n\nthe\tO\nman\tO\nwent\tO\n\n", "--epochs", "1", "--threads", "1", "--json");
        var json = JsonNode.Parse(ner.StdOut)!;
        Assert.Equal("ner", json["task"]!.GetValue<string>());
        Assert.Equal(nerModel, json["model"]!.GetValue<string>());
        Assert.Equal(2, json["trainSentences"]!.GetValue<int>());
        Assert.True(json["trainSeconds"]!.GetValue<double>() > 0);
        Assert.True(File.Exists(nerModel));

        var tsv = SentimentTsv(dir);
        var classifierModel = Path.Combine(dir, "classifier.zip");
        var classifier = CliRunner.Run("train", "classifier", "--train", tsv, "--text-column", "sentence", "--label-column", "label",
            "--model", Fixture("bert-seqcls"), "--output", classifierModel, "--epochs", "1", "--threads", "1");
        Assert.True(classifier.ExitCode == 0, classifier.StdErr);
        Assert.StartsWith($"saved {classifierModel} (32 training examples, ", classifier.StdOut);
        Assert.Contains("pass --dev or --test to score a set.", classifier.StdOut);
        Assert.True(File.Exists(classifierModel));
    }

    [Fact]
    public void TrainClassifier_BadInput_ClearErrors()
    {
        var dir = TempDir();
        var tsv = SentimentTsv(dir);
        var missingModel = CliRunner.Run("train", "classifier", "--train", tsv, "--text-column", "sentence", "--model", Path.Combine(dir, "nope"), "--output", Path.Combine(dir, "m.zip"));
        Assert.Equal(2, missingModel.ExitCode);
        Assert.Contains("TK012", missingModel.StdErr); // neither 'linear' nor a checkpoint folder
        var wrongColumn = CliRunner.Run("train", "classifier", "--train", tsv, "--text-column", "text", "--model", Fixture("bert-seqcls"), "--output", Path.Combine(dir, "m.zip"));
        Assert.Equal(2, wrongColumn.ExitCode);
        Assert.Contains("text", wrongColumn.StdErr);
        var badEpochs = CliRunner.Run("train", "classifier", "--train", tsv, "--text-column", "sentence", "--model", Fixture("bert-seqcls"), "--output", Path.Combine(dir, "m.zip"), "--epochs", "0");
        Assert.Equal(2, badEpochs.ExitCode);
        Assert.Contains("Epochs", badEpochs.StdErr);
    }

    private sealed class TextRow
    {
        public string Text { get; set; } = "";

        public string Label { get; set; } = "";
    }

    [Fact]
    public void PredictClassifier_InANewProcess_GivesTheScoresOfTheSavedModel()
    {
        var dir = TempDir();
        var tsv = SentimentTsv(dir);
        var output = Path.Combine(dir, "model.zip");
        var train = CliRunner.Run("train", "classifier", "--train", tsv, "--text-column", "sentence", "--model", Fixture("bert-seqcls"), "--output", output,
            "--epochs", "2", "--batch-size", "8", "--lr", "1e-3", "--threads", "1");
        Assert.True(train.ExitCode == 0, train.StdErr);
        var predict = CliRunner.Run("predict", "classifier", "--model", output, "--input", tsv, "--text-column", "sentence", "--scores");
        Assert.True(predict.ExitCode == 0, predict.StdErr);
        var lines = predict.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("label\tpos\tneg\tneu", lines[0]); // key order of MapValueToKey: first appearance
        Assert.Equal(33, lines.Length);

        // The same file loaded here (another process than the one that trained and the one that predicted).
        var ml = new MLContext(3);
        var model = TextKitModel.Load(ml, output, out _);
        var texts = File.ReadAllLines(tsv).Skip(1).Select(l => new TextRow { Text = l.Split('\t')[0] }).ToList();
        var scores = model.Transform(ml.Data.LoadFromEnumerable(texts)).GetColumn<float[]>("Score").ToArray();
        for (int i = 0; i < scores.Length; i++)
        {
            var printed = lines[i + 1].Split('\t').Skip(1).Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(scores[i], printed);
        }
    }

    [Fact]
    public void PredictNer_WritesAConllFileThatEvaluateScores()
    {
        var dir = TempDir();
        var (_, conll, model) = TrainNer(dir, "john\tB-PER\nmet\tO\nmary\tB-PER\n\nthe\tO\nman\tO\nwent\tO\nto\tO\nnew\tB-LOC\nyork\tI-LOC\n\n", "--epochs", "1", "--threads", "1");
        var tagged = Path.Combine(dir, "tagged.conll");
        var predict = CliRunner.Run("predict", "ner", "--model", model, "--input", conll, "--output", tagged);
        Assert.True(predict.ExitCode == 0, predict.StdErr);
        Assert.Contains("tagged 2 sentences, 9 tokens", predict.StdOut);
        var evaluate = CliRunner.Run("evaluate", "ner", "--gold", conll, "--pred", tagged);
        Assert.True(evaluate.ExitCode == 0, evaluate.StdErr);
        Assert.Contains("processed 9 tokens with 3 phrases", evaluate.StdOut);
        var wrong = CliRunner.Run("predict", "classifier", "--model", model, "--input", conll);
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("TK817", wrong.StdErr);
    }
}

public class PretrainCommandsTests
{
    private static readonly string[] Subjects = ["the house", "the book", "the street", "the table", "this town", "the man", "our school", "the car"];

    private static string NewDir() => Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "textkit-cli-tests", Guid.NewGuid().ToString("N"))).FullName;

    /// <summary>A new folder with corpus.txt: 48 sentences, each subject with six adjectives.</summary>
    private static (string Dir, string Corpus) TinyCorpus()
    {
        var dir = NewDir();
        var corpus = Path.Combine(dir, "corpus.txt");
        string[] adjectives = ["good", "bad", "great", "old", "new", "small"];
        File.WriteAllLines(corpus, Subjects.SelectMany(s => adjectives.Select(a => $"{s} was very {a} today .")));
        return (dir, corpus);
    }

    /// <summary>`train classifier` fine-tunes <paramref name="model"/> for one epoch on good/bad sentences and scores them.</summary>
    private static void FineTunesAClassifier(string dir, string model)
    {
        var tsv = Path.Combine(dir, "train.tsv");
        File.WriteAllLines(tsv, new[] { "text\tlabel" }.Concat(Subjects.SelectMany(s => new[] { $"{s} was very good today .\tpos", $"{s} was very bad today .\tneg" })));
        var train = CliRunner.Run("train", "classifier", "--train", tsv, "--dev", tsv, "--model", model, "--output", Path.Combine(dir, "m.zip"), "--epochs", "1", "--threads", "1");
        Assert.True(train.ExitCode == 0, train.StdErr);
        Assert.Contains("accuracy:", train.StdOut);
    }

    [Fact]
    public void PretrainMlm_TinyCorpus_WritesAFolderThatTrainClassifierFineTunes()
    {
        var (dir, corpus) = TinyCorpus();
        var model = Path.Combine(dir, "bert");
        var result = CliRunner.Run("pretrain", "mlm", "--corpus", corpus, "--output", model, "--vocab-size", "120", "--layers", "1", "--hidden", "32", "--heads", "2",
            "--max-length", "32", "--epochs", "3", "--batch-size", "8", "--lr", "1e-3", "--threads", "1", "--checkpoint-every", "5", "--log", Path.Combine(dir, "pre.csv"));
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Contains("held-out masked-token accuracy by epoch", result.StdOut);
        foreach (var file in new[] { "config.json", "model.safetensors", "vocab.txt", "tokenizer_config.json", "checkpoint/trainer-state.json" })
            Assert.True(File.Exists(Path.Combine(model, file)), file);

        // --resume continues from OUTPUT/checkpoint (here: already at the end, so no step is replayed) with the same vocabulary.
        var vocabulary = File.ReadAllText(Path.Combine(model, "vocab.txt"));
        var resumed = CliRunner.Run("pretrain", "mlm", "--corpus", corpus, "--output", model, "--vocab-size", "120", "--layers", "1", "--hidden", "32", "--heads", "2",
            "--max-length", "32", "--epochs", "3", "--batch-size", "8", "--lr", "1e-3", "--threads", "1", "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.StdErr);
        Assert.Equal(vocabulary, File.ReadAllText(Path.Combine(model, "vocab.txt")));
        var noCheckpoint = CliRunner.Run("pretrain", "mlm", "--corpus", corpus, "--output", Path.Combine(dir, "fresh"), "--resume");
        Assert.Equal(2, noCheckpoint.ExitCode);
        Assert.Contains("holds no complete checkpoint", noCheckpoint.StdErr);

        // The log draws as a PNG; half-precision storage halves the weights and still loads.
        var plot = CliRunner.Run("plot", "--log", Path.Combine(dir, "pre.csv"), "--output", Path.Combine(dir, "pre.png"));
        Assert.True(plot.ExitCode == 0, plot.StdErr);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(Path.Combine(dir, "pre.png"))[..4]);
        var compact = CliRunner.Run("model", "compact", "--input", model, "--output", Path.Combine(dir, "bert16"));
        Assert.True(compact.ExitCode == 0, compact.StdErr);
        Assert.Contains("(float16)", compact.StdOut);
        Assert.InRange(new FileInfo(Path.Combine(dir, "bert16", "model.safetensors")).Length, 1, new FileInfo(Path.Combine(model, "model.safetensors")).Length * 0.6);
        var badPrecision = CliRunner.Run("model", "compact", "--input", model, "--output", Path.Combine(dir, "x"), "--precision", "int8");
        Assert.Equal(2, badPrecision.ExitCode);
        Assert.Contains("TK011", badPrecision.StdErr);

        FineTunesAClassifier(dir, Path.Combine(dir, "bert16"));
        var zip16 = CliRunner.Run("model", "compact", "--input", Path.Combine(dir, "m.zip"), "--output", Path.Combine(dir, "m16.zip"));
        Assert.True(zip16.ExitCode == 0, zip16.StdErr);
        var applyInput = Path.Combine(dir, "apply.tsv");
        File.WriteAllLines(applyInput, ["Text\tLabel", "the house was very good today .\tpos"]);
        var applied = CliRunner.Run("model", "apply", "--model", Path.Combine(dir, "m16.zip"), "--input", applyInput, "--columns", "Score");
        Assert.True(applied.ExitCode == 0, applied.StdErr);

        var bad = CliRunner.Run("pretrain", "mlm", "--corpus", corpus, "--output", model, "--hidden", "30", "--heads", "4");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("TK011", bad.StdErr);
    }

    [Fact]
    public void PretrainElectra_TinyCorpus_WritesAnElectraFolderThatTrainClassifierFineTunes()
    {
        var (dir, corpus) = TinyCorpus();
        var model = Path.Combine(dir, "electra");
        var log = Path.Combine(dir, "electra.csv");
        string[] shape = ["--vocab-size", "120", "--layers", "1", "--hidden", "32", "--heads", "2", "--max-length", "32", "--epochs", "3", "--batch-size", "8", "--lr", "1e-3", "--threads", "1"];
        var result = CliRunner.Run(["pretrain", "electra", "--corpus", corpus, "--output", model, .. shape, "--checkpoint-every", "4", "--log", log]);
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Contains("replaced-token accuracy", result.StdOut);
        Assert.Contains("training:   18 steps (18 in this run)", result.StdOut); // 48 lines / 8 per batch x 3 epochs
        foreach (var file in new[] { "config.json", "model.safetensors", "vocab.txt", "tokenizer_config.json", "checkpoint/trainer-state.json", "checkpoint/objective-state.safetensors" })
            Assert.True(File.Exists(Path.Combine(model, file)), file);
        Assert.Contains("\"electra\"", File.ReadAllText(Path.Combine(model, "config.json")));
        var logLines = File.ReadAllLines(log);
        Assert.Equal("epoch,step,loss,learning_rate,validation_metric,elapsed_seconds,generator_loss,discriminator_loss,discriminator_accuracy,original_baseline", logLines[0]);
        Assert.Equal(1 + 18, logLines.Length);
        Assert.All(logLines.Skip(1), l => Assert.Equal(10, l.Split(',').Length));

        // --resume continues from OUTPUT/checkpoint (here: already at the end, so no step is replayed) with OUTPUT's vocabulary,
        // appending to the log; the log plots.
        var vocabulary = File.ReadAllText(Path.Combine(model, "vocab.txt"));
        var resumed = CliRunner.Run(["pretrain", "electra", "--corpus", corpus, "--output", model, .. shape, "--resume", "--log", log]);
        Assert.True(resumed.ExitCode == 0, resumed.StdErr);
        Assert.Contains("training:   18 steps (0 in this run)", resumed.StdOut);
        Assert.Equal(vocabulary, File.ReadAllText(Path.Combine(model, "vocab.txt")));
        Assert.Equal(logLines, File.ReadAllLines(log));
        var plot = CliRunner.Run("plot", "--log", log, "--output", Path.Combine(dir, "electra.png"));
        Assert.True(plot.ExitCode == 0, plot.StdErr);
        var noCheckpoint = CliRunner.Run("pretrain", "electra", "--corpus", corpus, "--output", Path.Combine(dir, "fresh"), "--resume");
        Assert.Equal(2, noCheckpoint.ExitCode);
        Assert.Contains("TK011", noCheckpoint.StdErr);
        Assert.Contains("holds no complete checkpoint", noCheckpoint.StdErr);

        // --vocab: a given WordPiece vocabulary is copied, not trained.
        var withVocab = Path.Combine(dir, "electra-vocab");
        var given = CliRunner.Run(["pretrain", "electra", "--corpus", corpus, "--output", withVocab, .. shape[..^8], "--epochs", "1", "--batch-size", "16", "--threads", "1", "--vocab", model]);
        Assert.True(given.ExitCode == 0, given.StdErr);
        Assert.Equal(vocabulary, File.ReadAllText(Path.Combine(withVocab, "vocab.txt")));

        FineTunesAClassifier(dir, model);

        var bad = CliRunner.Run("pretrain", "electra", "--corpus", corpus, "--output", model, "--lambda", "0");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("TK011", bad.StdErr);
    }

    [Fact]
    public void PretrainVocab_WritesATokenizerFolder_ThatLoadsAndEncodesTheCorpus()
    {
        var dir = NewDir();
        var corpus = Path.Combine(dir, "corpus.txt");
        File.WriteAllLines(corpus, ["The walking walker walked.", "", "Walkers walk; talkers talk.", "talking and walking"]);
        var folder = Path.Combine(dir, "tok");
        var result = CliRunner.Run("pretrain", "vocab", "--corpus", corpus, "--output", folder, "--vocab-size", "60", "--min-frequency", "1", "--max-length", "64");
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Contains("WordPiece entries", result.StdOut);

        var tokenizer = TextKit.Neural.Tokenizers.TransformerTokenizers.FromFolder(folder);
        Assert.Equal(64, tokenizer.ModelMaxLength);
        var vocab = File.ReadAllLines(Path.Combine(folder, "vocab.txt"));
        // At most the requested size (a tiny corpus runs out of merges first), and what the command reported.
        Assert.InRange(vocab.Length, 6, 60);
        Assert.Contains($"{vocab.Length} WordPiece entries", result.StdOut);
        Assert.Contains("[CLS]", vocab);
        // Lower-cased by default; every corpus word is covered by the learned pieces (no [UNK]).
        var encoded = tokenizer.Encode("WALKING talkers");
        Assert.DoesNotContain("[UNK]", encoded.Tokens);

        var empty = Path.Combine(dir, "empty.txt");
        File.WriteAllLines(empty, ["", "   "]);
        var bad = CliRunner.Run("pretrain", "vocab", "--corpus", empty, "--output", Path.Combine(dir, "none"));
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("TK800", bad.StdErr);
    }
}
