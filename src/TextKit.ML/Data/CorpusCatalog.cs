using Microsoft.ML;
using TextKit.Corpora;
using TextKit.Data;
using TextKit.ML.Data;

namespace TextKit.ML;

/// <summary>
/// Corpus loaders on <c>mlContext.TextKit().Data</c>. Each returns a streaming <see cref="IDataView"/> built from the
/// TextKit readers (every cursor re-reads the file, so nothing is held in memory); malformed input fails with the
/// reader's <see cref="TextKitFormatException"/> (file:line) when the data is read. Missing files fail immediately.
/// </summary>
public static class CorpusCatalog
{
    /// <summary>
    /// A CoNLL-U file, one row per sentence (<see cref="ConllURow"/>): vector columns Tokens, Lemmas, Upos, Xpos, Feats
    /// (one element per syntactic word) and text columns SentId, Text.
    /// </summary>
    public static IDataView LoadConllU(this TextKitData catalog, string path)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var rows = ConllUReader.ReadFile(path).Select(s =>
        {
            var words = s.Words.ToList();
            return new ConllURow
            {
                Tokens = words.Select(w => w.Form).ToArray(),
                Lemmas = words.Select(w => w.Lemma).ToArray(),
                Upos = words.Select(w => w.Upos).ToArray(),
                Xpos = words.Select(w => w.Xpos).ToArray(),
                Feats = words.Select(w => w.Feats).ToArray(),
                SentId = s.SentId ?? "",
                Text = s.Text ?? s.ReconstructText(),
            };
        });
        return catalog.Context.Data.LoadFromEnumerable(rows);
    }

    /// <summary>
    /// One split of the Brown corpus (canonical split, see <see cref="BrownCorpus"/>), one row per sentence
    /// (<see cref="TaggedSentenceRow"/>): vector columns Tokens, Tags; text columns FileId, Category.
    /// </summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="split">Train, Dev or Test.</param>
    /// <param name="folder">The corpus folder; null fetches/uses <c>DataCatalog.Ensure("brown")</c>.</param>
    /// <param name="baseTags">Map tags with <see cref="BrownTags.ToBase"/> ("brown-base" tag set).</param>
    public static IDataView LoadBrown(this TextKitData catalog, BrownSplit split, string? folder = null, bool baseTags = false)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        folder ??= DataCatalog.Ensure("brown");
        var rows = BrownCorpus.ReadSplit(folder, split).Select(s => new TaggedSentenceRow
        {
            Tokens = s.Tokens,
            Tags = baseTags ? Array.ConvertAll(s.Tags, BrownTags.ToBase) : s.Tags,
            FileId = s.FileId ?? "",
            Category = s.Category ?? "",
        });
        return catalog.Context.Data.LoadFromEnumerable(rows);
    }

    /// <summary>
    /// A token-per-line CoNLL NER file (see <see cref="ConllNerReader"/>), one row per sentence
    /// (<see cref="NerSentenceRow"/>): vector columns Tokens, Tags.
    /// </summary>
    public static IDataView LoadConllNer(this TextKitData catalog, string path, ConllNerReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var rows = ConllNerReader.ReadFile(path, options).Select(s => new NerSentenceRow { Tokens = s.Tokens, Tags = s.Tags });
        return catalog.Context.Data.LoadFromEnumerable(rows);
    }

    /// <summary>
    /// A TSV/CSV classification file with a header (see <see cref="ClassificationReader"/>), one row per example
    /// (<see cref="ClassificationRow"/>): text columns Text, Label (map Label with <c>MapValueToKey</c> for trainers).
    /// </summary>
    public static IDataView LoadClassification(this TextKitData catalog, string path, ClassificationReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
            throw new TextKitException("TK230", $"Classification file '{path}' does not exist.");
        var rows = ClassificationReader.ReadFile(path, options).Select(r => new ClassificationRow { Text = r.Text, Label = r.Label });
        return catalog.Context.Data.LoadFromEnumerable(rows);
    }
}
