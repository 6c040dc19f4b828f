using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace AsyncHttp.Tests.Engine;

/// <summary>WebSocket connections on a session, against the test server's /ws/ endpoints.</summary>
public sealed class WebSocketTests
{
    private static readonly TimeSpan Forever = Timeout.InfiniteTimeSpan;

    private static string Ws(string path) => "ws://" + SharedServer.BaseUri.Authority + "/ws/" + path;

    private static Task<WebSocketConnection> ConnectAsync(HttpSession session, string uri, Action<WebSocketOptions>? configure = null)
    {
        var options = new WebSocketOptions { Uri = uri };
        configure?.Invoke(options);
        return WebSocketConnection.ConnectAsync(session, options, CancellationToken.None);
    }

    private static async Task<WebSocketMessage> NextMessageAsync(WebSocketConnection ws, double seconds = 10)
    {
        object? item = await ws.ReceiveAsync(TimeSpan.FromSeconds(seconds), CancellationToken.None);
        return Assert.IsType<WebSocketMessage>(item);
    }

    private static async Task<List<object>> ReceiveAllAsync(WebSocketConnection ws)
    {
        var items = new List<object>();
        while (await ws.ReceiveAsync(TimeSpan.FromSeconds(10), CancellationToken.None) is object item)
        {
            items.Add(item);
        }
        return items;
    }

    private static async Task<HttpError> ConnectFailureAsync(HttpSession session, string uri, Action<WebSocketOptions>? configure = null)
    {
        var failed = await Assert.ThrowsAsync<WebSocketFailedException>(() => ConnectAsync(session, uri, configure));
        return failed.Error;
    }

