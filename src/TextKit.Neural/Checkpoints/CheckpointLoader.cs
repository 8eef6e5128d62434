using TextKit.Neural.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace TextKit.Neural.Checkpoints;

/// <summary>What loading a checkpoint did besides copying matching tensors.</summary>
public sealed class LoadReport
{
    /// <summary>Model parameters the checkpoint lacked (initialised as HF does; only when not strict).</summary>
    public List<string> MissingKeys { get; } = [];

    /// <summary>Checkpoint tensors the model has no place for (skipped; only when not strict).</summary>
    public List<string> UnexpectedKeys { get; } = [];

    /// <summary>Checkpoint tensors dropped on purpose: tied duplicates, recomputed buffers, heads when loading a base model.</summary>
    public List<string> IgnoredKeys { get; } = [];

    /// <summary>Keys renamed by normalisation (old → new), e.g. <c>LayerNorm.gamma → LayerNorm.weight</c>.</summary>
    public Dictionary<string, string> RenamedKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>Dtype the weights were stored in (F32, F16, BF16, ...), converted to float32.</summary>
    public HashSet<string> SourceDTypes { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Copies a HF state dict into a <see cref="TransformerModel"/> after normalising its keys: legacy
/// <c>gamma</c>/<c>beta</c> names, base-model prefixes present or absent, tied duplicates, stored buffers
/// (<c>position_ids</c>, GPT-2 <c>attn.bias</c>). Strict by default: any missing or unexpected key fails with TK330
/// listing them; a shape mismatch fails with TK331.
/// </summary>
public static class CheckpointLoader
{
    /// <summary>Maps checkpoint key → model key (or null when the key is ignored on purpose).</summary>
    public static Dictionary<string, string?> NormalizeKeys(TransformerModel model, IEnumerable<string> checkpointKeys, ISet<string> modelKeys, LoadReport report)
    {
        var map = new Dictionary<string, string?>(StringComparer.Ordinal);
        var tied = model.TiedKeys;
        string prefix = model.BasePrefix.Length > 0 ? model.BasePrefix + "." : "";
        foreach (var original in checkpointKeys)
        {
            string key = original;
            if (key.EndsWith(".gamma", StringComparison.Ordinal))
                key = key[..^6] + ".weight";
            else if (key.EndsWith(".beta", StringComparison.Ordinal))
                key = key[..^5] + ".bias";
            string? resolved = Resolve(key);
            if (resolved is null && key != original)
                resolved = Resolve(original);
            if (resolved is not null)
            {
                if (resolved != original)
                    report.RenamedKeys[original] = resolved;
                map[original] = resolved;
                continue;
            }
            // A tied duplicate (decoder weight = word embeddings), a recomputed buffer, or a task head when loading a
            // base model (HF's base_model_prefix rule: keys outside the prefix belong to heads).
            bool headOfOtherTask = model.Task == ModelTask.Base && prefix.Length > 0 && !key.StartsWith(prefix, StringComparison.Ordinal);
            if (tied.ContainsKey(key) || tied.ContainsKey(prefix + key) || model.IsIgnorableKey(key) || headOfOtherTask)
            {
                map[original] = null;
                report.IgnoredKeys.Add(original);
                continue;
            }
            map[original] = "?" + original; // unexpected
        }
        return map;

        string? Resolve(string key)
        {
            if (modelKeys.Contains(key))
                return key;
            if (prefix.Length > 0)
            {
                if (modelKeys.Contains(prefix + key))
                    return prefix + key;
                if (key.StartsWith(prefix, StringComparison.Ordinal) && modelKeys.Contains(key[prefix.Length..]))
                    return key[prefix.Length..];
            }
            return null;
        }
    }

    /// <summary>
    /// Loads <paramref name="stateDict"/> into <paramref name="model"/>. When <paramref name="strict"/> is false, missing
    /// parameters get HF's initialisation (normal(0, initializer_range); zero biases; LayerNorm ones) and unexpected
    /// tensors are skipped; both are listed in the report. Missing keys for which <paramref name="optionalMissing"/> holds
    /// are initialised even when strict.
    /// </summary>
    public static LoadReport Load(TransformerModel model, IReadOnlyDictionary<string, Tensor> stateDict, bool strict, string source, int? seed = null, Func<string, bool>? optionalMissing = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stateDict);
        var report = new LoadReport();
        var targets = model.state_dict();
        var tied = model.TiedKeys;
        var modelKeys = new HashSet<string>(targets.Keys.Where(k => !tied.ContainsKey(k)), StringComparer.Ordinal);
        var map = NormalizeKeys(model, stateDict.Keys, modelKeys, report);
        var loaded = new HashSet<string>(StringComparer.Ordinal);
        var unexpected = map.Where(kv => kv.Value is not null && kv.Value.StartsWith('?')).Select(kv => kv.Key).OrderBy(k => k, StringComparer.Ordinal).ToList();
        foreach (var (from, to) in map)
        {
            if (to is null || to.StartsWith('?'))
                continue;
            if (!loaded.Add(to))
                throw new TextKitModelException("TK330", $"{source}: two checkpoint tensors map to the model parameter '{to}' (e.g. '{from}'); the checkpoint has duplicate keys after normalisation.");
        }
        var missing = modelKeys.Where(k => !loaded.Contains(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        var required = optionalMissing is null ? missing : missing.Where(k => !optionalMissing(k)).ToList();
        if (strict && (required.Count > 0 || unexpected.Count > 0))
        {
            throw new TextKitModelException("TK330",
                $"{source}: the checkpoint does not match the model {model.GetType().Name} ({model.Config.ModelType}, task {model.Task}). " +
                (required.Count > 0 ? $"Missing keys ({required.Count}): {Summarize(required)}. " : "") +
                (unexpected.Count > 0 ? $"Unexpected keys ({unexpected.Count}): {Summarize(unexpected)}. " : "") +
                "Check that config.json matches the weights, or load with Strict = false to initialise missing parameters and skip unexpected ones.");
        }
        using (torch.no_grad())
        {
            foreach (var (from, to) in map)
            {
                if (to is null || to.StartsWith('?'))
                    continue;
                var source_ = stateDict[from];
                var target = targets[to];
                if (!source_.shape.SequenceEqual(target.shape))
                    throw new TextKitModelException("TK331", $"{source}: tensor '{from}' has shape [{string.Join(", ", source_.shape)}] but the model (from config.json) expects [{string.Join(", ", target.shape)}] for '{to}'. The config and the weights disagree.");
                if (source_.dtype != target.dtype && !(source_.is_floating_point() && target.is_floating_point()))
                    throw new TextKitModelException("TK331", $"{source}: tensor '{from}' has dtype {source_.dtype}; the model expects {target.dtype}.");
                target.copy_(source_);
            }
            if (missing.Count > 0)
                Initialize(model, targets, missing, seed);
        }
        report.MissingKeys.AddRange(missing);
        report.UnexpectedKeys.AddRange(unexpected);
        return report;
    }

    /// <summary>HF's <c>_init_weights</c> for the given keys: normal(0, initializer_range) for matrices, zero biases, ones for norm weights.</summary>
    private static void Initialize(TransformerModel model, Dictionary<string, Tensor> targets, IEnumerable<string> keys, int? seed)
    {
        var generator = seed is int s ? new Generator((ulong)s) : null;
        double std = model.InitializerRange;
        foreach (var key in keys)
        {
            var t = targets[key];
            bool isNorm = key.Contains("LayerNorm", StringComparison.Ordinal) || key.Contains("layer_norm", StringComparison.Ordinal) || key.Contains("ln_", StringComparison.Ordinal);
            if (key.EndsWith(".bias", StringComparison.Ordinal) || key == "bias")
                t.zero_();
            else if (isNorm || t.dim() == 1)
                t.fill_(1.0);
            else
                t.normal_(0, std, generator);
        }
    }

    private static string Summarize(IReadOnlyList<string> keys)
        => keys.Count <= 12 ? string.Join(", ", keys) : string.Join(", ", keys.Take(12)) + $", ... ({keys.Count - 12} more)";
}
