using TextKit.Neural.Checkpoints;
using TextKit.Neural.Modules;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TextKit.Neural.Models.Bert;

/// <summary>The three encoder families that share BERT's module tree.</summary>
public enum BertFamily
{
    /// <summary>BERT (<c>bert.</c> keys, pooler, <c>cls.predictions</c> MLM head).</summary>
    Bert,

    /// <summary>RoBERTa (<c>roberta.</c> keys, positions after padding_idx, <c>classifier.dense/out_proj</c>, <c>lm_head</c>).</summary>
    Roberta,

    /// <summary>ELECTRA (<c>electra.</c> keys, embeddings_project, GELU classification head, generator MLM head).</summary>
    Electra,
}

/// <summary>
/// BERT, RoBERTa and ELECTRA with any of the HF heads: <c>XxxModel</c> (<see cref="ModelTask.Base"/>),
/// <c>XxxForSequenceClassification</c>, <c>XxxForTokenClassification</c>, <c>XxxForMaskedLM</c>. Submodules are
/// registered under the HF attribute names, so the state dict has exactly the HF keys.
/// </summary>
public sealed class BertFamilyModel : TransformerModel
{
    private readonly BertModel _base;
    private readonly Dropout? _dropout;
    private readonly Linear? _classifier;
    private readonly ClassificationHead? _classificationHead;
    private readonly BertOnlyMLMHead? _bertMlm;
    private readonly RobertaLMHead? _robertaMlm;
    private readonly ElectraGeneratorPredictions? _electraPredictions;
    private readonly Linear? _electraLmHead;
    private readonly bool _tied;

    /// <summary>Builds the model for <paramref name="family"/> and <paramref name="task"/> from <paramref name="config"/>.</summary>
    public BertFamilyModel(ModelConfig config, BertFamily family, ModelTask task) : base($"{family}Model", config, task)
    {
        if (task is ModelTask.CausalLM or ModelTask.Seq2SeqLM)
            throw new TextKitModelException("TK312", $"{config.Source}: {family} models have no {task} head.");
        Family = family;
        Parsed = BertConfig.From(config);
        var c = Parsed;
        string source = config.Source;
        BasePrefix = family switch { BertFamily.Bert => "bert", BertFamily.Roberta => "roberta", _ => "electra" };
        // HF builds the pooler only where it is used: BertModel and BertForSequenceClassification; RoBERTa's heads use
        // add_pooling_layer=False; ELECTRA has none.
        bool pooler = family == BertFamily.Bert && task is ModelTask.Base or ModelTask.SequenceClassification
            || family == BertFamily.Roberta && task == ModelTask.Base;
        _base = new BertModel(c, source, pooler, family == BertFamily.Roberta ? PositionIdStyle.AfterPadding : PositionIdStyle.Absolute);
        register_module(BasePrefix, _base);
        _tied = config.GetBool("tie_word_embeddings", true);
        double classifierDropout = c.ClassifierDropout ?? c.HiddenDropout;
        switch (task)
        {
            case ModelTask.SequenceClassification when family == BertFamily.Bert:
            case ModelTask.TokenClassification:
                _dropout = nn.Dropout(classifierDropout);
                register_module("dropout", _dropout);
                _classifier = nn.Linear(c.HiddenSize, c.NumLabels);
                register_module("classifier", _classifier);
                break;
            case ModelTask.SequenceClassification:
                Func<Tensor, Tensor> act = family == BertFamily.Roberta ? t => t.tanh() : Activations.Get("gelu", source);
                _classificationHead = new ClassificationHead(c.HiddenSize, c.NumLabels, classifierDropout, act);
                register_module("classifier", _classificationHead);
                break;
            case ModelTask.MaskedLM when family == BertFamily.Bert:
                _bertMlm = new BertOnlyMLMHead(c, _tied, () => _base.Embeddings.WordEmbeddingWeight, source);
                register_module("cls", _bertMlm);
                break;
            case ModelTask.MaskedLM when family == BertFamily.Roberta:
                _robertaMlm = new RobertaLMHead(c, _tied, () => _base.Embeddings.WordEmbeddingWeight);
                register_module("lm_head", _robertaMlm);
                break;
            case ModelTask.MaskedLM:
                _electraPredictions = new ElectraGeneratorPredictions(c, source);
                register_module("generator_predictions", _electraPredictions);
                _electraLmHead = nn.Linear(c.EmbeddingSize, c.VocabSize);
                if (_tied)
                {
                    // The head keeps its own bias; its weight is the word embedding matrix.
                    _electraLmHead.weight = _base.Embeddings.WordEmbeddingWeight;
                }
                register_module("generator_lm_head", _electraLmHead);
                break;
        }
    }

    /// <summary>BERT, RoBERTa or ELECTRA.</summary>
    public BertFamily Family { get; }

    /// <summary>The parsed config.</summary>
    public BertConfig Parsed { get; }

    /// <inheritdoc />
    public override string BasePrefix { get; }

    /// <inheritdoc />
    public override int? MaxPositions => Family == BertFamily.Roberta ? Parsed.MaxPositions - Parsed.PadTokenId - 1 : Parsed.MaxPositions;

    /// <inheritdoc />
    public override int VocabSize => Parsed.VocabSize;

    /// <inheritdoc />
    public override int HiddenSize => Parsed.HiddenSize;

    /// <summary>The base network.</summary>
    public BertModel Base => _base;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> TiedKeys
    {
        get
        {
            var tied = new Dictionary<string, string>(StringComparer.Ordinal);
            if (!_tied || Task != ModelTask.MaskedLM)
                return tied;
            string word = $"{BasePrefix}.embeddings.word_embeddings.weight";
            switch (Family)
            {
                case BertFamily.Bert:
                    tied["cls.predictions.decoder.weight"] = word;
                    tied["cls.predictions.decoder.bias"] = "cls.predictions.bias";
                    break;
                case BertFamily.Roberta:
                    tied["lm_head.decoder.weight"] = word;
                    tied["lm_head.decoder.bias"] = "lm_head.bias";
                    break;
                default:
                    tied["generator_lm_head.weight"] = word;
                    break;
            }
            return tied;
        }
    }

    /// <inheritdoc />
    public override Tensor Encode(ModelInput input)
    {
        var (sequence, pooled) = _base.Forward(input, pool: false);
        pooled?.Dispose();
        return sequence;
    }

    /// <inheritdoc />
    public override ModelOutput forward(ModelInput input)
    {
        using var scope = NewDisposeScope();
        var (sequence, pooled) = _base.Forward(input, pool: true);
        var predicted = Task == ModelTask.MaskedLM ? input.MaskedLmRows(sequence) : sequence;
        Tensor? logits = Task switch
        {
            ModelTask.SequenceClassification when _classifier is not null => _classifier.call(_dropout!.call(pooled!)),
            ModelTask.SequenceClassification => _classificationHead!.Forward(sequence),
            ModelTask.TokenClassification => _classifier!.call(_dropout!.call(sequence)),
            ModelTask.MaskedLM when _bertMlm is not null => _bertMlm.Forward(predicted),
            ModelTask.MaskedLM when _robertaMlm is not null => _robertaMlm.Forward(predicted),
            ModelTask.MaskedLM => _electraLmHead!.call(_electraPredictions!.Forward(predicted)),
            _ => null,
        };
        return new ModelOutput
        {
            Logits = logits?.MoveToOuterDisposeScope(),
            LastHiddenState = sequence.MoveToOuterDisposeScope(),
            PoolerOutput = pooled?.MoveToOuterDisposeScope(),
        };
    }
}
