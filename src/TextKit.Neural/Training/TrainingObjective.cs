using TextKit.Neural.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace TextKit.Neural.Training;

/// <summary>
/// A loss other than the cross-entropy of the model's own head, for pre-training objectives that
/// <see cref="TransformerTrainer"/> runs on its loop (e.g. ELECTRA's <see cref="ReplacedTokenDetection"/>). The
/// objective computes each micro-batch's loss from the trained model and, where it needs them, modules of its own
/// (registered sub-modules: ELECTRA's generator and replaced-token-detection head). The trainer optimises, clips and
/// checkpoints those together with the model; batching, masking, schedule, accumulation, seeding, checkpoint/resume,
/// progress and the CSV log stay the trainer's.
/// </summary>
public abstract class TrainingObjective : nn.Module
{
    /// <summary>Creates the module (subclasses call <c>RegisterComponents()</c> last).</summary>
    protected TrainingObjective(string name) : base(name)
    {
    }

    /// <summary>
    /// Names of the figures <see cref="Loss"/> reports besides the loss, in order (snake_case): keys of
    /// <see cref="TrainingProgress.StepMetrics"/> and <see cref="TrainingResult.StepMetrics"/>, extra columns of the CSV log.
    /// </summary>
    public abstract IReadOnlyList<string> MetricNames { get; }

    /// <summary>
    /// The loss of one micro-batch and its figures (one per <see cref="MetricNames"/>). Called in training mode, with
    /// libtorch's generator seeded for the micro-batch under the trainer's lock, so that what draws from that generator
    /// (dropout, <c>torch.multinomial</c>) is reproducible and the same after a resume.
    /// </summary>
    /// <param name="model">The model being trained.</param>
    /// <param name="input">The padded batch; <see cref="ModelInput.MaskedPositions"/> names its labelled positions (flat indices b × tokens + t).</param>
    /// <param name="labels">The labels of those positions, int64 [positions] (with dynamic masking: the original ids of the masked tokens).</param>
    public abstract ObjectiveLoss Loss(TransformerModel model, ModelInput input, Tensor labels);
}

/// <summary>What <see cref="TrainingObjective.Loss"/> returns.</summary>
/// <param name="Loss">The scalar to minimise (with gradient).</param>
/// <param name="Metrics">The objective's figures for the micro-batch, one per <see cref="TrainingObjective.MetricNames"/>.</param>
public sealed record ObjectiveLoss(Tensor Loss, IReadOnlyList<double> Metrics);
