using TextKit.Corpora;

namespace TextKit.Morphology;

public sealed partial class MorphologyModel
{
    // Word types seen at most this often teach the guesser: unknown words look like rare ones, not like "the".
    private const int RareTypeCount = 3;

    // A class "inflects" (WordNet's irregular-form lists apply) when this share of its word types changes.
    private const double InflectingShare = 0.25;

    /// <summary>
    /// Learns a model from annotated words (FORM, LEMMA, UPOS, XPOS, FEATS) and an optional WordNet lexicon. Words
    /// whose LEMMA is <c>_</c> (e.g. UD goeswith parts) or whose FORM is empty are skipped. Deterministic.
    /// </summary>
    public static MorphologyModel Train(IEnumerable<MorphologyExample> examples, WordNetLexicon? wordNet = null, MorphologyTrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(examples);
        options ??= new MorphologyTrainingOptions();
        options.Validate();
        wordNet ??= WordNetLexicon.Empty;

        var upos = new Interner();
        var xpos = new Interner();
        var feats = new Interner();
        var tags = new Dictionary<Tag, int>();
        var tagList = new List<Tag>();
        var forms = new Dictionary<string, Dictionary<(int Tag, string Lemma), int>>(StringComparer.Ordinal);
        var lowerForms = new Dictionary<string, Dictionary<(int Tag, string Lemma), int>>(StringComparer.Ordinal);
        // The spellings a lower-cased lemma had ("California" for "california"), to give it back its capitals.
        var lemmaSpellings = new Dictionary<(string Form, int Tag, string Lemma), Dictionary<string, int>>();
        var formCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        long words = 0;
        int groupedNumbers = 0, strippedNumbers = 0;

        foreach (var e in examples)
        {
            if (string.IsNullOrEmpty(e.Form) || string.IsNullOrEmpty(e.Lemma) || e.Lemma == "_" || string.IsNullOrEmpty(e.Upos) || e.Upos == "_")
                continue;
            words++;
            int u = upos.Id(e.Upos);
            int x = string.IsNullOrEmpty(e.Xpos) || e.Xpos == "_" ? -1 : xpos.Id(e.Xpos);
            int f = feats.Id(string.IsNullOrEmpty(e.Feats) ? "_" : e.Feats);
            var tag = new Tag(u, x, f);
            if (!tags.TryGetValue(tag, out int tagId))
            {
                tags[tag] = tagId = tagList.Count;
                tagList.Add(tag);
            }
            Count(forms, e.Form, (tagId, e.Lemma));
            var lowerForm = e.Form.ToLowerInvariant();
            var lowerLemma = e.Lemma.ToLowerInvariant();
            Count(lowerForms, lowerForm, (tagId, lowerLemma));
            if (!lemmaSpellings.TryGetValue((lowerForm, tagId, lowerLemma), out var spellings))
                lemmaSpellings[(lowerForm, tagId, lowerLemma)] = spellings = new Dictionary<string, int>(StringComparer.Ordinal);
            spellings[e.Lemma] = spellings.GetValueOrDefault(e.Lemma) + 1;
            formCounts[e.Form] = formCounts.GetValueOrDefault(e.Form) + 1;
            if (e.Upos == "NUM" && IsGroupedNumber(e.Form))
            {
                groupedNumbers++;
                if (e.Lemma == e.Form.Replace(",", "", StringComparison.Ordinal))
                    strippedNumbers++;
            }
        }
        if (words == 0)
            throw new TextKitException("TK520", "No training words: every example lacked a form, a UPOS tag or a lemma (LEMMA '_' is skipped).");

        var uposNames = upos.Names.ToArray();
        int xposSlots = xpos.Names.Count + 1;
        int PosClassOf(int u, int x) => (u * xposSlots) + x + 1;
        int classCount = uposNames.Length * xposSlots;
        if (classCount >= 0xD000)
            throw new TextKitException("TK521", $"Too many tag combinations ({uposNames.Length} UPOS × {xposSlots - 1} XPOS): the model supports fewer than 53,248 (UPOS, XPOS) classes.");
        var uposGroup = uposNames.Select(GroupOf).ToArray();
        var open = OpenClasses.Select(n => Array.IndexOf(uposNames, n)).Where(i => i >= 0).ToHashSet();

        // Word types (lower form, tag, lower lemma) drive the suffix rules, the case policy and the inflection flags.
        var edits = new Dictionary<Edit, int>();
        var editList = new List<Edit>();
        int EditId(Edit edit)
        {
            if (!edits.TryGetValue(edit, out int id))
            {
                edits[edit] = id = editList.Count;
                editList.Add(edit);
            }
            return id;
        }
        var suffixCounts = new Dictionary<string, Dictionary<int, int>>(StringComparer.Ordinal);
        var changed = new int[classCount];
        var typesPerClass = new int[classCount];
        foreach (var (lower, readings) in lowerForms)
        {
            foreach (var ((tagId, lemma), _) in readings)
            {
                var tag = tagList[tagId];
                int[] classes = [PosClassOf(tag.Upos, tag.Xpos), PosClassOf(tag.Upos, -1)];
                bool isChanged = lemma != lower;
                foreach (int c in classes.Distinct())
                {
                    typesPerClass[c]++;
                    if (isChanged)
                        changed[c]++;
                }
                if (!open.Contains(tag.Upos))
                    continue;
                int common = CommonPrefix(lower, lemma);
                int edit = EditId(new Edit(lower[common..], lemma[common..]));
                foreach (int c in classes.Distinct())
                {
                    for (int k = 0; k <= Math.Min(options.MaxSuffixLength, lower.Length); k++)
                    {
                        var key = string.Concat(((char)(c + 1)).ToString(), lower.AsSpan(lower.Length - k));
                        if (!suffixCounts.TryGetValue(key, out var counts))
                            suffixCounts[key] = counts = [];
                        counts[edit] = counts.GetValueOrDefault(edit) + 1;
                    }
                }
            }
        }
        var suffixes = new Dictionary<string, SuffixEntry>(StringComparer.Ordinal);
        foreach (var (key, counts) in suffixCounts)
        {
            int total = counts.Values.Sum();
            if (total < options.MinSuffixCount)
                continue;
            suffixes[key] = new SuffixEntry(counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Select(kv => new EditCount(kv.Key, kv.Value)).ToArray(), total);
        }

        // Case policy per class, from rare capitalised types: does the lemma keep the form's capitals?
        var keepVotes = new int[classCount];
        var upperVotes = new List<(int Class, int Length, bool Title)>();
        var lowerVotes = new int[classCount];
        var guessCounts = new Dictionary<string, Dictionary<int, int>>(StringComparer.Ordinal);
        foreach (var (form, readings) in forms)
        {
            bool rare = formCounts[form] <= RareTypeCount;
            var lowerForm = form.ToLowerInvariant();
            foreach (var ((tagId, lemma), _) in readings)
            {
                var tag = tagList[tagId];
                if (!rare)
                    continue;
                var shapeKeyPrefix = Shape(form).ToString();
                for (int k = 0; k <= Math.Min(options.MaxSuffixLength, lowerForm.Length); k++)
                {
                    var key = string.Concat(shapeKeyPrefix, lowerForm.AsSpan(lowerForm.Length - k));
                    if (!guessCounts.TryGetValue(key, out var counts))
                        guessCounts[key] = counts = [];
                    counts[tagId] = counts.GetValueOrDefault(tagId) + 1;
                }
                if (lowerForm == form)
                    continue;
                if (Shape(form) == 'u' && (lemma == form || lemma == TitleCase(form)))
                    upperVotes.Add((PosClassOf(tag.Upos, tag.Xpos), form.Length, lemma != form));
                var lowerLemma = lemma.ToLowerInvariant();
                int common = CommonPrefix(lowerForm, lowerLemma);
                if (common == 0 || form.AsSpan(0, common).SequenceEqual(lowerForm.AsSpan(0, common)))
                    continue; // the capitals are outside the part the lemma shares
                bool keeps = lemma == RestoreCase(form, lowerLemma);
                bool lowers = lemma == lowerLemma;
                foreach (int c in new[] { PosClassOf(tag.Upos, tag.Xpos), PosClassOf(tag.Upos, -1) }.Distinct())
                {
                    if (keeps)
                        keepVotes[c]++;
                    else if (lowers)
                        lowerVotes[c]++;
                }
            }
        }
        var keepCase = Enumerable.Range(0, classCount).Select(c => keepVotes[c] > lowerVotes[c]).ToArray();
        // All-capital words in classes that keep case: from which length on is the lemma title-cased (WASHINGTON →
        // Washington) rather than kept (NATO)? The length that misclassifies the fewest training votes; 0 = never.
        var votes = upperVotes.Where(v => keepCase[v.Class]).ToList();
        int upperTitleLength = 0, fewestErrors = votes.Count(v => v.Title);
        for (int length = 2; length <= 32; length++)
        {
            int errors = votes.Count(v => v.Length < length ? v.Title : !v.Title);
            if (errors < fewestErrors)
                (upperTitleLength, fewestErrors) = (length, errors);
        }
        var guesses = new Dictionary<string, GuessEntry>(StringComparer.Ordinal);
        foreach (var (key, counts) in guessCounts)
        {
            int total = counts.Values.Sum();
            if (total < options.MinSuffixCount)
                continue;
            guesses[key] = new GuessEntry(counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Select(kv => new TagCount(kv.Key, kv.Value)).ToArray(), total);
        }

        var trainLemmas = Enumerable.Range(0, 5).Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToArray();
        foreach (var (_, readings) in lowerForms)
            foreach (var ((tagId, lemma), _) in readings)
                trainLemmas[uposGroup[tagList[tagId].Upos]].Add(lemma);

        var info = new MorphologyModelInfo(
            options.Source ?? "",
            words,
            forms.Count,
            suffixes.Count,
            guesses.Count,
            Enum.GetValues<WordNetPos>().Sum(wordNet.LemmaCount),
            Enum.GetValues<WordNetPos>().Sum(wordNet.ExceptionCount));

        var data = new ModelData
        {
            UposNames = uposNames,
            XposNames = xpos.Names.ToArray(),
            FeatsNames = feats.Names.ToArray(),
            UposIds = upos.Ids,
            XposIds = xpos.Ids,
            Tags = tagList.ToArray(),
            UposGroup = uposGroup,
            Forms = Freeze(forms),
            LowerForms = Freeze(lowerForms, (form, tag, lemma) => lemmaSpellings[(form, tag, lemma)]
                .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).First().Key),
            Edits = editList.ToArray(),
            Suffixes = suffixes,
            Guesses = guesses,
            TrainLemmas = trainLemmas,
            KeepCase = keepCase,
            UpperTitleLength = upperTitleLength,
            Inflects = Enumerable.Range(0, classCount).Select(c => typesPerClass[c] > 0 && changed[c] >= InflectingShare * typesPerClass[c]).ToArray(),
            StripThousandsSeparators = groupedNumbers > 0 && strippedNumbers * 2 > groupedNumbers,
            MaxSuffixLength = options.MaxSuffixLength,
            LexiconWeight = options.LexiconWeight,
            WordNet = wordNet,
            Info = info,
        };
        return new MorphologyModel(data);
    }

    /// <summary>Learns from the words (not multiword-token lines or empty nodes) of CoNLL-U sentences.</summary>
    public static MorphologyModel Train(IEnumerable<ConllUSentence> sentences, WordNetLexicon? wordNet = null, MorphologyTrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        return Train(sentences.SelectMany(s => s.Words).Select(w => new MorphologyExample(w.Form, w.Lemma, w.Upos, w.Xpos, w.Feats)), wordNet, options);
    }

    internal static string TitleCase(string word) => word.Length == 0 ? word : string.Concat(word[..1], word[1..].ToLowerInvariant());

    internal static int GroupOf(string upos) => upos switch
    {
        "NOUN" or "PROPN" => 0,
        "VERB" or "AUX" => 1,
        "ADJ" => 2,
        "ADV" => 3,
        _ => 4,
    };

    private static void Count(Dictionary<string, Dictionary<(int, string), int>> table, string key, (int, string) reading)
    {
        if (!table.TryGetValue(key, out var counts))
            table[key] = counts = [];
        counts[reading] = counts.GetValueOrDefault(reading) + 1;
    }

    // Readings by descending count; ties by tag id then lemma, so that training is deterministic.
    private static Dictionary<string, Reading[]> Freeze(Dictionary<string, Dictionary<(int Tag, string Lemma), int>> table, Func<string, int, string, string>? spelling = null)
        => table.ToDictionary(
            kv => kv.Key,
            kv => kv.Value.OrderByDescending(r => r.Value).ThenBy(r => r.Key.Tag).ThenBy(r => r.Key.Lemma, StringComparer.Ordinal)
                .Select(r => new Reading(r.Key.Tag, spelling is null ? r.Key.Lemma : spelling(kv.Key, r.Key.Tag, r.Key.Lemma), r.Value)).ToArray(),
            StringComparer.Ordinal);

    private sealed class Interner
    {
        public Dictionary<string, int> Ids { get; } = new(StringComparer.Ordinal);

        public List<string> Names { get; } = [];

        public int Id(string name)
        {
            if (!Ids.TryGetValue(name, out int id))
            {
                Ids[name] = id = Names.Count;
                Names.Add(name);
            }
            return id;
        }
    }
}
