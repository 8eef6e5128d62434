using TextKit.LanguageModels;

namespace TextKit.Tests.LanguageModels;

/// <summary>The committed models/brown-trigram.tklm loads, is normalized and scores as documented in models/MODELS.md.</summary>
public class ShippedModelTests
{
    private static string ModelPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "models", "brown-trigram.tklm");
            if (File.Exists(path))
                return path;
        }
        throw new FileNotFoundException("models/brown-trigram.tklm is missing from the repository.");
    }

    [Fact]
    public void ShippedBrownModel_LoadsAndIsNormalized()
    {
        var model = NgramLanguageModel.Load(ModelPath());
        Assert.Equal(3, model.Order);
        Assert.Equal(Smoothing.ModifiedKneserNey, model.Info.Smoothing);
        Assert.Equal(LmPrecision.Single, model.Precision);
        Assert.Equal(17_978, model.Vocabulary.Count);
        var v = model.Vocabulary;
        Assert.True(Math.Abs(LmTestData.SumOverVocabulary(model, [v.IdOf("of"), v.IdOf("the")]) - 1) < 1e-5);
        var good = model.Score("the jury said it had found no evidence of fraud .".Split(' '));
        var shuffled = model.Score("fraud of evidence no found had it said jury the .".Split(' '));
        Assert.True(good.Log10Prob > shuffled.Log10Prob + 5);
    }
}
