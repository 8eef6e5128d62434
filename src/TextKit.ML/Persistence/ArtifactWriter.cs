using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TextKit.ML.Persistence;

/// <summary>
/// Writes the files of one component's artifact into the model zip (under <c>textkit/components/NNN/</c>),
/// recording a SHA-256 per file so that loading detects corruption.
/// </summary>
public sealed class ArtifactWriter
{
    private readonly ZipArchive _zip;
    private readonly string _prefix;
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);

    internal ArtifactWriter(ZipArchive zip, string prefix)
    {
        _zip = zip;
        _prefix = prefix;
    }

    internal IReadOnlyDictionary<string, string> Files => _files;

    /// <summary>Writes <paramref name="bytes"/> as file <paramref name="name"/> of this artifact.</summary>
    public void WriteBytes(string name, ReadOnlySpan<byte> bytes)
    {
        ValidateName(name);
        if (_files.ContainsKey(name))
            throw new ArgumentException($"Artifact file '{name}' was written twice.", nameof(name));
        var entry = _zip.CreateEntry(_prefix + name, CompressionLevel.Fastest);
        using (var stream = entry.Open())
            stream.Write(bytes);
        _files[name] = Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>Writes whatever <paramref name="write"/> puts into the stream as file <paramref name="name"/>.</summary>
    public void Write(string name, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var buffer = new MemoryStream();
        write(buffer);
        WriteBytes(name, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>Writes UTF-8 text (no BOM).</summary>
    public void WriteText(string name, string text) => WriteBytes(name, Encoding.UTF8.GetBytes(text));

    /// <summary>Writes one line per item, UTF-8, '\n' separated. Items must not contain line breaks.</summary>
    public void WriteLines(string name, IEnumerable<string> lines)
    {
        var sb = new StringBuilder();
        foreach (var line in lines)
        {
            if (line.AsSpan().IndexOfAny('\n', '\r') >= 0)
                throw new ArgumentException($"Artifact file '{name}': a line contains a line break.", nameof(lines));
            sb.Append(line).Append('\n');
        }
        WriteText(name, sb.ToString());
    }

    /// <summary>Serializes <paramref name="value"/> as indented JSON.</summary>
    public void WriteJson<T>(string name, T value) => WriteBytes(name, JsonSerializer.SerializeToUtf8Bytes(value, ModelJson.Options));

    private static void ValidateName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains("..", StringComparison.Ordinal) || name.StartsWith('/') || name.Contains('\\'))
            throw new ArgumentException($"Invalid artifact file name '{name}'.", nameof(name));
    }
}

internal static class ModelJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Disallow,
    };
}
