using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using AsyncHttp.Tests.Engine;
using Xunit;

namespace AsyncHttp.Tests.Tracing;

/// <summary>Timings, history, events, spans and the trace file, against the real test server.</summary>
public sealed class TracingTests
{
    private static void AssertAddsUp(HttpTimings t)
    {
        TimeSpan setup = t.Dns!.Value + t.Connect!.Value + t.Tls!.Value;
        Assert.All(new[] { t.Dns.Value, t.Connect.Value, t.Tls.Value, t.FirstByte, t.Body!.Value, t.Redirect, t.Total }, x => Assert.True(x >= TimeSpan.Zero, t.ToString()));
        Assert.True(setup <= t.FirstByte, $"DNS + connect + TLS exceed the first byte: {t}");
        Assert.True(t.Redirect + t.FirstByte + t.Body.Value <= t.Total, $"The parts exceed the total: {t}");
    }

    [Fact]
    public async Task Timings_of_a_new_connection_are_non_negative_and_add_up_within_the_total()
    {
        using HttpSession session = EngineRunner.Session();
        HttpResult result = await EngineRunner.OneAsync(session, "small");

        Assert.True(result.IsSuccess, result.Error?.Message);
        HttpTimings t = result.Timings;
        Assert.False(t.Reused);
        Assert.NotNull(t.ConnectionId);
        Assert.Equal(TimeSpan.Zero, t.Dns);   // an IP address: no look-up
        Assert.Equal(TimeSpan.Zero, t.Tls);   // plain http
        Assert.True(t.Connect > TimeSpan.Zero, t.ToString());
        Assert.Equal(result.Elapsed, t.Total);
        AssertAddsUp(t);
    }

    [Fact]
    public async Task Over_https_the_TLS_handshake_is_timed()
    {
        using HttpSession session = EngineRunner.Session(o => o.SkipCertificateCheck = true);
        HttpResult result = await EngineRunner.OneAsync(session, new Uri(SharedServer.Get().TlsUri, "small").ToString());

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.False(result.Timings.Reused);
        Assert.True(result.Timings.Tls > TimeSpan.Zero, result.Timings.ToString());
        AssertAddsUp(result.Timings);
    }

    [Fact]
    public async Task A_reused_connection_shows_no_DNS_connect_or_TLS_time()
    {
        using HttpSession session = EngineRunner.Session();
        HttpResult first = await EngineRunner.OneAsync(session, "small");
        HttpResult second = await EngineRunner.OneAsync(session, "small");

        Assert.False(first.Timings.Reused);
        Assert.True(second.Timings.Reused);
        Assert.Equal(first.Timings.ConnectionId, second.Timings.ConnectionId);
        Assert.Equal(TimeSpan.Zero, second.Timings.Dns);
        Assert.Equal(TimeSpan.Zero, second.Timings.Connect);
        Assert.Equal(TimeSpan.Zero, second.Timings.Tls);
        Assert.True(second.History.Single().Reused);
        AssertAddsUp(second.Timings);
    }

    [Fact]
    public async Task Over_a_given_transport_connection_timings_are_null_not_guessed()
    {
        var handler = new System.Net.Http.SocketsHttpHandler();
        using HttpSession session = EngineRunner.Session(o => o.Transport = handler);
        HttpResult result = await EngineRunner.OneAsync(session, "small");

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Null(result.Timings.Dns);
        Assert.Null(result.Timings.Connect);
        Assert.Null(result.Timings.Tls);
        Assert.Null(result.Timings.Reused);
        Assert.True(result.Timings.FirstByte <= result.Timings.Total);
    }

    /// <summary>Each attempt: a redirect to a key that fails twice with 503, then answers.</summary>
    private static string RetriedRedirect(string key) => $"redirect-to?url={Uri.EscapeDataString($"/flaky/{key}?fail=2&status=503")}";

