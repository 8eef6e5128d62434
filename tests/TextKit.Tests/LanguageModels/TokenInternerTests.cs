using System.Globalization;
using TextKit.LanguageModels;

namespace TextKit.Tests.LanguageModels;

/// <summary>The vocabulary pass's token table: ids in order of first sight, through every growth of its arrays.</summary>
public class TokenInternerTests
{
    [Fact]
    public void GetOrAdd_GivesIdsInFirstSightOrder_AcrossGrowth()
    {
        // 20,000 distinct tokens (past the initial 4,096 slots, 1,024 ids and 16,384 characters), each seen three times,
        // with the empty token and a 70,000-character token among them.
        var distinct = Enumerable.Range(0, 20_000).Select(i => "w" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        distinct[7] = "";
        distinct[12_345] = new string('x', 70_000);
        var interner = new TokenInterner();
        var expected = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int round = 0; round < 3; round++)
        {
            foreach (var token in distinct)
            {
                int id = interner.GetOrAdd(token, out bool added);
                Assert.Equal(round == 0, added);
                if (round == 0)
                    expected[token] = expected.Count;
                Assert.Equal(expected[token], id);
            }
        }
        Assert.Equal(distinct.Count, interner.Count);
        for (int id = 0; id < distinct.Count; id++)
            Assert.Equal(distinct[id], interner[id].ToString());
    }

    [Fact]
    public void GetOrAdd_TellsApartTokensThatDifferOnlyInCaseOrLength()
    {
        var interner = new TokenInterner();
        string[] tokens = ["a", "A", "aa", "a\0", "\u00e9", "e\u0301"];
        for (int i = 0; i < tokens.Length; i++)
            Assert.Equal(i, interner.GetOrAdd(tokens[i], out _));
        for (int i = 0; i < tokens.Length; i++)
            Assert.Equal(i, interner.GetOrAdd(tokens[i].AsSpan(), out bool added) is var id && !added ? id : -1);
    }
}
