using TextKit.Neural.Checkpoints;

namespace TextKit.Neural.Models.Bert;

/// <summary>
/// The config fields of the BERT family (BERT, RoBERTa, ELECTRA), read from a HF config.json; every dimension,
/// activation and epsilon comes from there.
/// </summary>
public sealed record BertConfig
{
    public required int VocabSize { get; init; }
    public required int HiddenSize { get; init; }
    public required int EmbeddingSize { get; init; }
    public required int NumLayers { get; init; }
    public required int NumHeads { get; init; }
    public required int IntermediateSize { get; init; }
    public required string HiddenAct { get; init; }
    public required double LayerNormEps { get; init; }
    public required int MaxPositions { get; init; }
    public required int TypeVocabSize { get; init; }
    public required int PadTokenId { get; init; }
    public required double HiddenDropout { get; init; }
    public required double AttentionDropout { get; init; }
    public required double? ClassifierDropout { get; init; }
    public required int NumLabels { get; init; }

    /// <summary>Reads and validates the fields (TK311 when missing, TK313 when unsupported).</summary>
    public static BertConfig From(ModelConfig c)
    {
        c.Require(c.GetString("position_embedding_type", "absolute") == "absolute",
            $"position_embedding_type '{c.GetString("position_embedding_type", "absolute")}' (only 'absolute' is implemented).");
        c.Require(!c.GetBool("is_decoder", false), "is_decoder=true (decoder use of BERT-family models).");
        c.Require(!c.GetBool("add_cross_attention", false), "add_cross_attention=true.");
        int hidden = c.GetInt("hidden_size");
        int heads = c.GetInt("num_attention_heads");
        if (hidden % heads != 0)
            throw new TextKitModelException("TK311", $"{c.Source}: hidden_size {hidden} is not a multiple of num_attention_heads {heads}.");
        return new BertConfig
        {
            VocabSize = c.GetInt("vocab_size"),
            HiddenSize = hidden,
            EmbeddingSize = c.GetIntOrNull("embedding_size") ?? hidden,
            NumLayers = c.GetInt("num_hidden_layers"),
            NumHeads = heads,
            IntermediateSize = c.GetInt("intermediate_size"),
            HiddenAct = c.GetString("hidden_act", "gelu"),
            LayerNormEps = c.GetDouble("layer_norm_eps", 1e-12),
            MaxPositions = c.GetInt("max_position_embeddings"),
            TypeVocabSize = c.GetInt("type_vocab_size", 2),
            PadTokenId = c.GetIntOrNull("pad_token_id") ?? 0,
            HiddenDropout = c.GetDouble("hidden_dropout_prob", 0.1),
            AttentionDropout = c.GetDouble("attention_probs_dropout_prob", 0.1),
            ClassifierDropout = c.GetDoubleOrNull("classifier_dropout"),
            NumLabels = c.NumLabels,
        };
    }
}
