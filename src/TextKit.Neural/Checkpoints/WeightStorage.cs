using System.Text.Json;
using System.Text.Json.Nodes;
using TextKit.Neural.Models;
using static TorchSharp.torch;

namespace TextKit.Neural.Checkpoints;

/// <summary>How floating-point weights are stored on disk. Loading always gives float32 (TextKit computes in fp32).</summary>
public enum WeightPrecision
{
    /// <summary>IEEE single precision (4 bytes per weight; exact).</summary>
    Float32,

    /// <summary>IEEE half precision (2 bytes; ~3 significant digits, range ±65504) — HF's <c>torch_dtype: float16</c>.</summary>
    Float16,

    /// <summary>bfloat16 (2 bytes; float32's range, ~2 significant digits).</summary>
    BFloat16,
}

/// <summary>
/// Converts stored weights between precisions: for a checkpoint folder (model.safetensors + config.json's
/// <c>dtype</c>) or a TextKit model zip (every <c>model.safetensors</c> entry inside it). Shipping fp16 halves the
/// files; the loader widens them back to float32.
/// </summary>
public static class WeightStorage
{
    /// <summary>The config.json <c>dtype</c> name of a precision.</summary>
    public static string ConfigName(WeightPrecision precision) => precision switch
    {
        WeightPrecision.Float32 => "float32",
        WeightPrecision.Float16 => "float16",
        WeightPrecision.BFloat16 => "bfloat16",
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "unknown precision."),
    };

    /// <summary>Floating-point tensors converted to <paramref name="precision"/> (others, and tensors already in it, are returned as they are).</summary>
    public static Dictionary<string, Tensor> Convert(IReadOnlyDictionary<string, Tensor> tensors, WeightPrecision precision)
    {
        var type = precision switch
        {
            WeightPrecision.Float32 => ScalarType.Float32,
            WeightPrecision.Float16 => ScalarType.Float16,
            WeightPrecision.BFloat16 => ScalarType.BFloat16,
            _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "unknown precision."),
        };
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in tensors)
        {
            bool isFloat = tensor.dtype is ScalarType.Float32 or ScalarType.Float64 or ScalarType.Float16 or ScalarType.BFloat16;
            if (!isFloat || tensor.dtype == type)
            {
                result[name] = tensor;
                continue;
            }
            if (type == ScalarType.Float16)
            {
                // fp16 overflows to ±inf above 65504: refuse rather than ship a broken model.
                using var max = tensor.detach().abs().max().to_type(ScalarType.Float64);
                double largest = max.item<double>();
                if (largest > 65504)
                    throw new TextKitException("TK324", $"weight '{name}' has magnitude {largest} which float16 cannot store (max 65504); use bfloat16.");
            }
            result[name] = tensor.detach().to_type(type);
        }
        return result;
    }

    /// <summary>Disposes the tensors of <paramref name="converted"/> that <see cref="Convert"/> created.</summary>
    public static void DisposeConverted(IReadOnlyDictionary<string, Tensor> original, IReadOnlyDictionary<string, Tensor> converted)
    {
        foreach (var (name, tensor) in converted)
        {
            if (!ReferenceEquals(tensor, original[name]))
                tensor.Dispose();
        }
    }

    /// <summary>
    /// Rewrites the weights of <paramref name="input"/> (a checkpoint folder or a TextKit model zip) in
    /// <paramref name="precision"/> into <paramref name="output"/> (a folder or a zip, same kind). Other files are copied.
    /// </summary>
    /// <returns>Bytes of the input and output weight files.</returns>
    public static (long InputBytes, long OutputBytes) Rewrite(string input, string output, WeightPrecision precision)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        if (Path.GetFullPath(input) == Path.GetFullPath(output))
            throw new TextKitException("TK324", "the output must differ from the input.");
        if (Directory.Exists(input))
            return RewriteFolder(input, output, precision);
        if (File.Exists(input))
            return RewriteZip(input, output, precision);
        throw new TextKitException("TK310", $"'{input}' is neither a model folder nor a model file.");
    }

    private static (long, long) RewriteFolder(string input, string output, WeightPrecision precision)
    {
        var weights = Path.Combine(input, "model.safetensors");
        if (!File.Exists(weights) || !File.Exists(Path.Combine(input, "config.json")))
            throw new TextKitModelException("TK310", $"'{input}' lacks model.safetensors or config.json.");
        // Load and save through the model (not byte-level): the output is a canonical HF folder — tied duplicates
        // (e.g. a trainer checkpoint's MLM decoder weight) dropped, architectures and dtype set, tokenizer files copied.
        using (var model = TransformerModels.Load(input)) // strict: a missing or unknown weight fails (TK330) instead of shipping a broken model
            CheckpointWriter.Save(model, output, input, precision);
        return (new FileInfo(weights).Length, new FileInfo(Path.Combine(output, "model.safetensors")).Length);
    }

    private static (long, long) RewriteZip(string input, string output, WeightPrecision precision)
    {
        long inBytes = 0, outBytes = 0;
        // Each transformer component stores its HF folder under model/: convert its weights and config dtype; the
        // rewriter keeps the manifest's SHA-256 in step.
        int changed = TextKit.ML.Persistence.TextKitModelRewriter.Rewrite(input, output, (type, file, bytes) =>
        {
            if (file.EndsWith("model.safetensors", StringComparison.Ordinal))
            {
                inBytes += bytes.Length;
                var converted = ConvertSafeTensors(bytes, precision, $"{input}:{type}:{file}");
                outBytes += converted.Length;
                return converted;
            }
            if (file.EndsWith("config.json", StringComparison.Ordinal) && file.StartsWith("model/", StringComparison.Ordinal))
                return WithDtype(bytes, precision, $"{input}:{type}:{file}");
            return null;
        });
        if (inBytes == 0)
        {
            File.Delete(output);
            throw new TextKitModelException("TK310", $"'{input}' holds no transformer weights (no model.safetensors in any component).");
        }
        return (inBytes, outBytes);
    }

    private static byte[] ConvertSafeTensors(byte[] bytes, WeightPrecision precision, string what)
    {
        var temp = Path.Combine(Path.GetTempPath(), $"textkit-weights-{Guid.NewGuid():N}.safetensors");
        try
        {
            File.WriteAllBytes(temp, bytes);
            var header = SafeTensors.ReadHeader(temp);
            var tensors = SafeTensors.Load(temp, floatToFloat32: false);
            try
            {
                var converted = Convert(tensors, precision);
                try
                {
                    SafeTensors.Save(temp, converted, header.Metadata);
                }
                finally
                {
                    DisposeConverted(tensors, converted);
                }
            }
            finally
            {
                foreach (var t in tensors.Values)
                    t.Dispose();
            }
            return File.ReadAllBytes(temp);
        }
        catch (TextKitException e) when (e.Code != "TK324")
        {
            throw new TextKitModelException(e.Code, $"{what}: {e.Message}", e);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static byte[] WithDtype(byte[] configBytes, WeightPrecision precision, string what)
    {
        JsonObject config;
        try
        {
            config = JsonNode.Parse(configBytes)?.AsObject() ?? throw new TextKitModelException("TK311", $"{what}: config.json is empty.");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new TextKitModelException("TK311", $"{what}: config.json is not a JSON object ({e.Message}).", e);
        }
        config["dtype"] = ConfigName(precision);
        config.Remove("torch_dtype");
        return JsonSerializer.SerializeToUtf8Bytes(config, new JsonSerializerOptions { WriteIndented = true });
    }
}
