using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TextKit.Neural.Training;

/// <summary>Hyper-parameters of <see cref="AdamW"/> (PyTorch defaults).</summary>
public sealed class AdamWOptions
{
    /// <summary>Learning rate (lr).</summary>
    public double LearningRate { get; set; } = 1e-3;

    /// <summary>First-moment decay (betas[0]).</summary>
    public double Beta1 { get; set; } = 0.9;

    /// <summary>Second-moment decay (betas[1]).</summary>
    public double Beta2 { get; set; } = 0.999;

    /// <summary>Denominator epsilon (eps).</summary>
    public double Epsilon { get; set; } = 1e-8;

    /// <summary>Decoupled weight decay (weight_decay); PyTorch's default is 0.01.</summary>
    public double WeightDecay { get; set; } = 0.01;

    /// <summary>Validates the values.</summary>
    public void Validate()
    {
        if (!(LearningRate >= 0))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "must be >= 0.");
        if (!(Beta1 is >= 0 and < 1))
            throw new ArgumentOutOfRangeException(nameof(Beta1), Beta1, "must be in [0, 1).");
        if (!(Beta2 is >= 0 and < 1))
            throw new ArgumentOutOfRangeException(nameof(Beta2), Beta2, "must be in [0, 1).");
        if (!(Epsilon > 0))
            throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, "must be > 0.");
        if (!(WeightDecay >= 0))
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "must be >= 0.");
    }
}

/// <summary>
/// AdamW (Loshchilov &amp; Hutter 2019) exactly as PyTorch's single-tensor <c>torch.optim.AdamW</c> computes it:
/// p ← p·(1 − lr·wd); m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g²;
/// p ← p − lr/(1 − β1ᵗ) · m / (√v/√(1 − β2ᵗ) + ε). Parameter groups without weight decay (biases, norms) are
/// supported through <see cref="AdamW(IEnumerable{ValueTuple{string, Parameter}}, AdamWOptions, Func{string, bool}?)"/>.
/// The learning rate can be changed between steps (schedulers).
/// </summary>
public sealed class AdamW : IDisposable
{
    private readonly List<Slot> _slots = [];
    private readonly AdamWOptions _options;

    private sealed class Slot
    {
        public required Parameter Parameter { get; init; }
        public required bool Decay { get; init; }
        public Tensor? ExpAvg { get; set; }
        public Tensor? ExpAvgSq { get; set; }
    }

    /// <summary>Optimises every parameter with weight decay (as <c>torch.optim.AdamW(model.parameters())</c>).</summary>
    public AdamW(IEnumerable<Parameter> parameters, AdamWOptions options)
        : this(parameters.Select((p, i) => (i.ToString(System.Globalization.CultureInfo.InvariantCulture), p)), options, null)
    {
    }

