using TextKit.Neural.Tokenizers;

namespace TextKit.Neural.ML;

/// <summary>The tokenizer of a HF model folder (<see cref="TransformerTokenizers.FromFolder(string)"/>).</summary>
internal static class TokenizerLoading
{
    public static ITransformerTokenizer FromFolder(string folder) => TransformerTokenizers.FromFolder(folder);
}
