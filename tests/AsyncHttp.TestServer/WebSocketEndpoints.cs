using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AsyncHttp.TestServer;

/// <summary>WebSocket endpoints under /ws/: echoes, feeds, closes, pings, large and fragmented messages, and faults.</summary>
internal static class WebSocketEndpoints
{
    private static readonly ConcurrentDictionary<string, int> Connections = new();

    public static void Map(WebApplication app)
    {
        app.UseWebSockets();

        // Each message back as it came, text or binary; the first sub-protocol asked for is accepted;
        // ?deflate=1 accepts permessage-deflate when the client offers it.
        app.MapGet("/ws/echo", (HttpContext c) => Serve(c, async ws =>
        {
            byte[] buffer = new byte[64 * 1024];
            while (true)
            {
                (WebSocketMessageType type, byte[] message)? received = await ReceiveAsync(ws, buffer, c.RequestAborted);
                if (received is null)
                {
                    return;
                }
                await ws.SendAsync(received.Value.message, received.Value.type, true, c.RequestAborted);
            }
        }));
        // Each text message parsed as JSON and sent back inside {"echo": ..., "n": <message number>}.
        app.MapGet("/ws/json", (HttpContext c) => Serve(c, async ws =>
        {
            byte[] buffer = new byte[64 * 1024];
            for (int n = 1; ; n++)
            {
                (WebSocketMessageType type, byte[] message)? received = await ReceiveAsync(ws, buffer, c.RequestAborted);
                if (received is null)
                {
                    return;
                }
                object reply;
                try
                {
                    reply = new { echo = JsonSerializer.Deserialize<JsonElement>(received.Value.message), n };
                }
                catch (JsonException ex)
                {
                    reply = new { error = ex.Message, n };
                }
                await ws.SendAsync(JsonSerializer.SerializeToUtf8Bytes(reply), WebSocketMessageType.Text, true, c.RequestAborted);
            }
        }));
        // One JSON message with the upgrade request's headers, cookies and query; then a normal close.
        app.MapGet("/ws/headers", (HttpContext c) => Serve(c, async ws =>
        {
            var seen = new
            {
                headers = c.Request.Headers.ToDictionary(k => k.Key, k => k.Value.ToString()),
                cookies = c.Request.Cookies.ToDictionary(k => k.Key, k => k.Value),
                query = c.Request.Query.ToDictionary(k => k.Key, k => k.Value.ToString()),
                subProtocol = ws.SubProtocol,
            };
            await ws.SendAsync(JsonSerializer.SerializeToUtf8Bytes(seen), WebSocketMessageType.Text, true, c.RequestAborted);
            await CloseAsync(ws, WebSocketCloseStatus.NormalClosure, "done", c.RequestAborted);
        }));
        // Sends ?messages=N text messages (default 0), then closes with the status and ?reason= asked for.
        app.MapGet("/ws/close/{code:int}", (HttpContext c, int code) => Serve(c, async ws =>
        {
            for (int i = 1; i <= QueryInt(c, "messages", 0); i++)
            {
                await ws.SendAsync(Encoding.UTF8.GetBytes($"message {i}"), WebSocketMessageType.Text, true, c.RequestAborted);
            }
            await CloseAsync(ws, (WebSocketCloseStatus)code, c.Request.Query["reason"].ToString(), c.RequestAborted);
        }));
        // n JSON messages {"seq": i}, one every ?intervalMs= (default 0), then a normal close; stops early when the client goes.
        app.MapGet("/ws/feed/{n:int}", (HttpContext c, int n) => Serve(c, async ws =>
        {
            int interval = QueryInt(c, "intervalMs", 0);
            Task<WebSocketReceiveResult> closing = ws.ReceiveAsync(new byte[1024], c.RequestAborted);
            for (int i = 1; i <= n && !closing.IsCompleted; i++)
            {
                byte[] message = JsonSerializer.SerializeToUtf8Bytes(new { seq = i, time = DateTimeOffset.UtcNow });
                await ws.SendAsync(message, WebSocketMessageType.Text, true, c.RequestAborted);
                if (interval > 0)
                {
                    await Task.WhenAny(closing, Task.Delay(interval, c.RequestAborted));
                }
            }
            await CloseAsync(ws, WebSocketCloseStatus.NormalClosure, "end of feed", c.RequestAborted);
        }));
        // Pings the client every ?intervalMs= (default 100) and drops it when a pong is ?timeoutMs= (default 500) late;
        // otherwise an echo.
        app.MapGet("/ws/ping", (HttpContext c) => Serve(c, async ws =>
        {
            byte[] buffer = new byte[64 * 1024];
            while (true)
            {
                (WebSocketMessageType type, byte[] message)? received = await ReceiveAsync(ws, buffer, c.RequestAborted);
                if (received is null)
                {
                    return;
                }
                await ws.SendAsync(received.Value.message, received.Value.type, true, c.RequestAborted);
            }
        }, new WebSocketAcceptContext
        {
            KeepAliveInterval = TimeSpan.FromMilliseconds(QueryInt(c, "intervalMs", 100)),
            KeepAliveTimeout = TimeSpan.FromMilliseconds(QueryInt(c, "timeoutMs", 500)),
        }));
        // One message of n bytes (?type=text or binary, the default), sent in fragments of ?fragment= bytes (64 KiB by default);
        // byte i is 'a' + i % 26. Then waits for the client to close.
        app.MapGet("/ws/large/{n:int}", (HttpContext c, int n) => Serve(c, async ws =>
        {
            int fragment = QueryInt(c, "fragment", 64 * 1024);
            var type = c.Request.Query["type"] == "text" ? WebSocketMessageType.Text : WebSocketMessageType.Binary;
            byte[] block = new byte[fragment];
            for (int sent = 0; sent < n;)
            {
                int size = Math.Min(fragment, n - sent);
                for (int i = 0; i < size; i++)
                {
                    block[i] = (byte)('a' + (sent + i) % 26);
                }
                sent += size;
                await ws.SendAsync(block.AsMemory(0, size), type, sent == n, c.RequestAborted);
            }
            await ReceiveAsync(ws, new byte[1024], c.RequestAborted);
        }));
        // Connection k of a key sends ?messages= text messages "k.i" (default 2); connections up to ?drops= (default 1)
        // then drop without a close frame, later ones close normally. With ?refuse=1, upgrades after the first drop get 503.
        app.MapGet("/ws/flaky/{key}", (HttpContext c, string key) =>
        {
            int connection = Connections.AddOrUpdate(key, 1, (_, n) => n + 1);
            int drops = QueryInt(c, "drops", 1);
            if (connection > 1 && c.Request.Query["refuse"] == "1")
            {
                return Write(c, 503, $"connection {connection} of {key} refused");
            }
            return Serve(c, async ws =>
            {
                for (int i = 1; i <= QueryInt(c, "messages", 2); i++)
                {
                    await ws.SendAsync(Encoding.UTF8.GetBytes($"{connection}.{i}"), WebSocketMessageType.Text, true, c.RequestAborted);
                }
                if (connection <= drops)
                {
                    await Task.Delay(50, c.RequestAborted);
                    c.Abort();
                    return;
                }
                await CloseAsync(ws, WebSocketCloseStatus.NormalClosure, "last one", c.RequestAborted);
            });
        });
        // 200 with the upgrade only with an Authorization header: then one JSON message naming its scheme, and a normal
        // close. Without one: 401, a challenge and a body, no upgrade.
        app.MapGet("/ws/auth", (HttpContext c) =>
        {
            string? authorization = c.Request.Headers.Authorization;
            if (string.IsNullOrEmpty(authorization))
            {
                c.Response.Headers.WWWAuthenticate = "Bearer";
                return Write(c, 401, "a token is required for this feed");
            }
            return Serve(c, async ws =>
            {
                string scheme = authorization.Split(' ')[0];
                await ws.SendAsync(JsonSerializer.SerializeToUtf8Bytes(new { scheme }), WebSocketMessageType.Text, true, c.RequestAborted);
                await CloseAsync(ws, WebSocketCloseStatus.NormalClosure, "done", c.RequestAborted);
            });
        });
        // Completes the upgrade handshake by hand, then never reads or writes: pings go unanswered, as with a dead peer.
        app.MapGet("/ws/silent", async (HttpContext c) =>
        {
            IHttpUpgradeFeature upgrade = c.Features.Get<IHttpUpgradeFeature>()!;
            string? key = c.Request.Headers["Sec-WebSocket-Key"];
            if (!upgrade.IsUpgradableRequest || key is null)
            {
                await Write(c, 400, "not a WebSocket request");
                return;
            }
            c.Response.Headers.Upgrade = "websocket";
            c.Response.Headers["Sec-WebSocket-Accept"] = AcceptKey(key);
            using Stream stream = await upgrade.UpgradeAsync();
            try
            {
                await Task.Delay(Timeout.Infinite, c.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    private static async Task Serve(HttpContext c, Func<WebSocket, Task> talk, WebSocketAcceptContext? accept = null)
    {
        if (!c.WebSockets.IsWebSocketRequest)
        {
            await Write(c, 400, "not a WebSocket request");
            return;
        }
        accept ??= new WebSocketAcceptContext();
        accept.SubProtocol = c.WebSockets.WebSocketRequestedProtocols.FirstOrDefault();
        accept.DangerousEnableCompression = c.Request.Query["deflate"] == "1";
        using WebSocket ws = await c.WebSockets.AcceptWebSocketAsync(accept);
        try
        {
            await talk(ws);
        }
        catch (Exception ex) when (ex is OperationCanceledException || ex is WebSocketException || ex is IOException)
        {
            // The client went away; nothing to answer.
        }
    }

    /// <summary>One whole message, or null when the client closed (the close is answered).</summary>
    private static async Task<(WebSocketMessageType, byte[])?> ReceiveAsync(WebSocket ws, byte[] buffer, CancellationToken aborted)
    {
        using var message = new MemoryStream();
        while (true)
        {
            WebSocketReceiveResult result = await ws.ReceiveAsync(buffer, aborted);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await CloseAsync(ws, result.CloseStatus ?? WebSocketCloseStatus.NormalClosure, result.CloseStatusDescription, aborted);
                return null;
            }
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return (result.MessageType, message.ToArray());
            }
        }
    }

    private static async Task CloseAsync(WebSocket ws, WebSocketCloseStatus status, string? reason, CancellationToken aborted)
    {
        if (ws.State == WebSocketState.Open || ws.State == WebSocketState.CloseReceived)
        {
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(aborted);
            bounded.CancelAfter(TimeSpan.FromSeconds(5));
            await ws.CloseAsync(status, reason, bounded.Token);
        }
    }

    private static string AcceptKey(string key) =>
        Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));

    private static int QueryInt(HttpContext c, string name, int fallback) =>
        int.TryParse(c.Request.Query[name], out int value) ? value : fallback;

    private static Task Write(HttpContext c, int status, string text)
    {
        byte[] body = Encoding.UTF8.GetBytes(text);
        c.Response.StatusCode = status;
        c.Response.ContentType = "text/plain; charset=utf-8";
        c.Response.ContentLength = body.Length;
        return c.Response.Body.WriteAsync(body, 0, body.Length, c.RequestAborted);
    }
}
