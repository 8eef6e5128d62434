using TextKit.Tagging;

namespace TextKit.Tests.Tagging;

/// <summary>A small synthetic UD-style corpus with a regular grammar: DET (ADJ) NOUN VERB (DET NOUN) PUNCT.</summary>
internal static class TaggingTestData
{
    private static readonly string[] Dets = ["the", "a", "this", "every"];
    private static readonly string[] Adjs = ["big", "small", "green", "quick", "happy"];
    private static readonly string[] Nouns = ["dog", "cat", "bird", "house", "tree", "car", "idea", "river"];
    private static readonly string[] Verbs = ["sees", "likes", "chases", "finds", "paints", "wants"];

    public static List<AnnotatedSentence> Sentences(int count, int seed)
    {
        var random = new StableRandom(seed);
        var result = new List<AnnotatedSentence>();
        for (int s = 0; s < count; s++)
        {
            var words = new List<string>();
            var upos = new List<string>();
            var xpos = new List<string>();
            var feats = new List<string>();
            void Add(string w, string u, string x, string f)
            {
                words.Add(words.Count == 0 ? char.ToUpperInvariant(w[0]) + w[1..] : w);
                upos.Add(u);
                xpos.Add(x);
                feats.Add(f);
            }
            void NounPhrase()
            {
                Add(Dets[random.Next(Dets.Length)], "DET", "DT", "PronType=Art");
                if (random.Next(2) == 0)
                    Add(Adjs[random.Next(Adjs.Length)], "ADJ", "JJ", "Degree=Pos");
                bool plural = random.Next(3) == 0;
                var noun = Nouns[random.Next(Nouns.Length)];
                Add(plural ? noun + "s" : noun, "NOUN", plural ? "NNS" : "NN", plural ? "Number=Plur" : "Number=Sing");
            }
            NounPhrase();
            Add(Verbs[random.Next(Verbs.Length)], "VERB", "VBZ", "Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin");
            if (random.Next(3) > 0)
                NounPhrase();
            Add(".", "PUNCT", ".", "_");
            result.Add(new AnnotatedSentence(words.ToArray(), upos.ToArray(), xpos.ToArray(), feats.ToArray(), "synthetic", s + 1));
        }
        return result;
    }
}