    [Fact]
    public async Task Two_retries_and_a_redirect_give_that_history_and_a_verbose_line_for_each()
    {
        string key = SharedServer.NewRun("traced");
        using HttpSession session = EngineRunner.Session();
        var events = new TraceEvents(TraceLevel.Verbose);
        HttpResult result = await EngineRunner.OneAsync(session, RetriedRedirect(key), new RunOptions { Events = events });

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(3, result.Attempts);
        var history = result.History.Select(s => (s.Attempt, s.Hop, s.StatusCode, s.Next, s.Kind)).ToArray();
        Assert.Equal(new (int, int, int?, string, ErrorKind?)[]
        {
            (1, 0, 302, "Redirect", null), (1, 1, 503, "Retry", ErrorKind.HttpStatus),
            (2, 0, 302, "Redirect", null), (2, 1, 503, "Retry", ErrorKind.HttpStatus),
            (3, 0, 302, "Redirect", null), (3, 1, 200, "Done", null),
        }, history);
        foreach (HttpStep retried in result.History.Where(s => s.Next == "Retry"))
        {
            Assert.Equal("Backoff", retried.WaitReason);
            Assert.True(retried.Wait > TimeSpan.Zero);
            Assert.EndsWith($"/flaky/{key}?fail=***&status=***", retried.Uri);
        }
        Assert.True(result.History.Zip(result.History.Skip(1)).All(p => p.First.Started <= p.Second.Started));
        Assert.True(result.Timings.Redirect > TimeSpan.Zero);
        Assert.True(result.Timings.Redirect + result.Timings.FirstByte + result.Timings.Body <= result.Timings.Total);

        var lines = new List<TraceEvent>();
        while (events.TryTake(out TraceEvent e))
        {
            lines.Add(e);
        }
        Assert.All(lines, e => Assert.Equal(TraceLevel.Verbose, e.Level));
        Assert.Equal(new[] { "redirect", "retry", "redirect", "retry", "redirect" }, lines.Select(e => e.Name));
        Assert.Matches(@"^Request #0: retry 1 of 2 after 503 from http://\S+/flaky/\S+, waiting \d+(\.\d+)? s \(backoff\)\.$", lines[1].Message);
        Assert.Matches(@"^Request #0: redirect 1, 302 from http://\S+/redirect-to\?url=\*\*\* to http://\S+/flaky/", lines[0].Message);
        Assert.DoesNotContain(lines, e => e.Message.Contains("fail=2"));
    }

    [Fact]
    public async Task A_record_with_its_own_retry_count_has_its_retries_in_the_history()
    {
        string key = SharedServer.NewRun("own-retries");
        using HttpSession session = EngineRunner.Session();
        var spec = new RequestSpec { Uri = $"flaky/{key}?fail=3&status=503", MaximumRetryCount = 1 };
        HttpResult result = (await EngineRunner.RunAsync(session, new[] { spec }))[0];

        Assert.Equal(ErrorKind.HttpStatus, result.Error!.Kind);
        Assert.Equal(2, result.Attempts);
        Assert.Equal(new[] { (1, "Retry"), (2, "Done") }, result.History.Select(s => (s.Attempt, s.Next)));
        Assert.Equal("Backoff", result.History[0].WaitReason);
    }

    [Fact]
    public async Task A_refused_redirect_ends_its_hop_with_the_redirect_status_and_the_kind()
    {
        using HttpSession session = EngineRunner.Session();
        var events = new TraceEvents(TraceLevel.Verbose);
        HttpResult result = await EngineRunner.OneAsync(session, "redirect-to?url=" + Uri.EscapeDataString("ftp://127.0.0.1/file"), new RunOptions { Events = events });

        Assert.Equal(ErrorKind.RedirectRefused, result.Error!.Kind);
        HttpStep step = Assert.Single(result.History);
        Assert.Equal(302, step.StatusCode);
        Assert.Equal(ErrorKind.RedirectRefused, step.Kind);
        Assert.NotEqual("Redirect", step.Next);
        Assert.True(step.Elapsed > TimeSpan.Zero);
        var lines = new List<TraceEvent>();
        while (events.TryTake(out TraceEvent e))
        {
            lines.Add(e);
        }
        Assert.DoesNotContain(lines, e => e.Name == "redirect");
    }

    [Fact]
    public async Task A_Retry_After_wait_is_named_as_such()
    {
        string key = SharedServer.NewRun("after");
        using HttpSession session = EngineRunner.Session();
        HttpResult result = await EngineRunner.OneAsync(session, $"flaky/{key}?fail=1&status=429&retryAfter=1");

        Assert.True(result.IsSuccess, result.Error?.Message);
        HttpStep first = result.History[0];
        Assert.Equal("RetryAfter", first.WaitReason);
        Assert.Equal(TimeSpan.FromSeconds(1), first.Wait);
        // The wait is a timer of the coarse millisecond clock (a few ms per tick on Linux): it may end a tick before a
        // Stopwatch second has passed.
        Assert.True(result.Timings.Total >= TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(20), $"Total {result.Timings.Total}");
    }

    [Fact]
    public async Task A_connection_failure_is_an_attempt_with_its_Kind_and_no_status()
    {
        int port = FreePort();
        using HttpSession session = EngineRunner.Session(o => o.Resilience.MaximumRetryCount = 1);
        HttpResult result = await EngineRunner.OneAsync(session, $"http://127.0.0.1:{port}/");

        Assert.Equal(ErrorKind.ConnectionRefused, result.Error?.Kind);
        Assert.Equal(new[] { 1, 2 }, result.History.Select(s => s.Attempt));
        Assert.All(result.History, s => { Assert.Null(s.StatusCode); Assert.Equal(ErrorKind.ConnectionRefused, s.Kind); });
        Assert.Equal("Retry", result.History[0].Next);
    }

    [Fact]
    public async Task An_ActivityListener_sees_a_span_per_request_and_one_per_attempt_under_it()
    {
        string key = SharedServer.NewRun("spans");
        using var testSource = new ActivitySource("AsyncHttp.Tests.Tracing");
        var stopped = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "AsyncHttp" || source.Name == testSource.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);
        using HttpSession session = EngineRunner.Session();
        HttpResult result;
        ActivitySpanId outer;
        using (Activity test = testSource.StartActivity("test")!)
        {
            // The test's own span is the parent of this request's span, and of no other test's.
            outer = test.SpanId;
            result = await EngineRunner.OneAsync(session, RetriedRedirect(key));
        }

