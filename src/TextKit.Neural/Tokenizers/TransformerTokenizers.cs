using TextKit.Neural.Tokenizers.Internal;

namespace TextKit.Neural.Tokenizers;

/// <summary>
/// Creates the tokenizer of a Hugging Face model folder from the files <c>save_pretrained</c> writes:
/// <c>vocab.txt</c> (WordPiece), <c>vocab.json</c> + <c>merges.txt</c> (byte-level BPE), <c>spiece.model</c>
/// (SentencePiece), with <c>tokenizer_config.json</c> / <c>special_tokens_map.json</c> for the options and
/// <c>config.json</c> (<c>model_type</c>, position count) as hints.
/// </summary>
public static class TransformerTokenizers
{
    /// <summary>Reads the tokenizer of a HF model folder.</summary>
    /// <exception cref="TextKitModelException">TK350 the folder does not exist; TK351 it has no tokenizer files; TK352 a vocabulary is empty or lacks a special token.</exception>
    /// <exception cref="TextKitFormatException">TK353 a JSON file is malformed; TK356 a merges.txt line is malformed; TK357 spiece.model is not a SentencePiece model.</exception>
    public static ITransformerTokenizer FromFolder(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
            throw new TextKitModelException("TK350", $"Model folder '{folder}' does not exist.");
        var tokenizerConfig = HfJson.Load(Path.Combine(folder, "tokenizer_config.json"));
        var specialMap = HfJson.Load(Path.Combine(folder, "special_tokens_map.json"));
        var config = HfJson.Load(Path.Combine(folder, "config.json"));
        string modelType = (config?.String("model_type") ?? "").ToLowerInvariant();
        string tokenizerClass = tokenizerConfig?.String("tokenizer_class") ?? "";

        string vocabTxt = Path.Combine(folder, "vocab.txt");
        string vocabJson = Path.Combine(folder, "vocab.json");
        string merges = Path.Combine(folder, "merges.txt");
        string spiece = Path.Combine(folder, "spiece.model");

        string? Token(string name, string? fallback) =>
            tokenizerConfig?.String(name) ?? specialMap?.String(name) ?? fallback;
        IReadOnlyList<string> Additional() =>
            (tokenizerConfig?.Strings("additional_special_tokens") ?? []).Concat(specialMap?.Strings("additional_special_tokens") ?? [])
            .Distinct().ToList();

        int? configuredMax = tokenizerConfig?.Int("model_max_length");
        int positions = config?.Int("max_position_embeddings") ?? config?.Int("n_positions") ?? 0;

        bool isBpeModel = modelType is "gpt2" or "roberta" or "bart" or "longformer" or "gpt_neo" or "gptj" or "codegen" or "xlm-roberta-bpe"
                          || tokenizerClass.Contains("GPT2", StringComparison.OrdinalIgnoreCase)
                          || tokenizerClass.Contains("Roberta", StringComparison.OrdinalIgnoreCase);
        bool isSentencePieceModel = modelType is "t5" or "mt5" || tokenizerClass.StartsWith("T5", StringComparison.OrdinalIgnoreCase);

        if (File.Exists(spiece) && (isSentencePieceModel || !(File.Exists(vocabTxt) || File.Exists(vocabJson))))
        {
            var model = File.ReadAllBytes(spiece);
            int extraIds = tokenizerConfig?.Int("extra_ids") ?? (modelType is "t5" or "mt5" ? 100 : 0);
            var probe = SentencePieceTransformerTokenizer.FromBytes(model, new SentencePieceTokenizerOptions(), spiece);
            if (probe.TokenToId("<extra_id_0>") is not null) extraIds = 0; // the model already has its sentinels
            var additional = Additional().Where(t => !t.StartsWith("<extra_id_", StringComparison.Ordinal)).ToList();
            return SentencePieceTransformerTokenizer.FromBytes(model, new SentencePieceTokenizerOptions
            {
                ExtraIds = extraIds,
                AdditionalSpecialTokens = additional,
                ModelMaxLength = ClampMax(configuredMax ?? 512),
            }, spiece);
        }

        if (File.Exists(vocabTxt) && !(isBpeModel && File.Exists(vocabJson)) && !(isSentencePieceModel && File.Exists(spiece)))
        {
            var options = new BertTokenizerOptions
            {
                LowerCase = tokenizerConfig?.Bool("do_lower_case") ?? true,
                StripAccents = tokenizerConfig?.Bool("strip_accents"),
                HandleChineseChars = tokenizerConfig?.Bool("tokenize_chinese_chars") ?? true,
                UnknownToken = Token("unk_token", "[UNK]")!,
                ClassificationToken = Token("cls_token", "[CLS]")!,
                SeparatorToken = Token("sep_token", "[SEP]")!,
                PaddingToken = Token("pad_token", "[PAD]")!,
                MaskToken = Token("mask_token", "[MASK]")!,
                AdditionalSpecialTokens = Additional().ToList(),
                ModelMaxLength = ClampMax(configuredMax ?? (positions > 0 ? positions : 512)),
            };
            return BertWordPieceTokenizer.FromVocabFile(vocabTxt, options);
        }

        if (File.Exists(vocabJson) || File.Exists(merges))
        {
            bool gpt2 = modelType is "gpt2" or "gpt_neo" or "gptj" or "codegen"
                        || tokenizerClass.Contains("GPT2", StringComparison.OrdinalIgnoreCase)
                        || (modelType.Length == 0 && tokenizerClass.Length == 0 && !VocabHas(vocabJson, "<s>"));
            int bpeMax = configuredMax
                         ?? (positions > 0 ? (modelType is "roberta" or "longformer" or "camembert" ? positions - 2 : positions) : 512);
            var options = new ByteLevelBpeOptions
            {
                Style = gpt2 ? ByteLevelBpeStyle.Gpt2 : ByteLevelBpeStyle.Roberta,
                AddPrefixSpace = tokenizerConfig?.Bool("add_prefix_space") ?? false,
                TrimOffsets = tokenizerConfig?.Bool("trim_offsets"),
                BeginningOfSequenceToken = Token("bos_token", null!),
                EndOfSequenceToken = Token("eos_token", null!),
                PaddingToken = Token("pad_token", null!),
                UnknownToken = Token("unk_token", null!),
                MaskToken = Token("mask_token", null!),
                AdditionalSpecialTokens = Additional().ToList(),
                ModelMaxLength = ClampMax(bpeMax),
            };
            return ByteLevelBpeTokenizer.FromFiles(vocabJson, merges, options);
        }

        throw new TextKitModelException("TK351",
            $"Model folder '{folder}' has no tokenizer files TextKit can read: expected vocab.txt (WordPiece), vocab.json + merges.txt (byte-level BPE) or spiece.model (SentencePiece).");
    }

    private static bool VocabHas(string vocabJson, string token)
    {
        if (!File.Exists(vocabJson)) return false;
        using var stream = File.OpenRead(vocabJson);
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(stream);
            return doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object && doc.RootElement.TryGetProperty(token, out _);
        }
        catch (System.Text.Json.JsonException)
        {
            return false; // FromFiles reports the malformed file with its line
        }
    }

    /// <summary>HF writes 1e30 for "no limit"; keep a usable bound.</summary>
    private static int ClampMax(int value) => value < 2 ? 512 : Math.Min(value, 1 << 20);
}
