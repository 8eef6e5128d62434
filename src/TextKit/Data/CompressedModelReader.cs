using System.IO.Compression;
using System.Text;

namespace TextKit.Data;

/// <summary>The reader of a model file's Brotli-compressed body (tagger, HMM and morphology formats).</summary>
internal static class CompressedModelReader
{
    /// <summary>
    /// A <see cref="BinaryReader"/> over the Brotli-compressed rest of <paramref name="compressed"/>, which stays open
    /// when the reader is disposed. A 64 KB buffer sits in front of the decoder: <see cref="BinaryReader"/> asks for a
    /// few bytes per value, and calling the decoder for each made loading a large model 2–3× slower.
    /// </summary>
    public static BinaryReader Open(Stream compressed)
        => new(new BufferedStream(new BrotliStream(compressed, CompressionMode.Decompress, leaveOpen: true), 1 << 16), Encoding.UTF8, leaveOpen: false);
}