    /// <summary>Optimises named parameters; <paramref name="noDecay"/> selects names excluded from weight decay.</summary>
    public AdamW(IEnumerable<(string Name, Parameter Parameter)> parameters, AdamWOptions options, Func<string, bool>? noDecay)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
        LearningRate = options.LearningRate;
        foreach (var (name, p) in parameters)
        {
            if (p.requires_grad)
                _slots.Add(new Slot { Parameter = p, Decay = noDecay is null || !noDecay(name) });
        }
    }

    /// <summary>HF's usual exclusion: biases and LayerNorm weights get no weight decay.</summary>
    public static bool BiasAndNormNoDecay(string name)
        => name.EndsWith(".bias", StringComparison.Ordinal) || name.Contains("LayerNorm", StringComparison.Ordinal)
           || name.Contains("layer_norm", StringComparison.Ordinal) || name.Contains(".ln_", StringComparison.Ordinal);

    /// <summary>Current learning rate (set by schedulers before <see cref="Step"/>).</summary>
    public double LearningRate { get; set; }

    /// <summary>Steps taken.</summary>
    public long StepCount { get; private set; }

    /// <summary>Clears the gradients (sets them to none, as PyTorch's default).</summary>
    public void ZeroGrad()
    {
        foreach (var s in _slots)
        {
            var g = s.Parameter.grad;
            if (g is not null)
            {
                g.Dispose();
                s.Parameter.grad = null;
            }
        }
    }

    /// <summary>One update of every parameter that has a gradient.</summary>
    public void Step()
    {
        StepCount++;
        double lr = LearningRate, b1 = _options.Beta1, b2 = _options.Beta2, eps = _options.Epsilon, wd = _options.WeightDecay;
        double biasCorrection1 = 1 - Math.Pow(b1, StepCount);
        double biasCorrection2Sqrt = Math.Sqrt(1 - Math.Pow(b2, StepCount));
        double stepSize = lr / biasCorrection1;
        using var noGrad = torch.no_grad();
        foreach (var s in _slots)
        {
            var grad = s.Parameter.grad;
            if (grad is null)
                continue;
            var p = s.Parameter;
            s.ExpAvg ??= torch.zeros_like(p).DetachFromDisposeScope();
            s.ExpAvgSq ??= torch.zeros_like(p).DetachFromDisposeScope();
            float decay = s.Decay ? (float)(1 - lr * wd) : 1f;
            if (CanFuse(p, grad, s.ExpAvg, s.ExpAvgSq))
            {
                FusedStep(p, grad, s.ExpAvg, s.ExpAvgSq, decay, (float)(1 - b1), (float)b2, (float)(1 - b2), (float)biasCorrection2Sqrt, (float)eps, (float)stepSize);
                continue;
            }
            using var scope = NewDisposeScope();
            if (decay != 1f)
                p.mul_(1 - lr * wd);
            s.ExpAvg.lerp_(grad, 1 - b1);
            s.ExpAvgSq.mul_(b2).addcmul_(grad, grad, 1 - b2);
            var denom = (s.ExpAvgSq.sqrt() / biasCorrection2Sqrt).add_(eps);
            p.addcdiv_(s.ExpAvg, denom, -stepSize);
        }
    }

    private static bool CanFuse(Tensor p, Tensor g, Tensor m, Tensor v)
        => p.device_type == DeviceType.CPU && g.device_type == DeviceType.CPU
           && p.dtype == ScalarType.Float32 && g.dtype == ScalarType.Float32
           && p.is_contiguous() && g.is_contiguous() && m.is_contiguous() && v.is_contiguous()
           && g.numel() == p.numel();

    /// <summary>
    /// The same update in one pass over parameter, gradient and both moments (float32 arithmetic, as PyTorch's CPU
    /// kernels use for float tensors), SIMD-vectorised and split over threads: the tensor-op version reads and writes
    /// the parameter-sized buffers about a dozen times per step, which dominates the optimizer's cost on large models.
    /// </summary>
    private static unsafe void FusedStep(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, float decay, float oneMinusB1, float b2, float oneMinusB2, float bc2Sqrt, float eps, float stepSize)
    {
        long n = param.numel();
        // Tensor.bytes is a span over the CPU tensor's own storage (no copy).
        fixed (byte* pb = param.bytes, gb = grad.bytes, mb = expAvg.bytes, vb = expAvgSq.bytes)
            FusedStep((float*)pb, (float*)gb, (float*)mb, (float*)vb, n, decay, oneMinusB1, b2, oneMinusB2, bc2Sqrt, eps, stepSize);
    }

    private static unsafe void FusedStep(float* p, float* g, float* m, float* v, long n, float decay, float oneMinusB1, float b2, float oneMinusB2, float bc2Sqrt, float eps, float stepSize)
    {
        const long chunk = 1 << 16;
        long chunks = (n + chunk - 1) / chunk;
        void Run(long c)
        {
            long start = c * chunk, end = Math.Min(n, start + chunk);
            long i = start;
            int width = System.Numerics.Vector<float>.Count;
            var vDecay = new System.Numerics.Vector<float>(decay);
            var vW1 = new System.Numerics.Vector<float>(oneMinusB1);
            var vB2 = new System.Numerics.Vector<float>(b2);
            var vW2 = new System.Numerics.Vector<float>(oneMinusB2);
            var vBc2 = new System.Numerics.Vector<float>(bc2Sqrt);
            var vEps = new System.Numerics.Vector<float>(eps);
            var vStep = new System.Numerics.Vector<float>(stepSize);
            for (; i + width <= end; i += width)
            {
                var gi = System.Runtime.CompilerServices.Unsafe.ReadUnaligned<System.Numerics.Vector<float>>(g + i);
                var mi = System.Runtime.CompilerServices.Unsafe.ReadUnaligned<System.Numerics.Vector<float>>(m + i);
                var vi = System.Runtime.CompilerServices.Unsafe.ReadUnaligned<System.Numerics.Vector<float>>(v + i);
                var pi = System.Runtime.CompilerServices.Unsafe.ReadUnaligned<System.Numerics.Vector<float>>(p + i) * vDecay;
                mi += vW1 * (gi - mi);
                vi = vi * vB2 + vW2 * gi * gi;
                var denom = System.Numerics.Vector.SquareRoot(vi) / vBc2 + vEps;
                pi -= vStep * (mi / denom);
                System.Runtime.CompilerServices.Unsafe.WriteUnaligned(m + i, mi);
                System.Runtime.CompilerServices.Unsafe.WriteUnaligned(v + i, vi);
                System.Runtime.CompilerServices.Unsafe.WriteUnaligned(p + i, pi);
            }
            for (; i < end; i++)
            {
                float gi = g[i];
                float mi = m[i] + oneMinusB1 * (gi - m[i]);
                float vi = v[i] * b2 + oneMinusB2 * gi * gi;
                m[i] = mi;
                v[i] = vi;
                p[i] = p[i] * decay - stepSize * (mi / (MathF.Sqrt(vi) / bc2Sqrt + eps));
            }
        }
        if (chunks == 1)
            Run(0);
        else
            Parallel.For(0L, chunks, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, torch.get_num_threads()) }, Run);
    }

    /// <summary>
    /// The optimizer's moments as named tensors (<c>exp_avg.{i}</c>, <c>exp_avg_sq.{i}</c>, i = index of the optimised
    /// parameter), for checkpoints; parameters that have not been stepped yet are absent. The tensors are the live state.
    /// </summary>
    public Dictionary<string, Tensor> ExportState()
    {
        var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (int i = 0; i < _slots.Count; i++)
        {
            if (_slots[i].ExpAvg is { } m)
                state[$"exp_avg.{i}"] = m;
            if (_slots[i].ExpAvgSq is { } v)
                state[$"exp_avg_sq.{i}"] = v;
        }
        return state;
    }

    /// <summary>Restores moments written by <see cref="ExportState"/> and the step count (resuming a run).</summary>
    /// <exception cref="TextKitException">TK805: the state does not fit this optimizer's parameters.</exception>
    public void ImportState(IReadOnlyDictionary<string, Tensor> state, long stepCount)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentOutOfRangeException.ThrowIfNegative(stepCount);
        foreach (var key in state.Keys)
        {
            int dot = key.LastIndexOf('.');
            if (dot < 0 || !int.TryParse(key.AsSpan(dot + 1), System.Globalization.CultureInfo.InvariantCulture, out int i) || i < 0 || i >= _slots.Count
                || key[..dot] is not ("exp_avg" or "exp_avg_sq"))
                throw new TextKitException("TK805", $"optimizer state entry '{key}' does not belong to this optimizer ({_slots.Count} parameters); the checkpoint was written for a different model.");
            if (!state[key].shape.SequenceEqual(_slots[i].Parameter.shape))
                throw new TextKitException("TK805", $"optimizer state entry '{key}' has shape [{string.Join(", ", state[key].shape)}] but parameter {i} has [{string.Join(", ", _slots[i].Parameter.shape)}]; the checkpoint was written for a different model.");
        }
        for (int i = 0; i < _slots.Count; i++)
        {
            var s = _slots[i];
            s.ExpAvg?.Dispose();
            s.ExpAvgSq?.Dispose();
            s.ExpAvg = state.TryGetValue($"exp_avg.{i}", out var m) ? m.detach().clone().contiguous().DetachFromDisposeScope() : null;
            s.ExpAvgSq = state.TryGetValue($"exp_avg_sq.{i}", out var v) ? v.detach().clone().contiguous().DetachFromDisposeScope() : null;
        }
        StepCount = stepCount;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var s in _slots)
        {
            s.ExpAvg?.Dispose();
            s.ExpAvgSq?.Dispose();
        }
        _slots.Clear();
    }
}
