using System.Buffers;
using System.Runtime.CompilerServices;
using TextKit.Text;

namespace TextKit.Morphology;

/// <summary>
/// The data behind <see cref="TextKit.Lemmatization.Lemmatizer"/> and <see cref="MorphologicalAnalyzer"/>, learned from
/// UD-annotated words (CoNLL-U FORM, LEMMA, UPOS, XPOS, FEATS) plus an optional WordNet lexicon:
/// <list type="bullet">
/// <item>every training form with its readings (tag, features, lemma, count), exact and lower-cased;</item>
/// <item>suffix rules per (UPOS, XPOS): for each word ending, how often each edit (strip n characters, append s)
/// turned a form into its lemma, counted over word types;</item>
/// <item>a suffix-based tag guesser for unknown words (by word shape and ending, learned from rare words);</item>
/// <item>the lemma lexicon: WordNet lemmas and exception lists, and the training lemmas.</item>
/// </list>
/// Immutable and thread-safe; lookups of known words do not allocate.
/// </summary>
public sealed partial class MorphologyModel
{
    /// <summary>UD's open-class tags: the ones whose unknown words get suffix rules.</summary>
    internal static readonly string[] OpenClasses = ["NOUN", "PROPN", "VERB", "ADJ", "ADV"];

    // Largest word the stack holds while lower-casing; longer ones use the array pool.
    private const int StackChars = 128;

    private readonly NameTable _uposNames;
    private readonly NameTable _xposNames;
    private readonly FormTable _formTable;
    private readonly FormTable _lowerTable;
    private readonly SuffixTable _suffixTable;
    private readonly StringTable[] _knownLemmas;
    private readonly StringTable[] _exceptionKeys;
    private readonly string[][][] _exceptionLemmas;
    private readonly bool[] _openUpos;
    private readonly bool[] _punctUpos;
    private readonly Dictionary<string, Reading[]>.AlternateLookup<ReadOnlySpan<char>> _formLookup;
    private readonly Dictionary<string, Reading[]>.AlternateLookup<ReadOnlySpan<char>> _lowerLookup;
    private readonly Dictionary<string, SuffixEntry>.AlternateLookup<ReadOnlySpan<char>> _suffixLookup;
    private readonly Dictionary<string, GuessEntry>.AlternateLookup<ReadOnlySpan<char>> _guessLookup;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>>[]? _knownLemmaLookup;
    private readonly int _xposSlots;
    private readonly (int Tag, double Share)[] _fallbackTags;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // one-shot load code: compiled optimized at once, not run as tier-0 loops
    internal MorphologyModel(ModelData data)
    {
        Data = data;
        _formLookup = data.Forms.GetAlternateLookup<ReadOnlySpan<char>>();
        _lowerLookup = data.LowerForms.GetAlternateLookup<ReadOnlySpan<char>>();
        _suffixLookup = data.Suffixes.GetAlternateLookup<ReadOnlySpan<char>>();
        _guessLookup = data.Guesses.GetAlternateLookup<ReadOnlySpan<char>>();
        // One set per lexicon group: training lemmas ∪ WordNet lemmas of that part of speech, so that checking a
        // candidate costs a single lookup, in the flat StringTable layout (most candidates are not lemmas, and a miss
        // there usually costs one cache line). The hash sets are only kept if some lemma did not fit the table.
        var unions = data.TrainLemmas.Select((set, group) =>
        {
            var union = new HashSet<string>(set, StringComparer.Ordinal);
            if (group < 4)
                union.UnionWith(data.WordNet.Lemmas((WordNetPos)group));
            return union;
        }).ToArray();
        _knownLemmas = unions.Select(union => new StringTable(union)).ToArray();
        if (_knownLemmas.Any(t => !t.Complete))
            _knownLemmaLookup = unions.Select(union => union.GetAlternateLookup<ReadOnlySpan<char>>()).ToArray();
        var exceptions = Enumerable.Range(0, 4).Select(pos => data.WordNet.ExceptionEntries((WordNetPos)pos).ToArray()).ToArray();
        _exceptionKeys = exceptions.Select(entries => new StringTable(entries.Select(kv => kv.Key).ToArray())).ToArray();
        _exceptionLemmas = exceptions.Select(entries => entries.Select(kv => kv.Value).ToArray()).ToArray();
        _xposSlots = data.XposNames.Length + 1;
        _uposNames = new NameTable(data.UposIds);
        _xposNames = new NameTable(data.XposIds);
        _formTable = new FormTable(data.Forms, r => (PosClassOf(data.Tags[r.Tag]), data.Tags[r.Tag].Upos));
        _lowerTable = new FormTable(data.LowerForms, r => (PosClassOf(data.Tags[r.Tag]), data.Tags[r.Tag].Upos));
        PrepareCandidates(data);
        _suffixTable = new SuffixTable(data.Suffixes.ToArray());
        OpenUpos = OpenClasses.Select(name => data.UposIds.GetValueOrDefault(name, -1)).Where(id => id >= 0).ToHashSet();
        PunctUpos = new[] { "PUNCT", "SYM" }.Select(name => data.UposIds.GetValueOrDefault(name, -1)).Where(id => id >= 0).ToHashSet();
        NumUpos = data.UposIds.GetValueOrDefault("NUM", -1);
        _openUpos = Enumerable.Range(0, data.UposNames.Length).Select(OpenUpos.Contains).ToArray();
        _punctUpos = Enumerable.Range(0, data.UposNames.Length).Select(PunctUpos.Contains).ToArray();
        _fallbackTags = FallbackTags(data, OpenUpos);
    }

    internal ModelData Data { get; }

    private HashSet<int> OpenUpos { get; }

    private HashSet<int> PunctUpos { get; }

    private int NumUpos { get; }

    /// <summary>What the model was trained on and how big it is.</summary>
    public MorphologyModelInfo Info => Data.Info;

    /// <summary>The WordNet lexicon the model validates candidate lemmas against (may be empty).</summary>
    public WordNetLexicon WordNet => Data.WordNet;

    /// <summary>The UPOS tags seen in training.</summary>
    public IReadOnlyList<string> UposTags => Data.UposNames;

    /// <summary>The XPOS tags seen in training.</summary>
    public IReadOnlyList<string> XposTags => Data.XposNames;

