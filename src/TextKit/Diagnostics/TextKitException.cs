namespace TextKit;

/// <summary>
/// Base type of every error TextKit raises on purpose. The message starts with a stable code
/// (<c>[TK###]</c>, listed in <c>docs/errors.md</c>) and says what went wrong and how to fix it.
/// </summary>
public class TextKitException : Exception
{
    public TextKitException(string code, string message, Exception? inner = null)
        : base($"[{code}] {message}", inner)
    {
        Code = code;
    }

    /// <summary>The stable error code, e.g. <c>TK110</c>.</summary>
    public string Code { get; }
}

/// <summary>Malformed input data: names the file (or source) and the 1-based line.</summary>
public class TextKitFormatException : TextKitException
{
    public TextKitFormatException(string code, string source, long line, string message, Exception? inner = null)
        : base(code, line > 0 ? $"{source}:{line}: {message}" : $"{source}: {message}", inner)
    {
        Source = source;
        Line = line;
    }

    /// <summary>The file path or a description of the input (e.g. "&lt;stdin&gt;").</summary>
    public new string Source { get; }

    /// <summary>1-based line number of the problem, or 0 when it is not tied to a line.</summary>
    public long Line { get; }
}

/// <summary>A model file or model folder that cannot be read: missing, truncated, corrupted, or from a newer version.</summary>
public class TextKitModelException : TextKitException
{
    public TextKitModelException(string code, string message, Exception? inner = null) : base(code, message, inner) { }
}
