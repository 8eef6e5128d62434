using TextKit;

namespace TextKit.Samples;

/// <summary>Shared by the samples (linked into each project). Finds a file or folder under the repository's <c>models/</c> (searched upwards from the binary and the working directory).</summary>
internal static class RepositoryModels
{
    public static string Find(string name)
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var path = Path.Combine(dir.FullName, "models", name);
                if (File.Exists(path) || Directory.Exists(path))
                    return path;
            }
        }
        throw new TextKitException("TK905", $"models/{name} not found above the Quickstart's folder; run from the repository (models/MODELS.md says how each model is rebuilt).");
    }
}
