namespace TextKit.Neural.ML;

/// <summary>How token vectors become one sentence vector.</summary>
public enum EmbeddingPooling
{
    /// <summary>The first token's vector ([CLS] / &lt;s&gt;).</summary>
    Cls,

    /// <summary>Mean over real (non-padding) tokens, as sentence-transformers does.</summary>
    Mean,

    /// <summary>Element-wise maximum over real tokens.</summary>
    Max,
}
