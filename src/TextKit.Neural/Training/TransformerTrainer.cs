using System.Diagnostics;
using System.Globalization;
using TextKit.Neural.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace TextKit.Neural.Training;

/// <summary>
/// The shared fine-tuning loop of TextKit's neural trainers (sequence classification, token classification, masked
/// LM, and pre-training objectives such as ELECTRA's through <see cref="TrainingObjective"/>): AdamW (PyTorch
/// semantics), linear warm-up then linear decay or constant learning rate, gradient clipping, length-bucketed batches
/// padded to their longest row, gradient accumulation, per-epoch validation with early stopping and best-weights
/// restore, checkpoint/resume, progress and a CSV log.
/// </summary>
/// <remarks>
/// Determinism: batch order comes from <c>Random(Seed + epoch)</c> and libtorch's generator is re-seeded from
/// (Seed, micro-batch number) before every forward pass, so dropout masks do not depend on what ran before. The same
/// seed, data, options and thread count give the same weights, and resuming from a checkpoint gives the same weights as
/// the uninterrupted run. Re-seeding touches libtorch's process-wide generator; code that draws from that generator on
/// another thread while a model trains (e.g. random initialisation) changes the dropout masks and so breaks
/// reproducibility (TextKit trainings in one process are serialised per forward pass and do not).
/// Loop structure follows HF <c>Trainer</c> (transformers/trainer.py): loss / accumulation, clip, step, schedule.
/// </remarks>
public sealed class TransformerTrainer
{
    private const string StateFile = "trainer-state.json";
    private const string ModelFile = "model-state.safetensors";
    private const string OptimizerFile = "optimizer.safetensors";
    private const string BestFile = "best-state.safetensors";
    private const string ObjectiveFile = "objective-state.safetensors";
    private const string LogHeader = "epoch,step,loss,learning_rate,validation_metric,elapsed_seconds";

    internal static readonly object s_generatorLock = new();

    private readonly TransformerTrainerOptions _options;

    /// <summary>Creates a trainer; the options are validated here.</summary>
    public TransformerTrainer(TransformerTrainerOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
    }

    /// <summary>The options.</summary>
    public TransformerTrainerOptions Options => _options;

    /// <summary>Learning-rate multiplier before optimizer step <paramref name="step"/> (from 0) of <paramref name="totalSteps"/>.</summary>
    public static double LearningRateFactor(LearningRateSchedule schedule, long step, long totalSteps, long warmupSteps)
    {
        if (step < warmupSteps)
            return (double)step / Math.Max(1, warmupSteps);
        if (schedule == LearningRateSchedule.Constant)
            return 1;
        return Math.Max(0, (double)(totalSteps - step) / Math.Max(1, totalSteps - warmupSteps));
    }

    /// <summary>Optimizer steps per epoch for <paramref name="examples"/> examples.</summary>
    public int StepsPerEpoch(int examples)
    {
        int batches = (examples + _options.BatchSize - 1) / _options.BatchSize;
        return (batches + _options.GradientAccumulationSteps - 1) / _options.GradientAccumulationSteps;
    }

    /// <summary>
    /// Trains <paramref name="model"/> in place on <paramref name="train"/>; validates after every epoch on
    /// <paramref name="validation"/> when given. Cancellation saves a checkpoint (when a folder is set) and throws
    /// <see cref="OperationCanceledException"/>.
    /// </summary>
    /// <exception cref="TextKitException">TK800 no training data; TK801 an example is malformed; TK802 the model has no
    /// training loss; TK805/TK806 the resume checkpoint does not fit.</exception>
    public TrainingResult Train(TransformerModel model, IReadOnlyList<TrainingExample> train, IReadOnlyList<TrainingExample>? validation = null, CancellationToken cancellationToken = default)
        => Run(model, null, train, validation, cancellationToken);

