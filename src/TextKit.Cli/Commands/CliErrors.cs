namespace TextKit.Cli.Commands;

/// <summary>Shared helpers for command implementations.</summary>
internal static class CliErrors
{
    /// <summary>Fails with a clear message when an input file is missing.</summary>
    public static void RequireFile(FileInfo file, string option)
    {
        if (!file.Exists)
            throw new TextKitException("TK010", $"{option}: file '{file.FullName}' does not exist.");
    }

    /// <summary>Fails with a clear message when an input folder is missing.</summary>
    public static void RequireDirectory(DirectoryInfo folder, string option)
    {
        if (!folder.Exists)
            throw new TextKitException("TK010", $"{option}: folder '{folder.FullName}' does not exist.");
    }
}
