using System.Reflection;
using TextKit.Neural.Tokenizers;

namespace TextKit.Neural.ML;

/// <summary>
/// Creates the tokenizer of a HF model folder through <c>TransformerTokenizers.FromFolder</c>. Resolved at run time so
/// that the model side builds independently of the tokenizer implementations (they live on the same assembly once
/// merged); when the factory is absent the error says so (TK360).
/// </summary>
internal static class TokenizerLoading
{
    private static readonly Lazy<MethodInfo?> s_fromFolder = new(() =>
        typeof(ITransformerTokenizer).Assembly.GetType("TextKit.Neural.Tokenizers.TransformerTokenizers")
            ?.GetMethod("FromFolder", BindingFlags.Public | BindingFlags.Static, [typeof(string)]));

    public static ITransformerTokenizer FromFolder(string folder)
    {
        var method = s_fromFolder.Value
            ?? throw new TextKitException("TK360", "This build of TextKit.Neural has no TransformerTokenizers.FromFolder; pass a tokenizer explicitly.");
        try
        {
            return (ITransformerTokenizer)method.Invoke(null, [folder])!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }
}