    /// <summary>
    /// Trains <paramref name="model"/> and the modules of <paramref name="objective"/> in place on the objective's loss
    /// (pre-training objectives such as ELECTRA's <see cref="ReplacedTokenDetection"/>), on the same loop as
    /// <see cref="Train(TransformerModel, IReadOnlyList{TrainingExample}, IReadOnlyList{TrainingExample}?, CancellationToken)"/>:
    /// the model may have any task; examples carry per-token labels as for masked LM (or none, with
    /// <see cref="TransformerTrainerOptions.DynamicMasking"/>), and batches name their labelled positions. The
    /// objective's figures are reported per step (progress, result, extra CSV columns), and its modules' weights are
    /// part of every checkpoint. Validation needs <see cref="TransformerTrainerOptions.ValidationMetric"/>.
    /// </summary>
    /// <exception cref="TextKitException">As the other overload; TK802 validation data without a validation metric;
    /// TK806 the resume checkpoint was written for another objective.</exception>
    public TrainingResult Train(TransformerModel model, TrainingObjective objective, IReadOnlyList<TrainingExample> train, IReadOnlyList<TrainingExample>? validation = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        return Run(model, objective, train, validation, cancellationToken);
    }

    private TrainingResult Run(TransformerModel model, TrainingObjective? objective, IReadOnlyList<TrainingExample> train, IReadOnlyList<TrainingExample>? validation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        if (objective is null && model.Task is not (ModelTask.SequenceClassification or ModelTask.TokenClassification or ModelTask.MaskedLM))
            throw new TextKitException("TK802", $"the trainer fine-tunes sequence classification, token classification and masked-LM models; this model's task is {model.Task}.");
        if (train.Count == 0)
            throw new TextKitException("TK800", "there are no training examples.");
        var masking = _options.DynamicMasking;
        if (masking is not null && objective is null && model.Task != ModelTask.MaskedLM)
            throw new TextKitException("TK802", $"DynamicMasking needs a masked-LM model; this model's task is {model.Task}.");
        if (masking is not null && masking.VocabularySize > model.VocabSize)
            throw new TextKitException("TK801", $"the masking draws ids up to {masking.VocabularySize - 1} but the model's vocabulary has {model.VocabSize} entries.");
        // An objective's examples are labelled per token (over the vocabulary), as for masked LM.
        var labelTask = objective is null ? model.Task : ModelTask.MaskedLM;
        CheckExamples(model, labelTask, train, "training", masking is not null);
        if (validation is { Count: > 0 })
        {
            if (objective is not null && _options.ValidationMetric is null)
                throw new TextKitException("TK802", "validation with a training objective needs a ValidationMetric (accuracy of the model's own head does not apply).");
            CheckExamples(model, labelTask, validation, "validation", masking is not null);
            if (masking is not null)
            {
                // A fixed corruption of the validation set, so that epochs compare on the same task.
                var fixedRandom = new Random(unchecked(_options.Seed * 31 + 17));
                validation = validation.Select(e => masking.Apply(e, fixedRandom)).ToList();
            }
        }
        bool validate = validation is { Count: > 0 };

        var o = _options;
        int padId = o.PadTokenId ?? model.Config.GetIntOrNull("pad_token_id") ?? 0;
        int batchesPerEpoch = (train.Count + o.BatchSize - 1) / o.BatchSize;
        long stepsPerEpoch = StepsPerEpoch(train.Count);
        long totalSteps = stepsPerEpoch * o.Epochs;
        long warmup = o.WarmupSteps > 0 ? o.WarmupSteps : (long)Math.Ceiling(o.WarmupRatio * totalSteps);

        var named = model.named_parameters().ToList();
        if (objective is not null)
            named.AddRange(objective.named_parameters().Select(p => ("objective." + p.name, p.parameter)));
        var parameters = named.Select(p => p.parameter).ToList();
        var metricNames = objective?.MetricNames ?? [];
        var stepMetrics = metricNames.Select(_ => new List<double>()).ToArray();
        using var optimizer = new AdamW(named, new AdamWOptions { LearningRate = o.LearningRate, Beta1 = o.Beta1, Beta2 = o.Beta2, Epsilon = o.Epsilon, WeightDecay = o.WeightDecay },
            o.NoDecayForBiasAndNorm ? AdamW.BiasAndNormNoDecay : null);

        var state = new RunState { TotalSteps = totalSteps, Seed = o.Seed, TrainCount = train.Count, BatchSize = o.BatchSize, Accumulation = o.GradientAccumulationSteps, Epochs = o.Epochs, Objective = objective?.GetName() };
        Dictionary<string, Tensor>? best = null;
        if (o.ResumeFrom is not null)
            best = Resume(model, objective, optimizer, state, o.ResumeFrom);

        var log = o.LogCsvPath is null ? null : OpenLog(o.LogCsvPath, append: o.ResumeFrom is not null, metricNames);
        // Validation rows leave the objective's columns empty.
        string noMetrics = new(',', metricNames.Count);
        var clock = Stopwatch.StartNew();
        long startStep = state.Step;
        var losses = new List<double>();
        var metrics = new List<double>(state.Metrics);
        long tokens = 0;
        bool stoppedEarly = false;
        try
        {
            model.train();
            objective?.train();
            for (int epoch = state.Epoch; epoch < o.Epochs; epoch++)
            {
                var batches = PlanEpoch(train, epoch);
                int groupStart = state.BatchInEpoch;
                double groupLoss = 0;
                var groupMetrics = new double[metricNames.Count];
                for (int b = state.BatchInEpoch; b < batches.Count; b++)
                {
                    int groupSize = Math.Min(o.GradientAccumulationSteps, batches.Count - groupStart);
                    long microBatch = (long)epoch * batchesPerEpoch + b;
                    using (var scope = NewDisposeScope())
                    {
                        var (input, labels, batchTokens) = masking is null
                            ? Collate(train, batches[b], padId, labelTask, maskedOnly: true)
                            : Collate(Masked(train, batches[b], masking, new Random((int)(MixSeed(o.Seed ^ 0x5bd1e995, microBatch) & int.MaxValue))), Enumerable.Range(0, batches[b].Length).ToArray(), padId, labelTask, maskedOnly: true);
                        tokens += batchTokens;
                        Tensor loss;
                        // Dropout (and an objective's sampling) draws from libtorch's process-wide generator: seed it and
                        // run the forward pass under one lock, so that concurrent TextKit trainings in a process do not
                        // disturb each other's draws.
                        if (objective is null)
                        {
                            ModelOutput output;
                            lock (s_generatorLock)
                            {
                                torch.random.manual_seed(MixSeed(o.Seed, microBatch));
                                output = model.call(input);
                            }
                            using var disposeOutput = output;
                            loss = Losses.CrossEntropy(output.Logits!, labels);
                        }
                        else
                        {
                            ObjectiveLoss result;
                            lock (s_generatorLock)
                            {
                                torch.random.manual_seed(MixSeed(o.Seed, microBatch));
                                result = objective.Loss(model, input, labels);
                            }
                            if (result.Metrics.Count != metricNames.Count)
                                throw new InvalidOperationException($"{objective.GetName()} reported {result.Metrics.Count} figures for its {metricNames.Count} metric names.");
                            for (int m = 0; m < groupMetrics.Length; m++)
                                groupMetrics[m] += result.Metrics[m] / groupSize;
                            loss = result.Loss;
                        }
                        groupLoss += loss.item<float>() / groupSize;
                        (groupSize == 1 ? loss : loss / groupSize).backward();
                    }
                    if (b + 1 - groupStart < groupSize)
                        continue;

                    if (o.MaxGradNorm > 0)
                        nn.utils.clip_grad_norm_(parameters, o.MaxGradNorm);
                    double lr = o.LearningRate * LearningRateFactor(o.Schedule, state.Step, totalSteps, warmup);
                    optimizer.LearningRate = lr;
                    optimizer.Step();
                    optimizer.ZeroGrad();
                    state.Step++;
                    state.BatchInEpoch = b + 1;
                    groupStart = b + 1;
                    losses.Add(groupLoss);
                    for (int m = 0; m < groupMetrics.Length; m++)
                        stepMetrics[m].Add(groupMetrics[m]);
                    var elapsed = clock.Elapsed;
                    long done = state.Step - startStep;
                    TimeSpan? eta = done > 0 ? TimeSpan.FromTicks((long)(elapsed.Ticks / (double)done * (totalSteps - state.Step))) : null;
                    var reported = metricNames.Count == 0 ? null : metricNames.Select((name, m) => (name, groupMetrics[m])).ToDictionary(x => x.name, x => x.Item2, StringComparer.Ordinal);
                    o.Progress?.Report(new TrainingProgress(epoch + 1, o.Epochs, state.Step, totalSteps, groupLoss, lr, null, elapsed, eta, false, reported));
                    log?.WriteLine(FormattableString.Invariant($"{epoch + 1},{state.Step},{groupLoss:R},{lr:R},,{elapsed.TotalSeconds:F3}") + string.Concat(groupMetrics.Select(m => FormattableString.Invariant($",{m:R}"))));
                    groupLoss = 0;
                    Array.Clear(groupMetrics);
                    if (o.CheckpointEverySteps > 0 && state.Step % o.CheckpointEverySteps == 0 && o.CheckpointFolder is not null)
                        SaveCheckpoint(model, objective, optimizer, state, best, o.CheckpointFolder);
                    if (cancellationToken.IsCancellationRequested)
                    {
                        if (o.CheckpointFolder is not null)
                            SaveCheckpoint(model, objective, optimizer, state, best, o.CheckpointFolder);
                        cancellationToken.ThrowIfCancellationRequested();
                    }
                }

                state.Epoch = epoch + 1;
                state.BatchInEpoch = 0;
                if (validate)
                {
                    double metric = Evaluate(model, validation!, padId);
                    model.train();
                    metrics.Add(metric);
                    state.Metrics.Add(metric);
                    if (state.BestMetric is null || metric > state.BestMetric)
                    {
                        state.BestMetric = metric;
                        state.BestEpoch = epoch + 1;
                        state.EpochsWithoutImprovement = 0;
                        if (o.RestoreBestWeights)
                            best = Snapshot(model, best);
                    }
                    else
                    {
                        state.EpochsWithoutImprovement++;
                    }
                    var elapsed = clock.Elapsed;
                    o.Progress?.Report(new TrainingProgress(epoch + 1, o.Epochs, state.Step, totalSteps, losses.Count > 0 ? losses[^1] : double.NaN, optimizer.LearningRate, metric, elapsed, null, true));
                    log?.WriteLine(FormattableString.Invariant($"{epoch + 1},{state.Step},,,{metric:R},{elapsed.TotalSeconds:F3}") + noMetrics);
                }
                if (o.CheckpointFolder is not null)
                    SaveCheckpoint(model, objective, optimizer, state, best, o.CheckpointFolder);
                if (validate && o.EarlyStoppingPatience > 0 && state.EpochsWithoutImprovement >= o.EarlyStoppingPatience && epoch + 1 < o.Epochs)
                {
                    stoppedEarly = true;
                    break;
                }
            }
            if (best is not null)
                Restore(model, best);
        }
        finally
        {
            log?.Dispose();
            if (best is not null)
            {
                foreach (var t in best.Values)
                    t.Dispose();
            }
            model.eval();
            objective?.eval();
        }
        return new TrainingResult
        {
            Steps = state.Step,
            EpochsCompleted = state.Epoch,
            StepLosses = losses,
            ValidationMetrics = metrics,
            BestValidationMetric = state.BestMetric,
            BestEpoch = state.BestEpoch,
            StoppedEarly = stoppedEarly,
            Tokens = tokens,
            Elapsed = clock.Elapsed,
            StepMetrics = metricNames.Select((name, m) => (name, (IReadOnlyList<double>)stepMetrics[m])).ToDictionary(x => x.name, x => x.Item2, StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// Default validation metric: accuracy of argmax predictions (per example for sequence classification; per
    /// labelled token otherwise). Runs in eval mode without gradients.
    /// </summary>
    public double Evaluate(TransformerModel model, IReadOnlyList<TrainingExample> examples, int? padTokenId = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        model.eval();
        if (_options.ValidationMetric is { } custom)
            return custom(model, examples);
        int padId = padTokenId ?? _options.PadTokenId ?? model.Config.GetIntOrNull("pad_token_id") ?? 0;
        long correct = 0, total = 0;
        using var noGrad = torch.no_grad();
        for (int start = 0; start < examples.Count; start += _options.BatchSize)
        {
            using var scope = NewDisposeScope();
            var indices = Enumerable.Range(start, Math.Min(_options.BatchSize, examples.Count - start)).ToArray();
            var (input, labels, _) = Collate(examples, indices, padId, model.Task, maskedOnly: true);
            using var output = model.call(input);
            var predicted = output.Logits!.argmax(-1);
            var valid = labels.ne(-100);
            correct += predicted.eq(labels).logical_and(valid).sum().ToInt64();
            total += valid.sum().ToInt64();
        }
        return total == 0 ? 0 : (double)correct / total;
    }

    private static void CheckExamples(TransformerModel model, ModelTask labelTask, IReadOnlyList<TrainingExample> examples, string what, bool labelsComputed)
    {
        int labels = labelTask == ModelTask.MaskedLM ? model.VocabSize : model.Config.NumLabels;
        int maxPositions = model.MaxPositions ?? int.MaxValue;
        for (int i = 0; i < examples.Count; i++)
        {
            var e = examples[i] ?? throw new TextKitException("TK801", $"{what} example {i} is null.");
            if (e.InputIds is null || e.InputIds.Length == 0)
                throw new TextKitException("TK801", $"{what} example {i} has no tokens.");
            if (e.InputIds.Length > maxPositions)
                throw new TextKitException("TK801", $"{what} example {i} has {e.InputIds.Length} tokens but the model accepts at most {maxPositions}; truncate or split it.");
            if (e.TokenTypeIds is null || e.TokenTypeIds.Length != e.InputIds.Length)
                throw new TextKitException("TK801", $"{what} example {i} has {e.TokenTypeIds?.Length ?? 0} token type ids for {e.InputIds.Length} tokens.");
            int expectedLabels = labelTask == ModelTask.SequenceClassification ? 1 : e.InputIds.Length;
            if (labelsComputed)
            {
                foreach (int id in e.InputIds)
                {
                    if ((uint)id >= (uint)model.VocabSize)
                        throw new TextKitException("TK801", $"{what} example {i} has token id {id}, outside the vocabulary 0..{model.VocabSize - 1}.");
                }
                continue;
            }
            if (e.Labels is null || e.Labels.Length != expectedLabels)
                throw new TextKitException("TK801", $"{what} example {i} has {e.Labels?.Length ?? 0} labels; a {labelTask} example needs {expectedLabels}.");
            foreach (int id in e.InputIds)
            {
                if ((uint)id >= (uint)model.VocabSize)
                    throw new TextKitException("TK801", $"{what} example {i} has token id {id}, outside the vocabulary 0..{model.VocabSize - 1}.");
            }
            foreach (int label in e.Labels)
            {
                if (label != -100 && (uint)label >= (uint)labels)
                    throw new TextKitException("TK801", $"{what} example {i} has label {label}, outside 0..{labels - 1} (-100 = no label).");
            }
        }
    }

    /// <summary>The batches of one epoch, as example indices (deterministic in Seed and epoch).</summary>
    internal List<int[]> PlanEpoch(IReadOnlyList<TrainingExample> train, int epoch)
    {
        var o = _options;
        var order = Enumerable.Range(0, train.Count).ToArray();
        var batches = new List<int[]>();
        if (!o.Shuffle)
        {
            for (int i = 0; i < order.Length; i += o.BatchSize)
                batches.Add(order[i..Math.Min(order.Length, i + o.BatchSize)]);
            return batches;
        }
        var random = new Random(unchecked(o.Seed * 7919 + epoch));
        random.Shuffle(order);
        if (!o.LengthBucketing)
        {
            for (int i = 0; i < order.Length; i += o.BatchSize)
                batches.Add(order[i..Math.Min(order.Length, i + o.BatchSize)]);
            return batches;
        }
        // Sort pools of shuffled examples by length, cut them into batches, then shuffle the batches: similar lengths
        // share a batch (little padding) while batch composition still varies between epochs.
        int pool = o.BatchSize * o.BucketPoolBatches;
        for (int p = 0; p < order.Length; p += pool)
        {
            var chunk = order[p..Math.Min(order.Length, p + pool)];
            Array.Sort(chunk, (x, y) => train[y].Length != train[x].Length ? train[y].Length.CompareTo(train[x].Length) : x.CompareTo(y));
            for (int i = 0; i < chunk.Length; i += o.BatchSize)
                batches.Add(chunk[i..Math.Min(chunk.Length, i + o.BatchSize)]);
        }
        var shuffled = batches.ToArray();
        random.Shuffle(shuffled);
        return [.. shuffled];
    }

    /// <summary>
    /// Pads a batch to its longest example: ids (pad id), mask, token types, labels (-100 on padding). With
    /// <paramref name="maskedOnly"/> (masked LM), labels are those of the labelled positions only, and the input names
    /// those positions (<see cref="ModelInput.MaskedPositions"/>) so that the head scores just them.
    /// </summary>
    internal static (ModelInput Input, Tensor Labels, long Tokens) Collate(IReadOnlyList<TrainingExample> examples, int[] indices, int padId, ModelTask task, bool maskedOnly = false)
    {
        int batch = indices.Length;
        int length = indices.Max(i => examples[i].Length);
        var ids = new long[batch * length];
        var mask = new long[batch * length];
        var types = new long[batch * length];
        bool perToken = task != ModelTask.SequenceClassification;
        var labels = new long[perToken ? batch * length : batch];
        Array.Fill(ids, padId);
        if (perToken)
            Array.Fill(labels, -100L);
        long tokens = 0;
        for (int b = 0; b < batch; b++)
        {
            var e = examples[indices[b]];
            tokens += e.Length;
            for (int t = 0; t < e.Length; t++)
            {
                ids[b * length + t] = e.InputIds[t];
                mask[b * length + t] = 1;
                types[b * length + t] = e.TokenTypeIds[t];
                if (perToken)
                    labels[b * length + t] = e.Labels[t];
            }
            if (!perToken)
                labels[b] = e.Labels[0];
        }
        if (maskedOnly && task == ModelTask.MaskedLM)
        {
            // Score only the labelled (masked) positions: the model returns logits [positions, vocab] for them.
            var positions = new List<long>();
            var selected = new List<long>();
            for (int i = 0; i < labels.Length; i++)
            {
                if (labels[i] != -100)
                {
                    positions.Add(i);
                    selected.Add(labels[i]);
                }
            }
            var maskedInput = new ModelInput
            {
                InputIds = torch.tensor(ids, [batch, length]),
                AttentionMask = torch.tensor(mask, [batch, length]),
                TokenTypeIds = torch.tensor(types, [batch, length]),
                MaskedPositions = torch.tensor(positions.ToArray()),
            };
            return (maskedInput, torch.tensor(selected.ToArray()), tokens);
        }
        var input = new ModelInput
        {
            InputIds = torch.tensor(ids, [batch, length]),
            AttentionMask = torch.tensor(mask, [batch, length]),
            TokenTypeIds = torch.tensor(types, [batch, length]),
        };
        var labelTensor = perToken ? torch.tensor(labels, [batch, length]) : torch.tensor(labels, [batch]);
        return (input, labelTensor, tokens);
    }

    private static List<TrainingExample> Masked(IReadOnlyList<TrainingExample> examples, int[] indices, MaskedLanguageModeling masking, Random random)
        => indices.Select(i => masking.Apply(examples[i], random)).ToList();

    internal static long MixSeed(int seed, long microBatch)
    {
        // SplitMix64 finaliser: well-spread generator seeds from (seed, micro-batch number).
        ulong z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)microBatch + 1);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (long)((z ^ (z >> 31)) & 0x7FFFFFFFFFFFFFFFUL);
    }

    private static Dictionary<string, Tensor> Snapshot(TransformerModel model, Dictionary<string, Tensor>? previous)
    {
        if (previous is not null)
        {
            foreach (var t in previous.Values)
                t.Dispose();
        }
        using var noGrad = torch.no_grad();
        return model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone().DetachFromDisposeScope(), StringComparer.Ordinal);
    }

