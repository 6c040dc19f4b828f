using System;
using System.Linq;
using Xunit;

namespace AsyncHttp.Tests.Hosted;

/// <summary>Bounded load: a mix of successes, 5xx and resets; nothing lost, nothing doubled. The 100,000-request soak with memory figures is in bench/.</summary>
[Collection("PowerShell")]
public sealed class LoadTests : HostedTest
{
    [Fact]
    public void Twenty_thousand_mixed_requests_give_exactly_twenty_thousand_results_each_index_once()
    {
        var run = Ps.Run("""
            $paths = 'small', 'small', 'small', 'status/503', 'fault/reset', 'small', 'json', 'status/500', 'small', 'small'
            $seen = [bool[]]::new(20000)
            $counts = @{ ok = 0; failed = 0; duplicate = 0 }
            0..19999 | ForEach-Object { "$Server/$($paths[$_ % 10])?i=$_" } |
                Invoke-ConcurrentRequest -ThrottleLimit 64 -MaximumRetryCount 0 -ErrorAction SilentlyContinue |
                ForEach-Object {
                    if ($seen[$_.Index]) { $counts.duplicate++ } else { $seen[$_.Index] = $true }
                    if (-not $_.RequestUri.Query.EndsWith("i=$($_.Index)")) { throw "result $($_.Index) is for $($_.RequestUri)" }
                    if ($_.IsSuccess) { $counts.ok++ } else { $counts.failed++ }
                }
            $counts.ok; $counts.failed; $counts.duplicate; [Array]::IndexOf($seen, $false)
            """);

        Assert.Null(run.Terminating);
        var values = run.Output.Select(o => Convert.ToInt32(o.BaseObject)).ToArray();
        Assert.Equal(new[] { 14000, 6000, 0, -1 }, values);
    }
}
