using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace AsyncHttp.Tests.Engine;

/// <summary>Each error kind from its real cause on loopback.</summary>
public sealed class FaultTests
{
    [Fact]
    public async Task A_closed_port_is_ConnectionRefused_transient_and_retried()
    {
        using HttpSession session = EngineRunner.Session();
        HttpResult result = await EngineRunner.OneAsync(session, $"http://127.0.0.1:{ClosedPort()}/");

        Assert.Equal(ErrorKind.ConnectionRefused, result.Error!.Kind);
        Assert.True(result.Error.IsTransient);
        Assert.Equal(3, result.Attempts);
        Assert.Equal(3, result.Error.Attempts);
    }

    [Fact]
    public async Task An_unresolvable_host_is_Dns_and_not_retried()
    {
        using HttpSession session = EngineRunner.Session();
        HttpResult result = await EngineRunner.OneAsync(session, "http://no-such-host.invalid/");

        Assert.Equal(ErrorKind.Dns, result.Error!.Kind);
        Assert.False(result.Error.IsTransient);
        Assert.Equal(1, result.Attempts);
    }

    [Fact]
    public async Task A_connection_dropped_before_the_response_is_ConnectionReset_and_retried()
    {
        using HttpSession session = EngineRunner.Session();
        HttpResult result = await EngineRunner.OneAsync(session, "fault/reset");

        Assert.Equal(ErrorKind.ConnectionReset, result.Error!.Kind);
        Assert.True(result.Error.IsTransient);
        Assert.Equal(3, result.Attempts);
    }

    [Theory]
    [InlineData("fault/truncate/1000")]
    [InlineData("fault/chunked/1000")]
    public async Task A_body_cut_short_is_Payload_and_retried(string path)
    {
        using HttpSession session = EngineRunner.Session(o => o.Resilience.MaximumRetryCount = 1);
        HttpResult result = await EngineRunner.OneAsync(session, path);

        Assert.Equal(ErrorKind.Payload, result.Error!.Kind);
        Assert.True(result.Error.IsTransient);
        Assert.Equal(2, result.Attempts);
        Assert.Contains("1000 bytes", result.Error.Message);
    }

    [Fact]
    public async Task Headers_that_never_come_are_a_Timeout_of_each_attempt()
    {
        using HttpSession session = EngineRunner.Session(o =>
        {
            o.Resilience.AttemptTimeout = TimeSpan.FromMilliseconds(300);
            o.Resilience.MaximumRetryCount = 1;
        });
        HttpResult result = await EngineRunner.OneAsync(session, "fault/no-headers");

        Assert.Equal(ErrorKind.Timeout, result.Error!.Kind);
        Assert.True(result.Error.IsTransient);
        Assert.Equal(2, result.Attempts);
        Assert.InRange(result.Elapsed.TotalMilliseconds, 600, 2500);
    }

    [Fact]
    public async Task A_body_that_stalls_is_a_ReadTimeout()
    {
        using HttpSession session = EngineRunner.Session(o =>
        {
            o.ReadTimeout = TimeSpan.FromMilliseconds(300);
            o.Resilience.MaximumRetryCount = 0;
        });
        HttpResult result = await EngineRunner.OneAsync(session, "fault/stall/100");

        Assert.Equal(ErrorKind.ReadTimeout, result.Error!.Kind);
        Assert.True(result.Error.IsTransient);
        Assert.Contains("100 bytes received", result.Error.Message);
    }

    [Fact]
    public async Task A_trickling_body_that_never_falls_silent_for_the_read_timeout_succeeds()
    {
        using HttpSession session = EngineRunner.Session(o => o.ReadTimeout = TimeSpan.FromMilliseconds(500));
        HttpResult result = await EngineRunner.OneAsync(session, "fault/trickle/10?intervalMs=100");

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(10, result.ContentLength);
    }