    private static void Restore(nn.Module model, IReadOnlyDictionary<string, Tensor> state)
    {
        using var noGrad = torch.no_grad();
        foreach (var (key, target) in model.state_dict())
        {
            if (!state.TryGetValue(key, out var source))
                throw new TextKitException("TK806", $"the checkpoint has no tensor '{key}'; it was written for a different model.");
            if (!source.shape.SequenceEqual(target.shape))
                throw new TextKitException("TK806", $"checkpoint tensor '{key}' has shape [{string.Join(", ", source.shape)}] but the model has [{string.Join(", ", target.shape)}].");
            target.copy_(source);
        }
    }

    private sealed class RunState
    {
        public int Version { get; set; } = 1;
        public long Step { get; set; }
        public int Epoch { get; set; }
        public int BatchInEpoch { get; set; }
        public long TotalSteps { get; set; }
        public int Seed { get; set; }
        public int TrainCount { get; set; }
        public int BatchSize { get; set; }
        public int Accumulation { get; set; }
        public int Epochs { get; set; }
        public double? BestMetric { get; set; }
        public int? BestEpoch { get; set; }
        public int EpochsWithoutImprovement { get; set; }
        public List<double> Metrics { get; set; } = [];

        /// <summary>Name of the training objective's module; null = the model's own head.</summary>
        public string? Objective { get; set; }
    }

