namespace TextKit.Hmm;

/// <summary>
/// A discrete first-order hidden Markov model (Rabiner 1989, "A tutorial on hidden Markov models and selected
/// applications in speech recognition"): <see cref="StateCount"/> hidden states, <see cref="SymbolCount"/> observable
/// symbols, initial, transition and emission distributions. Every algorithm works in log space (log-sum-exp), so long
/// sequences never underflow. Immutable and thread-safe.
/// </summary>
public sealed class HiddenMarkovModel
{
    private readonly double[] _logInitial;     // [i]
    private readonly double[] _logTransition;  // [i * N + j] = log P(j | i)
    private readonly double[] _logEmission;    // [i * M + k] = log P(k | i)

    /// <summary>Builds a model from probabilities; every distribution must be non-negative and sum to 1 (±1e-6).</summary>
    public HiddenMarkovModel(double[] initial, double[,] transition, double[,] emission)
    {
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(transition);
        ArgumentNullException.ThrowIfNull(emission);
        int n = initial.Length;
        if (n == 0)
            throw new ArgumentException("An HMM needs at least one state.", nameof(initial));
        if (transition.GetLength(0) != n || transition.GetLength(1) != n)
            throw new ArgumentException($"The transition matrix must be {n}x{n}.", nameof(transition));
        if (emission.GetLength(0) != n || emission.GetLength(1) == 0)
            throw new ArgumentException($"The emission matrix must have {n} rows and at least one symbol.", nameof(emission));
        int m = emission.GetLength(1);
        StateCount = n;
        SymbolCount = m;
        CheckDistribution(initial, nameof(initial), "initial");
        _logInitial = initial.Select(p => Math.Log(p)).ToArray();
        _logTransition = new double[n * n];
        _logEmission = new double[n * m];
        for (int i = 0; i < n; i++)
        {
            var row = new double[n];
            for (int j = 0; j < n; j++)
                row[j] = transition[i, j];
            CheckDistribution(row, nameof(transition), $"transition row {i}");
            for (int j = 0; j < n; j++)
                _logTransition[i * n + j] = Math.Log(row[j]);
            var erow = new double[m];
            for (int k = 0; k < m; k++)
                erow[k] = emission[i, k];
            CheckDistribution(erow, nameof(emission), $"emission row {i}");
            for (int k = 0; k < m; k++)
                _logEmission[i * m + k] = Math.Log(erow[k]);
        }
    }

    private HiddenMarkovModel(int n, int m, double[] logInitial, double[] logTransition, double[] logEmission)
    {
        StateCount = n;
        SymbolCount = m;
        _logInitial = logInitial;
        _logTransition = logTransition;
        _logEmission = logEmission;
    }

    /// <summary>Number of hidden states.</summary>
    public int StateCount { get; }

    /// <summary>Number of observable symbols.</summary>
    public int SymbolCount { get; }

    /// <summary>P(first state = i).</summary>
    public double Initial(int i) => Math.Exp(_logInitial[i]);

    /// <summary>P(next state = j | state = i).</summary>
    public double Transition(int i, int j) => Math.Exp(_logTransition[i * StateCount + j]);

    /// <summary>P(symbol = k | state = i).</summary>
    public double Emission(int i, int k) => Math.Exp(_logEmission[i * SymbolCount + k]);

    private static void CheckDistribution(double[] p, string parameter, string what)
    {
        double sum = 0;
        foreach (var x in p)
        {
            if (double.IsNaN(x) || x < 0)
                throw new ArgumentException($"The {what} distribution has a negative or NaN probability.", parameter);
            sum += x;
        }
        if (Math.Abs(sum - 1) > 1e-6)
            throw new ArgumentException($"The {what} distribution sums to {sum}, not 1.", parameter);
    }

    private void CheckObservations(ReadOnlySpan<int> observations)
    {
        for (int t = 0; t < observations.Length; t++)
            if ((uint)observations[t] >= (uint)SymbolCount)
                throw new ArgumentOutOfRangeException(nameof(observations), $"Observation {t} is symbol {observations[t]}; the model has symbols 0..{SymbolCount - 1}.");
    }

    /// <summary>log(e^a + e^b) without overflow; -∞ is the identity.</summary>
    internal static double LogAdd(double a, double b)
    {
        if (double.IsNegativeInfinity(a)) return b;
        if (double.IsNegativeInfinity(b)) return a;
        return a > b ? a + Math.Log(1 + Math.Exp(b - a)) : b + Math.Log(1 + Math.Exp(a - b));
    }

