using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace AsyncHttp.Tests.Engine;

/// <summary>Retries as the server sees them: how many hits, with what spacing.</summary>
public sealed class RetryTests
{
    [Fact]
    public async Task A_key_that_fails_twice_then_succeeds_gives_one_success_after_three_attempts_with_backoff_between_them()
    {
        string key = SharedServer.NewRun("flaky");
        var clock = new ManualClock();
        using HttpSession session = EngineRunner.Session(o => { o.Resilience.RetryInterval = TimeSpan.FromMilliseconds(200); o.TimeProvider = clock; });
        Task<HttpResult> running = EngineRunner.OneAsync(session, $"flaky/{key}?fail=2&status=503");

        // Exponential backoff with Polly's decorrelated jitter from 200 ms: each wait is random, none is skipped, and
        // the next attempt waits for it.
        TimeSpan first = await clock.NextWaitAsync(TimeSpan.FromSeconds(5));
        Assert.Single(await SharedServer.HitsAsync(key));
        clock.Advance(first);
        TimeSpan second = await clock.NextWaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(2, (await SharedServer.HitsAsync(key)).Length);
        clock.Advance(second);
        HttpResult result = await running;

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(3, result.Attempts);
        Assert.Equal(3, (await SharedServer.HitsAsync(key)).Length);
        Assert.InRange(first.TotalMilliseconds, 1, 2000);
        Assert.InRange(second.TotalMilliseconds, 1, 4000);
    }

    [Fact]
    public async Task A_503_with_Retry_After_one_second_waits_a_second()
    {
        string key = SharedServer.NewRun("after");
        var clock = new ManualClock();
        using HttpSession session = EngineRunner.Session(o => o.TimeProvider = clock);
        Task<HttpResult> running = EngineRunner.OneAsync(session, $"flaky/{key}?fail=1&status=503&retryAfter=1");

        TimeSpan wait = await clock.NextWaitAsync(TimeSpan.FromSeconds(5));
        Assert.Single(await SharedServer.HitsAsync(key));
        clock.Advance(wait);
        HttpResult result = await running;

        Assert.Equal(TimeSpan.FromSeconds(1), wait);
        Assert.True(result.IsSuccess);
        Assert.Equal(2, result.Attempts);
    }

    [Fact]
    public async Task A_429_with_a_Retry_After_date_waits_until_that_date()
    {
        string key = SharedServer.NewRun("date");
        var clock = new ManualClock();
        using HttpSession session = EngineRunner.Session(o => o.TimeProvider = clock);
        Task<HttpResult> running = EngineRunner.OneAsync(session, $"flaky/{key}?fail=1&status=429&retryAfter=date");

        TimeSpan wait = await clock.NextWaitAsync(TimeSpan.FromSeconds(5));
        clock.Advance(wait);
        HttpResult result = await running;

        Assert.True(result.IsSuccess);
        // The server asks for two seconds from its now, to the second; the session's clock started a moment earlier.
        Assert.InRange(wait.TotalSeconds, 0.9, 2.1);
    }

    [Fact]
    public async Task A_Retry_After_longer_than_the_cap_fails_at_once_with_RetryAfter_set()
    {
        string key = SharedServer.NewRun("long");
        using HttpSession session = EngineRunner.Session(o => o.Resilience.MaxRetryAfter = TimeSpan.FromSeconds(5));
        HttpResult result = await EngineRunner.OneAsync(session, $"flaky/{key}?fail=1&status=503&retryAfter=3600");

        Assert.Equal(ErrorKind.HttpStatus, result.Error!.Kind);
        Assert.Equal(TimeSpan.FromHours(1), result.Error.RetryAfter);
        Assert.Equal(1, result.Attempts);
        Assert.Contains("3600 s", result.Error.Message);
    }

    [Fact]
    public async Task A_404_is_never_retried()
    {
        string key = SharedServer.NewRun("404");
        using HttpSession session = EngineRunner.Session();
        HttpResult result = await EngineRunner.OneAsync(session, $"flaky/{key}?fail=5&status=404");

        Assert.Equal(404, result.Error!.StatusCode);
        Assert.Equal(1, result.Attempts);
        Assert.Single(await SharedServer.HitsAsync(key));
    }

    [Fact]
    public async Task POST_is_not_retried_by_default()
    {
        string key = SharedServer.NewRun("post");
        using HttpSession session = EngineRunner.Session();
        HttpResult result = await EngineRunner.OneAsync(session, $"flaky/{key}?fail=1&status=503", method: "POST");

        Assert.Equal(503, result.StatusCode);
        Assert.True(result.Error!.IsTransient);
        Assert.Equal(1, result.Attempts);
        Assert.Single(await SharedServer.HitsAsync(key));
    }

    [Fact]
    public async Task POST_with_an_Idempotency_Key_is_retried()
    {
        string key = SharedServer.NewRun("idem");
        using HttpSession session = EngineRunner.Session();
        var headers = new List<KeyValuePair<string, string>> { new("Idempotency-Key", key) };
        HttpResult result = await EngineRunner.OneAsync(session, $"flaky/{key}?fail=1&status=503", method: "POST", headers: headers);

        Assert.True(result.IsSuccess);
        Assert.Equal(2, result.Attempts);
    }

    [Fact]
    public async Task POST_is_retried_when_the_session_opts_in()
    {
        string key = SharedServer.NewRun("optin");
        using HttpSession session = EngineRunner.Session(o => o.Resilience.RetryNonIdempotent = true);
        HttpResult result = await EngineRunner.OneAsync(session, $"flaky/{key}?fail=1&status=500", method: "POST");

        Assert.True(result.IsSuccess);
        Assert.Equal(2, result.Attempts);
    }

    [Fact]
    public async Task The_total_timeout_bounds_retries_and_their_waits()
    {
        string key = SharedServer.NewRun("total");
        using HttpSession session = EngineRunner.Session(o =>
        {
            o.Resilience.Timeout = TimeSpan.FromSeconds(1);
            o.Resilience.MaximumRetryCount = 10;
            o.Resilience.RetryInterval = TimeSpan.FromMilliseconds(300);
        });
        HttpResult result = await EngineRunner.OneAsync(session, $"flaky/{key}?fail=100&status=503");

        Assert.Equal(ErrorKind.Timeout, result.Error!.Kind);
        Assert.InRange(result.Elapsed.TotalMilliseconds, 900, 2000);
        Assert.InRange(result.Attempts, 2, 5);
    }

    [Fact]
    public async Task A_run_can_override_the_retry_count_of_its_session()
    {
        string key = SharedServer.NewRun("override");
        using HttpSession session = EngineRunner.Session();
        var options = new RunOptions { Resilience = session.Options.Resilience.Clone() };
        options.Resilience.MaximumRetryCount = 0;
        HttpResult result = await EngineRunner.OneAsync(session, $"flaky/{key}?fail=1&status=503", options);

        Assert.Equal(1, result.Attempts);
        Assert.Equal(503, result.StatusCode);
    }
}
