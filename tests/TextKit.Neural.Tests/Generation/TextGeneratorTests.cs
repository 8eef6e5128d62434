using TextKit.Neural.Generation;
using TextKit.Neural.Models;
using TextKit.Neural.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace TextKit.Neural.Tests.Generation;

public class TextGeneratorTests
{
    private static readonly long[] Prompt = [337, 507, 1158, 562];

    private static long[] Generate(TransformerModel model, GenerationOptions options)
    {
        using var ids = torch.tensor(Prompt, [1, Prompt.Length]);
        return TextGenerator.Generate((IGenerativeModel)model, ids, null, options)[0];
    }

    /// <summary>Sum of log-probabilities of the generated part under the model (full forward, no cache).</summary>
    private static double LogProb(TransformerModel model, long[] sequence)
    {
        using var scope = NewDisposeScope();
        using var grad = torch.no_grad();
        var ids = torch.tensor(sequence, [1, sequence.Length]);
        using var output = model.call(new ModelInput { InputIds = ids });
        var logProbs = output.Logits!.log_softmax(-1);
        double total = 0;
        for (int t = Prompt.Length; t < sequence.Length; t++)
            total += logProbs[0, t - 1, sequence[t]].ToDouble();
        return total;
    }

    [Fact]
    public void Sampling_SameSeedSameOutput_DifferentSeedDiffers()
    {
        using var model = TransformerModels.Load(Fixtures.Folder("gpt2-lm"));
        var a = Generate(model, new GenerationOptions { DoSample = true, Seed = 7, MaxNewTokens = 15 });
        var b = Generate(model, new GenerationOptions { DoSample = true, Seed = 7, MaxNewTokens = 15 });
        var c = Generate(model, new GenerationOptions { DoSample = true, Seed = 8, MaxNewTokens = 15 });
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(Prompt.Length + 15, a.Length);
    }

    [Fact]
    public void Sampling_TopK1AndTinyTopP_EqualGreedy()
    {
        using var model = TransformerModels.Load(Fixtures.Folder("gpt2-lm"));
        var greedy = Generate(model, new GenerationOptions { MaxNewTokens = 10 });
        Assert.Equal(greedy, Generate(model, new GenerationOptions { DoSample = true, TopK = 1, Seed = 3, MaxNewTokens = 10 }));
        Assert.Equal(greedy, Generate(model, new GenerationOptions { DoSample = true, TopP = 1e-6, Seed = 3, MaxNewTokens = 10 }));
        Assert.Equal(greedy, Generate(model, new GenerationOptions { DoSample = true, Temperature = 1e-4, Seed = 3, MaxNewTokens = 10 }));
    }

    [Fact]
    public void BeamSearch_FindsSequenceAtLeastAsLikelyAsGreedy()
    {
        using var model = TransformerModels.Load(Fixtures.Folder("gpt2-lm"));
        var greedy = Generate(model, new GenerationOptions { MaxNewTokens = 8 });
        var beam = Generate(model, new GenerationOptions { NumBeams = 4, MaxNewTokens = 8 });
        Assert.Equal(greedy.Length, beam.Length);
        Assert.Equal(Prompt, beam.Take(Prompt.Length));
        Assert.True(LogProb(model, beam) >= LogProb(model, greedy) - 1e-4);
        Assert.Equal(greedy, Generate(model, new GenerationOptions { NumBeams = 1, MaxNewTokens = 8 }));
    }

    [Fact]
    public void Greedy_StopsAtEos()
    {
        using var model = TransformerModels.Load(Fixtures.Folder("gpt2-lm"));
        var greedy = Generate(model, new GenerationOptions { MaxNewTokens = 10 });
        long third = greedy[Prompt.Length + 2];
        var stopped = Generate(model, new GenerationOptions { MaxNewTokens = 10, EosTokenId = (int)third });
        Assert.Equal(greedy.Take(Prompt.Length + 3), stopped);
    }

    [Fact]
    public void T5_BeamSearch_StartsWithDecoderStartToken()
    {
        using var model = TransformerModels.Load(Fixtures.Folder("t5-tiny"));
        using var ids = torch.tensor(new long[] { 5, 6, 7, 1 }, [1, 4]);
        var result = TextGenerator.Generate((IGenerativeModel)model, ids, null, new GenerationOptions { NumBeams = 3, MaxNewTokens = 5 });
        Assert.Equal(0, result[0][0]);
        Assert.InRange(result[0].Length, 2, 6);
    }

    [Theory]
    [InlineData(0, 1.0, 0, 1.0, 1)]
    [InlineData(5, 0.0, 0, 1.0, 1)]
    [InlineData(5, 1.0, -1, 1.0, 1)]
    [InlineData(5, 1.0, 0, 0.0, 1)]
    [InlineData(5, 1.0, 0, 1.0, 0)]
    public void Options_Invalid_Throw(int maxNew, double temperature, int topK, double topP, int beams)
    {
        using var model = TransformerModels.Load(Fixtures.Folder("gpt2-lm"));
        Assert.Throws<ArgumentOutOfRangeException>(() => Generate(model, new GenerationOptions { MaxNewTokens = maxNew, Temperature = temperature, TopK = topK, TopP = topP, NumBeams = beams }));
    }

    [Fact]
    public void Generate_PastMaxPositions_TK343()
    {
        using var model = TransformerModels.Load(Fixtures.Folder("gpt2-lm"));
        var e = Assert.Throws<TextKitException>(() => Generate(model, new GenerationOptions { MaxNewTokens = 200 }));
        Assert.Equal("TK343", e.Code);
    }
}
