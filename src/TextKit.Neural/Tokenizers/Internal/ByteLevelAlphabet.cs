namespace TextKit.Neural.Tokenizers.Internal;

/// <summary>
/// GPT-2's reversible byte → printable character map (openai/gpt-2 encoder.py bytes_to_unicode): printable
/// Latin-1 bytes map to themselves, the other 68 bytes to U+0100 upwards in byte order (space → 'Ġ', \n → 'Ċ').
/// </summary>
internal static class ByteLevelAlphabet
{
    public static readonly char[] ByteToChar = Build();
    private static readonly Dictionary<char, byte> s_charToByte = ByteToChar.Select((c, b) => (c, (byte)b)).ToDictionary(x => x.c, x => x.Item2);

    private static char[] Build()
    {
        var map = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++)
        {
            bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            map[b] = printable ? (char)b : (char)next++;
        }
        return map;
    }

    public static bool TryGetByte(char c, out byte b) => s_charToByte.TryGetValue(c, out b);
}
