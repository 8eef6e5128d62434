namespace TextKit.Morphology;

/// <summary>
/// The English model shipped with TextKit: <c>models/en-morphology.tkm</c>, embedded in this assembly at build time
/// (so it works from a fresh clone, a NuGet package or a published app, with no path to find). Rebuild it with
/// <c>scripts/build-lemmatizer-model.sh</c> (see models/MODELS.md).
/// </summary>
public static class EnglishModels
{
    internal const string ResourceName = "TextKit.Models.en-morphology.tkm";

    private static readonly Lazy<MorphologyModel> s_morphology = new(LoadMorphology, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The default English morphology model (lemmatizer + analyzer), loaded once on first use.</summary>
    public static MorphologyModel Morphology => s_morphology.Value;

    private static MorphologyModel LoadMorphology()
    {
        using var stream = typeof(EnglishModels).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new TextKitModelException("TK540", $"The English morphology model is not embedded in {typeof(EnglishModels).Assembly.GetName().Name} (resource {ResourceName}). Build TextKit from a clone that has models/en-morphology.tkm.");
        return MorphologyModel.Load(stream, "embedded models/en-morphology.tkm");
    }
}
