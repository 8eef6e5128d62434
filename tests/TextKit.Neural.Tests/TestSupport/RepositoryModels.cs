namespace TextKit.Neural.Tests.TestSupport;

/// <summary>Finds a file or folder under the repository's <c>models/</c> (searched upwards from the test binaries). Also linked into the evaluation tests.</summary>
internal static class RepositoryModels
{
    public static string Find(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "models", name);
            if (File.Exists(path) || Directory.Exists(path))
                return path;
        }
        throw new FileNotFoundException($"models/{name} not found above {AppContext.BaseDirectory}.");
    }
}
