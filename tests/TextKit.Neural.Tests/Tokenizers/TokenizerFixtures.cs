using System.Text.Json;

namespace TextKit.Neural.Tests.Tokenizers;

/// <summary>Paths of the tokenizer fixtures copied from hf-tiny (see Fixtures/tokenizers/README.md).</summary>
internal static class TokenizerFixtures
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Fixtures", "tokenizers");

    public static string Dir(string name)
    {
        string d = Path.Combine(Root, name);
        if (!Directory.Exists(d)) throw new DirectoryNotFoundException($"Fixture folder {d} is missing (copied from Fixtures/tokenizers by the test project).");
        return d;
    }

    public static string File(string folder, string name) => Path.Combine(Dir(folder), name);

    public static JsonElement Json(string folder, string name) =>
        JsonDocument.Parse(System.IO.File.ReadAllText(File(folder, name))).RootElement;

    public static int[] Ints(JsonElement e) => e.EnumerateArray().Select(x => x.GetInt32()).ToArray();

    /// <summary>HF offsets count Unicode code points (Python str indices); TextKit counts UTF-16 units. Converts a code-point index.</summary>
    public static int CodePointToUtf16(string text, int codePointIndex)
    {
        int cp = 0, i = 0;
        while (cp < codePointIndex && i < text.Length)
        {
            i += char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            cp++;
        }
        return i;
    }

    /// <summary>Makes a temporary folder with the given files copied from fixture folders, for factory tests.</summary>
    public static string TempFolder(params (string Name, string Content)[] files)
    {
        string d = Path.Combine(Path.GetTempPath(), "textkit-tok-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(d);
        foreach (var (name, content) in files) System.IO.File.WriteAllText(Path.Combine(d, name), content);
        return d;
    }
}