    /// <summary>Forward variables: log α[t, i] = log P(o_0..o_t, state_t = i).</summary>
    public double[,] Forward(ReadOnlySpan<int> observations)
    {
        CheckObservations(observations);
        int n = StateCount, m = SymbolCount, len = observations.Length;
        var alpha = new double[len, n];
        if (len == 0)
            return alpha;
        for (int i = 0; i < n; i++)
            alpha[0, i] = _logInitial[i] + _logEmission[i * m + observations[0]];
        for (int t = 1; t < len; t++)
        {
            int o = observations[t];
            for (int j = 0; j < n; j++)
            {
                double acc = double.NegativeInfinity;
                for (int i = 0; i < n; i++)
                    acc = LogAdd(acc, alpha[t - 1, i] + _logTransition[i * n + j]);
                alpha[t, j] = acc + _logEmission[j * m + o];
            }
        }
        return alpha;
    }

    /// <summary>Backward variables: log β[t, i] = log P(o_{t+1}..o_{T-1} | state_t = i).</summary>
    public double[,] Backward(ReadOnlySpan<int> observations)
    {
        CheckObservations(observations);
        int n = StateCount, m = SymbolCount, len = observations.Length;
        var beta = new double[len, n];
        if (len == 0)
            return beta;
        for (int i = 0; i < n; i++)
            beta[len - 1, i] = 0;
        for (int t = len - 2; t >= 0; t--)
        {
            int o = observations[t + 1];
            for (int i = 0; i < n; i++)
            {
                double acc = double.NegativeInfinity;
                for (int j = 0; j < n; j++)
                    acc = LogAdd(acc, _logTransition[i * n + j] + _logEmission[j * m + o] + beta[t + 1, j]);
                beta[t, i] = acc;
            }
        }
        return beta;
    }

    /// <summary>log P(observations) by the forward algorithm (0 for an empty sequence).</summary>
    public double LogLikelihood(ReadOnlySpan<int> observations)
    {
        if (observations.IsEmpty)
            return 0;
        var alpha = Forward(observations);
        double acc = double.NegativeInfinity;
        for (int i = 0; i < StateCount; i++)
            acc = LogAdd(acc, alpha[observations.Length - 1, i]);
        return acc;
    }

    /// <summary>Posterior state probabilities γ[t, i] = P(state_t = i | observations).</summary>
    public double[,] Posteriors(ReadOnlySpan<int> observations)
    {
        var alpha = Forward(observations);
        var beta = Backward(observations);
        int len = observations.Length, n = StateCount;
        var gamma = new double[len, n];
        for (int t = 0; t < len; t++)
        {
            double norm = double.NegativeInfinity;
            for (int i = 0; i < n; i++)
                norm = LogAdd(norm, alpha[t, i] + beta[t, i]);
            for (int i = 0; i < n; i++)
                gamma[t, i] = Math.Exp(alpha[t, i] + beta[t, i] - norm);
        }
        return gamma;
    }

    /// <summary>Posterior decoding: the individually most probable state at each position.</summary>
    public int[] PosteriorDecode(ReadOnlySpan<int> observations)
    {
        var gamma = Posteriors(observations);
        var states = new int[observations.Length];
        for (int t = 0; t < states.Length; t++)
        {
            int best = 0;
            for (int i = 1; i < StateCount; i++)
                if (gamma[t, i] > gamma[t, best])
                    best = i;
            states[t] = best;
        }
        return states;
    }

    /// <summary>Viterbi decoding: the most probable state sequence and its log joint probability (ties: lowest state).</summary>
    public (int[] States, double LogProbability) Viterbi(ReadOnlySpan<int> observations)
    {
        CheckObservations(observations);
        int n = StateCount, m = SymbolCount, len = observations.Length;
        if (len == 0)
            return ([], 0);
        var delta = new double[n];
        var next = new double[n];
        var back = new int[len * n];
        for (int i = 0; i < n; i++)
            delta[i] = _logInitial[i] + _logEmission[i * m + observations[0]];
        for (int t = 1; t < len; t++)
        {
            int o = observations[t];
            for (int j = 0; j < n; j++)
            {
                double best = double.NegativeInfinity;
                int arg = 0;
                for (int i = 0; i < n; i++)
                {
                    double score = delta[i] + _logTransition[i * n + j];
                    if (score > best)
                    {
                        best = score;
                        arg = i;
                    }
                }
                next[j] = best + _logEmission[j * m + o];
                back[t * n + j] = arg;
            }
            (delta, next) = (next, delta);
        }
        int last = 0;
        for (int i = 1; i < n; i++)
            if (delta[i] > delta[last])
                last = i;
        var states = new int[len];
        states[len - 1] = last;
        for (int t = len - 1; t > 0; t--)
            states[t - 1] = back[t * n + states[t]];
        return (states, delta[last]);
    }

