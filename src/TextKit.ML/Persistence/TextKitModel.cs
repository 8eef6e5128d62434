using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace TextKit.ML.Persistence;

/// <summary>
/// Saves and loads fitted pipelines that mix ML.NET built-ins with TextKit components, as ONE file.
/// </summary>
/// <remarks>
/// The file is an ordinary ML.NET model zip in which every TextKit component is replaced by a stateless
/// <see cref="ComponentPlaceholder"/>, plus a <c>textkit/</c> folder holding a manifest and each component's
/// artifact. <see cref="Load(MLContext, string, out DataViewSchema)"/> restores the components and puts them back in
/// place. Plain <c>mlContext.Model.Load</c> on such a file fails with error TK120, which names this class.
/// Files without TextKit components are plain ML.NET models and load either way. See docs/persistence.md.
/// </remarks>
public static class TextKitModel
{
    // Format version history (the manifest's "formatVersion"):
    //   1: first format: ML.NET zip + textkit/manifest.json + textkit/components/NNN/ with SHA-256 per file.
    /// <summary>The newest manifest format this TextKit writes and reads.</summary>
    public const int FormatVersion = 1;

    internal const string FormatName = "textkit-model";
    internal const string ManifestEntry = "textkit/manifest.json";

    internal static string ComponentPrefix(int index) => $"textkit/components/{index:000}/";