    private static void SaveCheckpoint(TransformerModel model, TrainingObjective? objective, AdamW optimizer, RunState state, Dictionary<string, Tensor>? best, string folder)
    {
        Directory.CreateDirectory(folder);
        // The state file is written last: a checkpoint interrupted half-way is never taken for a complete one.
        File.Delete(Path.Combine(folder, StateFile));
        Checkpoints.SafeTensors.Save(Path.Combine(folder, ModelFile), model.state_dict());
        Checkpoints.SafeTensors.Save(Path.Combine(folder, OptimizerFile), optimizer.ExportState());
        if (objective is not null)
            Checkpoints.SafeTensors.Save(Path.Combine(folder, ObjectiveFile), objective.state_dict());
        else
            File.Delete(Path.Combine(folder, ObjectiveFile));
        if (best is not null)
            Checkpoints.SafeTensors.Save(Path.Combine(folder, BestFile), best);
        else
            File.Delete(Path.Combine(folder, BestFile));
        var json = System.Text.Json.JsonSerializer.Serialize(state, new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
        var temp = Path.Combine(folder, StateFile + ".tmp");
        File.WriteAllText(temp, json);
        File.Move(temp, Path.Combine(folder, StateFile), overwrite: true);
    }

    private Dictionary<string, Tensor>? Resume(TransformerModel model, TrainingObjective? objective, AdamW optimizer, RunState current, string folder)
    {
        var statePath = Path.Combine(folder, StateFile);
        if (!File.Exists(statePath))
            throw new TextKitException("TK806", $"'{folder}' is not a complete training checkpoint ({StateFile} is missing).");
        RunState saved;
        try
        {
            saved = System.Text.Json.JsonSerializer.Deserialize<RunState>(File.ReadAllText(statePath)) ?? throw new TextKitException("TK806", $"{statePath}: empty trainer state.");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new TextKitFormatException("TK806", statePath, (int)(e.LineNumber ?? -1) + 1, $"trainer state is not valid JSON ({e.Message}).", e);
        }
        if (saved.Version != 1)
            throw new TextKitException("TK806", $"{statePath}: trainer state version {saved.Version} is not supported (expected 1).");
        if (saved.Seed != current.Seed || saved.TrainCount != current.TrainCount || saved.BatchSize != current.BatchSize
            || saved.Accumulation != current.Accumulation || saved.Epochs != current.Epochs)
            throw new TextKitException("TK806", $"{statePath}: the checkpoint was written with seed {saved.Seed}, {saved.TrainCount} examples, batch {saved.BatchSize}, accumulation {saved.Accumulation}, {saved.Epochs} epochs; " +
                $"this run has seed {current.Seed}, {current.TrainCount} examples, batch {current.BatchSize}, accumulation {current.Accumulation}, {current.Epochs} epochs. Resume with the same data and options.");
        if (saved.Objective != current.Objective)
            throw new TextKitException("TK806", $"{statePath}: the checkpoint was written for training with {saved.Objective ?? "the model's own head"}, not {current.Objective ?? "the model's own head"}.");
        RestoreFile(model, Path.Combine(folder, ModelFile));
        if (objective is not null)
            RestoreFile(objective, Path.Combine(folder, ObjectiveFile));
        var moments = Checkpoints.SafeTensors.Load(Path.Combine(folder, OptimizerFile));
        try
        {
            optimizer.ImportState(moments, saved.Step);
        }
        finally
        {
            foreach (var t in moments.Values)
                t.Dispose();
        }
        current.Step = saved.Step;
        current.Epoch = saved.Epoch;
        current.BatchInEpoch = saved.BatchInEpoch;
        current.BestMetric = saved.BestMetric;
        current.BestEpoch = saved.BestEpoch;
        current.EpochsWithoutImprovement = saved.EpochsWithoutImprovement;
        current.Metrics = saved.Metrics;
        var bestPath = Path.Combine(folder, BestFile);
        return File.Exists(bestPath) ? Checkpoints.SafeTensors.Load(bestPath).ToDictionary(kv => kv.Key, kv => kv.Value.DetachFromDisposeScope(), StringComparer.Ordinal) : null;
    }

    private static void RestoreFile(nn.Module module, string path)
    {
        if (!File.Exists(path))
            throw new TextKitException("TK806", $"the checkpoint has no {Path.GetFileName(path)}; it is incomplete.");
        var weights = Checkpoints.SafeTensors.Load(path);
        try
        {
            Restore(module, weights);
        }
        finally
        {
            foreach (var t in weights.Values)
                t.Dispose();
        }
    }

    private static StreamWriter OpenLog(string path, bool append, IReadOnlyList<string> metricNames)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null)
            Directory.CreateDirectory(dir);
        bool writeHeader = !append || !File.Exists(path) || new FileInfo(path).Length == 0;
        var writer = new StreamWriter(path, append) { AutoFlush = true };
        if (writeHeader)
            writer.WriteLine(LogHeader + string.Concat(metricNames.Select(n => "," + n)));
        return writer;
    }
}
