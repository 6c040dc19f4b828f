using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace AsyncHttp.Tests.Engine;

public sealed class PartitionTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
    public void The_shares_of_a_list_hold_every_position_exactly_once(int count)
    {
        var positions = new List<long>();
        for (int number = 1; number <= count; number++)
        {
            var share = InputPartition.Parse($"{number}/{count}");
            long[] mine = Enumerable.Range(0, 103).Select(p => (long)p).Where(share.Contains).ToArray();
            Assert.Equal(mine.LongLength, share.CountIn(103));
            // The n-th input a share takes is at the position the share reports for it.
            Assert.Equal(mine, Enumerable.Range(0, mine.Length).Select(n => share.PositionOf(n)));
            positions.AddRange(mine);
        }

        Assert.Equal(Enumerable.Range(0, 103).Select(p => (long)p), positions.OrderBy(p => p));
    }

    [Theory]
    [InlineData("0/4")]
    [InlineData("5/4")]
    [InlineData("1/0")]
    [InlineData("2")]
    [InlineData("a/b")]
    [InlineData("-1/4")]
    [InlineData("1/2/3")]
    public void Text_that_is_not_a_share_i_of_N_is_refused_naming_it(string text)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => InputPartition.Parse(text));

        Assert.Contains($"'{text}'", error.Message);
    }

    [Fact]
    public async Task A_run_sends_only_its_share_and_its_results_keep_their_position_in_the_whole_input()
    {
        string key = SharedServer.NewRun("partition");
        using HttpSession session = EngineRunner.Session();
        // Position 4 is not a URI: it belongs to share 1 and gives its result there, as any input does.
        var specs = Enumerable.Range(0, 10).Select(i => new RequestSpec { Uri = i == 4 ? "http://bad host/" : $"echo?run={key}&i={i}" }).ToList();

        var results = await EngineRunner.RunAsync(session, specs, new RunOptions { Partition = InputPartition.Parse("1/4"), Ordered = true, ThrottleLimit = 2 });
        var second = await EngineRunner.RunAsync(session, specs, new RunOptions { Partition = InputPartition.Parse("2/4") });

        Assert.Equal(new long[] { 0, 4, 8 }, results.Select(r => r.Index));
        Assert.EndsWith("i=8", results[2].RequestUri!.ToString());
        Assert.Equal(ErrorKind.InvalidRequest, results[1].Error!.Kind);
        Assert.Equal(new long[] { 1, 5, 9 }, second.Select(r => r.Index).OrderBy(i => i));
        Assert.All(second, r => Assert.EndsWith($"i={r.Index}", r.RequestUri!.ToString()));
    }
}
