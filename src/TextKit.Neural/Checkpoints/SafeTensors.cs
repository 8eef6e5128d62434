using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp;
using static TorchSharp.torch;

namespace TextKit.Neural.Checkpoints;

/// <summary>One tensor entry of a safetensors header.</summary>
public sealed record SafeTensorInfo(string Name, string DType, long[] Shape, long Begin, long End);

/// <summary>
/// Reader and writer for the safetensors format (8-byte little-endian header length, a JSON header mapping
/// names to dtype/shape/data_offsets, then raw little-endian data). Hand-written because the format is tiny and
/// TorchSharp has no reader; every header field is validated so that a truncated or corrupt file fails with a
/// clear TK32x error instead of producing garbage weights.
/// </summary>
/// <remarks>
/// *** File format *** (https://github.com/huggingface/safetensors, "Format"):
/// u64 N (LE) | N bytes UTF-8 JSON { name: { dtype, shape: [..], data_offsets: [begin, end] }, "__metadata__": {str: str} }
/// | data. Offsets are relative to the start of the data section; end - begin = product(shape) * sizeof(dtype).
/// </remarks>
public static class SafeTensors
{
    private const long MaxHeaderBytes = 100_000_000;

    /// <summary>Bytes per element of each supported dtype.</summary>
    public static int ElementSize(string dtype) => dtype switch
    {
        "F64" or "I64" or "U64" => 8,
        "F32" or "I32" or "U32" => 4,
        "F16" or "BF16" or "I16" or "U16" => 2,
        "I8" or "U8" or "BOOL" => 1,
        _ => -1,
    };

    /// <summary>Reads the header of <paramref name="path"/> and validates every entry against the file size.</summary>
    public static (IReadOnlyList<SafeTensorInfo> Tensors, IReadOnlyDictionary<string, string> Metadata, long DataStart) ReadHeader(string path)
    {
        if (!File.Exists(path))
            throw new TextKitModelException("TK320", $"Safetensors file '{path}' does not exist.");
        using var stream = File.OpenRead(path);
        return ReadHeader(stream, path);
    }

