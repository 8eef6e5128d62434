using System.Text;

namespace TextKit.Corpora;

/// <summary>
/// Line-by-line input for the corpus readers with 1-based line numbers and strict UTF-8. Reading a file decodes each
/// line separately, so an invalid byte sequence is reported at its exact line (a buffered <see cref="StreamReader"/>
/// would report the line where its buffer happened to be decoded).
/// </summary>
internal abstract class LineSource : IDisposable
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    protected LineSource(string source, string utf8ErrorCode)
    {
        Source = source;
        Utf8ErrorCode = utf8ErrorCode;
    }

    /// <summary>The file path or description used in error messages.</summary>
    public string Source { get; }

    protected string Utf8ErrorCode { get; }

    /// <summary>1-based number of the line last returned (0 before the first).</summary>
    public long LineNumber { get; protected set; }

    /// <summary>The next line without its line terminator ("\n" or "\r\n"), or null at the end.</summary>
    public abstract string? ReadLine();

    public virtual void Dispose() { }

    public static LineSource FromFile(string path, string utf8ErrorCode) => new FileLineSource(path, utf8ErrorCode);

    public static LineSource FromReader(TextReader reader, string source, string utf8ErrorCode) => new ReaderLineSource(reader, source, utf8ErrorCode);

    private sealed class ReaderLineSource(TextReader reader, string source, string code) : LineSource(source, code)
    {
        public override string? ReadLine()
        {
            string? line;
            try
            {
                line = reader.ReadLine();
            }
            catch (DecoderFallbackException e)
            {
                throw new TextKitFormatException(Utf8ErrorCode, Source, LineNumber + 1, "invalid UTF-8 byte sequence; the input must be UTF-8.", e);
            }
            if (line is null)
                return null;
            LineNumber++;
            return line;
        }
    }

    private sealed class FileLineSource : LineSource
    {
        private readonly FileStream _stream;
        private readonly byte[] _buffer = new byte[1 << 16];
        private byte[] _line = new byte[256];
        private int _start;
        private int _end;
        private bool _eof;

        public FileLineSource(string path, string code) : base(path, code)
        {
            _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        }

        public override string? ReadLine()
        {
            int length = 0;
            bool any = false;
            while (true)
            {
                if (_start == _end)
                {
                    if (_eof)
                        break;
                    _end = _stream.Read(_buffer, 0, _buffer.Length);
                    _start = 0;
                    if (_end == 0)
                    {
                        _eof = true;
                        break;
                    }
                }
                any = true;
                int newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                int stop = newline < 0 ? _end : newline;
                Append(ref length, _start, stop - _start);
                _start = newline < 0 ? _end : newline + 1;
                if (newline >= 0)
                    return Decode(length);
            }
            return any ? Decode(length) : null;
        }

        private void Append(ref int length, int offset, int count)
        {
            if (length + count > _line.Length)
                Array.Resize(ref _line, Math.Max(_line.Length * 2, length + count));
            Buffer.BlockCopy(_buffer, offset, _line, length, count);
            length += count;
        }

        private string Decode(int length)
        {
            LineNumber++;
            int offset = 0;
            if (LineNumber == 1 && length >= 3 && _line[0] == 0xEF && _line[1] == 0xBB && _line[2] == 0xBF)
                offset = 3; // UTF-8 byte order mark
            if (length > offset && _line[length - 1] == '\r')
                length--;
            try
            {
                return StrictUtf8.GetString(_line, offset, length - offset);
            }
            catch (DecoderFallbackException e)
            {
                throw new TextKitFormatException(Utf8ErrorCode, Source, LineNumber, "invalid UTF-8 byte sequence; the file must be UTF-8.", e);
            }
        }

        public override void Dispose() => _stream.Dispose();
    }
}
