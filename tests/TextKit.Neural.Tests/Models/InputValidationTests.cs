using TextKit.Neural.Generation;
using TextKit.Neural.Models;
using TextKit.Neural.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace TextKit.Neural.Tests.Models;

public class InputValidationTests
{
    [Fact]
    public void Validate_IdOutsideVocabulary_TK340()
    {
        using var model = TransformerModels.Load(Fixtures.Folder("bert-seqcls"));
        using var ids = torch.tensor(new long[] { 2, 5000, 3 }, [1, 3]);
        var e = Assert.Throws<TextKitException>(() => model.ValidateInput(new ModelInput { InputIds = ids }));
        Assert.Equal("TK340", e.Code);
        Assert.Contains("5000", e.Message);
    }

    [Fact]
    public void Validate_LongerThanMaxPositions_TK341()
    {
        using var model = TransformerModels.Load(Fixtures.Folder("bert-seqcls"));
        using var ids = torch.ones(1, 129, dtype: ScalarType.Int64);
        var e = Assert.Throws<TextKitException>(() => model.ValidateInput(new ModelInput { InputIds = ids }));
        Assert.Equal("TK341", e.Code);
        Assert.Contains("128", e.Message);
    }

    [Fact]
    public void Validate_RobertaMaxPositions_AccountForPaddingOffset()
    {
        using var model = TransformerModels.Load(Fixtures.Folder("roberta-seqcls"));
        Assert.Equal(128, model.MaxPositions);
    }

    [Fact]
    public void Validate_EmptyRowsOrMismatchedMask_TK340()
    {
        using var model = TransformerModels.Load(Fixtures.Folder("bert-seqcls"));
        using var empty = torch.zeros(1, 0, dtype: ScalarType.Int64);
        Assert.Equal("TK340", Assert.Throws<TextKitException>(() => model.ValidateInput(new ModelInput { InputIds = empty })).Code);
        using var ids = torch.ones(2, 4, dtype: ScalarType.Int64);
        using var mask = torch.ones(2, 5, dtype: ScalarType.Int64);
        var e = Assert.Throws<TextKitException>(() => model.ValidateInput(new ModelInput { InputIds = ids, AttentionMask = mask }));
        Assert.Contains("attention_mask", e.Message);
    }

    [Fact]
    public void T5_WithoutDecoderIds_TK340()
    {
        using var model = TransformerModels.Load(Fixtures.Folder("t5-tiny"));
        using var ids = torch.ones(1, 4, dtype: ScalarType.Int64);
        Assert.Equal("TK340", Assert.Throws<TextKitException>(() => model.call(new ModelInput { InputIds = ids })).Code);
    }
}