    /// <summary>Draws a state and observation sequence of <paramref name="length"/> from the model.</summary>
    public (int[] States, int[] Observations) Sample(int length, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentNullException.ThrowIfNull(random);
        var states = new int[length];
        var observations = new int[length];
        for (int t = 0; t < length; t++)
        {
            states[t] = t == 0 ? Draw(random, i => Initial(i), StateCount) : Draw(random, j => Transition(states[t - 1], j), StateCount);
            observations[t] = Draw(random, k => Emission(states[t], k), SymbolCount);
        }
        return (states, observations);
    }

    private static int Draw(Random random, Func<int, double> p, int count)
    {
        double u = random.NextDouble(), acc = 0;
        for (int i = 0; i < count; i++)
        {
            acc += p(i);
            if (u < acc)
                return i;
        }
        return count - 1;
    }

    /// <summary>
    /// Supervised maximum-likelihood estimation from state-labelled sequences, with add-<paramref name="smoothing"/>
    /// (Lidstone) counts so that unseen transitions and emissions keep a small probability.
    /// </summary>
    public static HiddenMarkovModel Estimate(IEnumerable<(int[] States, int[] Observations)> sequences, int stateCount, int symbolCount, double smoothing = 0.01)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentOutOfRangeException.ThrowIfLessThan(stateCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(symbolCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(smoothing);
        var counts = new Counts(stateCount, symbolCount);
        foreach (var (states, observations) in sequences)
        {
            if (states.Length != observations.Length)
                throw new ArgumentException("A labelled sequence has different numbers of states and observations.", nameof(sequences));
            for (int t = 0; t < states.Length; t++)
            {
                if ((uint)states[t] >= (uint)stateCount)
                    throw new ArgumentOutOfRangeException(nameof(sequences), $"State {states[t]} is outside 0..{stateCount - 1}.");
                if ((uint)observations[t] >= (uint)symbolCount)
                    throw new ArgumentOutOfRangeException(nameof(sequences), $"Symbol {observations[t]} is outside 0..{symbolCount - 1}.");
            }
            counts.AddLabelled(states, observations, 1.0);
        }
        return counts.ToModel(smoothing);
    }

    /// <summary>Expected or observed counts of initial states, transitions and emissions.</summary>
    internal sealed class Counts(int n, int m)
    {
        public readonly double[] Initial = new double[n];
        public readonly double[] Transition = new double[n * n];
        public readonly double[] Emission = new double[n * m];

        public void AddLabelled(int[] states, int[] observations, double weight)
        {
            if (states.Length == 0)
                return;
            Initial[states[0]] += weight;
            for (int t = 0; t < states.Length; t++)
            {
                Emission[states[t] * m + observations[t]] += weight;
                if (t > 0)
                    Transition[states[t - 1] * n + states[t]] += weight;
            }
        }

        public HiddenMarkovModel ToModel(double smoothing)
        {
            var logInitial = Normalize(Initial, 0, n, smoothing);
            var logTransition = new double[n * n];
            var logEmission = new double[n * m];
            for (int i = 0; i < n; i++)
            {
                Normalize(Transition, i * n, n, smoothing).CopyTo(logTransition, i * n);
                Normalize(Emission, i * m, m, smoothing).CopyTo(logEmission, i * m);
            }
            return new HiddenMarkovModel(n, m, logInitial, logTransition, logEmission);
        }

        private static double[] Normalize(double[] counts, int offset, int length, double smoothing)
        {
            double total = 0;
            for (int k = 0; k < length; k++)
                total += counts[offset + k] + smoothing;
            var result = new double[length];
            for (int k = 0; k < length; k++)
                result[k] = total > 0 ? Math.Log((counts[offset + k] + smoothing) / total) : Math.Log(1.0 / length);
            return result;
        }
    }

    /// <summary>
    /// Baum-Welch (EM) training (Baum et al. 1970; Rabiner 1989 §III.C) starting from this model. Unlabelled sequences
    /// contribute expected counts; <paramref name="labelled"/> sequences (semi-supervised training) contribute their
    /// observed counts times <see cref="BaumWelchOptions.LabelledWeight"/> in every iteration. Stops after
    /// <see cref="BaumWelchOptions.MaxIterations"/> or when the log-likelihood of the unlabelled data improves by
    /// less than <see cref="BaumWelchOptions.Tolerance"/>.
    /// </summary>
    public BaumWelchResult BaumWelch(IReadOnlyList<int[]> unlabelled, BaumWelchOptions? options = null,
        IReadOnlyList<(int[] States, int[] Observations)>? labelled = null)
    {
        ArgumentNullException.ThrowIfNull(unlabelled);
        options ??= new BaumWelchOptions();
        options.Validate();
        foreach (var sequence in unlabelled)
            CheckObservations(sequence);
        int n = StateCount, m = SymbolCount;
        var model = this;
        var history = new List<double>();
        for (int iteration = 0; iteration < options.MaxIterations; iteration++)
        {
            var counts = new Counts(n, m);
            double logLikelihood = 0;
            foreach (var obs in unlabelled)
            {
                if (obs.Length == 0)
                    continue;
                var alpha = model.Forward(obs);
                var beta = model.Backward(obs);
                int len = obs.Length;
                double logP = double.NegativeInfinity;
                for (int i = 0; i < n; i++)
                    logP = LogAdd(logP, alpha[len - 1, i]);
                logLikelihood += logP;
                for (int t = 0; t < len; t++)
                {
                    for (int i = 0; i < n; i++)
                    {
                        double gamma = Math.Exp(alpha[t, i] + beta[t, i] - logP);
                        if (t == 0)
                            counts.Initial[i] += gamma;
                        counts.Emission[i * m + obs[t]] += gamma;
                        if (t + 1 < len)
                        {
                            int o = obs[t + 1];
                            for (int j = 0; j < n; j++)
                                counts.Transition[i * n + j] += Math.Exp(alpha[t, i] + model._logTransition[i * n + j] + model._logEmission[j * m + o] + beta[t + 1, j] - logP);
                        }
                    }
                }
            }
            if (labelled is not null)
                foreach (var (states, observations) in labelled)
                    counts.AddLabelled(states, observations, options.LabelledWeight);
            history.Add(logLikelihood);
            model = counts.ToModel(options.Smoothing);
            if (history.Count >= 2 && history[^1] - history[^2] < options.Tolerance)
                break;
        }
        return new BaumWelchResult(model, history);
    }

    /// <summary>A model with random (seeded) distributions: a starting point for unsupervised Baum-Welch.</summary>
    public static HiddenMarkovModel RandomModel(int stateCount, int symbolCount, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stateCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(symbolCount, 1);
        var random = new Tagging.StableRandom(seed);
        double[] Row(int size)
        {
            var row = new double[size];
            double sum = 0;
            for (int k = 0; k < size; k++)
                sum += row[k] = 0.5 + random.NextDouble();
            for (int k = 0; k < size; k++)
                row[k] = Math.Log(row[k] / sum);
            return row;
        }
        var initial = Row(stateCount);
        var transition = new double[stateCount * stateCount];
        var emission = new double[stateCount * symbolCount];
        for (int i = 0; i < stateCount; i++)
        {
            Row(stateCount).CopyTo(transition, i * stateCount);
            Row(symbolCount).CopyTo(emission, i * symbolCount);
        }
        return new HiddenMarkovModel(stateCount, symbolCount, initial, transition, emission);
    }
}

/// <summary>Options of <see cref="HiddenMarkovModel.BaumWelch"/>.</summary>
public sealed class BaumWelchOptions
{
    /// <summary>Maximum EM iterations. Default 100.</summary>
    public int MaxIterations { get; set; } = 100;

    /// <summary>Stop when the log-likelihood improves by less than this. Default 1e-6.</summary>
    public double Tolerance { get; set; } = 1e-6;

    /// <summary>Add-k smoothing of the re-estimated counts (keeps probabilities away from 0). Default 1e-6.</summary>
    public double Smoothing { get; set; } = 1e-6;

    /// <summary>Weight of each labelled sequence's counts in semi-supervised training. Default 1.</summary>
    public double LabelledWeight { get; set; } = 1;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxIterations, 1, nameof(MaxIterations));
        ArgumentOutOfRangeException.ThrowIfNegative(Tolerance, nameof(Tolerance));
        ArgumentOutOfRangeException.ThrowIfNegative(Smoothing, nameof(Smoothing));
        ArgumentOutOfRangeException.ThrowIfNegative(LabelledWeight, nameof(LabelledWeight));
    }
}

/// <summary>The result of Baum-Welch: the trained model and the log-likelihood before each re-estimation.</summary>
public sealed record BaumWelchResult(HiddenMarkovModel Model, IReadOnlyList<double> LogLikelihoods);
