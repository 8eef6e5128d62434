using System.Text;

namespace TextKit.LanguageModels;

/// <summary>Reads tokenized text: one sentence per line, tokens separated by whitespace, blank lines skipped. Strict UTF-8.</summary>
public static class TokenizedText
{
    /// <summary>The sentences of <paramref name="path"/> with their 1-based line numbers (streamed).</summary>
    public static IEnumerable<(long Line, string[] Tokens)> Read(string path, bool lowercase = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new TextKitException("TK010", $"Text file '{path}' does not exist.");
        return ReadCore(path, lowercase);
    }

    private static readonly UTF8Encoding Strict = new(false, true);

    // Lines are split on bytes and decoded one by one, so an invalid UTF-8 sequence is reported on its own line
    // (a StreamReader decodes whole buffers ahead of the line being returned).
    private static IEnumerable<(long, string[])> ReadCore(string path, bool lowercase)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var buffer = new byte[1 << 16];
        int length = 0;
        long line = 0;
        bool eof = false, first = true;
        while (true)
        {
            int newline = Array.IndexOf(buffer, (byte)'\n', 0, length);
            if (newline < 0 && !eof)
            {
                if (length == buffer.Length)
                    Array.Resize(ref buffer, buffer.Length * 2);
                int read = stream.Read(buffer, length, buffer.Length - length);
                if (read == 0)
                    eof = true;
                length += read;
                continue;
            }
            if (newline < 0 && length == 0)
                yield break;
            int end = newline < 0 ? length : newline;
            int start = 0;
            if (first && end >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF)
                start = 3;
            first = false;
            int stop = end > start && buffer[end - 1] == (byte)'\r' ? end - 1 : end;
            line++;
            string text;
            try
            {
                text = Strict.GetString(buffer, start, stop - start);
            }
            catch (DecoderFallbackException e)
            {
                throw new TextKitFormatException("TK750", path, line, "invalid UTF-8; tokenized text must be UTF-8.", e);
            }
            int consumed = newline < 0 ? length : newline + 1;
            Buffer.BlockCopy(buffer, consumed, buffer, 0, length - consumed);
            length -= consumed;
            var tokens = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length == 0)
                continue;
            if (lowercase)
                for (int i = 0; i < tokens.Length; i++)
                    tokens[i] = tokens[i].ToLowerInvariant();
            yield return (line, tokens);
        }
    }
}
