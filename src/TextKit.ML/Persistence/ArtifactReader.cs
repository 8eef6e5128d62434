using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TextKit.ML.Persistence;

/// <summary>Reads the files of one component's artifact, verifying each against the manifest's SHA-256.</summary>
public sealed class ArtifactReader
{
    private readonly ZipArchive _zip;
    private readonly string _prefix;
    private readonly IReadOnlyDictionary<string, string> _files;
    private readonly string _describe;

    internal ArtifactReader(ZipArchive zip, string prefix, IReadOnlyDictionary<string, string> files, string describe)
    {
        _zip = zip;
        _prefix = prefix;
        _files = files;
        _describe = describe;
    }

    /// <summary>True when the artifact has a file of that name.</summary>
    public bool Contains(string name) => _files.ContainsKey(name);

    /// <summary>The file's bytes, after checking them against the manifest.</summary>
    public byte[] ReadBytes(string name)
    {
        if (!_files.TryGetValue(name, out var expectedHash))
            throw new TextKitModelException("TK113", $"{_describe} has no file '{name}'. The model was written by a different component version or is incomplete.");
        var entry = _zip.GetEntry(_prefix + name)
            ?? throw new TextKitModelException("TK113", $"{_describe}: file '{name}' is listed in the manifest but missing from the archive; the model file is corrupted.");
        byte[] bytes;
        try
        {
            using var stream = entry.Open();
            using var buffer = new MemoryStream(checked((int)Math.Max(0, entry.Length)));
            stream.CopyTo(buffer);
            bytes = buffer.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new TextKitModelException("TK114", $"{_describe}: file '{name}' cannot be decompressed; the model file is corrupted.", e);
        }
        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(actual, expectedHash, StringComparison.Ordinal))
            throw new TextKitModelException("TK114", $"{_describe}: file '{name}' fails its SHA-256 check; the model file is corrupted.");
        return bytes;
    }

    /// <summary>A read-only stream over the verified file.</summary>
    public Stream OpenRead(string name) => new MemoryStream(ReadBytes(name), writable: false);

    /// <summary>The file as UTF-8 text.</summary>
    public string ReadText(string name) => Encoding.UTF8.GetString(ReadBytes(name));

    /// <summary>The file split into '\n'-terminated lines (the format <see cref="ArtifactWriter.WriteLines"/> writes).</summary>
    public string[] ReadLines(string name)
    {
        var text = ReadText(name);
        if (text.Length == 0)
            return [];
        if (text[^1] != '\n')
            throw new TextKitModelException("TK114", $"{_describe}: file '{name}' does not end with a line break; it is truncated.");
        return text[..^1].Split('\n');
    }

    /// <summary>Deserializes a JSON file; a malformed file fails with the component and file named.</summary>
    public T ReadJson<T>(string name)
    {
        var bytes = ReadBytes(name);
        try
        {
            return JsonSerializer.Deserialize<T>(bytes, ModelJson.Options)
                ?? throw new TextKitModelException("TK115", $"{_describe}: file '{name}' holds JSON null.");
        }
        catch (JsonException e)
        {
            throw new TextKitModelException("TK115", $"{_describe}: file '{name}' is not valid JSON for {typeof(T).Name}: {e.Message}", e);
        }
    }

    /// <summary>Throws a <see cref="TextKitModelException"/> about this artifact (for loaders' own checks).</summary>
    public TextKitModelException Invalid(string message) => new("TK116", $"{_describe}: {message}");
}
