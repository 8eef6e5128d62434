using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TextKit.Data;

namespace TextKit.Morphology;

/// <summary>
/// A run of words with optional tags, as <see cref="MorphologyModel"/>'s batch lemmatization reads it: one interface
/// over the callers' layouts (arrays of strings; ML.NET's <see cref="ReadOnlyMemory{T}"/> tokens) so that the
/// look-ahead pipeline is written once and compiled per layout (struct type arguments, no interface calls).
/// </summary>
internal interface IWordRun
{
    int Count { get; }

    ReadOnlySpan<char> Form(int i);

    /// <summary>The UPOS tag of word i; empty when tags are not known.</summary>
    ReadOnlySpan<char> Upos(int i);

    /// <summary>The XPOS tag of word i; empty when tags are not known.</summary>
    ReadOnlySpan<char> Xpos(int i);

    /// <summary>Word i's form as a whole string when there is one (it is returned as its own lemma without a copy).</summary>
    string? FormString(int i);

    /// <summary>Starts loading word i's characters and tags into the cache (a hint: it reads nothing).</summary>
    void Prefetch(int i);

    /// <summary>Starts loading word i's characters only, for a pass that already knows the tags' ids.</summary>
    void PrefetchForm(int i);
}

/// <summary>Words and tags as strings (tag spans empty when not known).</summary>
internal readonly ref struct StringWordRun(ReadOnlySpan<string> forms, ReadOnlySpan<string> upos, ReadOnlySpan<string> xpos) : IWordRun
{
    private readonly ReadOnlySpan<string> _forms = forms;
    private readonly ReadOnlySpan<string> _upos = upos;
    private readonly ReadOnlySpan<string> _xpos = xpos;

    public int Count => _forms.Length;

    public ReadOnlySpan<char> Form(int i) => _forms[i];

    public ReadOnlySpan<char> Upos(int i) => _upos.IsEmpty ? default : _upos[i];

    public ReadOnlySpan<char> Xpos(int i) => _xpos.IsEmpty ? default : _xpos[i];

    public string? FormString(int i) => _forms[i];

    public void Prefetch(int i)
    {
        CacheHint.String(_forms[i]);
        if (!_upos.IsEmpty)
            CacheHint.String(_upos[i]);
        if (!_xpos.IsEmpty)
            CacheHint.String(_xpos[i]);
    }

    public void PrefetchForm(int i) => CacheHint.String(_forms[i]);
}

/// <summary>Words and tags as ML.NET text values (tag spans empty when not known).</summary>
internal readonly ref struct MemoryWordRun(ReadOnlySpan<ReadOnlyMemory<char>> forms, ReadOnlySpan<ReadOnlyMemory<char>> upos, ReadOnlySpan<ReadOnlyMemory<char>> xpos) : IWordRun
{
    private readonly ReadOnlySpan<ReadOnlyMemory<char>> _forms = forms;
    private readonly ReadOnlySpan<ReadOnlyMemory<char>> _upos = upos;
    private readonly ReadOnlySpan<ReadOnlyMemory<char>> _xpos = xpos;

    public int Count => _forms.Length;

    public ReadOnlySpan<char> Form(int i) => _forms[i].Span;

    public ReadOnlySpan<char> Upos(int i) => _upos.IsEmpty ? default : _upos[i].Span;

    public ReadOnlySpan<char> Xpos(int i) => _xpos.IsEmpty ? default : _xpos[i].Span;

    public string? FormString(int i)
        => MemoryMarshal.TryGetString(_forms[i], out var text, out int start, out int length) && start == 0 && length == text.Length ? text : null;

    public void Prefetch(int i)
    {
        // Making the span reads the memory's owner object header (its type): a load whose result only the hint
        // depends on, so the processor goes on with the current word meanwhile.
        CacheHint.Chars(_forms[i].Span);
        if (!_upos.IsEmpty)
            CacheHint.Chars(_upos[i].Span);
        if (!_xpos.IsEmpty)
            CacheHint.Chars(_xpos[i].Span);
    }

    public void PrefetchForm(int i) => CacheHint.Chars(_forms[i].Span);
}