        Activity request = Assert.Single(stopped, a => a.OperationName == "AsyncHttp.Request" && a.ParentSpanId == outer);
        Activity[] attempts = stopped.Where(a => a.OperationName == "AsyncHttp.Attempt" && a.ParentSpanId == request.SpanId).OrderBy(a => a.StartTimeUtc).ToArray();
        Assert.Equal(3, attempts.Length);
        Assert.Equal(new object?[] { 503, 503, 200 }, attempts.Select(a => a.GetTagItem("http.response.status_code")));
        Assert.Equal("HttpStatus", attempts[0].GetTagItem("asynchttp.kind"));
        Assert.Equal(200, request.GetTagItem("http.response.status_code"));
        Assert.Equal(3, request.GetTagItem("asynchttp.attempts"));
        Assert.Equal("GET", request.GetTagItem("http.request.method"));
        Assert.Equal(request.TraceId, attempts[0].TraceId);
        Assert.True(result.IsSuccess);
    }

    [Fact]
    public async Task The_trace_file_of_a_retried_redirected_request_has_every_event_as_a_line_of_JSON()
    {
        string key = SharedServer.NewRun("file");
        string path = Path.Combine(Path.GetTempPath(), key + ".jsonl");
        try
        {
            HttpResult result;
            using (HttpSession session = EngineRunner.Session(o => o.TraceFile = path))
            {
                result = await EngineRunner.OneAsync(session, RetriedRedirect(key));
            }
            Assert.True(result.IsSuccess, result.Error?.Message);
            JsonElement[] events = File.ReadAllLines(path).Select(line => JsonDocument.Parse(line).RootElement).ToArray();
            string[] requestEvents = events.Where(e => e.TryGetProperty("index", out _)).Select(e => e.GetProperty("event").GetString()!).ToArray();
            Assert.Equal(new[]
            {
                "request.start",
                "attempt.start", "connection.new", "response", "redirect", "connection.reused", "response", "attempt.end", "retry",
                "attempt.start", "connection.reused", "response", "redirect", "connection.reused", "response", "attempt.end", "retry",
                "attempt.start", "connection.reused", "response", "redirect", "connection.reused", "response", "attempt.end",
                "request.end",
            }, requestEvents);
            Assert.Contains(events, e => e.GetProperty("event").GetString() == "connection.open");
            Assert.Contains(events, e => e.GetProperty("event").GetString() == "connection.closed");
            JsonElement end = events.Single(e => e.GetProperty("event").GetString() == "request.end");
            Assert.Equal(200, end.GetProperty("status").GetInt32());
            Assert.True(end.GetProperty("timings").GetProperty("totalMs").GetDouble() >= end.GetProperty("timings").GetProperty("firstByteMs").GetDouble());
            JsonElement retry = events.First(e => e.GetProperty("event").GetString() == "retry");
            Assert.Equal("Backoff", retry.GetProperty("reason").GetString());
            Assert.True(retry.GetProperty("waitMs").GetDouble() > 0);
            Assert.DoesNotContain("fail=2", File.ReadAllText(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_trace_file_that_cannot_be_written_is_refused_naming_it()
    {
        string path = Path.Combine(Path.GetTempPath(), SharedServer.NewRun("missing"), "trace.jsonl");
        var ex = Assert.Throws<ArgumentException>(() => new HttpSession(new SessionOptions { TraceFile = path }));
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void A_summary_counts_kinds_statuses_retries_and_gives_percentiles()
    {
        var summary = new RunSummary();
        for (int i = 1; i <= 100; i++)
        {
            summary.Add(new HttpResult { StatusCode = 200, Attempts = 1, Elapsed = TimeSpan.FromMilliseconds(i) });
        }
        summary.Add(new HttpResult { StatusCode = 503, Attempts = 3, Elapsed = TimeSpan.FromSeconds(2), Error = new HttpError(ErrorKind.HttpStatus, "503") });

        Assert.Equal(101, summary.Requests);
        Assert.Equal(1, summary.Failed);
        Assert.Equal(2, summary.Retries);
        Assert.Equal(1, summary.ByKind["HttpStatus"]);
        Assert.Equal(100, summary.ByStatus[200]);
        Assert.InRange(summary.P50.TotalMilliseconds, 51 * 0.99, 51 * 1.01);
        Assert.InRange(summary.P90.TotalMilliseconds, 91 * 0.99, 91 * 1.01);
        Assert.InRange(summary.P99.TotalMilliseconds, 100 * 0.99, 100 * 1.01);
        Assert.Equal(TimeSpan.FromSeconds(2), summary.Max);
    }

    private static int FreePort()
    {
        var socket = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        socket.Start();
        int port = ((System.Net.IPEndPoint)socket.LocalEndpoint).Port;
        socket.Stop();
        return port;
    }
}
