namespace TextKit.Neural.Tests.TestSupport;

/// <summary>
/// Tests that assert bit-identical training runs: dropout draws from libtorch's process-wide generator, so they run
/// alone (no other test may draw from it meanwhile, e.g. by initialising a model).
/// </summary>
[CollectionDefinition("TorchGenerator", DisableParallelization = true)]
public sealed class SerialCollection
{
}
