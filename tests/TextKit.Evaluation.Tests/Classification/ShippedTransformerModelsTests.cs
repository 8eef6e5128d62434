using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.Corpora;
using TextKit.ML;
using TextKit.Neural.Tests.TestSupport;
using TextKit.Sequence;

namespace TextKit.Evaluation.Tests.Classification;

/// <summary>
/// Issue 9: the shipped transformer models (TextKit's own BERT, fine-tuned; models/MODELS.md) scored on the shared
/// data they were selected on (SST-2 dev) and on held-out data (BTC test). The models are files in the repository, so
/// the figures are exact; the floors sit just under the measured values.
/// </summary>
public class ShippedTransformerModelsTests
{
    [Fact]
    public void ShippedSentimentModel_Sst2Dev_Accuracy()
    {
        var ml = new MLContext(seed: 1);
        var model = ml.TextKit().Model.Load(RepositoryModels.Find("sentiment-sst2.zip"), out _);
        var dev = ml.TextKit().Data.LoadClassification(SharedData.Sst2Dev, new ClassificationReaderOptions { TextColumn = "sentence", LabelColumn = "label" });
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(dev));
        Assert.True(metrics.MicroAccuracy >= Sst2Floor, $"shipped sentiment model: SST-2 dev accuracy {metrics.MicroAccuracy:P2} is below {Sst2Floor:P2}.");
    }

    [Fact]
    public void ShippedNerModel_BtcTest_EntityF1()
    {
        var ml = new MLContext(seed: 1);
        var model = ml.TextKit().Model.Load(RepositoryModels.Find("ner-btc.zip"), out _);
        var gold = ConllNerReader.ReadFile(SharedData.BtcTest).ToList();
        var test = ml.TextKit().Data.LoadConllNer(SharedData.BtcTest);
        var predicted = model.Transform(test).GetColumn<VBuffer<ReadOnlyMemory<char>>>("PredictedTags")
            .Select(v => (IReadOnlyList<string>)v.DenseValues().Select(t => t.ToString()).ToArray()).ToList();
        var scores = EntityScorer.Score(gold.Select(s => (IReadOnlyList<string>)s.Tags), predicted, TagScheme.Iob2);
        Assert.True(scores.Micro.F1 >= BtcFloor, $"shipped NER model: BTC test entity F1 {scores.Micro.F1:P2} is below {BtcFloor:P2}.");
    }

    // Measured on the shipped files (models/MODELS.md).
    private const double Sst2Floor = 0.82;  // measured 82.45% (fp16 file = fp32 run)
    private const double BtcFloor = 0.65;   // measured 65.37% (P 68.35, R 62.64); the perceptron gets 64.55
}
