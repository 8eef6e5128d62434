using System.Runtime.CompilerServices;
using TextKit.Data;

namespace TextKit.LanguageModels;

/// <summary>
/// <see cref="NgramStore.ScoreBatch"/> for trigram models, the common case: the same lanes and prefetches as the general
/// loop, but each lane's state is one small struct updated in place (two words, two backoffs, a length), instead of an
/// <see cref="LmState"/> with room for five-grams copied at every word. Same sums to the last bit. Measured on Brown
/// test in one process against the general loop: 1.20–1.23× faster (1.36× when the entries it touches are in cache);
/// the same lanes as separate stack arrays wrapped in a ref struct gained only 1.01–1.03×. See docs/language-models.md.
/// </summary>
internal sealed partial class NgramStore<TMid, TTop>
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double ScoreBatchTrigram(int[][] sentences, in LmState begin)
    {
        var bigrams = _middle[2];
        var trigrams = _top!;
        var unigrams = Unigrams;
        double defaultBow = DefaultBow;
        Span<TrigramLane> lane = stackalloc TrigramLane[Lanes];
        var start = new TrigramLane(begin);
        int lanes = 0, nextSentence = 0;
        for (; lanes < Lanes && nextSentence < sentences.Length; nextSentence++)
        {
            if (sentences[nextSentence].Length > 0)
                lane[lanes++] = start with { Sentence = nextSentence };
        }
        double total = 0;
        while (lanes > 0)
        {
            // Stage 1: every lane's bigram (previous word, word) starts loading.
            for (int l = 0; l < lanes; l++)
            {
                ref var s = ref lane[l];
                s.Word = sentences[s.Sentence][s.Position];
                CacheHint.At(in unigrams[s.Word]);
                if (s.Length > 0)
                {
                    s.Key = ((ulong)(uint)s.Word << 32) | (uint)s.W1;
                    bigrams.Prefetch(s.Key);
                }
            }
            // Stage 2: the bigrams are looked up; where one exists and the state holds two words, the trigram starts loading.
            for (int l = 0; l < lanes; l++)
            {
                ref var s = ref lane[l];
                s.P = unigrams[s.Word].Prob;
                s.Bigram = s.Length > 0 ? bigrams.Find(s.Key) : -1;
                if (s.Bigram < 0)
                    continue;
                s.P = bigrams.At(s.Bigram).Prob;
                if (s.Length > 1)
                {
                    s.Key = ((ulong)(uint)s.Bigram << 32) | (uint)s.W2;
                    trigrams.Prefetch(s.Key);
                }
            }
            // Stage 3: the trigrams, the backoffs of the unmatched context, and the next state.
            for (int l = 0; l < lanes; l++)
            {
                ref var s = ref lane[l];
                int matched = s.Bigram >= 0 ? 1 : 0;
                if (s.Bigram >= 0 && s.Length > 1)
                {
                    int g = trigrams.Find(s.Key);
                    if (g >= 0)
                    {
                        s.P = trigrams.At(g).Prob;
                        matched = 2;
                    }
                }
                double score = s.P;
                if (matched < 1 && s.Length >= 1)
                    score += s.Bow1;
                if (matched < 2 && s.Length >= 2)
                    score += s.Bow2;
                if (s.History > s.Length)
                    score += (s.History - s.Length) * defaultBow;
                total += score;
                if (s.Bigram >= 0)
                {
                    s.W2 = s.W1;
                    s.Bow2 = bigrams.At(s.Bigram).Bow;
                    s.Length = 2;
                }
                else
                {
                    s.Length = 1;
                }
                s.W1 = s.Word;
                s.Bow1 = unigrams[s.Word].Bow;
                s.History = Math.Min(s.History + 1, 2);
                s.Position++;
            }
            for (int l = 0; l < lanes; l++)
            {
                if (lane[l].Position < sentences[lane[l].Sentence].Length)
                    continue;
                // Refill the lane with the next non-empty sentence, or retire it.
                while (nextSentence < sentences.Length && sentences[nextSentence].Length == 0)
                    nextSentence++;
                if (nextSentence < sentences.Length)
                {
                    lane[l] = start with { Sentence = nextSentence++ };
                }
                else
                {
                    lane[l] = lane[--lanes];
                    l--;
                }
            }
        }
        return total;
    }

    /// <summary>
    /// One lane: its sentence and position, the context words (most recent first) and their backoffs, and the word
    /// being scored with its lookup key, probability so far and bigram slot.
    /// </summary>
    private struct TrigramLane(in LmState begin)
    {
        public int Sentence, Position;
        public int W1 = begin.Words[0], W2 = begin.Words[1], Length = begin.Length, History = begin.History;
        public double Bow1 = begin.Bows[0], Bow2 = begin.Bows[1];
        public int Word, Bigram;
        public double P;
        public ulong Key;
    }
}
