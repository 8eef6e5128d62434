using System.Text.Json.Nodes;
using TextKit.Neural.Tokenizers;

namespace TextKit.Neural.Tests.TestSupport;

/// <summary>
/// Test-only tokenizer that knows exactly the texts of a fixture's inputs.json and returns their reference ids (so the
/// ML tests do not depend on a tokenizer implementation). "long:N" gives N tokens; anything else fails.
/// </summary>
internal sealed class FixtureTokenizer : ITransformerTokenizer
{
    private readonly Dictionary<string, int[]> _ids = new(StringComparer.Ordinal);

    public FixtureTokenizer(string fixture)
    {
        var inputs = Fixtures.Inputs(fixture);
        var texts = inputs["texts"]!.AsArray().Select(t => t!.GetValue<string>()).ToArray();
        var ids = inputs["input_ids"]!.AsArray();
        var mask = inputs["attention_mask"]!.AsArray();
        for (int i = 0; i < texts.Length; i++)
        {
            var row = ids[i]!.AsArray().Select(v => v!.GetValue<int>());
            int length = mask[i]!.AsArray().Count(v => v!.GetValue<int>() == 1);
            _ids[texts[i]] = row.Take(length).ToArray();
        }
    }

    public int VocabularySize => 2000;

    public int PadTokenId => 0;

    public EncodedInput Encode(string text, string? textPair = null, EncodeOptions? options = null)
    {
        int[] ids;
        if (text.StartsWith("long:", StringComparison.Ordinal))
            ids = [2, .. Enumerable.Repeat(100, int.Parse(text[5..]) - 2), 3];
        else if (!_ids.TryGetValue(text, out ids!))
            throw new InvalidOperationException($"FixtureTokenizer does not know '{text}'.");
        int max = options?.MaxLength ?? 0;
        if (max > 0 && ids.Length > max)
        {
            if (options?.Truncate == false)
                throw new TextKitException("TK354", $"{ids.Length} tokens, more than {max}.");
            ids = [.. ids.Take(max - 1), ids[^1]];
        }
        return new EncodedInput(ids, new int[ids.Length], Enumerable.Repeat(1, ids.Length).ToArray(),
            ids.Select(i => i.ToString()).ToArray(), new (int, int)[ids.Length], new int[ids.Length]);
    }

    public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens = true) => string.Join(" ", ids);
}
