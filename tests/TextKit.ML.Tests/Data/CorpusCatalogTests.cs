using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.Corpora;
using TextKit.ML.Data;

namespace TextKit.ML.Tests.Data;

public sealed class CorpusCatalogTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("textkit-ml-data-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static void AssertVector(DataViewSchema schema, string name)
    {
        var column = schema.GetColumnOrNull(name);
        Assert.True(column.HasValue, $"missing column {name}");
        var type = Assert.IsType<VectorDataViewType>(column.Value.Type);
        Assert.Equal(TextDataViewType.Instance, type.ItemType);
    }

    private static void AssertText(DataViewSchema schema, string name)
    {
        var column = schema.GetColumnOrNull(name);
        Assert.True(column.HasValue, $"missing column {name}");
        Assert.Equal(TextDataViewType.Instance, column.Value.Type);
    }

    [Fact]
    public void LoadConllU_WordsOnlyWithTagColumns()
    {
        var path = Write("s.conllu",
            "# sent_id = a1\n# text = I can't\n" +
            "1\tI\tI\tPRON\tPRP\tCase=Nom\t0\troot\t_\t_\n" +
            "2-3\tcan't\t_\t_\t_\t_\t_\t_\t_\t_\n" +
            "2\tca\tcan\tAUX\tMD\t_\t1\taux\t_\t_\n" +
            "3\tn't\tnot\tPART\tRB\t_\t1\tadvmod\t_\t_\n\n" +
            "1\tYes\tyes\tINTJ\tUH\t_\t0\troot\t_\t_\n\n");
        var ml = new MLContext(0);
        var data = ml.TextKit().Data.LoadConllU(path);
        foreach (var name in new[] { "Tokens", "Lemmas", "Upos", "Xpos", "Feats" })
            AssertVector(data.Schema, name);
        AssertText(data.Schema, "SentId");
        AssertText(data.Schema, "Text");
        var rows = ml.Data.CreateEnumerable<ConllURow>(data, reuseRowObject: false).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(["I", "ca", "n't"], rows[0].Tokens);
        Assert.Equal(["PRON", "AUX", "PART"], rows[0].Upos);
        Assert.Equal(["PRP", "MD", "RB"], rows[0].Xpos);
        Assert.Equal(["Case=Nom", "_", "_"], rows[0].Feats);
        Assert.Equal(["I", "can", "not"], rows[0].Lemmas);
        Assert.Equal("a1", rows[0].SentId);
        Assert.Equal("I can't", rows[0].Text);
        Assert.Equal("", rows[1].SentId);
        Assert.Equal("Yes", rows[1].Text); // rebuilt: no # text comment
    }

    [Fact]
    public void LoadConllU_MalformedFile_FailsWithFileAndLineWhenRead()
    {
        var path = Write("bad.conllu", "1\tI\tI\tPRON\tPRP\t_\t0\troot\t_\n\n");
        var ml = new MLContext(0);
        var data = ml.TextKit().Data.LoadConllU(path);
        var e = Assert.Throws<TextKitFormatException>(() => ml.Data.CreateEnumerable<ConllURow>(data, false).ToList());
        Assert.Equal("TK203", e.Code);
        Assert.Contains("bad.conllu:1", e.Message);
        Assert.Equal("TK200", Assert.Throws<TextKitException>(() => ml.TextKit().Data.LoadConllU(Path.Combine(_folder, "none.conllu"))).Code);
    }

    [Fact]
    public void LoadConllNer_TokensAndTags_ConvertibleScheme()
    {
        var path = Write("n.conll", "-DOCSTART-\tO\n\nJohn\tB-PER\nSmith\tI-PER\nsaid\tO\n\nParis\tB-LOC\n");
        var ml = new MLContext(0);
        var data = ml.TextKit().Data.LoadConllNer(path, new ConllNerReaderOptions { ConvertTo = TagScheme.Bilou });
        AssertVector(data.Schema, "Tokens");
        AssertVector(data.Schema, "Tags");
        var rows = ml.Data.CreateEnumerable<NerSentenceRow>(data, reuseRowObject: false).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(["John", "Smith", "said"], rows[0].Tokens);
        Assert.Equal(["B-PER", "L-PER", "O"], rows[0].Tags);
        Assert.Equal(["U-LOC"], rows[1].Tags);
    }

    [Fact]
    public void LoadClassification_TextAndLabel_FeedsMapValueToKey()
    {
        var path = Write("c.tsv", "sentence\tlabel\ngood film \t1\nbad film \t0\n\"quoted\ttab\"\t1\n");
        var ml = new MLContext(0);
        var data = ml.TextKit().Data.LoadClassification(path, new ClassificationReaderOptions { TextColumn = "sentence" });
        AssertText(data.Schema, "Text");
        AssertText(data.Schema, "Label");
        var rows = ml.Data.CreateEnumerable<ClassificationRow>(data, reuseRowObject: false).ToList();
        Assert.Equal(["good film", "bad film", "quoted\ttab"], rows.Select(r => r.Text));
        Assert.Equal(["1", "0", "1"], rows.Select(r => r.Label));
        var keyed = ml.Transforms.Conversion.MapValueToKey("Label").Fit(data).Transform(data);
        Assert.Equal(2ul, Assert.IsType<KeyDataViewType>(keyed.Schema["Label"].Type).Count);
        Assert.Equal("TK230", Assert.Throws<TextKitException>(() => ml.TextKit().Data.LoadClassification(Path.Combine(_folder, "none.tsv"))).Code);
    }

    [Fact]
    public void LoadBrown_SplitAndBaseTags()
    {
        var brown = Directory.CreateDirectory(Path.Combine(_folder, "brown")).FullName;
        for (int i = 1; i <= 10; i++)
            File.WriteAllText(Path.Combine(brown, $"ca{i:00}"), $"\tWord{i}/nn-tl ./.\n");
        File.WriteAllText(Path.Combine(brown, "cats.txt"), string.Join("\n", Enumerable.Range(1, 10).Select(i => $"ca{i:00} news")));
        var ml = new MLContext(0);
        var test = ml.TextKit().Data.LoadBrown(BrownSplit.Test, brown, baseTags: true);
        AssertVector(test.Schema, "Tokens");
        AssertVector(test.Schema, "Tags");
        AssertText(test.Schema, "FileId");
        AssertText(test.Schema, "Category");
        var row = Assert.Single(ml.Data.CreateEnumerable<TaggedSentenceRow>(test, reuseRowObject: false));
        Assert.Equal(["Word10", "."], row.Tokens);
        Assert.Equal(["nn", "."], row.Tags);
        Assert.Equal("ca10", row.FileId);
        Assert.Equal("news", row.Category);
        var train = ml.Data.CreateEnumerable<TaggedSentenceRow>(ml.TextKit().Data.LoadBrown(BrownSplit.Train, brown), reuseRowObject: false).ToList();
        Assert.Equal(8, train.Count);
        Assert.Equal(["nn-tl", "."], train[0].Tags);
    }
}
