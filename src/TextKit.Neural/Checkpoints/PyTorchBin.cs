using static TorchSharp.torch;

namespace TextKit.Neural.Checkpoints;

/// <summary>Reading of legacy <c>pytorch_model.bin</c> (PyTorch pickle) checkpoints.</summary>
public static class PyTorchBin
{
    /// <summary>Reads a pickle checkpoint.</summary>
    public static WeightSet Read(string path)
        => throw new TextKitModelException("TK323",
            $"'{path}' is a PyTorch pickle checkpoint, which TextKit does not read (unpickling runs arbitrary code and TorchSharp.PyBridge is not bundled). " +
            "Convert it to safetensors once in Python: `from transformers import AutoModel; AutoModel.from_pretrained(DIR).save_pretrained(DIR, safe_serialization=True)` " +
            "(or `safetensors.torch.save_file(torch.load('pytorch_model.bin'), 'model.safetensors')`).");
}
