using TextKit.Neural.Checkpoints;

namespace TextKit.Neural.Models.T5;

/// <summary>T5 config fields (d_model, d_kv, d_ff, num_layers, num_heads, feed_forward_proj, relative buckets, ...).</summary>
public sealed record T5Config
{
    public required int VocabSize { get; init; }
    public required int DModel { get; init; }
    public required int DKv { get; init; }
    public required int DFf { get; init; }
    public required int EncoderLayers { get; init; }
    public required int DecoderLayers { get; init; }
    public required int Heads { get; init; }
    public required int Buckets { get; init; }
    public required int MaxDistance { get; init; }
    public required double Dropout { get; init; }
    public required double Eps { get; init; }
    public required string Activation { get; init; }
    public required bool Gated { get; init; }
    public required bool Tied { get; init; }
    public required bool ScaleDecoderOutputs { get; init; }
    public required int DecoderStartTokenId { get; init; }
    public required int? EosTokenId { get; init; }
    public required int PadTokenId { get; init; }

    /// <summary>
    /// Reads the fields. <c>feed_forward_proj</c> is "relu", "gelu", or "gated-ACT"; HF maps "gated-gelu" to the tanh
    /// GELU ("gelu_new").
    /// </summary>
    public static T5Config From(ModelConfig c)
    {
        string proj = c.GetString("feed_forward_proj", "relu");
        var parts = proj.Split('-');
        bool gated = parts.Length == 2 && parts[0] == "gated";
        if (!(parts.Length == 1 || gated))
            throw new TextKitModelException("TK313", $"{c.Source}: feed_forward_proj '{proj}' is not 'ACT' or 'gated-ACT'.");
        string act = parts[^1] == "gelu" && gated ? "gelu_new" : parts[^1];
        int layers = c.GetInt("num_layers");
        return new T5Config
        {
            VocabSize = c.GetInt("vocab_size"),
            DModel = c.GetInt("d_model"),
            DKv = c.GetInt("d_kv"),
            DFf = c.GetInt("d_ff"),
            EncoderLayers = layers,
            DecoderLayers = c.GetIntOrNull("num_decoder_layers") ?? layers,
            Heads = c.GetInt("num_heads"),
            Buckets = c.GetInt("relative_attention_num_buckets", 32),
            MaxDistance = c.GetInt("relative_attention_max_distance", 128),
            Dropout = c.GetDouble("dropout_rate", 0.1),
            Eps = c.GetDouble("layer_norm_epsilon", 1e-6),
            Activation = act,
            Gated = gated,
            Tied = c.GetBool("tie_word_embeddings", true),
            ScaleDecoderOutputs = c.GetBool("scale_decoder_outputs", c.GetBool("tie_word_embeddings", true)),
            DecoderStartTokenId = c.GetIntOrNull("decoder_start_token_id") ?? c.GetIntOrNull("pad_token_id") ?? 0,
            EosTokenId = c.GetIntOrNull("eos_token_id"),
            PadTokenId = c.GetIntOrNull("pad_token_id") ?? 0,
        };
    }
}
