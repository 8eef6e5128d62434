using TextKit.Neural.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace TextKit.Neural.Training;

/// <summary>
/// ELECTRA's replaced-token detection (Clark et al. 2020) as a <see cref="TrainingObjective"/>: the trained model is
/// the discriminator's encoder (ELECTRA, <see cref="ModelTask.Base"/>); this objective holds the small generator
/// (ElectraForMaskedLM) and the discriminator's per-token head (<see cref="ElectraDiscriminatorPredictions"/>). For
/// a batch corrupted by dynamic masking, the generator predicts the masked tokens (its MLM loss), each masked position
/// is filled with a token sampled from the generator's softmax (libtorch's seeded generator; no gradient flows back
/// through the sample), and the discriminator labels every real token replaced or original (binary cross-entropy; a
/// sampled token equal to the original counts as original). Loss = generator MLM loss + λ · discriminator loss.
/// </summary>
public sealed class ReplacedTokenDetection : TrainingObjective
{
    /// <summary>The figures reported per step.</summary>
    public static readonly IReadOnlyList<string> Metrics = ["generator_loss", "discriminator_loss", "discriminator_accuracy", "original_baseline"];

    private readonly TransformerModel generator;
    private readonly ElectraDiscriminatorPredictions discriminator_predictions;
    private readonly double _discriminatorWeight;

    /// <summary>Takes ownership of <paramref name="generator"/> (a masked-LM model) and <paramref name="head"/>.</summary>
    /// <param name="generator">The generator, a masked-LM model over the discriminator's vocabulary.</param>
    /// <param name="head">The discriminator's replaced/original head.</param>
    /// <param name="discriminatorWeight">λ, the weight of the discriminator loss (ELECTRA: 50).</param>
    public ReplacedTokenDetection(TransformerModel generator, ElectraDiscriminatorPredictions head, double discriminatorWeight) : base(nameof(ReplacedTokenDetection))
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(head);
        if (generator.Task != ModelTask.MaskedLM)
            throw new ArgumentException($"the generator must be a masked-LM model; its task is {generator.Task}.", nameof(generator));
        if (!(discriminatorWeight > 0) || double.IsInfinity(discriminatorWeight))
            throw new ArgumentOutOfRangeException(nameof(discriminatorWeight), discriminatorWeight, "must be positive and finite.");
        this.generator = generator;
        discriminator_predictions = head;
        _discriminatorWeight = discriminatorWeight;
        RegisterComponents();
    }

    /// <summary>The generator (discarded after pre-training, as in the paper).</summary>
    public TransformerModel Generator => generator;

    /// <summary>The discriminator's head, saved with the discriminator under HF's ElectraForPreTraining keys (<c>discriminator_predictions.*</c>).</summary>
    public ElectraDiscriminatorPredictions Head => discriminator_predictions;

    /// <summary>λ.</summary>
    public double DiscriminatorWeight => _discriminatorWeight;

    /// <inheritdoc />
    /// <remarks><c>generator_loss</c>, <c>discriminator_loss</c> (per real token), <c>discriminator_accuracy</c>
    /// (fraction of real tokens labelled right) and <c>original_baseline</c> (fraction of real tokens that are
    /// original: the accuracy of always answering "original").</remarks>
    public override IReadOnlyList<string> MetricNames => Metrics;

    /// <inheritdoc />
    /// <exception cref="TextKitException">TK803: the loss is not finite.</exception>
    public override ObjectiveLoss Loss(TransformerModel model, ModelInput input, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(labels);
        var ids = input.InputIds;
        var attention = (input.AttentionMask ?? torch.ones_like(ids)).to_type(ScalarType.Float32);
        Tensor generatorLoss, corrupted, replaced;
        if (input.MaskedPositions is { } positions && positions.numel() > 0)
        {
            // The trainer's dispose scope frees the generator's output.
            var logits = generator.call(input).Logits!;
            generatorLoss = Losses.CrossEntropy(logits, labels);
            Tensor sampled;
            using (torch.no_grad())
                sampled = torch.multinomial(nn.functional.softmax(logits.detach().to_type(ScalarType.Float32), 1), 1).squeeze(-1);
            corrupted = ids.reshape(-1).index_copy(0, positions, sampled).reshape(ids.shape);
            replaced = torch.zeros(ids.numel(), ScalarType.Float32).index_copy(0, positions, sampled.ne(labels).to_type(ScalarType.Float32)).reshape(ids.shape);
        }
        else
        {
            // Nothing masked in this batch: the discriminator learns that every token is original.
            generatorLoss = torch.tensor(0f);
            corrupted = ids;
            replaced = torch.zeros(ids.shape, ScalarType.Float32);
        }
        var discriminatorInput = new ModelInput { InputIds = corrupted, AttentionMask = input.AttentionMask, TokenTypeIds = input.TokenTypeIds };
        var discriminatorLogits = discriminator_predictions.call(model.Encode(discriminatorInput));
        var bce = nn.functional.binary_cross_entropy_with_logits(discriminatorLogits, replaced, reduction: nn.Reduction.None);
        double real = attention.sum().item<float>();
        var discriminatorLoss = (bce * attention).sum() / real;
        double g = generatorLoss.item<float>(), d = discriminatorLoss.item<float>();
        if (!double.IsFinite(g) || !double.IsFinite(d))
            throw new TextKitException("TK803", FormattableString.Invariant($"the ELECTRA loss is not finite (generator {g}, discriminator {d}); lower the learning rate."));
        double correct, original;
        using (torch.no_grad())
        {
            correct = (discriminatorLogits.gt(0).to_type(ScalarType.Float32).eq(replaced).to_type(ScalarType.Float32) * attention).sum().item<float>();
            original = ((1 - replaced) * attention).sum().item<float>();
        }
        return new ObjectiveLoss(generatorLoss + _discriminatorWeight * discriminatorLoss, [g, d, correct / real, original / real]);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            generator.Dispose();
            discriminator_predictions.Dispose();
        }
        base.Dispose(disposing);
    }
}