    /// <summary>Saves <paramref name="model"/> (and the schema of the data it was fitted on) to <paramref name="path"/>.</summary>
    /// <remarks>The file is written to a temporary name and moved into place, so a crash never leaves half a model.</remarks>
    public static void Save(MLContext mlContext, ITransformer model, DataViewSchema? inputSchema, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = File.Create(temp))
                Save(mlContext, model, inputSchema, file);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }

    /// <summary>Saves <paramref name="model"/> to <paramref name="stream"/> (which stays open).</summary>
    public static void Save(MLContext mlContext, ITransformer model, DataViewSchema? inputSchema, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stream);

        var flat = Flatten(model);
        var components = new List<(int Position, ITextKitComponent Component)>();
        var mlnetChain = new ITransformer[flat.Count];
        ITransformer? placeholder = null;
        for (int i = 0; i < flat.Count; i++)
        {
            if (flat[i] is ITextKitComponent component)
            {
                components.Add((i, component));
                mlnetChain[i] = placeholder ??= ComponentPlaceholder.Create(mlContext);
            }
            else
            {
                mlnetChain[i] = flat[i];
            }
        }

        using var buffer = new MemoryStream();
        mlContext.Model.Save(new TransformerChain<ITransformer>(mlnetChain), inputSchema, buffer);

        var manifest = new ModelManifest
        {
            Format = FormatName,
            FormatVersion = FormatVersion,
            CreatedBy = "TextKit " + typeof(TextKitModel).Assembly.GetName().Version,
            RootIsChain = IsChain(model),
            ChainLength = flat.Count,
        };
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            for (int c = 0; c < components.Count; c++)
            {
                var (position, component) = components[c];
                var writer = new ArtifactWriter(zip, ComponentPrefix(c));
                component.SaveArtifact(writer);
                manifest.Components.Add(new ComponentEntry
                {
                    Position = position,
                    Type = component.ComponentType,
                    Version = component.ComponentVersion,
                    Loader = LoaderName(component.LoaderType),
                    Files = new Dictionary<string, string>(writer.Files),
                });
            }
            var entry = zip.CreateEntry(ManifestEntry, CompressionLevel.Fastest);
            using var manifestStream = entry.Open();
            JsonSerializer.Serialize(manifestStream, manifest, ModelJson.Options);
        }
        buffer.Position = 0;
        buffer.CopyTo(stream);
    }

    /// <summary>Loads a model saved by <see cref="Save(MLContext, ITransformer, DataViewSchema?, string)"/> (or a plain ML.NET model).</summary>
    public static ITransformer Load(MLContext mlContext, string path, out DataViewSchema inputSchema)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new TextKitModelException("TK100", $"Model file '{path}' does not exist.");
        using var file = File.OpenRead(path);
        return Load(mlContext, file, out inputSchema, path);
    }

    /// <summary>Loads a model from <paramref name="stream"/> (read to its end; left open).</summary>
    public static ITransformer Load(MLContext mlContext, Stream stream, out DataViewSchema inputSchema)
        => Load(mlContext, stream, out inputSchema, "<stream>");

    /// <summary>True when <paramref name="path"/> is a zip with a TextKit manifest (no component is loaded).</summary>
    public static bool HasTextKitComponents(string path)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            return zip.GetEntry(ManifestEntry) is not null;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    private static ITransformer Load(MLContext mlContext, Stream stream, out DataViewSchema inputSchema, string source)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(stream);

        var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        if (bytes.Length == 0)
            throw new TextKitModelException("TK110", $"Model file '{source}' is empty.");
        bytes.Position = 0;

        ZipArchive zip;
        try
        {
            zip = new ZipArchive(bytes, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new TextKitModelException("TK110", $"'{source}' is not a model file: it is not a zip archive, or it is truncated ({e.Message}).", e);
        }

        using (zip)
        {
            try
            {
                return LoadFromArchive(mlContext, zip, bytes, out inputSchema, source);
            }
            catch (InvalidDataException e)
            {
                throw new TextKitModelException("TK110", $"'{source}' is a damaged zip archive: truncated or corrupted ({e.Message}).", e);
            }
        }
    }

    private static ITransformer LoadFromArchive(MLContext mlContext, ZipArchive zip, MemoryStream bytes, out DataViewSchema inputSchema, string source)
    {
        var manifestEntry = zip.GetEntry(ManifestEntry);
        if (manifestEntry is null)
            return LoadMLNet(mlContext, bytes, out inputSchema, source); // a plain ML.NET model

        var manifest = ReadManifest(manifestEntry, source);
        var loaded = new ITransformer[manifest.Components.Count];
        for (int c = 0; c < manifest.Components.Count; c++)
            loaded[c] = LoadComponent(mlContext, zip, manifest.Components[c], c, source);

        bytes.Position = 0;
        ITransformer mlnet;
        using (ComponentPlaceholder.EnterTextKitLoad())
            mlnet = LoadMLNet(mlContext, bytes, out inputSchema, source);

        var flat = Flatten(mlnet);
        if (flat.Count != manifest.ChainLength)
            throw new TextKitModelException("TK111", $"'{source}': the manifest describes a chain of {manifest.ChainLength} transformers but the ML.NET part holds {flat.Count}; the file is corrupted.");
        for (int c = 0; c < loaded.Length; c++)
        {
            int position = manifest.Components[c].Position;
            if (position < 0 || position >= flat.Count || !ComponentPlaceholder.IsPlaceholder(flat[position]))
                throw new TextKitModelException("TK111", $"'{source}': component {c} ('{manifest.Components[c].Type}') should sit at chain position {position}, which holds no TextKit placeholder; the file is corrupted.");
            flat[position] = loaded[c];
        }
        return manifest.RootIsChain || flat.Count != 1 ? new TransformerChain<ITransformer>(flat.ToArray()) : flat[0];
    }

    private static ModelManifest ReadManifest(ZipArchiveEntry entry, string source)
    {
        ModelManifest? manifest;
        try
        {
            using var manifestStream = entry.Open();
            manifest = JsonSerializer.Deserialize<ModelManifest>(manifestStream, ModelJson.Options);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException)
        {
            throw new TextKitModelException("TK111", $"'{source}': the TextKit manifest is unreadable ({e.Message}); the file is corrupted.", e);
        }
        if (manifest is null || manifest.Format != FormatName)
            throw new TextKitModelException("TK111", $"'{source}': the TextKit manifest does not declare format '{FormatName}'; the file is corrupted.");
        if (manifest.FormatVersion > FormatVersion)
            throw new TextKitModelException("TK112", $"'{source}' was written in TextKit model format {manifest.FormatVersion} ({manifest.CreatedBy}); this TextKit ({typeof(TextKitModel).Assembly.GetName().Version}) reads formats up to {FormatVersion}. Upgrade TextKit to load it.");
        if (manifest.FormatVersion < 1)
            throw new TextKitModelException("TK111", $"'{source}': invalid TextKit model format version {manifest.FormatVersion}.");
        return manifest;
    }

    private static ITransformer LoadComponent(MLContext mlContext, ZipArchive zip, ComponentEntry entry, int index, string source)
    {
        var describe = $"'{source}', component {index} ('{entry.Type}' v{entry.Version})";
        var loaderType = Type.GetType(entry.Loader, throwOnError: false);
        if (loaderType is null)
            throw new TextKitModelException("TK117", $"{describe}: its loader '{entry.Loader}' cannot be found. Reference the assembly that defines it (the TextKit package providing '{entry.Type}').");
        if (!typeof(ITextKitComponentLoader).IsAssignableFrom(loaderType) || loaderType.GetConstructor(Type.EmptyTypes) is null)
            throw new TextKitModelException("TK117", $"{describe}: '{entry.Loader}' is not a TextKit component loader; the file is corrupted or was tampered with.");
        var loader = (ITextKitComponentLoader)Activator.CreateInstance(loaderType)!;
        if (loader.ComponentType != entry.Type)
            throw new TextKitModelException("TK117", $"{describe}: loader '{entry.Loader}' reads '{loader.ComponentType}', not '{entry.Type}'; the file is corrupted.");
        if (entry.Version > loader.MaxVersion)
            throw new TextKitModelException("TK112", $"{describe} was written by a newer TextKit (component version {entry.Version}); this TextKit reads up to version {loader.MaxVersion}. Upgrade TextKit to load it.");
        var reader = new ArtifactReader(zip, ComponentPrefix(index), entry.Files, describe);
        try
        {
            return loader.Load(reader, new ComponentLoadContext(mlContext, entry.Version, source));
        }
        catch (Exception e) when (e is not TextKitException)
        {
            throw new TextKitModelException("TK116", $"{describe} could not be loaded: {e.Message}", e);
        }
    }

    private static ITransformer LoadMLNet(MLContext mlContext, Stream bytes, out DataViewSchema inputSchema, string source)
    {
        try
        {
            return mlContext.Model.Load(bytes, out inputSchema);
        }
        catch (Exception e) when (e.GetBaseException() is TextKitException tk)
        {
            // ML.NET instantiates loaders by reflection, which wraps our errors twice; surface the TextKit one.
            throw new TextKitModelException(tk.Code, tk.Message[(tk.Code.Length + 3)..], e);
        }
        catch (Exception e) when (e is not TextKitException)
        {
            throw new TextKitModelException("TK118", $"'{source}': ML.NET could not load the model ({e.GetBaseException().Message}). The file is corrupted, truncated, or not a model.", e);
        }
    }

    /// <summary>The transformers of <paramref name="model"/> in order, with nested <see cref="TransformerChain{T}"/>s expanded.</summary>
    public static List<ITransformer> Flatten(ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var result = new List<ITransformer>();
        Add(model);
        return result;

        void Add(ITransformer t)
        {
            if (IsChain(t))
                foreach (var inner in (IEnumerable<ITransformer>)t)
                    Add(inner);
            else
                result.Add(t);
        }
    }

    private static bool IsChain(ITransformer t)
        => t.GetType().IsGenericType && t.GetType().GetGenericTypeDefinition() == typeof(TransformerChain<>);

    private static string LoaderName(Type loaderType)
    {
        if (!typeof(ITextKitComponentLoader).IsAssignableFrom(loaderType))
            throw new InvalidOperationException($"{loaderType} is not an {nameof(ITextKitComponentLoader)}.");
        // Assembly simple name only: a model saved by TextKit N must load under N+1.
        return $"{loaderType.FullName}, {loaderType.Assembly.GetName().Name}";
    }
}
