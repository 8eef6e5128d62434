using TextKit.Tagging;

namespace TextKit.Tests.Tagging;

public class PerceptronWeightsTests
{
    private const int Classes = 40;

    private static ulong Key(ulong i) => unchecked(i * 0x9E3779B97F4A7C15UL);

    /// <summary>Weights with sparse rows (2 classes) and dense rows (all classes), keys 1..features.</summary>
    private static PerceptronWeights Weights(int features)
    {
        var random = new Random(7);
        var builder = new PerceptronWeights.Builder(Classes, 0f);
        for (ulong key = 1; key <= (ulong)features; key++)
        {
            var classes = key % 3 == 0 ? Enumerable.Range(0, Classes) : [(int)(key % Classes), (int)((key * 7) % Classes)];
            builder.AddRow(Key(key), classes.Distinct().Order().Select(c => KeyValuePair.Create(c, random.NextDouble() * 2 - 1)));
        }
        return builder.Build();
    }

    [Fact]
    public void ScoreRows_GivesEachRowTheBitsOfItsOwnScoreCall()
    {
        var weights = Weights(3_000);
        var random = new Random(11);
        int stride = weights.ScoreLength;
        // Rows of 0..9 keys, one row longer than a batch, unknown keys among them; 60 rows cross several batches.
        var lengths = Enumerable.Range(0, 60).Select(r => r == 17 ? 300 : random.Next(0, 10)).ToArray();
        var keys = lengths.SelectMany(n => Enumerable.Range(0, n).Select(_ => Key((ulong)random.Next(1, 3_500)))).ToArray();
        var ends = new int[lengths.Length];
        var rows = new int[lengths.Length];
        for (int r = 0, end = 0; r < lengths.Length; r++)
        {
            ends[r] = end += lengths[r];
            rows[r] = r * stride;
        }
        var start = Enumerable.Range(0, lengths.Length * stride).Select(_ => (float)random.NextDouble()).ToArray();

        var batched = (float[])start.Clone();
        weights.ScoreRows(keys, ends, rows, batched);
        var single = (float[])start.Clone();
        for (int r = 0; r < lengths.Length; r++)
            weights.Score(keys.AsSpan(r == 0 ? 0 : ends[r - 1], lengths[r]), single.AsSpan(rows[r], stride));

        Assert.Equal(single.Select(BitConverter.SingleToInt32Bits), batched.Select(BitConverter.SingleToInt32Bits));
        Assert.NotEqual(start, batched);
    }

    /// <summary>
    /// The sums are the float sums of the (half-precision) quantised weights, dense rows first and then sparse ones,
    /// each in key order, bit for bit: the order the tagger's output was pinned with. Extreme, tiny (subnormal in half
    /// precision) and negative weights included; with and without candidate classes.
    /// </summary>
    [Fact]
    public void Score_AddsTheQuantisedWeights_DenseRowsFirst_BitForBit()
    {
        var random = new Random(5);
        double[] special = [65504, -65504, 3e-5, -3e-5, 1e-7, -6e-8, 0.1, -2.5];
        var rows = new Dictionary<ulong, (int Class, float Weight)[]>();
        var builder = new PerceptronWeights.Builder(Classes, 0f);
        for (ulong key = 1; key <= 200; key++)
        {
            int count = key % 2 == 0 ? Classes : 3; // 40 classes: dense; 3: sparse
            var row = Enumerable.Range(0, count).Select(i => (key % 2 == 0 ? i : (int)((key + (ulong)i * 11) % Classes),
                key % 5 == 0 ? special[(int)((key + (ulong)i) % (ulong)special.Length)] : random.NextDouble() * 40 - 20))
                .DistinctBy(e => e.Item1).OrderBy(e => e.Item1).ToArray();
            builder.AddRow(Key(key), row.Select(e => KeyValuePair.Create(e.Item1, e.Item2)));
            rows[Key(key)] = row.Select(e => (e.Item1, (float)(Half)e.Item2)).Where(e => e.Item2 != 0).ToArray();
        }
        var weights = builder.Build();
        ulong[] keys = [.. Enumerable.Range(0, 60).Select(_ => Key((ulong)random.Next(1, 240)))]; // some unknown
        int[] candidates = [0, 7, 39];
        foreach (var only in new[] { Array.Empty<int>(), candidates })
        {
            var start = Enumerable.Range(0, weights.ScoreLength).Select(_ => (float)random.NextDouble()).ToArray();
            var expected = (float[])start.Clone();
            foreach (bool dense in new[] { true, false })
            {
                foreach (var key in keys)
                {
                    if (!rows.TryGetValue(key, out var row) || (row.Length == Classes) != dense)
                        continue;
                    foreach (var (c, w) in row)
                    {
                        if (!dense || only.Length == 0 || only.Contains(c))
                            expected[c] += w;
                    }
                }
            }
            var actual = (float[])start.Clone();
            weights.Score(keys, actual, only);
            var compared = only.Length == 0 ? Enumerable.Range(0, Classes) : only;
            Assert.Equal(compared.Select(c => BitConverter.SingleToInt32Bits(expected[c])), compared.Select(c => BitConverter.SingleToInt32Bits(actual[c])));
        }
    }

    [Fact]
    public void RowBatch_CollectsRowsForOneCall_AndSkipsAnEmptyBatch()
    {
        var weights = Weights(300);
        int stride = weights.ScoreLength;
        ulong[] row0 = [Key(3), Key(5)], row1 = [Key(6)];
        var batch = new RowBatch(new ulong[8], new int[2], new int[2]);
        row0.CopyTo(batch.Free);
        batch.EndRow(row0.Length, stride); // rows in any order of the buffer
        row1.CopyTo(batch.Free);
        batch.EndRow(row1.Length, 0);
        var batched = new float[2 * stride];
        batch.ScoreInto(weights, batched);
        var single = new float[2 * stride];
        weights.Score(row0, single.AsSpan(stride));
        weights.Score(row1, single.AsSpan(0, stride));
        Assert.Equal(single, batched);
        Assert.Contains(batched, w => w != 0);

        var empty = new RowBatch(new ulong[1], new int[1], new int[1]);
        empty.ScoreInto(weights, []); // nothing to score: no call, no error on an empty buffer
    }

    [Fact]
    public void ScoreRows_RowPastTheBuffer_Throws()
    {
        var weights = Weights(10);
        var scores = new float[weights.ScoreLength];
        var error = Assert.Throws<ArgumentException>(() => weights.ScoreRows([1UL], [1], [1], scores));
        Assert.Contains("Row 0", error.Message);
    }
}
