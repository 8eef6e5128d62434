using System.Text.Json;

namespace TextKit.Neural.Tokenizers.Internal;

/// <summary>Tolerant reading of HF's tokenizer_config.json / special_tokens_map.json / config.json values.</summary>
internal sealed class HfJson
{
    private readonly JsonElement _root;

    private HfJson(JsonElement root, string path) { _root = root; Path = path; }

    public string Path { get; }

    public static HfJson? Load(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new TextKitFormatException("TK353", path, 1, "expected a JSON object at the top level.");
            return new HfJson(doc.RootElement.Clone(), path);
        }
        catch (JsonException e)
        {
            throw new TextKitFormatException("TK353", path, (e.LineNumber ?? -1) + 1, $"malformed JSON: {e.Message}", e);
        }
    }

    public bool Has(string name) => _root.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    public bool? Bool(string name)
    {
        if (!_root.TryGetProperty(name, out var v)) return null;
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Null => null,
            _ => throw new TextKitFormatException("TK353", Path, 0, $"'{name}' must be true, false or null, not {v.GetRawText()}."),
        };
    }

    /// <summary>An integer; huge values (HF writes 1e30 for "no limit") become int.MaxValue.</summary>
    public int? Int(string name)
    {
        if (!_root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Number)
            throw new TextKitFormatException("TK353", Path, 0, $"'{name}' must be a number, not {v.GetRawText()}.");
        double d = v.GetDouble();
        return d >= int.MaxValue ? int.MaxValue : d <= int.MinValue ? int.MinValue : (int)d;
    }

    public string? String(string name)
    {
        if (!_root.TryGetProperty(name, out var v)) return null;
        return TokenText(v, name);
    }

    /// <summary>A special token given as a string or as an AddedToken object ({"content": "...", ...}).</summary>
    private string? TokenText(JsonElement v, string name) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Null => null,
        JsonValueKind.Object when v.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String => c.GetString(),
        _ => throw new TextKitFormatException("TK353", Path, 0, $"'{name}' must be a string or a token object with \"content\", not {v.GetRawText()}."),
    };

    public IReadOnlyList<string> Strings(string name)
    {
        if (!_root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return [];
        if (v.ValueKind != JsonValueKind.Array)
            throw new TextKitFormatException("TK353", Path, 0, $"'{name}' must be a list of tokens, not {v.GetRawText()}.");
        return v.EnumerateArray().Select(e => TokenText(e, name)).OfType<string>().ToList();
    }
}
