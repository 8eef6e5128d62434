using TextKit.ML.Persistence;
using TextKit.Morphology;

namespace TextKit.ML.Transforms;

/// <summary>
/// How the lemmatizer and analyzer transforms store their model: the shipped English model by reference (it is
/// embedded in TextKit.dll), any other model as its own file (<c>morphology.tkm</c>, see MorphologyModel.Save).
/// </summary>
internal static class MorphologyArtifact
{
    public const string BuiltInEnglish = "builtin:en-morphology";
    public const string FileName = "morphology.tkm";

    public static string Write(ArtifactWriter writer, MorphologyModel model)
    {
        if (ReferenceEquals(model, EnglishModels.Morphology))
            return BuiltInEnglish;
        writer.Write(FileName, stream => model.Save(stream));
        return FileName;
    }

    public static MorphologyModel Read(ArtifactReader reader, string? reference)
    {
        if (reference == BuiltInEnglish)
            return EnglishModels.Morphology;
        if (reference != FileName)
            throw reader.Invalid($"options.json names an unknown morphology model '{reference}' (expected '{BuiltInEnglish}' or '{FileName}').");
        using var stream = reader.OpenRead(FileName);
        return MorphologyModel.Load(stream, FileName);
    }
}
