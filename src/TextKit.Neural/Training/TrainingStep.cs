using TextKit.Neural.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace TextKit.Neural.Training;

/// <summary>
/// One optimisation step of a task model: forward in training mode, cross-entropy on the logits, backward,
/// optional gradient clipping, optimizer step. Returns the loss. The building block of TextKit's training loops.
/// </summary>
public static class TrainingStep
{
    /// <summary>Runs one step on <paramref name="input"/> with <paramref name="labels"/> ([B] or [B, T], -100 = ignore).</summary>
    public static float Run(TransformerModel model, ModelInput input, Tensor labels, AdamW optimizer, double maxGradNorm = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        if (model.Task is not (ModelTask.SequenceClassification or ModelTask.TokenClassification or ModelTask.MaskedLM or ModelTask.CausalLM))
            throw new ArgumentException($"Model task {model.Task} has no training loss here.", nameof(model));
        using var scope = NewDisposeScope();
        if (!model.training)
            model.train();
        optimizer.ZeroGrad();
        using var output = model.call(input);
        Tensor loss;
        if (model.Task == ModelTask.CausalLM)
        {
            // Next-token prediction: logits at t predict token t+1 (HF shifts inside the model).
            var logits = output.Logits!.narrow(1, 0, output.Logits!.shape[1] - 1);
            var targets = labels.narrow(1, 1, labels.shape[1] - 1);
            loss = Losses.CrossEntropy(logits, targets);
        }
        else
        {
            loss = Losses.CrossEntropy(output.Logits!, labels);
        }
        loss.backward();
        if (maxGradNorm > 0)
            nn.utils.clip_grad_norm_(model.parameters(), maxGradNorm);
        optimizer.Step();
        return loss.item<float>();
    }
}