    // ---------------------------------------------------------------- tags

    /// <summary>The id of a UPOS name, or -1 (unknown, empty or "_").</summary>
    internal int UposId(ReadOnlySpan<char> upos) => upos.IsEmpty ? -1 : _uposNames.Find(upos);

    /// <summary>The id of an XPOS name, or -1.</summary>
    internal int XposId(ReadOnlySpan<char> xpos) => xpos.IsEmpty || xpos is "_" ? -1 : _xposNames.Find(xpos);

    /// <summary>The (UPOS, XPOS) class index; <paramref name="xpos"/> -1 is the class of all XPOS of that UPOS.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int PosClass(int upos, int xpos) => (upos * _xposSlots) + xpos + 1;

    internal int PosClassOf(in Tag tag) => PosClass(tag.Upos, tag.Xpos);

    internal bool KeepsCase(int posClass) => posClass < Data.KeepCase.Length && Data.KeepCase[posClass];

    internal bool Inflects(int posClass) => posClass < Data.Inflects.Length && Data.Inflects[posClass];

    /// <summary>Lexicon group of a UPOS: 0 noun, 1 verb, 2 adjective, 3 adverb (WordNet's four), 4 any other tag.</summary>
    internal int LexiconGroup(int upos) => upos >= 0 && upos < Data.UposGroup.Length ? Data.UposGroup[upos] : 4;

    // ---------------------------------------------------------------- lemmatization

    /// <summary>
    /// The lemma of <paramref name="form"/> tagged <paramref name="upos"/> (and <paramref name="xpos"/> when known).
    /// Empty tags mean "not known": the most likely reading is used. Returns a cached string for known words.
    /// </summary>
    internal string Lemmatize(ReadOnlySpan<char> form, ReadOnlySpan<char> upos, ReadOnlySpan<char> xpos, string? formString = null)
    {
        // The form's slot is a likely cache miss: start loading it before the tag lookups.
        uint formHash = SpanHash.Of(form);
        _formTable.Prefetch(formHash);
        return Lemmatize(form, formHash, upos, xpos, formString);
    }

