using System.Security.Cryptography;
using TextKit.ML.Persistence;
using TextKit.Neural.Checkpoints;

namespace TextKit.Neural.ML;

/// <summary>
/// Stores a HF model folder (config.json, model.safetensors, tokenizer files) inside a TextKit artifact under
/// <c>model/</c>, and restores it to a content-addressed cache folder on load (TorchSharp and the tokenizers read files).
/// </summary>
internal static class ModelFolderArtifact
{
    private static readonly string[] s_files = ["config.json", "model.safetensors", "spiece.model", .. CheckpointWriter.TokenizerFiles];

    public static void Write(ArtifactWriter writer, string folder)
    {
        foreach (var file in s_files.Distinct())
        {
            var path = Path.Combine(folder, file);
            if (File.Exists(path))
                writer.WriteBytes("model/" + file, File.ReadAllBytes(path));
        }
    }

    public static string Restore(ArtifactReader reader)
    {
        var present = s_files.Distinct().Where(f => reader.Contains("model/" + f)).ToArray();
        if (!present.Contains("config.json") || !present.Contains("model.safetensors"))
            throw reader.Invalid("the artifact lacks model/config.json or model/model.safetensors.");
        var contents = present.Select(f => (f, reader.ReadBytes("model/" + f))).ToArray();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, bytes) in contents)
        {
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(name));
            sha.AppendData(bytes);
        }
        var folder = Path.Combine(Path.GetTempPath(), "textkit-models", Convert.ToHexStringLower(sha.GetHashAndReset())[..24]);
        Directory.CreateDirectory(folder);
        foreach (var (name, bytes) in contents)
        {
            var target = Path.Combine(folder, name);
            if (File.Exists(target) && new FileInfo(target).Length == bytes.Length)
                continue;
            var temp = target + $".{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, target, overwrite: true);
        }
        return folder;
    }
}
