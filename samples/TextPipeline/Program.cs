// The classical stages on your own text, no neural network: clean → sentences → words → POS tags (UPOS/XPOS/FEATS) →
// lemmas → Porter2 stems → n-gram LM perplexity per sentence (models/brown-trigram.tklm), printed as a CoNLL-U-like
// table. Input: a file (HTML or plain text) or standard input.
//
//   dotnet run --project samples/TextPipeline -- page.html
//   echo "The geese weren't flying south." | dotnet run --project samples/TextPipeline
using TextKit.Cleaning;
using TextKit.LanguageModels;
using TextKit.Lemmatization;
using TextKit.Samples;
using TextKit.Stemming;
using TextKit.Tagging;

var raw = args.Length > 0 ? File.ReadAllText(args[0]) : Console.In.ReadToEnd();
var text = new TextCleaner(TextCleanerOptions.WebText).Clean(raw);
var tagger = PerceptronTagger.LoadDefault();
var stemmer = Stemmer.Porter2;
var lm = NgramLanguageModel.Load(RepositoryModels.Find("brown-trigram.tklm"));

int number = 0;
foreach (var (sentenceText, words) in SampleWords.Sentences(text))
{
    var tags = tagger.Tag(words);
    var lemmas = new string[words.Length];
    Lemmatizer.English.LemmatizeSentence(words, tags.Upos, tags.Xpos, lemmas);
    // The Brown LM was trained on lower-cased tokens.
    var score = lm.Score(words.Select(w => w.ToLowerInvariant()).ToArray());
    Console.WriteLine($"# sent_id = {++number}");
    Console.WriteLine($"# text = {sentenceText}");
    Console.WriteLine($"# brown_trigram_perplexity = {score.Perplexity:F1}");
    for (int i = 0; i < words.Length; i++)
        Console.WriteLine($"{i + 1}\t{words[i]}\t{lemmas[i]}\t{tags.Upos![i]}\t{tags.Xpos![i]}\t{tags.Feats![i]}\t{stemmer.Stem(words[i].ToLowerInvariant())}");
    Console.WriteLine();
}
return 0;