    /// <summary>
    /// Lemmatizes a run of words, <paramref name="lemmas"/>[i] for word i: the same lemmas as one call per word. A known
    /// word costs three dependent cache misses (its form-table slot, its record, its lemma's reference) on top of
    /// loading the caller's strings; one call per word waits for each in turn. Here they are started ahead, one stage
    /// per word distance, so that the misses of several words overlap (as <see cref="LanguageModels.NgramStore.ScoreBatch"/>
    /// does for n-grams): word i + 8's strings, word i + 4's slot, word i + 2's record. (A stage for word i + 1's
    /// first lemma reference, read from its record, cost more than it saved once each slot was probed only once:
    /// without it 1.024, 1.024, 1.053× in one process on EWT dev; the frequent lemmas' references stay cached.)
    /// </summary>
    [SkipLocalsInit] // the stack buffers are written before they are read: no need to zero them per call
    internal void Lemmatize<TRun>(scoped TRun run, Span<string> lemmas)
        where TRun : IWordRun, allows ref struct
    {
        const int StringsAhead = 8, SlotAhead = 4, RecordAhead = 2;
        const int Ring = SlotAhead; // hashes of words i .. i + 3 (a power of two)
        int n = run.Count;
        Span<uint> hashes = stackalloc uint[Ring];
        Span<int> firsts = stackalloc int[Ring]; // FormTable.FirstWithHash of words i .. i + 2: each slot is probed once
        // Words the form table cannot answer (about 10% of running text) wait for a second pass: their lookups (the
        // lower-cased form, suffix rules, lexicon checks of candidate lemmas) touch tables that the known words'
        // stream would push out of the cache between two of them, so one after another they share cached lines.
        // A word's lemma does not depend on the other words, so the order changes nothing.
        Unlisted[]? rented = null;
        Span<Unlisted> deferred = n <= 256 ? stackalloc Unlisted[256] : (rented = ArrayPool<Unlisted>.Shared.Rent(n));
        int unlisted = 0;
        try
        {
            for (int j = 0; j < Math.Min(StringsAhead, n); j++)
                run.Prefetch(j);
            for (int j = 0; j < Math.Min(SlotAhead, n); j++)
                _formTable.Prefetch(hashes[j] = SpanHash.Of(run.Form(j)));
            for (int j = 0; j < Math.Min(RecordAhead, n); j++)
                firsts[j] = _formTable.FirstWithHash(hashes[j]);
            for (int i = 0; i < n; i++)
            {
                uint hash = hashes[i & (Ring - 1)];
                int first = firsts[i & (Ring - 1)];
                if (i + StringsAhead < n)
                    run.Prefetch(i + StringsAhead);
                if (i + SlotAhead < n)
                    _formTable.Prefetch(hashes[i & (Ring - 1)] = SpanHash.Of(run.Form(i + SlotAhead)));
                if (i + RecordAhead < n)
                    _formTable.PrefetchRecordAt(firsts[(i + RecordAhead) & (Ring - 1)] = _formTable.FirstWithHash(hashes[(i + RecordAhead) & (Ring - 1)]));
                if (TryLemmatizeKnown(run.Form(i), hash, first, run.Upos(i), run.Xpos(i), run.FormString(i), out int u, out int x) is { } lemma)
                    lemmas[i] = lemma;
                else
                    deferred[unlisted++] = new Unlisted(i, u, x);
            }
            LemmatizeUnlisted(run, deferred[..unlisted], lemmas);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<Unlisted>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// The second pass of <see cref="Lemmatize{TRun}"/>: the words the form table could not answer, as a pipeline of
    /// their own. Each one's first lookups (its lower-cased form, the rules of its endings, itself as a lemma, its
    /// exception-list entry) are started two words ahead and its characters four ahead; lower-cased forms wait in a
    /// ring of stack buffers.
    /// </summary>
    [SkipLocalsInit] // the stack buffers are written before they are read: no need to zero them per call
    private void LemmatizeUnlisted<TRun>(scoped TRun run, ReadOnlySpan<Unlisted> words, Span<string> lemmas)
        where TRun : IWordRun, allows ref struct
    {
        const int StringsAhead = 4, LookupsAhead = 2;
        const int Ring = 4; // lower-cased forms of words k .. k + 2 (a power of two)
        int n = words.Length;
        Span<char> lowers = stackalloc char[Ring * StackChars];
        Span<uint> lowerHashes = stackalloc uint[Ring];
        for (int j = 0; j < Math.Min(StringsAhead, n); j++)
            run.PrefetchForm(words[j].Index);
        for (int j = 0; j < Math.Min(LookupsAhead, n); j++)
            StartLookups(ref run, words[j], lowers.Slice((j & (Ring - 1)) * StackChars, StackChars), out lowerHashes[j & (Ring - 1)]);
        for (int k = 0; k < n; k++)
        {
            if (k + StringsAhead < n)
                run.PrefetchForm(words[k + StringsAhead].Index);
            if (k + LookupsAhead < n)
            {
                int r = (k + LookupsAhead) & (Ring - 1);
                StartLookups(ref run, words[k + LookupsAhead], lowers.Slice(r * StackChars, StackChars), out lowerHashes[r]);
            }
            var (i, u, x) = words[k];
            var form = run.Form(i);
            lemmas[i] = form.Length <= StackChars
                ? LemmatizeLower(form, lowers.Slice((k & (Ring - 1)) * StackChars, form.Length), lowerHashes[k & (Ring - 1)], u, x, run.FormString(i))
                : LemmatizeUnlisted(form, u, x, run.FormString(i));
        }
    }

    /// <summary>Lower-cases a word of the second pass into <paramref name="lower"/> and starts its first lookups.</summary>
    private void StartLookups<TRun>(scoped ref TRun run, Unlisted word, Span<char> lower, out uint lowerHash)
        where TRun : IWordRun, allows ref struct
    {
        var form = run.Form(word.Index);
        lowerHash = form.Length <= StackChars ? LowerAndStart(form, lower[..form.Length], word.Upos, word.Xpos) : 0;
    }

    /// <summary>
    /// Lower-cases <paramref name="form"/> into <paramref name="lower"/> (of the same length) and starts loading what
    /// <see cref="LemmatizeLower"/> reads first: the lower-cased form's slot and, for an open-class word (most words that
    /// get here are unknown), the rules for its endings, the word itself as a lemma and its exception-list entry, so
    /// that these misses overlap. Returns the lower-cased form's <see cref="SpanHash"/>.
    /// </summary>
    private uint LowerAndStart(ReadOnlySpan<char> form, Span<char> lower, int u, int x)
    {
        form.ToLowerInvariant(lower);
        uint lowerHash = SpanHash.Of(lower);
        _lowerTable.Prefetch(lowerHash);
        if (u >= 0 && _openUpos[u])
        {
            _suffixTable.Prefetch(lower, PosClass(u, x), Data.MaxSuffixLength);
            int group = LexiconGroup(u);
            _knownLemmas[group].Prefetch(lowerHash);
            if (group < 4)
                _exceptionKeys[group].Prefetch(lowerHash);
        }
        return lowerHash;
    }

    /// <summary>A word of a batch left for the second pass, with its tag ids (see <see cref="TryLemmatizeKnown"/>).</summary>
    private readonly record struct Unlisted(int Index, int Upos, int Xpos);

    private string Lemmatize(ReadOnlySpan<char> form, uint formHash, ReadOnlySpan<char> upos, ReadOnlySpan<char> xpos, string? formString)
        => TryLemmatizeKnown(form, formHash, FirstNotKnown, upos, xpos, formString, out int u, out int x) ?? LemmatizeUnlisted(form, u, x, formString);

    /// <summary>The <c>first</c> argument of <see cref="TryLemmatizeKnown"/> when the form's slot was not probed before.</summary>
    private const int FirstNotKnown = -2;

    /// <summary>
    /// The lemma of a form the form table lists with the asked UPOS (90% of EWT dev words with gold tags), or of a
    /// word that needs no lookup (empty form, a UPOS the model never saw); null otherwise, with the tag ids that
    /// <see cref="LemmatizeUnlisted"/> takes (-1 for no UPOS, no XPOS or an XPOS the model never saw).
    /// <paramref name="first"/> is <see cref="FormTable.FirstWithHash"/> of <paramref name="formHash"/> when the batch
    /// loop has probed the slot already, else <see cref="FirstNotKnown"/>.
    /// </summary>
    private string? TryLemmatizeKnown(ReadOnlySpan<char> form, uint formHash, int first, ReadOnlySpan<char> upos, ReadOnlySpan<char> xpos, string? formString, out int u, out int x)
    {
        x = -1;
        if (form.IsEmpty)
        {
            u = -1;
            return "";
        }
        bool noUpos = upos.IsEmpty || upos is "_";
        bool noXpos = xpos.IsEmpty || xpos is "_";
        // Tags become ids once; readings are then matched by (UPOS, XPOS) class instead of by name.
        u = noUpos ? -1 : _uposNames.Find(upos);
        int xposId = noXpos ? -1 : _xposNames.Find(xpos);
        int record = first == FirstNotKnown ? _formTable.Find(form, formHash) : _formTable.Find(form, formHash, first);
        if (record >= 0)
        {
            if (TryKnownForm(record, form, u, xposId, noUpos, noXpos) is { } lemma)
                return lemma;
        }
        else if (!_formTable.Complete && _formLookup.TryGetValue(form, out var readings))
        {
            if (TryKnownForm(readings, form, upos, xpos, noUpos, noXpos) is { } lemma)
                return lemma;
        }
        if (u < 0 && !noUpos)
        {
            // A tag the model never saw: treat it like an unknown closed-class word (lower case, or as is for
            // punctuation-like tokens).
            return LowerOrSame(form, formString);
        }
        x = u >= 0 ? xposId : -1;
        return null;
    }

    /// <summary>
    /// The lemma of a non-empty form that <see cref="TryLemmatizeKnown"/> could not answer: the lower-cased form's
    /// readings, else the unknown-word path (suffix rules, lexicon, exception lists). <paramref name="u"/> is -1 only
    /// when no UPOS was given.
    /// </summary>
    [SkipLocalsInit] // the stack buffers are written before they are read: no need to zero them per call
    private string LemmatizeUnlisted(ReadOnlySpan<char> form, int u, int x, string? formString)
    {
        char[]? rented = null;
        Span<char> lower = form.Length <= StackChars ? stackalloc char[StackChars] : (rented = ArrayPool<char>.Shared.Rent(form.Length));
        try
        {
            lower = lower[..form.Length];
            return LemmatizeLower(form, lower, LowerAndStart(form, lower, u, x), u, x, formString);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// <see cref="LemmatizeUnlisted(ReadOnlySpan{char}, int, int, string?)"/> once the form is lower-cased
    /// (<paramref name="lowerHash"/> is its <see cref="SpanHash"/>): a training form with other capitals ("THE", "Apple"
    /// as NOUN), else the unknown-word path.
    /// </summary>
    private string LemmatizeLower(ReadOnlySpan<char> form, ReadOnlySpan<char> lower, uint lowerHash, int u, int x, string? formString)
    {
        int lowerRecord = _lowerTable.Find(lower, lowerHash);
        if (lowerRecord >= 0)
        {
            int r = PickReading(lowerRecord, u, x);
            if (r >= 0)
            {
                var lemma = _lowerTable.LemmaAt(r);
                bool keep = u >= 0 ? KeepsCase(u, x) : KeepsCase(_lowerTable.ClassAt(r));
                return keep ? KeepCaseLemma(form, lower, lemma, formString) : lemma;
            }
        }
        else if (!_lowerTable.Complete && _lowerLookup.TryGetValue(lower, out var lowerReadings) && PickReading(lowerReadings, u, x, out var reading, out _))
        {
            bool keep = u >= 0 ? KeepsCase(u, x) : KeepsCase(PosClassOf(Data.Tags[reading.Tag]));
            return keep ? KeepCaseLemma(form, lower, reading.Lemma, formString) : reading.Lemma;
        }
        if (u < 0)
        {
            // No tag given and the word is unknown: the lemma of the most likely guessed reading.
            var guesses = GuessReadings(form, lower, formString);
            return guesses.Count > 0 ? guesses[0].Lemma : LowerOrSame(form, formString);
        }
        return LemmatizeUnknown(form, lower, u, x, formString);
    }

    /// <summary>
    /// The lemma of a training form from its readings: the first (most frequent) reading with the asked UPOS and XPOS,
    /// else the first with the asked UPOS; any reading when no UPOS is given. Null when no reading has the UPOS (or the
    /// UPOS is unknown): the caller goes on as for an unknown word.
    /// </summary>
    private string? TryKnownForm(int record, ReadOnlySpan<char> form, int u, int xposId, bool noUpos, bool noXpos)
    {
        var table = _formTable;
        if (noUpos)
            return table.LemmaAt(table.Reading(record, 0));
        if (u < 0)
            return null;
        int n = table.ReadingCount(record);
        if (xposId >= 0)
        {
            int wanted = PosClass(u, xposId);
            for (int i = 0; i < n; i++)
            {
                int r = table.Reading(record, i);
                if (table.ClassAt(r) == wanted)
                    return table.LemmaAt(r);
            }
        }
        for (int i = 0; i < n; i++)
        {
            int r = table.Reading(record, i);
            if (table.UposAt(r) != u)
                continue;
            var lemma = table.LemmaAt(r);
            if (noXpos)
                return lemma;
            return SameUposOtherXpos(form, lemma, u, xposId, table.ClassAt(r));
        }
        return null;
    }

    /// <summary>
    /// <see cref="TryKnownForm(int, ReadOnlySpan{char}, int, int, bool, bool)"/> over the model's own readings, for
    /// forms the flat table could not hold (see <see cref="FormTable.Complete"/>); tags compared by name.
    /// </summary>
    private string? TryKnownForm(Reading[] readings, ReadOnlySpan<char> form, ReadOnlySpan<char> upos, ReadOnlySpan<char> xpos, bool noUpos, bool noXpos)
    {
        if (noUpos)
            return readings[0].Lemma;
        if (!noXpos)
        {
            foreach (var r in readings)
            {
                var tag = Data.Tags[r.Tag];
                if (upos.SequenceEqual(Data.UposNames[tag.Upos]) && tag.Xpos >= 0 && xpos.SequenceEqual(Data.XposNames[tag.Xpos]))
                    return r.Lemma;
            }
        }
        foreach (var r in readings)
        {
            var tag = Data.Tags[r.Tag];
            if (!upos.SequenceEqual(Data.UposNames[tag.Upos]))
                continue;
            if (noXpos)
                return r.Lemma;
            return SameUposOtherXpos(form, r.Lemma, tag.Upos, XposId(xpos), PosClassOf(tag));
        }
        return null;
    }

    /// <summary>
    /// Same UPOS, other XPOS: the reading's lemma, with the capitals the asked class calls for ("Superior" as ADJ/NNP
    /// in a name, where training only had the ADJ/JJ "superior").
    /// </summary>
    private string SameUposOtherXpos(ReadOnlySpan<char> form, string lemma, int u, int xposId, int readingClass)
    {
        bool keep = KeepsCase(u, xposId);
        if (keep == KeepsCase(readingClass))
            return lemma;
        return keep ? RestoreCase(form, lemma.ToLowerInvariant()) : lemma.ToLowerInvariant();
    }

    /// <summary>Whether the class (u, x) keeps capitals; without XPOS, the UPOS-wide class decides.</summary>
    private bool KeepsCase(int u, int x) => KeepsCase(PosClass(u, x)) || (x < 0 && KeepsCase(PosClass(u, -1)));

    /// <summary>
    /// The lemma of a word in a class that keeps capitals, from a training lemma spelled as annotated: a capitalised
    /// form keeps its own capitals ("Americans" → "American"); a lower-case form takes the training spelling
    /// ("california" → "California"); long all-capital forms are title-cased when training did so.
    /// </summary>
    internal string KeepCaseLemma(ReadOnlySpan<char> form, ReadOnlySpan<char> lower, string lemma, string? formString)
    {
        if (lower.SequenceEqual(form))
            return lemma;
        if (lemma.AsSpan().Equals(lower, StringComparison.OrdinalIgnoreCase))
            return TitleIfShouting(form) ?? formString ?? new string(form);
        var lowerLemma = lemma.ToLowerInvariant();
        return TitleIfShouting(form) is { } title ? RestoreCase(title, lowerLemma) : RestoreCase(form, lowerLemma);
    }

    /// <summary>"MIRAMAR" → "Miramar" when training title-cased all-capital words of this length; else null.</summary>
    private string? TitleIfShouting(ReadOnlySpan<char> form)
    {
        if (Data.UpperTitleLength <= 0 || form.Length < Data.UpperTitleLength || Shape(form) != 'u')
            return null;
        return string.Create(form.Length, form.ToString(), static (dest, src) =>
        {
            dest[0] = src[0];
            src.AsSpan(1).ToLowerInvariant(dest[1..]);
        });
    }

    /// <summary>
    /// <see cref="PickReading(Reading[], int, int, out Reading, out bool)"/> on a record of the lower-cased form table:
    /// the offset of the reading, or -1.
    /// </summary>
    private int PickReading(int record, int u, int x)
    {
        var table = _lowerTable;
        if (u < 0)
            return table.Reading(record, 0);
        int n = table.ReadingCount(record);
        if (x >= 0)
        {
            int wanted = PosClass(u, x);
            for (int i = 0; i < n; i++)
            {
                int r = table.Reading(record, i);
                if (table.ClassAt(r) == wanted)
                    return r;
            }
        }
        for (int i = 0; i < n; i++)
        {
            int r = table.Reading(record, i);
            if (table.UposAt(r) == u)
                return r;
        }
        return -1;
    }

    /// <summary>
    /// The most frequent reading with the same UPOS and XPOS (<paramref name="sameXpos"/> true), else with the same
    /// UPOS; any reading when <paramref name="u"/> &lt; 0.
    /// </summary>
    private bool PickReading(Reading[] readings, int u, int x, out Reading reading, out bool sameXpos)
    {
        sameXpos = false;
        if (u < 0)
        {
            reading = readings[0];
            return true;
        }
        if (x >= 0)
        {
            foreach (var r in readings)
            {
                var tag = Data.Tags[r.Tag];
                if (tag.Upos == u && tag.Xpos == x)
                {
                    reading = r;
                    sameXpos = true;
                    return true;
                }
            }
        }
        foreach (var r in readings)
        {
            if (Data.Tags[r.Tag].Upos == u)
            {
                reading = r;
                sameXpos = x < 0;
                return true;
            }
        }
        reading = default;
        return false;
    }

    private string LemmatizeUnknown(ReadOnlySpan<char> form, ReadOnlySpan<char> lower, int u, int x, string? formString)
    {
        if (_punctUpos[u])
            return formString ?? new string(form);
        if (u == NumUpos)
            return LemmatizeNumber(form, lower, formString);
        int group = LexiconGroup(u);
        if (!_openUpos[u])
            return CollapseRepeats(lower, group) ?? LowerOrSame(form, formString);

        var (strip, append, inLexicon) = BestCandidate(lower, u, x, group);
        if (!inLexicon && CollapseRepeats(lower, group) is { } collapsed)
            return collapsed;
        int keep = lower.Length - strip;
        if (KeepsCase(u, x))
        {
            // Proper-noun-like classes keep the form's capitals on the part the rule keeps.
            var shown = TitleIfShouting(form);
            if (strip == 0 && append.Length == 0)
                return shown ?? formString ?? new string(form);
            return string.Concat(shown is null ? form[..keep] : shown.AsSpan(0, keep), append);
        }
        if (strip == 0 && append.Length == 0 && formString is not null && lower.SequenceEqual(formString))
            return formString;
        return string.Concat(lower[..keep], append);
    }

    // Candidate edits for a word come from the longest ending with rules and from this many shorter ones, up to
    // this many edits (most frequent first) from each: enough for the smoothing to surface a rule the longest ending
    // never saw. Computed once per ending when the model is built or loaded (PrepareCandidates).
    private const int CandidateLevels = 3;
    private const int CandidatesPerLevel = 6;

    // Log scores of a word without suffix rules (p = 0) and of WordNet exception-list lemmas (p = 0.5).
    private static readonly double s_noRuleLogScore = RuleLogScore(0);
    private static readonly double s_exceptionLogScore = RuleLogScore(0.5);

    /// <summary>The log score of a candidate with rule probability <paramref name="p"/>: log(p + 1e-4).</summary>
    private static double RuleLogScore(double p) => Math.Log(p + 1e-4);

    /// <summary>
    /// Chooses the lemma of an unknown open-class word: candidates from the suffix rules of its class (longest
    /// ending with enough evidence), WordNet's exception list (for inflecting classes) and the word itself, scored by
    /// log rule probability plus <c>LexiconWeight</c> when the candidate is a known lemma.
    /// </summary>
    [SkipLocalsInit] // the stack buffers are written before they are read: no need to zero them per call
    private (int Strip, string Append, bool InLexicon) BestCandidate(ReadOnlySpan<char> lower, int u, int x, int group)
    {
        // The rules of the longest ending with any, for the class (u, x), else for all of u's XPOS: the score of the
        // word itself and the candidate edits, most probable first.
        if (!FindRules(lower, PosClass(u, x), out double identityLogScore, out var rules) && x >= 0)
            FindRules(lower, PosClass(u, -1), out identityLogScore, out rules);

        int bestStrip = 0;
        string bestAppend = "";
        double bestScore = double.NegativeInfinity;
        bool bestInLexicon = false;
        // Room for the word plus the longest append; long words use the pool.
        int room = lower.Length + 64;
        char[]? rented = room > 512 ? ArrayPool<char>.Shared.Rent(room) : null;
        Span<char> buffer = rented ?? stackalloc char[512];
        try
        {
            // The word itself first, so that it wins ties. Scores are log(p + 1e-4), computed once per rule when the
            // model is built (PrepareCandidates).
            Consider(lower, 0, "", identityLogScore, buffer);
            foreach (var rule in rules)
            {
                // Even a lexicon word cannot beat the best score from here on (candidates are sorted by p).
                if (rule.LogScore + Data.LexiconWeight <= bestScore)
                    break;
                var edit = Data.Edits[rule.Edit];
                // The edit must fit this word: it ends with what the edit strips, and something is left.
                if (edit.Strip.Length >= lower.Length || !lower.EndsWith(edit.Strip) || lower.Length - edit.Strip.Length + edit.Append.Length > buffer.Length)
                    continue;
                Consider(lower, edit.Strip.Length, edit.Append, rule.LogScore, buffer);
            }
            if (group < 4 && (x < 0 || Inflects(PosClass(u, x))))
            {
                int exception = _exceptionKeys[group].Find(lower);
                var lemmas = exception >= 0 ? _exceptionLemmas[group][exception]
                    : _exceptionKeys[group].Complete ? [] : Data.WordNet.ExceptionArray(lower, (WordNetPos)group);
                foreach (var lemma in lemmas)
                {
                    int common = CommonPrefix(lower, lemma);
                    if (lemma.Length > buffer.Length)
                        continue;
                    Consider(lower, lower.Length - common, lemma[common..], s_exceptionLogScore, buffer);
                }
            }
            return (bestStrip, bestAppend, bestInLexicon);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<char>.Shared.Return(rented);
        }

        void Consider(ReadOnlySpan<char> word, int strip, string append, double logScore, Span<char> scratch)
        {
            int keep = word.Length - strip;
            var candidate = scratch[..(keep + append.Length)];
            word[..keep].CopyTo(candidate);
            append.CopyTo(candidate[keep..]);
            bool known = IsKnownLemma(candidate, group);
            double score = logScore + (known ? Data.LexiconWeight : 0);
            if (score > bestScore)
            {
                bestScore = score;
                bestStrip = strip;
                bestAppend = append;
                bestInLexicon = known;
            }
        }
    }

    /// <summary>
    /// The class's rules for the longest ending of <paramref name="lower"/> that has any: the word itself's score and
    /// the candidate edits. False (with the score of a word without rules and no candidates) when no ending has rules.
    /// </summary>
    private bool FindRules(ReadOnlySpan<char> lower, int posClass, out double identityLogScore, out ReadOnlySpan<RuleCandidate> rules)
    {
        if (_suffixTable.FindLongest(lower, posClass, Data.MaxSuffixLength, out identityLogScore, out rules))
            return true;
        if (!_suffixTable.Complete && FindSuffixInDictionary(lower, posClass) is { } entry)
        {
            identityLogScore = entry.IdentityLogScore;
            rules = entry.Rules;
            return true;
        }
        identityLogScore = s_noRuleLogScore;
        rules = default;
        return false;
    }

    /// <summary>The class's rules on the dictionary, for models with keys the flat table could not hold.</summary>
    [SkipLocalsInit] // the stack buffers are written before they are read: no need to zero them per call
    private SuffixEntry? FindSuffixInDictionary(ReadOnlySpan<char> lower, int posClass)
    {
        int max = Math.Min(Data.MaxSuffixLength, lower.Length);
        Span<char> key = stackalloc char[max + 1];
        key[0] = (char)(posClass + 1);
        for (int k = max; k >= 0; k--)
        {
            lower[^k..].CopyTo(key[1..]);
            if (_suffixLookup.TryGetValue(key[..(k + 1)], out var entry))
                return entry;
        }
        return null;
    }

    /// <summary>
    /// For every ending: P(edit | ending) with Witten-Bell interpolation from the empty ending up to this one (so that
    /// an edit seen once under a long ending does not outweigh what shorter endings say), for the word itself and for
    /// the candidate edits of this ending and the next shorter ones.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PrepareCandidates(ModelData data)
    {
        int identity = Array.IndexOf(data.Edits, new Edit("", ""));
        var chain = new List<SuffixEntry>();
        foreach (var (key, entry) in data.Suffixes)
        {
            chain.Clear();
            for (int k = 0; k < key.Length; k++)
            {
                // Shorter endings of the same class: key[0] is the class, key[1..] the ending.
                if (data.Suffixes.TryGetValue(string.Concat(key.AsSpan(0, 1), key.AsSpan(key.Length - k)), out var shorter))
                    chain.Add(shorter);
            }
            // chain runs from the empty ending to this one (inclusive).
            var ending = key.AsSpan(1);
            var picked = new List<int>();
            for (int level = chain.Count - 1, used = 0; level >= 0 && used < CandidateLevels; level--, used++)
            {
                int taken = 0;
                foreach (var ec in chain[level].Edits)
                {
                    if (taken == CandidatesPerLevel)
                        break;
                    var strip = data.Edits[ec.Edit].Strip;
                    // Skip the identity and edits that cannot fit any word with this ending.
                    if (ec.Edit == identity || picked.Contains(ec.Edit) || (strip.Length <= ending.Length && !ending.EndsWith(strip)))
                        continue;
                    picked.Add(ec.Edit);
                    taken++;
                }
            }
            entry.IdentityProbability = identity >= 0 ? Smoothed(chain, identity) : 0;
            // Most probable first (ties by edit id: a total order, so any sort gives the same array): BestCandidate
            // stops once no remaining candidate can win. Plain arrays, not LINQ: this runs for every ending at load.
            var candidates = new (int Edit, double Probability)[picked.Count];
            for (int c = 0; c < candidates.Length; c++)
                candidates[c] = (picked[c], Smoothed(chain, picked[c]));
            Array.Sort(candidates, static (a, b) => b.Probability.CompareTo(a.Probability) is int order and not 0 ? order : a.Edit.CompareTo(b.Edit));
            entry.Candidates = candidates;
            entry.IdentityLogScore = RuleLogScore(entry.IdentityProbability);
            var rules = new RuleCandidate[candidates.Length];
            for (int c = 0; c < rules.Length; c++)
                rules[c] = new RuleCandidate(RuleLogScore(candidates[c].Probability), candidates[c].Edit);
            entry.Rules = rules;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        static double Smoothed(List<SuffixEntry> chain, int edit)
        {
            double p = 0;
            foreach (var entry in chain)
            {
                int count = 0;
                foreach (var ec in entry.Edits)
                {
                    if (ec.Edit == edit)
                    {
                        count = ec.Count;
                        break;
                    }
                }
                int distinct = entry.Edits.Length;
                p = (count + (distinct * p)) / (entry.Total + distinct);
            }
            return p;
        }
    }

    /// <summary>Whether <paramref name="lemma"/> is a WordNet lemma or a training lemma of the lexicon group.</summary>
    internal bool IsKnownLemma(ReadOnlySpan<char> lemma, int group)
        => _knownLemmas[group].Contains(lemma) || (_knownLemmaLookup is { } sets && sets[group].Contains(lemma));

    private bool IsKnownAnywhere(ReadOnlySpan<char> lemma)
    {
        for (int g = 0; g < _knownLemmas.Length; g++)
            if (IsKnownLemma(lemma, g))
                return true;
        return false;
    }

    /// <summary>
    /// Elongated spellings ("soooo", "pleeease"): runs of three or more equal letters shortened to one, then to two;
    /// the first that is a known lemma (of the group, else of any group) wins. Null when none is known.
    /// </summary>
    [SkipLocalsInit] // the stack buffers are written before they are read: no need to zero them per call
    private string? CollapseRepeats(ReadOnlySpan<char> lower, int group)
    {
        if (!HasTripleRun(lower))
            return null;
        Span<char> buffer = stackalloc char[Math.Min(lower.Length, 512)];
        if (lower.Length > buffer.Length)
            return null;
        for (int keep = 1; keep <= 2; keep++)
        {
            int n = 0;
            for (int i = 0; i < lower.Length;)
            {
                int j = i;
                while (j < lower.Length && lower[j] == lower[i])
                    j++;
                int run = j - i;
                int copy = run >= 3 && char.IsLetter(lower[i]) ? keep : run;
                for (int c = 0; c < copy; c++)
                    buffer[n++] = lower[i];
                i = j;
            }
            var candidate = buffer[..n];
            if (IsKnownLemma(candidate, group) || IsKnownAnywhere(candidate))
                return new string(candidate);
        }
        return null;
    }

    private static bool HasTripleRun(ReadOnlySpan<char> s)
    {
        for (int i = 2; i < s.Length; i++)
            if (s[i] == s[i - 1] && s[i] == s[i - 2] && char.IsLetter(s[i]))
                return true;
        return false;
    }

    /// <summary>Numbers: "2,000" → "2000" when training showed that convention; words lower-cased; others as is.</summary>
    private string LemmatizeNumber(ReadOnlySpan<char> form, ReadOnlySpan<char> lower, string? formString)
    {
        if (Data.StripThousandsSeparators && IsGroupedNumber(form))
        {
            return string.Create(form.Length - form.Count(','), form.ToString(), static (digits, source) =>
            {
                int n = 0;
                foreach (char c in source)
                    if (c != ',')
                        digits[n++] = c;
            });
        }
        foreach (char c in form)
            if (!char.IsLetter(c))
                return formString ?? new string(form);
        return lower.SequenceEqual(form) ? formString ?? new string(form) : new string(lower);
    }

    /// <summary>1–3 digits then groups of ",ddd", optionally a decimal part: 1,000 · 12,345.67.</summary>
    internal static bool IsGroupedNumber(ReadOnlySpan<char> s)
    {
        int i = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
            i++;
        if (i is 0 or > 3 || i == s.Length || s[i] != ',')
            return false;
        while (i < s.Length && s[i] == ',')
        {
            if (i + 4 > s.Length || !char.IsAsciiDigit(s[i + 1]) || !char.IsAsciiDigit(s[i + 2]) || !char.IsAsciiDigit(s[i + 3]))
                return false;
            i += 4;
        }
        if (i == s.Length)
            return true;
        if (s[i] != '.' || i + 1 == s.Length)
            return false;
        for (i++; i < s.Length; i++)
            if (!char.IsAsciiDigit(s[i]))
                return false;
        return true;
    }

    private static string LowerOrSame(ReadOnlySpan<char> form, string? formString)
    {
        foreach (char c in form)
        {
            if (char.IsUpper(c))
                return form.ToString().ToLowerInvariant();
        }
        return formString ?? new string(form);
    }

    /// <summary>
    /// The form's capitals on the lemma's prefix the two share (case-insensitively): "Americans" + "american" →
    /// "American"; the rest comes from the lemma.
    /// </summary>
    internal static string RestoreCase(ReadOnlySpan<char> form, string lowerLemma)
    {
        int i = 0;
        while (i < form.Length && i < lowerLemma.Length && char.ToLowerInvariant(form[i]) == lowerLemma[i])
            i++;
        return string.Concat(form[..i], lowerLemma.AsSpan(i));
    }

    internal static int CommonPrefix(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        int i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
            i++;
        return i;
    }

    // ---------------------------------------------------------------- tag guessing

    /// <summary>Coarse word shape used by the guesser: lower, Title, UPPER, digits, no letters, mixed.</summary>
    internal static char Shape(ReadOnlySpan<char> form)
    {
        int letters = 0, upper = 0, digits = 0;
        bool firstUpper = false;
        for (int i = 0; i < form.Length; i++)
        {
            char c = form[i];
            if (char.IsLetter(c))
            {
                if (letters == 0 && char.IsUpper(c))
                    firstUpper = true;
                letters++;
                if (char.IsUpper(c))
                    upper++;
            }
            else if (char.IsDigit(c))
            {
                digits++;
            }
        }
        if (digits > 0)
            return 'd';
        if (letters == 0)
            return 'p';
        if (upper == 0)
            return 'l';
        if (upper == letters)
            return letters == 1 ? 't' : 'u';
        return firstUpper && upper == 1 ? 't' : 'm';
    }

    /// <summary>The guesser's entry for an unknown word: longest ending (with its shape) seen often enough.</summary>
    [SkipLocalsInit] // the stack buffers are written before they are read: no need to zero them per call
    internal GuessEntry? FindGuess(ReadOnlySpan<char> form, ReadOnlySpan<char> lower)
    {
        int max = Math.Min(Data.MaxSuffixLength, lower.Length);
        Span<char> key = stackalloc char[max + 1];
        key[0] = Shape(form);
        for (int k = max; k >= 0; k--)
        {
            lower[^k..].CopyTo(key[1..]);
            if (_guessLookup.TryGetValue(key[..(k + 1)], out var entry))
                return entry;
        }
        return null;
    }

    // Prior weight of the fallback readings (each open class's commonest tags) next to the guesser's own.
    private const double FallbackPrior = 0.05;

    /// <summary>
    /// Readings of an unknown word, most probable first: the guesser's tags for its shape and ending, plus each open
    /// class's commonest tags as low-prior fallbacks; each with the lemma <see cref="LemmatizeUnknown"/> gives, and
    /// weighted up by <c>exp(LexiconWeight)</c> when that lemma is a known lemma of the class (so WordNet's "geese" →
    /// "goose" makes the plural-noun reading win). Probabilities sum to 1.
    /// </summary>
    internal List<(int Tag, string Lemma, double Probability)> GuessReadings(ReadOnlySpan<char> form, ReadOnlySpan<char> lower, string? formString)
    {
        var weights = new Dictionary<(int Tag, string Lemma), double>();
        void Add(int tagId, double prior, ReadOnlySpan<char> f, ReadOnlySpan<char> l)
        {
            var tag = Data.Tags[tagId];
            var lemma = LemmatizeUnknown(f, l, tag.Upos, tag.Xpos, formString);
            int group = LexiconGroup(tag.Upos);
            bool known = group < 4 && IsKnownLemma(lemma.ToLowerInvariant(), group);
            double weight = prior * (known ? Math.Exp(Data.LexiconWeight) : 1.0);
            weights[(tagId, lemma)] = weights.GetValueOrDefault((tagId, lemma)) + weight;
        }
        if (FindGuess(form, lower) is { } guess)
        {
            foreach (var tc in guess.Tags)
                Add(tc.Tag, (double)tc.Count / guess.Total, form, lower);
        }
        foreach (var (tagId, share) in _fallbackTags)
            Add(tagId, FallbackPrior * share, form, lower);
        double total = weights.Values.Sum();
        return weights.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key.Tag).ThenBy(kv => kv.Key.Lemma, StringComparer.Ordinal)
            .Select(kv => (kv.Key.Tag, kv.Key.Lemma, kv.Value / total)).ToList();
    }

    /// <summary>Each open class's three commonest tags (by training word types) with their share within the class.</summary>
    private static (int Tag, double Share)[] FallbackTags(ModelData data, HashSet<int> openUpos)
    {
        var counts = new Dictionary<int, int>();
        foreach (var readings in data.Forms.Values)
            foreach (var r in readings)
                if (openUpos.Contains(data.Tags[r.Tag].Upos))
                    counts[r.Tag] = counts.GetValueOrDefault(r.Tag) + 1;
        return counts.GroupBy(kv => data.Tags[kv.Key].Upos)
            .SelectMany(g =>
            {
                double total = g.Sum(kv => kv.Value);
                return g.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Take(3).Select(kv => (kv.Key, kv.Value / total));
            })
            .OrderBy(t => t.Key)
            .ToArray();
    }

    internal bool TryGetReadings(ReadOnlySpan<char> form, out Reading[] readings) => _formLookup.TryGetValue(form, out readings!);

    internal bool TryGetLowerReadings(ReadOnlySpan<char> lower, out Reading[] readings) => _lowerLookup.TryGetValue(lower, out readings!);
}

/// <summary>Size and provenance of a <see cref="MorphologyModel"/>.</summary>
public sealed record MorphologyModelInfo(
    string Source,
    long TrainingWords,
    int Forms,
    int SuffixRules,
    int GuesserEntries,
    int WordNetLemmas,
    int WordNetExceptions);

internal readonly record struct Tag(int Upos, int Xpos, int Feats);

internal readonly record struct Reading(int Tag, string Lemma, int Count);

/// <summary>Lemma = form without the ending <see cref="Strip"/>, plus <see cref="Append"/> (both lower case).</summary>
internal readonly record struct Edit(string Strip, string Append)
{
    public bool IsIdentity => Strip.Length == 0 && Append.Length == 0;
}

internal readonly record struct EditCount(int Edit, int Count);

/// <summary>A candidate edit of a suffix rule with its score log(p + 1e-4) (see SuffixEntry.Rules).</summary>
internal readonly record struct RuleCandidate(double LogScore, int Edit);

internal readonly record struct TagCount(int Tag, int Count);

internal sealed record SuffixEntry(EditCount[] Edits, int Total)
{
    /// <summary>Smoothed probability that the lemma is the word itself (see PrepareCandidates).</summary>
    public double IdentityProbability { get; set; }

    /// <summary>Candidate edits with smoothed probabilities (see PrepareCandidates).</summary>
    public (int Edit, double Probability)[] Candidates { get; set; } = [];

    /// <summary>log(IdentityProbability + 1e-4), the score BestCandidate gives the word itself.</summary>
    public double IdentityLogScore { get; set; }

    /// <summary><see cref="Candidates"/> as (log(p + 1e-4), edit), the form BestCandidate reads, in the same order.</summary>
    public RuleCandidate[] Rules { get; set; } = [];
}

internal sealed record GuessEntry(TagCount[] Tags, int Total);

/// <summary>Everything a model holds; built by training or read from a file.</summary>
internal sealed class ModelData
{
    public required string[] UposNames { get; init; }
    public required string[] XposNames { get; init; }
    public required string[] FeatsNames { get; init; }
    public required Dictionary<string, int> UposIds { get; init; }
    public required Dictionary<string, int> XposIds { get; init; }
    public required Tag[] Tags { get; init; }
    public required int[] UposGroup { get; init; }
    public required Dictionary<string, Reading[]> Forms { get; init; }
    public required Dictionary<string, Reading[]> LowerForms { get; init; }
    public required Edit[] Edits { get; init; }
    public required Dictionary<string, SuffixEntry> Suffixes { get; init; }
    public required Dictionary<string, GuessEntry> Guesses { get; init; }
    public required HashSet<string>[] TrainLemmas { get; init; }
    public required bool[] KeepCase { get; init; }
    public required bool[] Inflects { get; init; }
    public required bool StripThousandsSeparators { get; init; }
    public required int UpperTitleLength { get; init; }
    public required int MaxSuffixLength { get; init; }
    public required double LexiconWeight { get; init; }
    public required WordNetLexicon WordNet { get; init; }
    public required MorphologyModelInfo Info { get; init; }
}
