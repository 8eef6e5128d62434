using TextKit.Neural.Models;

namespace TextKit.Neural.Training;

/// <summary>Learning-rate schedule of <see cref="TransformerTrainer"/>.</summary>
public enum LearningRateSchedule
{
    /// <summary>Linear warm-up from 0, then linear decay to 0 at the last step (HF <c>get_linear_schedule_with_warmup</c>).</summary>
    Linear,

    /// <summary>Linear warm-up from 0, then constant (HF <c>get_constant_schedule_with_warmup</c>).</summary>
    Constant,
}

/// <summary>Options of <see cref="TransformerTrainer"/>. Defaults follow common BERT fine-tuning practice.</summary>
public sealed class TransformerTrainerOptions
{
    /// <summary>Passes over the training data.</summary>
    public int Epochs { get; set; } = 3;

    /// <summary>Examples per forward pass (micro-batch).</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>Micro-batches whose gradients are summed before one optimizer step (effective batch = BatchSize × this).</summary>
    public int GradientAccumulationSteps { get; set; } = 1;

    /// <summary>Peak learning rate.</summary>
    public double LearningRate { get; set; } = 5e-5;

    /// <summary>AdamW decoupled weight decay.</summary>
    public double WeightDecay { get; set; } = 0.01;

    /// <summary>AdamW β1.</summary>
    public double Beta1 { get; set; } = 0.9;

    /// <summary>AdamW β2.</summary>
    public double Beta2 { get; set; } = 0.999;

    /// <summary>AdamW ε.</summary>
    public double Epsilon { get; set; } = 1e-8;

    /// <summary>Exclude biases and LayerNorm weights from weight decay (HF Trainer's default).</summary>
    public bool NoDecayForBiasAndNorm { get; set; } = true;

    /// <summary>Schedule after warm-up.</summary>
    public LearningRateSchedule Schedule { get; set; } = LearningRateSchedule.Linear;

    /// <summary>Warm-up steps; when 0, <see cref="WarmupRatio"/> × total steps.</summary>
    public int WarmupSteps { get; set; }

    /// <summary>Fraction of the optimizer steps used for warm-up when <see cref="WarmupSteps"/> is 0.</summary>
    public double WarmupRatio { get; set; } = 0.1;

    /// <summary>Clip the global gradient L2 norm to this value before each step; 0 = no clipping.</summary>
    public double MaxGradNorm { get; set; } = 1.0;

    /// <summary>Shuffle the training data every epoch (seeded). When false, batches follow the data order.</summary>
    public bool Shuffle { get; set; } = true;

    /// <summary>
    /// Group examples of similar length into batches (within shuffled pools of <see cref="BatchSize"/> ×
    /// <see cref="BucketPoolBatches"/> examples) so that dynamic padding wastes little; needs <see cref="Shuffle"/>.
    /// </summary>
    public bool LengthBucketing { get; set; } = true;

    /// <summary>Batches per length-bucketing pool.</summary>
    public int BucketPoolBatches { get; set; } = 50;

    /// <summary>Seed of shuffling, dropout and newly initialised weights' training. Same seed + same data = same weights.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Stop when the validation metric has not improved for this many epochs; 0 = never stop early.</summary>
    public int EarlyStoppingPatience { get; set; }

    /// <summary>At the end, put back the weights of the epoch with the best validation metric (when validation data is given).</summary>
    public bool RestoreBestWeights { get; set; } = true;

    /// <summary>
    /// Validation metric, higher is better; null = accuracy (sequence classification: per example; token
    /// classification and masked LM: per labelled token). Called with the model in eval mode.
    /// </summary>
    public Func<TransformerModel, IReadOnlyList<TrainingExample>, double>? ValidationMetric { get; set; }

    /// <summary>Folder for checkpoints (model, optimizer and trainer state); null = none.</summary>
    public string? CheckpointFolder { get; set; }

    /// <summary>Also checkpoint every this many optimizer steps (0 = only at the end of each epoch and on cancellation).</summary>
    public int CheckpointEverySteps { get; set; }

    /// <summary>Continue from the checkpoint in this folder (written by a run with the same data and options).</summary>
    public string? ResumeFrom { get; set; }

    /// <summary>Write one CSV row per optimizer step and per validation to this file (appended on resume); null = none.</summary>
    public string? LogCsvPath { get; set; }

    /// <summary>Receives progress synchronously on the training thread.</summary>
    public IProgress<TrainingProgress>? Progress { get; set; }

    /// <summary>
    /// Masked-LM pre-training: corrupt every batch afresh with this masking (80/10/10); example labels are then
    /// ignored (they may be empty). Validation examples are masked once, with a fixed seed. Null = labels as given.
    /// </summary>
    public MaskedLanguageModeling? DynamicMasking { get; set; }

    /// <summary>Padding id; null = config.json <c>pad_token_id</c>, else 0.</summary>
    public int? PadTokenId { get; set; }

    /// <summary>A shallow copy (callbacks and paths shared).</summary>
    public TransformerTrainerOptions Clone() => (TransformerTrainerOptions)MemberwiseClone();

    /// <summary>Validates the values.</summary>
    public void Validate()
    {
        if (Epochs < 1)
            throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "must be at least 1.");
        if (BatchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "must be at least 1.");
        if (GradientAccumulationSteps < 1)
            throw new ArgumentOutOfRangeException(nameof(GradientAccumulationSteps), GradientAccumulationSteps, "must be at least 1.");
        if (!(LearningRate > 0))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "must be > 0.");
        if (WarmupSteps < 0)
            throw new ArgumentOutOfRangeException(nameof(WarmupSteps), WarmupSteps, "must be >= 0.");
        if (!(WarmupRatio is >= 0 and < 1))
            throw new ArgumentOutOfRangeException(nameof(WarmupRatio), WarmupRatio, "must be in [0, 1).");
        if (!(MaxGradNorm >= 0))
            throw new ArgumentOutOfRangeException(nameof(MaxGradNorm), MaxGradNorm, "must be >= 0 (0 = no clipping).");
        if (BucketPoolBatches < 1)
            throw new ArgumentOutOfRangeException(nameof(BucketPoolBatches), BucketPoolBatches, "must be at least 1.");
        if (EarlyStoppingPatience < 0)
            throw new ArgumentOutOfRangeException(nameof(EarlyStoppingPatience), EarlyStoppingPatience, "must be >= 0.");
        if (CheckpointEverySteps < 0)
            throw new ArgumentOutOfRangeException(nameof(CheckpointEverySteps), CheckpointEverySteps, "must be >= 0.");
        if (!Enum.IsDefined(Schedule))
            throw new ArgumentOutOfRangeException(nameof(Schedule), Schedule, "unknown schedule.");
        new AdamWOptions { LearningRate = LearningRate, Beta1 = Beta1, Beta2 = Beta2, Epsilon = Epsilon, WeightDecay = WeightDecay }.Validate();
    }
}
