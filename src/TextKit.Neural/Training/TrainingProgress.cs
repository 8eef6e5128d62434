namespace TextKit.Neural.Training;

/// <summary>
/// Reported by <see cref="TransformerTrainer"/> after every optimizer step (<see cref="IsValidation"/> false) and after
/// every validation (true). Epochs and steps count from 1. <see cref="StepMetrics"/> holds a
/// <see cref="TrainingObjective"/>'s figures for the step (mean over its micro-batches); null otherwise.
/// </summary>
public sealed record TrainingProgress(
    int Epoch,
    int Epochs,
    long Step,
    long TotalSteps,
    double Loss,
    double LearningRate,
    double? ValidationMetric,
    TimeSpan Elapsed,
    TimeSpan? Eta,
    bool IsValidation,
    IReadOnlyDictionary<string, double>? StepMetrics = null)
{
    /// <summary>Fraction of optimizer steps done (0..1).</summary>
    public double Fraction => TotalSteps == 0 ? 1 : (double)Step / TotalSteps;
}

/// <summary>What <see cref="TransformerTrainer"/>'s <c>Train</c> did.</summary>
public sealed class TrainingResult
{
    /// <summary>Optimizer steps taken in total (including steps before a resume).</summary>
    public long Steps { get; init; }

    /// <summary>Epochs completed.</summary>
    public int EpochsCompleted { get; init; }

    /// <summary>Mean training loss of each optimizer step run in this call (in step order).</summary>
    public IReadOnlyList<double> StepLosses { get; init; } = [];

    /// <summary>Validation metric after each completed epoch (empty without validation data).</summary>
    public IReadOnlyList<double> ValidationMetrics { get; init; } = [];

    /// <summary>Best validation metric and the epoch (from 1) it was reached; null without validation data.</summary>
    public double? BestValidationMetric { get; init; }

    /// <summary>Epoch of <see cref="BestValidationMetric"/>.</summary>
    public int? BestEpoch { get; init; }

    /// <summary>True when early stopping ended the run before the last epoch.</summary>
    public bool StoppedEarly { get; init; }

    /// <summary>Training tokens (non-padding) processed in this call.</summary>
    public long Tokens { get; init; }

    /// <summary>Wall time of this call.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>
    /// A <see cref="TrainingObjective"/>'s figures by name, one value per optimizer step run in this call (parallel to
    /// <see cref="StepLosses"/>; mean over the step's micro-batches); empty without an objective.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<double>> StepMetrics { get; init; } = new Dictionary<string, IReadOnlyList<double>>();
}
