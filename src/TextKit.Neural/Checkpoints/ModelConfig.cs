using System.Text.Json;
using System.Text.Json.Nodes;

namespace TextKit.Neural.Checkpoints;

/// <summary>
/// A Hugging Face <c>config.json</c>, kept as JSON so that saving writes back every field (including ones TextKit
/// does not use), with typed accessors that fail with TK311 naming the missing or mistyped field.
/// </summary>
public sealed class ModelConfig
{
    private readonly JsonObject _json;

    private ModelConfig(JsonObject json, string source)
    {
        _json = json;
        Source = source;
    }

    /// <summary>Where the config came from (a path, or "&lt;memory&gt;"), for error messages.</summary>
    public string Source { get; }

    /// <summary>The <c>model_type</c> field (bert, roberta, electra, distilbert, gpt2, t5).</summary>
    public string ModelType => GetString("model_type");

    /// <summary>First entry of <c>architectures</c>, e.g. <c>BertForSequenceClassification</c>, or null.</summary>
    public string? Architecture => _json["architectures"] is JsonArray a && a.Count > 0 ? a[0]?.GetValue<string>() : null;

    /// <summary>Reads <paramref name="path"/> (a config.json file).</summary>
    public static ModelConfig Load(string path)
    {
        if (!File.Exists(path))
            throw new TextKitModelException("TK310", $"'{path}' does not exist: a Hugging Face model folder needs a config.json.");
        try
        {
            return Parse(File.ReadAllText(path), path);
        }
        catch (TextKitException)
        {
            throw;
        }
        catch (IOException e)
        {
            throw new TextKitModelException("TK311", $"{path}: cannot be read ({e.Message}).", e);
        }
    }

    /// <summary>Parses config JSON text.</summary>
    public static ModelConfig Parse(string json, string source = "<memory>")
    {
        try
        {
            if (JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true }) is not JsonObject obj)
                throw new TextKitModelException("TK311", $"{source}: config.json must be a JSON object.");
            return new ModelConfig(obj, source);
        }
        catch (JsonException e)
        {
            throw new TextKitModelException("TK311", $"{source}: config.json is not valid JSON ({e.Message}).", e);
        }
    }

    /// <summary>Whether the field exists and is not null.</summary>
    public bool Has(string key) => _json[key] is not null;

    /// <summary>A copy of the underlying JSON (for saving).</summary>
    public JsonObject ToJson() => (JsonObject)_json.DeepClone();

    /// <summary>A copy with some fields replaced (null value removes the field).</summary>
    public ModelConfig With(IReadOnlyDictionary<string, JsonNode?> changes)
    {
        var copy = ToJson();
        foreach (var (k, v) in changes)
        {
            if (v is null)
                copy.Remove(k);
            else
                // Re-parsed, not cloned: a value built in code (JsonValue<int>) does not convert to double the way a
                // parsed number does, so changes must look exactly like config.json content to the typed getters.
                copy[k] = JsonNode.Parse(v.ToJsonString());
        }
        return new ModelConfig(copy, Source);
    }

    /// <summary>Required integer field (the first of <paramref name="keys"/> that is present).</summary>
    public int GetInt(params string[] keys) => GetIntOrNull(keys) ?? throw Missing(keys, "an integer");

    /// <summary>Optional integer field.</summary>
    public int GetInt(string key, int defaultValue) => GetIntOrNull(key) ?? defaultValue;

    /// <summary>Integer field or null when absent / JSON null.</summary>
    public int? GetIntOrNull(params string[] keys)
    {
        foreach (var key in keys)
        {
            var node = _json[key];
            if (node is null)
                continue;
            try
            {
                if (node.GetValueKind() == JsonValueKind.Number)
                {
                    double d = node.GetValue<double>();
                    if (d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue)
                        return (int)d;
                }
            }
            catch (InvalidOperationException)
            {
            }
            throw Mistyped(key, "an integer", node);
        }
        return null;
    }

    /// <summary>Required floating-point field.</summary>
    public double GetDouble(params string[] keys) => GetDoubleOrNull(keys) ?? throw Missing(keys, "a number");

    /// <summary>Optional floating-point field.</summary>
    public double GetDouble(string key, double defaultValue) => GetDoubleOrNull(key) ?? defaultValue;

    /// <summary>Floating-point field or null.</summary>
    public double? GetDoubleOrNull(params string[] keys)
    {
        foreach (var key in keys)
        {
            var node = _json[key];
            if (node is null)
                continue;
            if (node.GetValueKind() == JsonValueKind.Number)
                return node.GetValue<double>();
            throw Mistyped(key, "a number", node);
        }
        return null;
    }

    /// <summary>Required string field.</summary>
    public string GetString(params string[] keys) => GetStringOrNull(keys) ?? throw Missing(keys, "a string");

    /// <summary>Optional string field.</summary>
    public string GetString(string key, string defaultValue) => GetStringOrNull(key) ?? defaultValue;

    /// <summary>String field or null.</summary>
    public string? GetStringOrNull(params string[] keys)
    {
        foreach (var key in keys)
        {
            var node = _json[key];
            if (node is null)
                continue;
            if (node.GetValueKind() == JsonValueKind.String)
                return node.GetValue<string>();
            throw Mistyped(key, "a string", node);
        }
        return null;
    }

    /// <summary>Optional boolean field.</summary>
    public bool GetBool(string key, bool defaultValue)
    {
        var node = _json[key];
        if (node is null)
            return defaultValue;
        return node.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Mistyped(key, "true or false", node),
        };
    }

    /// <summary>Labels from <c>id2label</c>, in id order (null when absent).</summary>
    public string[]? Labels()
    {
        if (_json["id2label"] is not JsonObject map || map.Count == 0)
            return null;
        var labels = new string[map.Count];
        foreach (var (k, v) in map)
        {
            if (!int.TryParse(k, out int id) || id < 0 || id >= labels.Length)
                throw new TextKitModelException("TK311", $"{Source}: id2label key '{k}' is not an id in 0..{labels.Length - 1}.");
            labels[id] = v?.ToString() ?? k;
        }
        return labels;
    }

    /// <summary>Number of labels: <c>num_labels</c>, else the size of <c>id2label</c>, else 2 (the HF default).</summary>
    public int NumLabels => GetIntOrNull("num_labels") ?? Labels()?.Length ?? 2;

    /// <summary>Fails with TK313 naming <paramref name="what"/> unless <paramref name="supported"/>.</summary>
    public void Require(bool supported, string what)
    {
        if (!supported)
            throw new TextKitModelException("TK313", $"{Source}: {what} TextKit does not support this option; the model cannot be loaded.");
    }

    private TextKitModelException Missing(string[] keys, string what)
        => new("TK311", $"{Source}: the field '{string.Join("' or '", keys)}' ({what}) is missing.");

    private TextKitModelException Mistyped(string key, string what, JsonNode node)
        => new("TK311", $"{Source}: the field '{key}' must be {what}, got {node.ToJsonString()}.");
}
