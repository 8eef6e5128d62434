using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace TextKit.ML.Persistence;

/// <summary>
/// Rewrites component files inside a saved TextKit model (e.g. storing transformer weights in half precision) and
/// updates the manifest's SHA-256 of every changed file, so the result loads like the original. ML.NET's own entries
/// are copied unchanged.
/// </summary>
public static class TextKitModelRewriter
{
    /// <summary>
    /// Copies <paramref name="input"/> to <paramref name="output"/>, passing every component file through
    /// <paramref name="rewrite"/> (component type, file name inside the component, bytes → new bytes, or null to keep).
    /// </summary>
    /// <returns>The number of files rewritten.</returns>
    /// <exception cref="TextKitModelException">TK110 not a zip; TK111 no or unreadable TextKit manifest.</exception>
    public static int Rewrite(string input, string output, Func<string, string, byte[], byte[]?> rewrite)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(rewrite);
        ZipArchive source;
        try
        {
            source = ZipFile.OpenRead(input);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new TextKitModelException("TK110", $"'{input}' is not a model zip ({e.Message}).", e);
        }
        int changed = 0;
        var temp = output + $".{Environment.ProcessId}.tmp";
        using (source)
        {
            var manifestEntry = source.GetEntry(TextKitModel.ManifestEntry)
                ?? throw new TextKitModelException("TK111", $"'{input}' has no TextKit manifest ({TextKitModel.ManifestEntry}): it is not a saved TextKit model.");
            ModelManifest manifest;
            try
            {
                using var stream = manifestEntry.Open();
                manifest = JsonSerializer.Deserialize<ModelManifest>(stream, ModelJson.Options) ?? throw new JsonException("empty manifest");
            }
            catch (JsonException e)
            {
                throw new TextKitModelException("TK111", $"'{input}': the TextKit manifest is unreadable ({e.Message}).", e);
            }
            var owners = new Dictionary<string, (ComponentEntry Component, string File)>(StringComparer.Ordinal);
            for (int c = 0; c < manifest.Components.Count; c++)
            {
                foreach (var file in manifest.Components[c].Files.Keys)
                    owners[TextKitModel.ComponentPrefix(c) + file] = (manifest.Components[c], file);
            }
            using (var target = ZipFile.Open(temp, ZipArchiveMode.Create))
            {
                foreach (var entry in source.Entries)
                {
                    if (entry.FullName == TextKitModel.ManifestEntry)
                        continue;
                    byte[] bytes;
                    using (var stream = entry.Open())
                    using (var buffer = new MemoryStream())
                    {
                        stream.CopyTo(buffer);
                        bytes = buffer.ToArray();
                    }
                    if (owners.TryGetValue(entry.FullName, out var owner) && rewrite(owner.Component.Type, owner.File, bytes) is { } replaced)
                    {
                        bytes = replaced;
                        owner.Component.Files[owner.File] = Convert.ToHexStringLower(SHA256.HashData(bytes));
                        changed++;
                    }
                    var copy = target.CreateEntry(entry.FullName, CompressionLevel.Optimal);
                    copy.LastWriteTime = entry.LastWriteTime;
                    using var write = copy.Open();
                    write.Write(bytes);
                }
                var manifestCopy = target.CreateEntry(TextKitModel.ManifestEntry, CompressionLevel.Fastest);
                using var manifestStream = manifestCopy.Open();
                JsonSerializer.Serialize(manifestStream, manifest, ModelJson.Options);
            }
        }
        File.Move(temp, output, overwrite: true);
        return changed;
    }
}
