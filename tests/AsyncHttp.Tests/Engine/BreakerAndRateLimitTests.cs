using System;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace AsyncHttp.Tests.Engine;

public sealed class BreakerAndRateLimitTests
{
    [Fact]
    public async Task A_host_that_keeps_failing_opens_its_breaker_and_later_requests_fail_at_once_without_reaching_it()
    {
        string key = SharedServer.NewRun("breaker");
        var clock = new ManualClock();
        using HttpSession session = EngineRunner.Session(o =>
        {
            o.TimeProvider = clock;
            o.Resilience.MaximumRetryCount = 0;
            o.CircuitBreaker = new CircuitBreakerOptions { MinimumThroughput = 4, FailureRatio = 0.5, BreakDuration = TimeSpan.FromSeconds(1) };
        });
        var specs = Enumerable.Range(0, 10).Select(_ => new RequestSpec { Uri = $"flaky/{key}?fail=4&status=503" });
        var results = await EngineRunner.RunAsync(session, specs, new RunOptions { ThrottleLimit = 1, Ordered = true });

        Assert.All(results.Take(4), r => Assert.Equal(503, r.StatusCode));
        Assert.All(results.Skip(4), r => Assert.Equal(ErrorKind.CircuitOpen, r.Error!.Kind));
        Assert.All(results.Skip(4), r => Assert.Equal(0, r.Attempts));
        Assert.False(results[9].Error!.IsTransient);
        Assert.Contains("circuit breaker", results[9].Error!.Message);
        Assert.Equal(4, (await SharedServer.HitsAsync(key)).Length);

        // Another host (the TLS port) has a breaker of its own, still closed.
        using HttpSession sameSession = session;
        HttpResult otherHost = await EngineRunner.OneAsync(session, new Uri(SharedServer.Get().TlsUri, "json").ToString());
        Assert.NotEqual(ErrorKind.CircuitOpen, otherHost.Error?.Kind);

        // After the break, one trial goes through; the key now succeeds, so the breaker closes.
        clock.Advance(TimeSpan.FromSeconds(1.2));
        HttpResult trial = await EngineRunner.OneAsync(session, $"flaky/{key}?fail=4&status=503");
        Assert.True(trial.IsSuccess, trial.Error?.Message);
    }

    [Fact]
    public async Task A_rate_limit_of_ten_per_second_spreads_25_requests_over_more_than_two_seconds()
    {
        string key = SharedServer.NewRun("rate");
        using HttpSession session = EngineRunner.Session(o => o.RateLimit = 10);
        var specs = Enumerable.Range(0, 25).Select(_ => new RequestSpec { Uri = $"flaky/{key}?fail=0" });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var results = await EngineRunner.RunAsync(session, specs, new RunOptions { ThrottleLimit = 25 });
        clock.Stop();

        Assert.All(results, r => Assert.True(r.IsSuccess));
        Assert.InRange(clock.Elapsed.TotalSeconds, 1.8, 6);
        double[] hits = await SharedServer.HitsAsync(key);
        Assert.Equal(25, hits.Length);
        Assert.InRange(hits.Count(t => t < 900), 1, 10);
    }

    [Fact]
    public void Contradictory_or_out_of_range_settings_are_refused_naming_the_value()
    {
        var badRate = Assert.Throws<ArgumentOutOfRangeException>(() => new HttpSession(new SessionOptions { RateLimit = -1 }));
        Assert.Contains("RateLimit", badRate.Message);
        var badRatio = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new HttpSession(new SessionOptions { CircuitBreaker = new CircuitBreakerOptions { FailureRatio = 2 } }));
        Assert.Contains("FailureRatio", badRatio.Message);
        var options = new SessionOptions();
        options.Resilience.MaximumRetryCount = -1;
        Assert.Contains("MaximumRetryCount", Assert.Throws<ArgumentOutOfRangeException>(() => new HttpSession(options)).Message);
        var relative = Assert.Throws<ArgumentException>(() => new HttpSession(new SessionOptions { BaseUri = new Uri("ftp://files.example/") }));
        Assert.Contains("ftp://files.example/", relative.Message);
    }
}