    private static (IReadOnlyList<SafeTensorInfo>, IReadOnlyDictionary<string, string>, long) ReadHeader(Stream stream, string path)
    {
        long fileLength = stream.Length;
        Span<byte> lengthBytes = stackalloc byte[8];
        if (fileLength < 8 || stream.ReadAtLeast(lengthBytes, 8, throwOnEndOfStream: false) < 8)
            throw Corrupt(path, $"the file has {fileLength} bytes, fewer than the 8-byte header length (empty or truncated file).");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > (ulong)MaxHeaderBytes || (long)headerLength > fileLength - 8)
            throw Corrupt(path, $"the header claims {headerLength} bytes but the file has only {fileLength - 8} after the length field (truncated file, or not a safetensors file).");
        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        JsonObject header;
        try
        {
            header = JsonNode.Parse(Encoding.UTF8.GetString(headerBytes).TrimEnd(' ')) as JsonObject
                ?? throw new JsonException("the header is not a JSON object");
        }
        catch (JsonException e)
        {
            throw Corrupt(path, $"the JSON header is malformed ({e.Message}).");
        }
        long dataStart = 8 + (long)headerLength;
        long dataLength = fileLength - dataStart;
        var tensors = new List<SafeTensorInfo>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__")
            {
                if (node is JsonObject meta)
                    foreach (var (k, v) in meta)
                        metadata[k] = v?.ToString() ?? "";
                continue;
            }
            tensors.Add(ParseEntry(path, name, node, dataLength));
        }
        // Overlapping entries mean a corrupt header (the format forbids them).
        var sorted = tensors.OrderBy(t => t.Begin).ToArray();
        for (int i = 1; i < sorted.Length; i++)
            if (sorted[i].Begin < sorted[i - 1].End)
                throw Corrupt(path, $"tensors '{sorted[i - 1].Name}' and '{sorted[i].Name}' overlap in the data section.");
        return (tensors, metadata, dataStart);
    }

    private static SafeTensorInfo ParseEntry(string path, string name, JsonNode? node, long dataLength)
    {
        if (node is not JsonObject entry)
            throw Corrupt(path, $"entry '{name}' is not an object.");
        string dtype = entry["dtype"]?.GetValueKind() == JsonValueKind.String ? entry["dtype"]!.GetValue<string>() : "";
        int size = ElementSize(dtype);
        if (size < 0)
            throw new TextKitModelException("TK322", $"{path}: tensor '{name}' has dtype '{dtype}', which TextKit does not read (F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL).");
        if (entry["shape"] is not JsonArray shapeNode || entry["data_offsets"] is not JsonArray offsets || offsets.Count != 2)
            throw Corrupt(path, $"entry '{name}' lacks a 'shape' array or a two-element 'data_offsets' array.");
        long[] shape;
        long begin, end;
        try
        {
            shape = shapeNode.Select(d => d!.GetValue<long>()).ToArray();
            begin = offsets[0]!.GetValue<long>();
            end = offsets[1]!.GetValue<long>();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException)
        {
            throw Corrupt(path, $"entry '{name}' has a non-integer shape or data offset.");
        }
        if (shape.Any(d => d < 0))
            throw Corrupt(path, $"entry '{name}' has a negative dimension in shape [{string.Join(", ", shape)}].");
        long count = 1;
        foreach (var d in shape)
            count = checked(count * d);
        if (begin < 0 || end < begin || end - begin != count * size)
            throw Corrupt(path, $"entry '{name}': data_offsets [{begin}, {end}] do not match shape [{string.Join(", ", shape)}] of {dtype} ({count * size} bytes).");
        if (end > dataLength)
            throw Corrupt(path, $"entry '{name}' ends at byte {end} of the data section, which has only {dataLength} bytes (truncated file).");
        return new SafeTensorInfo(name, dtype, shape, begin, end);
    }

    private static TextKitModelException Corrupt(string path, string message) => new("TK321", $"{path}: not a valid safetensors file: {message}");

    /// <summary>
    /// Loads every tensor of <paramref name="path"/>. Floating-point tensors (F64/F32/F16/BF16) become float32 when
    /// <paramref name="floatToFloat32"/> is true; integer tensors keep their type (as int64/int32/...).
    /// </summary>
    public static Dictionary<string, Tensor> Load(string path, bool floatToFloat32 = true)
    {
        TorchRuntime.EnsureInitialized();
        var (infos, _, dataStart) = ReadHeader(path);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        using var stream = File.OpenRead(path);
        try
        {
            foreach (var info in infos.OrderBy(i => i.Begin))
            {
                var bytes = new byte[info.End - info.Begin];
                stream.Position = dataStart + info.Begin;
                if (stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false) < bytes.Length)
                    throw Corrupt(path, $"tensor '{info.Name}' is cut off (truncated file).");
                result[info.Name] = FromBytes(bytes, info.DType, info.Shape, floatToFloat32);
            }
        }
        catch
        {
            foreach (var t in result.Values)
                t.Dispose();
            throw;
        }
        return result;
    }

    private static Tensor FromBytes(byte[] bytes, string dtype, long[] shape, bool floatToFloat32)
    {
        ScalarType type = dtype switch
        {
            "F64" => ScalarType.Float64,
            "F32" => ScalarType.Float32,
            "F16" => ScalarType.Float16,
            "BF16" => ScalarType.BFloat16,
            "I64" => ScalarType.Int64,
            "I32" => ScalarType.Int32,
            "I16" => ScalarType.Int16,
            "I8" => ScalarType.Int8,
            "U8" => ScalarType.Byte,
            "BOOL" => ScalarType.Bool,
            _ => throw new TextKitModelException("TK322", $"dtype '{dtype}' is not supported."),
        };
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("safetensors data is little-endian; big-endian hosts are not supported.");
        var tensor = torch.empty(shape, type);
        if (bytes.Length > 0)
            tensor.bytes = bytes;
        if (floatToFloat32 && type is ScalarType.Float64 or ScalarType.Float16 or ScalarType.BFloat16)
        {
            var converted = tensor.to_type(ScalarType.Float32);
            tensor.Dispose();
            return converted;
        }
        return tensor;
    }

    /// <summary>
    /// Writes <paramref name="tensors"/> (float32, float16, bfloat16, float64, int64, int32, int8, uint8, bool) in
    /// name order, with optional string metadata, to <paramref name="path"/> (via a temporary file, then moved).
    /// </summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var names = tensors.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
        {
            var meta = new JsonObject();
            foreach (var (k, v) in metadata)
                meta[k] = v;
            header["__metadata__"] = meta;
        }
        var payloads = new List<byte[]>(names.Length);
        long offset = 0;
        foreach (var name in names)
        {
            var t = tensors[name];
            using var contiguous = t.detach().cpu().contiguous();
            string dtype = contiguous.dtype switch
            {
                ScalarType.Float32 => "F32",
                ScalarType.Float16 => "F16",
                ScalarType.BFloat16 => "BF16",
                ScalarType.Float64 => "F64",
                ScalarType.Int64 => "I64",
                ScalarType.Int32 => "I32",
                ScalarType.Int16 => "I16",
                ScalarType.Int8 => "I8",
                ScalarType.Byte => "U8",
                ScalarType.Bool => "BOOL",
                _ => throw new ArgumentException($"Tensor '{name}' has dtype {contiguous.dtype}, which safetensors cannot store.", nameof(tensors)),
            };
            var bytes = contiguous.numel() == 0 ? [] : contiguous.bytes.ToArray();
            payloads.Add(bytes);
            var entry = new JsonObject
            {
                ["dtype"] = dtype,
                ["shape"] = new JsonArray(contiguous.shape.Select(d => (JsonNode)JsonValue.Create(d)!).ToArray()),
                ["data_offsets"] = new JsonArray(JsonValue.Create(offset), JsonValue.Create(offset + bytes.Length)),
            };
            header[name] = entry;
            offset += bytes.Length;
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        // Pad the header with spaces to a multiple of 8 bytes so that the data section is aligned (as the reference writer does).
        int padded = (json.Length + 7) / 8 * 8;
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        using (var output = File.Create(temp))
        {
            Span<byte> len = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)padded);
            output.Write(len);
            output.Write(json);
            for (int i = json.Length; i < padded; i++)
                output.WriteByte((byte)' ');
            foreach (var p in payloads)
                output.Write(p);
        }
        File.Move(temp, path, overwrite: true);
    }
}
