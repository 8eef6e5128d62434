using TextKit.Neural.Tokenizers;

namespace TextKit.Neural.ML;

/// <summary>Public access to the folder tokenizer factory for the CLI (TK360 when this build has none).</summary>
public static class TokenizerLoadingBridge
{
    /// <summary>The tokenizer of a HF model folder.</summary>
    public static ITransformerTokenizer FromFolder(string folder) => TokenizerLoading.FromFolder(folder);
}