    [Fact]
    public async Task A_self_signed_certificate_is_Tls_and_not_retried_unless_the_check_is_skipped()
    {
        using HttpSession strict = EngineRunner.Session();
        HttpResult refused = await EngineRunner.OneAsync(strict, new Uri(SharedServer.Get().TlsUri, "json").ToString());

        Assert.Equal(ErrorKind.Tls, refused.Error!.Kind);
        Assert.False(refused.Error.IsTransient);
        Assert.Equal(1, refused.Attempts);

        using HttpSession lax = EngineRunner.Session(o => o.SkipCertificateCheck = true);
        HttpResult accepted = await EngineRunner.OneAsync(lax, new Uri(SharedServer.Get().TlsUri, "json").ToString());
        Assert.True(accepted.IsSuccess, accepted.Error?.Message);
    }

    [Fact]
    public async Task More_redirects_than_allowed_is_TooManyRedirects()
    {
        using HttpSession session = EngineRunner.Session(o => o.MaximumRedirection = 3);
        HttpResult tooMany = await EngineRunner.OneAsync(session, "redirect/5");
        HttpResult fine = await EngineRunner.OneAsync(session, "redirect/3");

        Assert.Equal(ErrorKind.TooManyRedirects, tooMany.Error!.Kind);
        Assert.Equal(302, tooMany.StatusCode);
        Assert.True(fine.IsSuccess);
        Assert.Equal("/redirect/0", fine.Uri!.AbsolutePath);
    }

    [Fact]
    public async Task A_dead_proxy_is_Proxy()
    {
        using HttpSession session = EngineRunner.Session(o =>
        {
            o.Proxy = new Uri($"http://127.0.0.1:{ClosedPort()}/");
            o.Resilience.MaximumRetryCount = 0;
        });
        HttpResult result = await EngineRunner.OneAsync(session, "http://example.invalid/");

        Assert.Equal(ErrorKind.Proxy, result.Error!.Kind);
    }

    [Fact]
    public async Task A_host_that_never_accepts_the_connection_is_ConnectTimeout()
    {
        // A listener with a full backlog that never accepts: the kernel drops further SYNs, so connecting hangs.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var fillers = new List<Socket>();
        for (int i = 0; i < 4; i++)
        {
            var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            _ = filler.ConnectAsync(IPAddress.Loopback, port);
            fillers.Add(filler);
        }
        await Task.Delay(100);
        try
        {
            using HttpSession session = EngineRunner.Session(o =>
            {
                o.ConnectTimeout = TimeSpan.FromMilliseconds(500);
                o.Resilience.MaximumRetryCount = 0;
            });
            HttpResult result = await EngineRunner.OneAsync(session, $"http://127.0.0.1:{port}/");

            Assert.Equal(ErrorKind.ConnectTimeout, result.Error!.Kind);
            Assert.True(result.Error.IsTransient);
            Assert.InRange(result.Elapsed.TotalMilliseconds, 400, 3000);
        }
        finally
        {
            fillers.ForEach(f => f.Dispose());
        }
    }

    [Fact]
    public async Task Cancelling_the_run_makes_what_is_in_flight_Canceled_promptly()
    {
        using HttpSession session = EngineRunner.Session();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var specs = Enumerable.Range(0, 4).Select(_ => new RequestSpec { Uri = "delay/30000" });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => EngineRunner.RunAsync(session, specs, null, cancel.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Closing_the_session_cancels_its_requests_as_Canceled()
    {
        HttpSession session = EngineRunner.Session();
        using var runner = new RequestRunner(session, new RunOptions(), CancellationToken.None);
        runner.Submit(new RequestSpec { Uri = "delay/30000" });
        await Task.Delay(200);
        session.Dispose();
        Assert.True(await runner.WaitAsync(CancellationToken.None));
        Assert.True(runner.TryTake(out HttpResult result));

        Assert.Equal(ErrorKind.Canceled, result.Error!.Kind);
        Assert.Contains("session was closed", result.Error.Message);
        Assert.Throws<ObjectDisposedException>(() => new RequestRunner(session, new RunOptions(), CancellationToken.None));
    }

    internal static int ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
