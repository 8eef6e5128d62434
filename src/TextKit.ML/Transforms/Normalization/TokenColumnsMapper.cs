using Microsoft.ML;
using Microsoft.ML.Data;
using TextKit.ML.DataView;

namespace TextKit.ML.Transforms;

/// <summary>
/// Maps one row's token vector (plus optional aligned tag vectors: UPOS, XPOS) to a vector of text.
/// <paramref name="tokens"/>, <paramref name="upos"/> and <paramref name="xpos"/> are dense; the tag spans are empty
/// when the column is not used. <paramref name="row"/> is the row's position: the mappers of one cursor may share a
/// per-row result keyed on it (one computation for several output columns).
/// </summary>
internal delegate void TokenRowMapper(long row, ReadOnlySpan<ReadOnlyMemory<char>> tokens, ReadOnlySpan<ReadOnlyMemory<char>> upos,
    ReadOnlySpan<ReadOnlyMemory<char>> xpos, ref VBuffer<ReadOnlyMemory<char>> output);

/// <summary>
/// A <see cref="ColumnMapper"/> for the normalization transforms: a token column and optional tag columns (all
/// vectors of text, aligned word by word) in, one or more vectors of text out. <c>createMappers</c> is called once per
/// cursor and gives each active output its <see cref="TokenRowMapper"/>, so the mappers of one cursor may share state
/// (never across cursors: safe under PredictionEngine and parallel cursors).
/// </summary>
internal sealed class TokenColumnsMapper : ColumnMapper
{
    private readonly int[] _inputs; // tokens, upos (-1 = none), xpos (-1 = none)
    private readonly string[] _inputNames;
    private readonly OutputColumn[] _outputs;
    private readonly Func<Func<int, TokenRowMapper>> _createMappers;

    public TokenColumnsMapper(DataViewSchema inputSchema, DataViewSchema.Column tokens, DataViewSchema.Column? upos, DataViewSchema.Column? xpos,
        IReadOnlyList<string> outputNames, Func<Func<int, TokenRowMapper>> createMappers)
        : base(inputSchema)
    {
        _inputs = [tokens.Index, upos?.Index ?? -1, xpos?.Index ?? -1];
        _inputNames = [tokens.Name, upos?.Name ?? "", xpos?.Name ?? ""];
        _outputs = outputNames.Select(n => new OutputColumn(n, TextVectors.TextVectorType)).ToArray();
        _createMappers = createMappers;
    }

    public override IReadOnlyList<OutputColumn> OutputColumns => _outputs;

    public override IEnumerable<int> GetInputDependencies(int outputIndex) => _inputs.Where(i => i >= 0);

    public override Delegate?[] CreateGetters(DataViewRow input, Func<int, bool> isOutputActive)
    {
        var getters = new Delegate?[_outputs.Length];
        Func<int, TokenRowMapper>? createMapper = null;
        for (int o = 0; o < _outputs.Length; o++)
        {
            if (!isOutputActive(o))
                continue;
            var map = (createMapper ??= _createMappers())(o);
            var read = _inputs.Select(i => i >= 0 ? input.GetGetter<VBuffer<ReadOnlyMemory<char>>>(input.Schema[i]) : null).ToArray();
            var buffers = new VBuffer<ReadOnlyMemory<char>>[3];
            var dense = new ReadOnlyMemory<char>[]?[3];
            getters[o] = (ValueGetter<VBuffer<ReadOnlyMemory<char>>>)((ref VBuffer<ReadOnlyMemory<char>> destination) =>
            {
                read[0]!(ref buffers[0]);
                var tokens = Dense(buffers[0], ref dense[0]);
                ReadOnlySpan<ReadOnlyMemory<char>> upos = default, xpos = default;
                if (read[1] is { } readUpos)
                {
                    readUpos(ref buffers[1]);
                    upos = Dense(buffers[1], ref dense[1]);
                    CheckAligned(input, tokens.Length, upos.Length, _inputNames[1]);
                }
                if (read[2] is { } readXpos)
                {
                    readXpos(ref buffers[2]);
                    xpos = Dense(buffers[2], ref dense[2]);
                    CheckAligned(input, tokens.Length, xpos.Length, _inputNames[2]);
                }
                map(input.Position, tokens, upos, xpos, ref destination);
            });
        }
        return getters;
    }

    private void CheckAligned(DataViewRow row, int tokens, int tags, string column)
    {
        if (tokens != tags)
            throw new TextKitException("TK503", $"Row {row.Position}: column '{_inputNames[0]}' has {tokens} tokens but '{column}' has {tags} tags; the tag columns must have one tag per token.");
    }

    /// <summary>The values of <paramref name="buffer"/> as a dense span (copied into <paramref name="scratch"/> when sparse).</summary>
    internal static ReadOnlySpan<ReadOnlyMemory<char>> Dense(in VBuffer<ReadOnlyMemory<char>> buffer, ref ReadOnlyMemory<char>[]? scratch)
    {
        if (buffer.IsDense)
            return buffer.GetValues();
        if (scratch is null || scratch.Length < buffer.Length)
            scratch = new ReadOnlyMemory<char>[buffer.Length];
        buffer.CopyTo(scratch);
        return scratch.AsSpan(0, buffer.Length);
    }
}
