using TextKit.Hmm;

namespace TextKit.Tests.Hmm;

public class HiddenMarkovModelTests
{
    // Rabiner-style two-state model: state 0 mostly emits symbol 0, state 1 mostly symbol 2; states are sticky.
    private static HiddenMarkovModel Known() => new(
        [0.6, 0.4],
        new double[,] { { 0.9, 0.1 }, { 0.2, 0.8 } },
        new double[,] { { 0.7, 0.2, 0.1 }, { 0.1, 0.2, 0.7 } });

    [Fact]
    public void Forward_Backward_AgreeWithBruteForceLikelihood()
    {
        var model = Known();
        int[] obs = [0, 2, 2, 1, 0];
        double brute = 0;
        for (int mask = 0; mask < 1 << obs.Length; mask++)
        {
            double p = 1;
            for (int t = 0; t < obs.Length; t++)
            {
                int s = (mask >> t) & 1, prev = (mask >> (t - 1)) & 1;
                p *= (t == 0 ? model.Initial(s) : model.Transition(prev, s)) * model.Emission(s, obs[t]);
            }
            brute += p;
        }
        Assert.Equal(Math.Log(brute), model.LogLikelihood(obs), 10);
        var alpha = model.Forward(obs);
        var beta = model.Backward(obs);
        for (int t = 0; t < obs.Length; t++)
        {
            double total = HiddenMarkovModel.LogAdd(alpha[t, 0] + beta[t, 0], alpha[t, 1] + beta[t, 1]);
            Assert.Equal(Math.Log(brute), total, 10);
        }
        var posteriors = model.Posteriors(obs);
        for (int t = 0; t < obs.Length; t++)
            Assert.Equal(1.0, posteriors[t, 0] + posteriors[t, 1], 10);
    }

    [Fact]
    public void Viterbi_FindsTheMostProbablePath_AndSurvivesLongSequences()
    {
        var model = Known();
        var (states, logP) = model.Viterbi([0, 0, 2, 2, 2, 0]);
        Assert.Equal([0, 0, 1, 1, 1, 0], states);
        Assert.True(logP < 0);
        var posterior = model.PosteriorDecode([0, 0, 2, 2, 2, 0]);
        Assert.Equal(6, posterior.Length);

        var (_, observations) = model.Sample(20_000, new Random(3));
        var (path, longLogP) = model.Viterbi(observations);
        Assert.Equal(20_000, path.Length);
        Assert.True(double.IsFinite(longLogP)); // log space: no underflow
        Assert.True(double.IsFinite(model.LogLikelihood(observations)));
        Assert.Empty(model.Viterbi([]).States);
    }

    [Fact]
    public void BaumWelch_RecoversAKnownTwoStateModel()
    {
        var truth = Known();
        var random = new Random(42);
        var sequences = Enumerable.Range(0, 300).Select(_ => truth.Sample(60, random).Observations).ToArray();
        var start = new HiddenMarkovModel([0.5, 0.5], new double[,] { { 0.6, 0.4 }, { 0.4, 0.6 } },
            new double[,] { { 0.4, 0.35, 0.25 }, { 0.25, 0.35, 0.4 } });
        var result = start.BaumWelch(sequences, new BaumWelchOptions { MaxIterations = 200, Tolerance = 1e-7 });
        Assert.True(result.LogLikelihoods.Zip(result.LogLikelihoods.Skip(1)).All(p => p.Second >= p.First - 1e-6), "EM never decreases the likelihood");
        var learned = result.Model;
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 2; j++)
                Assert.InRange(learned.Transition(i, j), truth.Transition(i, j) - 0.05, truth.Transition(i, j) + 0.05);
            for (int k = 0; k < 3; k++)
                Assert.InRange(learned.Emission(i, k), truth.Emission(i, k) - 0.05, truth.Emission(i, k) + 0.05);
        }
    }

    [Fact]
    public void Estimate_SupervisedCounts_MatchRelativeFrequencies()
    {
        var model = HiddenMarkovModel.Estimate([([0, 0, 1], [0, 1, 2]), ([1, 0, 0], [2, 0, 0])], 2, 3, smoothing: 0);
        Assert.Equal(0.5, model.Initial(0), 10);
        Assert.Equal(2.0 / 3, model.Transition(0, 0), 10); // 0→0 twice, 0→1 once
        Assert.Equal(0.75, model.Emission(0, 0), 10);
        Assert.Throws<ArgumentOutOfRangeException>(() => HiddenMarkovModel.Estimate([([5], [0])], 2, 3));
    }

    [Fact]
    public void BadInput_ClearErrors()
    {
        Assert.Throws<ArgumentException>(() => new HiddenMarkovModel([0.5, 0.6], new double[,] { { 1, 0 }, { 0, 1 } }, new double[,] { { 1 }, { 1 } }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Known().Viterbi([0, 7]));
    }
}
