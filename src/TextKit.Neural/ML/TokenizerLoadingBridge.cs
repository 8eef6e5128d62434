using TextKit.Neural.Tokenizers;

namespace TextKit.Neural.ML;

/// <summary>Public access to the folder tokenizer factory for the CLI (as TransformerTokenizers.FromFolder).</summary>
public static class TokenizerLoadingBridge
{
    /// <summary>The tokenizer of a HF model folder.</summary>
    public static ITransformerTokenizer FromFolder(string folder) => TokenizerLoading.FromFolder(folder);
}