    [Fact]
    public async Task Text_and_binary_messages_echo_back_whole_with_their_type_number_and_time()
    {
        using HttpSession session = EngineRunner.Session();
        using WebSocketConnection ws = await ConnectAsync(session, Ws("echo"));
        DateTimeOffset before = DateTimeOffset.Now;

        await ws.SendTextAsync("héllo", CancellationToken.None);
        await ws.SendBinaryAsync(new byte[] { 0, 1, 2, 255 }, CancellationToken.None);
        WebSocketMessage text = await NextMessageAsync(ws);
        WebSocketMessage binary = await NextMessageAsync(ws);

        Assert.Equal(WebSocketState.Open, ws.State);
        Assert.Equal((1L, WebSocketMessageType.Text, "héllo", 6), (text.Index, text.Type, text.Text, text.Length));
        Assert.Null(text.Data);
        Assert.Equal((2L, WebSocketMessageType.Binary, (string?)null), (binary.Index, binary.Type, binary.Text));
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, binary.Data);
        Assert.InRange(binary.Received, before, DateTimeOffset.Now);
        Assert.Equal((2L, 2L), (ws.MessagesSent, ws.MessagesReceived));
    }

    [Fact]
    public async Task Json_goes_out_as_one_text_message()
    {
        using HttpSession session = EngineRunner.Session();
        using WebSocketConnection ws = await ConnectAsync(session, Ws("json"));

        await ws.SendJsonAsync(new Dictionary<string, object?> { ["op"] = "subscribe", ["ids"] = new object[] { 1, 2 } }, CancellationToken.None);
        using JsonDocument reply = JsonDocument.Parse((await NextMessageAsync(ws)).Text!);

        Assert.Equal("subscribe", reply.RootElement.GetProperty("echo").GetProperty("op").GetString());
        Assert.Equal(2, reply.RootElement.GetProperty("echo").GetProperty("ids")[1].GetInt32());
        Assert.Equal(1, reply.RootElement.GetProperty("n").GetInt32());
    }

    [Fact]
    public async Task The_upgrade_carries_the_session_headers_and_cookies_the_call_headers_and_the_chosen_sub_protocol()
    {
        var cookies = new CookieContainer();
        cookies.Add(SharedServer.BaseUri, new Cookie("sid", "from-the-jar"));
        using HttpSession session = EngineRunner.Session(o =>
        {
            o.Headers.Add(new KeyValuePair<string, string>("X-Team", "session"));
            o.Headers.Add(new KeyValuePair<string, string>("X-Keep", "session"));
            o.Cookies = cookies;
        });
        using WebSocketConnection ws = await ConnectAsync(session, Ws("headers?topic=a"), o =>
        {
            o.Headers = new List<KeyValuePair<string, string>> { new("X-Team", "call") };
            o.SubProtocols.Add("chat.v2");
            o.SubProtocols.Add("chat.v1");
        });
        using JsonDocument seen = JsonDocument.Parse((await NextMessageAsync(ws)).Text!);
        JsonElement headers = seen.RootElement.GetProperty("headers");

        Assert.Equal("call", headers.GetProperty("X-Team").GetString());
        Assert.Equal("session", headers.GetProperty("X-Keep").GetString());
        Assert.StartsWith("AsyncHttp/", headers.GetProperty("User-Agent").GetString());
        Assert.Equal("from-the-jar", seen.RootElement.GetProperty("cookies").GetProperty("sid").GetString());
        Assert.Equal("chat.v2", seen.RootElement.GetProperty("subProtocol").GetString());
        Assert.Equal("chat.v2", ws.SubProtocol);
    }

    [Fact]
    public async Task A_refused_upgrade_is_HttpStatus_with_the_status_and_the_body_of_the_refusal()
    {
        using HttpSession session = EngineRunner.Session();
        HttpError error = await ConnectFailureAsync(session, Ws("auth"));

        Assert.Equal(ErrorKind.HttpStatus, error.Kind);
        Assert.Equal(401, error.StatusCode);
        Assert.Equal("a token is required for this feed", error.ResponseBody);
        Assert.Contains("401", error.Message);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task Session_credentials_go_over_wss_only_unless_unencrypted_authentication_is_allowed()
    {
        var token = new System.Security.SecureString();
        foreach (char c in "s3cret-token")
        {
            token.AppendChar(c);
        }
        using HttpSession strict = EngineRunner.Session(o => o.Token = token);
        using HttpSession lax = EngineRunner.Session(o => { o.Token = token; o.AllowUnencryptedAuthentication = true; });

        HttpError refused = await ConnectFailureAsync(strict, Ws("auth"));
        using WebSocketConnection ws = await ConnectAsync(lax, Ws("auth"));
        using JsonDocument seen = JsonDocument.Parse((await NextMessageAsync(ws)).Text!);

        Assert.Equal(ErrorKind.InvalidRequest, refused.Kind);
        Assert.Contains("unencrypted ws", refused.Message);
        Assert.DoesNotContain("s3cret", refused.Message);
        Assert.Equal("Bearer", seen.RootElement.GetProperty("scheme").GetString());
    }

    [Fact]
    public async Task Wss_uses_the_session_TLS_settings_and_an_untrusted_certificate_is_Tls()
    {
        string wss = "wss://" + SharedServer.Get().TlsUri.Authority + "/ws/echo";
        using HttpSession trusting = EngineRunner.Session(o => o.SkipCertificateCheck = true);
        using HttpSession checking = EngineRunner.Session();

        using WebSocketConnection ws = await ConnectAsync(trusting, wss);
        await ws.SendTextAsync("over tls", CancellationToken.None);
        HttpError error = await ConnectFailureAsync(checking, wss);

        Assert.Equal("over tls", (await NextMessageAsync(ws)).Text);
        Assert.Equal(ErrorKind.Tls, error.Kind);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task Dns_refused_connections_and_a_silent_upgrade_fail_with_their_kinds_within_their_limits()
    {
        using HttpSession session = EngineRunner.Session();
        HttpError dns = await ConnectFailureAsync(session, "ws://no-such-host.invalid/");
        HttpError refused = await ConnectFailureAsync(session, $"ws://127.0.0.1:{FaultTests.ClosedPort()}/");
        var clock = Stopwatch.StartNew();
        HttpError silent = await ConnectFailureAsync(session, "ws://" + SharedServer.BaseUri.Authority + "/fault/no-headers",
            o => o.ConnectTimeout = TimeSpan.FromSeconds(1));
        clock.Stop();

        Assert.Equal(ErrorKind.Dns, dns.Kind);
        Assert.Equal(ErrorKind.ConnectionRefused, refused.Kind);
        Assert.True(refused.IsTransient);
        Assert.Equal(ErrorKind.Timeout, silent.Kind);
        Assert.Contains("within 1 s", silent.Message);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Bad_addresses_are_InvalidRequest_and_http_addresses_are_taken_as_ws()
    {
        using HttpSession session = EngineRunner.Session();
        HttpError ftp = await ConnectFailureAsync(session, "ftp://127.0.0.1/x");
        HttpError relative = await ConnectFailureAsync(new HttpSession(new SessionOptions()), "ws/echo");
        using WebSocketConnection viaHttp = await ConnectAsync(session, SharedServer.BaseUri + "ws/echo?token=abc");
        using WebSocketConnection viaBase = await ConnectAsync(session, "/ws/echo");

        Assert.Equal(ErrorKind.InvalidRequest, ftp.Kind);
        Assert.Contains("'ftp'", ftp.Message);
        Assert.Equal(ErrorKind.InvalidRequest, relative.Kind);
        Assert.Equal($"ws://{SharedServer.BaseUri.Authority}/ws/echo?token=***", viaHttp.Uri);
        Assert.Equal(WebSocketState.Open, viaBase.State);
    }

    [Fact]
    public async Task Through_the_session_proxy_it_tunnels_and_an_unreachable_proxy_is_Kind_Proxy()
    {
        using TinyProxy proxy = TinyProxy.Start();
        using HttpSession proxied = EngineRunner.Session(o => o.Proxy = proxy.Uri);
        using HttpSession broken = EngineRunner.Session(o => o.Proxy = new Uri($"http://127.0.0.1:{FaultTests.ClosedPort()}/"));

        using WebSocketConnection ws = await ConnectAsync(proxied, Ws("echo"));
        await ws.SendTextAsync("through the proxy", CancellationToken.None);
        HttpError error = await ConnectFailureAsync(broken, Ws("echo"));

        Assert.Equal("through the proxy", (await NextMessageAsync(ws)).Text);
        Assert.Equal(ErrorKind.Proxy, error.Kind);
    }

    [Fact]
    public async Task A_server_close_with_4001_ends_receiving_and_leaves_its_status_and_reason_on_the_connection()
    {
        using HttpSession session = EngineRunner.Session();
        using WebSocketConnection ws = await ConnectAsync(session, Ws("close/4001?messages=2&reason=token%20expired"));

        List<object> items = await ReceiveAllAsync(ws);

        Assert.Equal(new[] { "message 1", "message 2" }, items.Cast<WebSocketMessage>().Select(m => m.Text));
        Assert.Equal(WebSocketState.Closed, ws.State);
        Assert.Equal(4001, ws.CloseStatus);
        Assert.Equal("token expired", ws.CloseReason);
        Assert.Null(ws.Error);
    }

    [Fact]
    public async Task A_close_from_the_client_completes_the_handshake_with_the_server_echoing_the_status()
    {
        using HttpSession session = EngineRunner.Session();
        using WebSocketConnection ws = await ConnectAsync(session, Ws("echo"));

        await ws.CloseAsync(4000, "done here", TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Equal(WebSocketState.Closed, ws.State);
        Assert.Equal((4000, "done here"), (ws.CloseStatus, ws.CloseReason));
        Assert.Null(await ws.ReceiveAsync(Forever, CancellationToken.None));
        var notOpen = await Assert.ThrowsAsync<WebSocketFailedException>(() => ws.SendTextAsync("late", CancellationToken.None));
        Assert.Contains("Closed", notOpen.Error.Message);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ws.CloseAsync(1005, null, TimeSpan.FromSeconds(1), CancellationToken.None));
    }

    [Fact]
    public async Task A_close_the_server_never_answers_is_dropped_after_the_timeout_as_Timeout()
    {
        using HttpSession session = EngineRunner.Session();
        using WebSocketConnection ws = await ConnectAsync(session, Ws("silent"), o => o.KeepAliveInterval = TimeSpan.Zero);
        var clock = Stopwatch.StartNew();

        var failed = await Assert.ThrowsAsync<WebSocketFailedException>(() => ws.CloseAsync(1000, null, TimeSpan.FromMilliseconds(500), CancellationToken.None));

        Assert.Equal(ErrorKind.Timeout, failed.Error.Kind);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.4), TimeSpan.FromSeconds(5));
        Assert.Equal(WebSocketState.Aborted, ws.State);
    }

    [Fact]
    public async Task A_connection_dropped_without_a_close_handshake_is_ConnectionReset_after_the_messages_that_came()
    {
        using HttpSession session = EngineRunner.Session();
        using WebSocketConnection ws = await ConnectAsync(session, Ws($"flaky/{Guid.NewGuid():N}?drops=1"));

        WebSocketMessage first = await NextMessageAsync(ws);
        WebSocketMessage second = await NextMessageAsync(ws);
        var failed = await Assert.ThrowsAsync<WebSocketFailedException>(() => ws.ReceiveAsync(TimeSpan.FromSeconds(10), CancellationToken.None));

        Assert.Equal(("1.1", "1.2"), (first.Text, second.Text));
        Assert.Equal(ErrorKind.ConnectionReset, failed.Error.Kind);
        Assert.Contains("without a close handshake", failed.Error.Message);
        Assert.Same(failed.Error, ws.Error);
        Assert.Null(await ws.ReceiveAsync(Forever, CancellationToken.None));
    }

    [Fact]
    public async Task With_reconnects_a_dropped_connection_opens_again_reporting_each_drop_and_reconnect()
    {
        using HttpSession session = EngineRunner.Session();
        using WebSocketConnection ws = await ConnectAsync(session, Ws($"flaky/{Guid.NewGuid():N}?drops=2"), o =>
        {
            o.MaximumReconnectCount = 3;
            o.ReconnectInterval = TimeSpan.FromMilliseconds(50);
        });

        List<object> items = await ReceiveAllAsync(ws);

        Assert.Equal(new[] { "1.1", "1.2", "2.1", "2.2", "3.1", "3.2" }, items.OfType<WebSocketMessage>().Select(m => m.Text));
        Assert.Equal(new long[] { 1, 2, 3, 4, 5, 6 }, items.OfType<WebSocketMessage>().Select(m => m.Index));
        var notices = items.OfType<WebSocketNotice>().Select(n => n.Message).ToList();
        Assert.Equal(4, notices.Count);
        Assert.Contains("without a close handshake", notices[0]);
        Assert.Contains("Reconnected", notices[1]);
        Assert.Contains("reconnect 2 of this connection", notices[3]);
        Assert.Equal(2, ws.Reconnects);
        Assert.Equal((1000, "last one"), (ws.CloseStatus, ws.CloseReason));
    }

    [Fact]
    public async Task Reconnects_that_keep_failing_end_with_the_last_error_after_reporting_each_attempt()
    {
        using HttpSession session = EngineRunner.Session();
        using WebSocketConnection ws = await ConnectAsync(session, Ws($"flaky/{Guid.NewGuid():N}?drops=1&refuse=1"), o =>
        {
            o.MaximumReconnectCount = 2;
            o.ReconnectInterval = TimeSpan.FromMilliseconds(50);
        });

        var items = new List<object>();
        var failed = await Assert.ThrowsAsync<WebSocketFailedException>(async () =>
        {
            while (await ws.ReceiveAsync(TimeSpan.FromSeconds(10), CancellationToken.None) is object item)
            {
                items.Add(item);
            }
        });

        Assert.Equal(2, items.OfType<WebSocketMessage>().Count());
        Assert.Contains(items.OfType<WebSocketNotice>(), n => n.Message.Contains("Reconnect attempt 1 of 2") && n.Message.Contains("503"));
        Assert.Equal(ErrorKind.HttpStatus, failed.Error.Kind);
        Assert.Equal(503, failed.Error.StatusCode);
        Assert.Contains("failed after 2 attempts", failed.Error.Message);
        Assert.Equal(0, ws.Reconnects);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("binary")]
    public async Task A_large_message_sent_in_fragments_arrives_as_one_reassembled_message(string type)
    {
        using HttpSession session = EngineRunner.Session();
        using WebSocketConnection ws = await ConnectAsync(session, Ws($"large/5000000?fragment=65536&type={type}"));

        WebSocketMessage message = await NextMessageAsync(ws);

        Assert.Equal(5_000_000, message.Length);
        byte[] bytes = message.Data ?? System.Text.Encoding.ASCII.GetBytes(message.Text!);
        Assert.Equal(5_000_000, bytes.Length);
        Assert.True(bytes.Select((b, i) => b == 'a' + i % 26).All(ok => ok));
    }

    [Fact]
    public async Task A_message_over_the_limit_is_Payload_naming_the_limit_and_ends_the_connection()
    {
        using HttpSession session = EngineRunner.Session();
        using WebSocketConnection ws = await ConnectAsync(session, Ws("large/3000000?fragment=65536"), o => o.MaxMessageSize = 1024 * 1024);

        var failed = await Assert.ThrowsAsync<WebSocketFailedException>(() => ws.ReceiveAsync(TimeSpan.FromSeconds(10), CancellationToken.None));

        Assert.Equal(ErrorKind.Payload, failed.Error.Kind);
        Assert.Contains("longer than 1 MiB", failed.Error.Message);
        Assert.Contains("1009", failed.Error.Message);
        Assert.NotEqual(WebSocketState.Open, ws.State);
    }

    [Fact]
    public async Task The_default_limit_is_the_16_MiB_of_the_longest_line()
    {
        Assert.Equal(16 * 1024 * 1024, new WebSocketOptions().MaxMessageSize);
        Assert.Equal(StreamOptions.DefaultMaxLineLength, WebSocketDefaults.MaxMessageSize);
        using HttpSession session = EngineRunner.Session();
        using WebSocketConnection ws = await ConnectAsync(session, Ws($"large/{16 * 1024 * 1024 + 1}?fragment=1048576"));

        var failed = await Assert.ThrowsAsync<WebSocketFailedException>(() => ws.ReceiveAsync(TimeSpan.FromSeconds(30), CancellationToken.None));

        Assert.Contains("longer than 16 MiB", failed.Error.Message);
    }

    [Fact]
    public async Task The_server_pings_are_answered_while_nobody_receives_so_the_connection_outlives_its_ping_timeout()
    {
        using HttpSession session = EngineRunner.Session();
        using WebSocketConnection ws = await ConnectAsync(session, Ws("ping?intervalMs=100&timeoutMs=400"));

        await Task.Delay(1500);
        await ws.SendTextAsync("still here", CancellationToken.None);

        Assert.Equal("still here", (await NextMessageAsync(ws)).Text);
        Assert.Equal(WebSocketState.Open, ws.State);
    }

    [Fact]
    public async Task A_peer_that_never_answers_pings_is_found_dead_by_the_keep_alive_timeout_as_Timeout()
    {
        using HttpSession session = EngineRunner.Session();
        using WebSocketConnection ws = await ConnectAsync(session, Ws("silent"), o =>
        {
            o.KeepAliveInterval = TimeSpan.FromMilliseconds(200);
            o.KeepAliveTimeout = TimeSpan.FromMilliseconds(500);
        });
        var clock = Stopwatch.StartNew();

        var failed = await Assert.ThrowsAsync<WebSocketFailedException>(() => ws.ReceiveAsync(TimeSpan.FromSeconds(20), CancellationToken.None));

        Assert.Equal(ErrorKind.Timeout, failed.Error.Kind);
        Assert.Contains("did not answer a keep-alive ping within 0.5 s", failed.Error.Message);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.4), TimeSpan.FromSeconds(5));
        Assert.Equal(WebSocketState.Aborted, ws.State);
    }

    [Fact]
    public async Task Without_a_keep_alive_timeout_a_silent_peer_is_only_an_idle_timeout_and_the_connection_stays()
    {
        using HttpSession session = EngineRunner.Session();
        using WebSocketConnection ws = await ConnectAsync(session, Ws("silent"), o => o.KeepAliveInterval = TimeSpan.FromMilliseconds(100));

        var failed = await Assert.ThrowsAsync<WebSocketFailedException>(() => ws.ReceiveAsync(TimeSpan.FromMilliseconds(800), CancellationToken.None));

        Assert.Equal(ErrorKind.ReadTimeout, failed.Error.Kind);
        Assert.Equal(WebSocketState.Open, ws.State);
    }

    [Fact]
    public async Task Compression_is_used_when_asked_for_and_offered_and_messages_still_round_trip()
    {
        using HttpSession session = EngineRunner.Session();
        using WebSocketConnection deflated = await ConnectAsync(session, Ws("echo?deflate=1"), o => o.Compression = true);
        using WebSocketConnection notAsked = await ConnectAsync(session, Ws("echo?deflate=1"));
        using WebSocketConnection notOffered = await ConnectAsync(session, Ws("echo"), o => o.Compression = true);
        string text = string.Concat(Enumerable.Repeat("compressible text ", 10_000));

        await deflated.SendTextAsync(text, CancellationToken.None);

        Assert.Equal(text, (await NextMessageAsync(deflated)).Text);
        Assert.True(deflated.Compressed);
        Assert.False(notAsked.Compressed);
        Assert.False(notOffered.Compressed);
    }

    [Fact]
    public async Task A_receive_cancelled_or_timed_out_loses_no_message_and_leaves_the_connection_open()
    {
        using HttpSession session = EngineRunner.Session();
        using WebSocketConnection ws = await ConnectAsync(session, Ws("feed/4?intervalMs=300"));
        WebSocketMessage first = await NextMessageAsync(ws);
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ws.ReceiveAsync(Forever, stop.Token));
        var idle = await Assert.ThrowsAsync<WebSocketFailedException>(() => ws.ReceiveAsync(TimeSpan.FromMilliseconds(20), CancellationToken.None));
        List<object> items = await ReceiveAllAsync(ws);
        items.Insert(0, first);

        Assert.Equal(ErrorKind.ReadTimeout, idle.Error.Kind);
        Assert.Equal(new[] { 1, 2, 3, 4 }, items.Cast<WebSocketMessage>().Select(m => JsonDocument.Parse(m.Text!).RootElement.GetProperty("seq").GetInt32()));
        Assert.Equal(1000, ws.CloseStatus);
    }

    [Fact]
    public async Task Closing_the_session_drops_its_WebSockets_as_Canceled()
    {
        HttpSession session = EngineRunner.Session();
        using WebSocketConnection ws = await ConnectAsync(session, Ws("echo"));

        session.Dispose();
        var failed = await Assert.ThrowsAsync<WebSocketFailedException>(() => ws.ReceiveAsync(TimeSpan.FromSeconds(5), CancellationToken.None));

        Assert.Equal(ErrorKind.Canceled, failed.Error.Kind);
        Assert.Contains("session was closed", failed.Error.Message);
    }

    [Fact]
    public async Task One_reader_at_a_time()
    {
        using HttpSession session = EngineRunner.Session();
        using WebSocketConnection ws = await ConnectAsync(session, Ws("echo"));
        Task<object?> first = ws.ReceiveAsync(Forever, CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => ws.ReceiveAsync(Forever, CancellationToken.None));
        await ws.SendTextAsync("for the first", CancellationToken.None);

        Assert.Equal("for the first", Assert.IsType<WebSocketMessage>(await first).Text);
    }

    [Fact]
    public async Task A_session_over_a_transport_of_its_own_is_refused_as_InvalidRequest()
    {
        using var transport = new System.Net.Http.HttpClientHandler();
        using HttpSession session = EngineRunner.Session(o => o.Transport = transport);

        HttpError error = await ConnectFailureAsync(session, Ws("echo"));

        Assert.Equal(ErrorKind.InvalidRequest, error.Kind);
        Assert.Contains("transport of its own", error.Message);
    }

    [Fact]
    public void Options_out_of_range_are_refused_naming_them()
    {
        Assert.Contains("KeepAliveInterval is 0", Assert.Throws<ArgumentException>(() =>
            new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero, KeepAliveTimeout = TimeSpan.FromSeconds(1) }.Validate()).Message);
        Assert.Contains("'Sec-WebSocket-Protocol'", Assert.Throws<ArgumentException>(() =>
            new WebSocketOptions { Headers = new List<KeyValuePair<string, string>> { new("Sec-WebSocket-Protocol", "x") } }.Validate()).Message);
        var options = new WebSocketOptions();
        options.SubProtocols.Add("bad protocol");
        Assert.Contains("'bad protocol'", Assert.Throws<ArgumentException>(options.Validate).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new WebSocketOptions { MaximumReconnectCount = -1 }.Validate());
    }
}
