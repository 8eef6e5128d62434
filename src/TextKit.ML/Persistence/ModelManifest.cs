namespace TextKit.ML.Persistence;

// *** Manifest format (textkit/manifest.json inside the ML.NET model zip) ***
// {
//   "format": "textkit-model",
//   "formatVersion": 1,              // see TextKitModel.FormatVersion for the history
//   "createdBy": "TextKit 0.1.0",
//   "rootIsChain": true,             // false when the saved model was a single transformer
//   "chainLength": 5,                // flattened length of the saved TransformerChain
//   "components": [
//     { "position": 2,               // index in the flattened chain (a placeholder sits there in the ML.NET part)
//       "type": "TextKit.RareTokens", "version": 1,
//       "loader": "TextKit.ML.Transforms.RareTokensLoader, TextKit.ML",
//       "files": { "options.json": "<sha256 hex>", "vocabulary.txt": "<sha256 hex>" } }
//   ]
// }
// Component files live under textkit/components/NNN/ (NNN = index in "components", 3 digits).

internal sealed class ModelManifest
{
    public string Format { get; set; } = "";

    public int FormatVersion { get; set; }

    public string CreatedBy { get; set; } = "";

    public bool RootIsChain { get; set; }

    public int ChainLength { get; set; }

    public List<ComponentEntry> Components { get; set; } = [];
}

internal sealed class ComponentEntry
{
    public int Position { get; set; }

    public string Type { get; set; } = "";

    public int Version { get; set; }

    public string Loader { get; set; } = "";

    public Dictionary<string, string> Files { get; set; } = [];
}
