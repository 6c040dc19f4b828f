using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AsyncHttp.TestServer;

/// <summary>httpbin-like endpoints, counters for retries, and faults that a real network produces.</summary>
internal static partial class Endpoints
{
    private static readonly string[] AllMethods = { "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND", "PURGE" };
    private static readonly byte[] Small = Encoding.ASCII.GetBytes(new string('a', 99) + "\n");
    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    public static void Map(WebApplication app, ServerState state)
    {
        app.Use(async (context, next) =>
        {
            string? run = context.Request.Query["run"];
            if (run is null)
            {
                await next(context);
                return;
            }
            RunStats stats = state.Runs.GetOrAdd(run, _ => new RunStats());
            stats.Enter();
            try
            {
                await next(context);
            }
            finally
            {
                stats.Leave(context.RequestAborted.IsCancellationRequested);
            }
        });

        app.MapMethods("/echo", AllMethods, Echo);
        app.MapMethods("/get", AllMethods, Echo);
        app.MapGet("/small", (HttpContext c) => Write(c, 200, "text/plain", Small));
        app.MapGet("/json", (HttpContext c) => Json(c, 200, new { name = "AsyncHttp", items = new[] { 1, 2, 3 }, nested = new { ok = true, ratio = 0.5 } }));
        app.MapMethods("/status/{code:int}", AllMethods, (HttpContext c, int code) =>
            Write(c, code, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes($"status {code}: the test server answered {code} as asked")));
        app.MapGet("/delay/{ms:int}", Delay);
        app.MapGet("/bytes/{n:long}", Bytes);
        app.MapGet("/redirect/{n:int}", (HttpContext c, int n) =>
        {
            if (n <= 0)
            {
                return Echo(c);
            }
            c.Response.StatusCode = 302;
            c.Response.Headers.Location = $"/redirect/{n - 1}{c.Request.QueryString}";
            return Task.CompletedTask;
        });
        app.MapGet("/cookies", (HttpContext c) => Json(c, 200, c.Request.Cookies.ToDictionary(k => k.Key, k => k.Value)));
        app.MapGet("/cookies/set", (HttpContext c) =>
        {
            foreach (var pair in c.Request.Query.Where(q => q.Key != "run"))
            {
                c.Response.Cookies.Append(pair.Key, pair.Value.ToString(), new CookieOptions { Path = "/" });
            }
            return Json(c, 200, c.Request.Query.Where(q => q.Key != "run").ToDictionary(k => k.Key, k => k.Value.ToString()));
        });
        app.MapMethods("/flaky/{key}", AllMethods, (HttpContext c, string key) => Flaky(c, key, state));
        app.MapGet("/hits/{key}", (HttpContext c, string key) =>
        {
            double[] times = state.Hits.TryGetValue(key, out var queue) ? queue.ToArray() : Array.Empty<double>();
            return Json(c, 200, new { count = times.Length, times = times.Select(t => t - (times.Length > 0 ? times[0] : 0)).ToArray() });
        });
        app.MapGet("/stats/{run}", (HttpContext c, string run) => Json(c, 200, state.Runs.GetOrAdd(run, _ => new RunStats()).ToJson()));

        MapFaults(app);
        MapStreams(app);
        MapSessions(app);
        WebSocketEndpoints.Map(app);
        MapBodies(app, state);
        MapEdges(app);
    }

    /// <summary>Responses that try a client's limits: bodies larger than they look, lies about their size, broken encodings.</summary>
    private static void MapEdges(WebApplication app)
    {
        // n MiB of zeros, gzip-compressed on the fly (about 1 KiB per MiB on the wire).
        app.MapGet("/edge/gzip-bomb/{mib:int}", async (HttpContext c, int mib) =>
        {
            c.Response.ContentType = "application/octet-stream";
            c.Response.Headers.ContentEncoding = "gzip";
            byte[] zeros = new byte[1024 * 1024];
            await using var gzip = new System.IO.Compression.GZipStream(c.Response.Body, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true);
            for (int i = 0; i < mib && !c.RequestAborted.IsCancellationRequested; i++)
            {
                await gzip.WriteAsync(zeros, c.RequestAborted);
            }
        });
        // Claims a body of n bytes; sends 10, then drops the connection.
        app.MapGet("/edge/claims-length/{n:long}", async (HttpContext c, long n) =>
        {
            c.Response.ContentLength = n;
            await c.Response.Body.WriteAsync(Pattern(10));
            await c.Response.Body.FlushAsync();
            await Wait(TimeSpan.FromMilliseconds(100), c.RequestAborted);
            c.Abort();
        });
        // Says gzip; is not.
        app.MapGet("/edge/bad-gzip", (HttpContext c) =>
        {
            c.Response.Headers.ContentEncoding = "gzip";
            return Write(c, 200, "text/plain", Encoding.ASCII.GetBytes("this is not gzip at all, only text that says it is\n"));
        });
    }

    private static void MapSessions(WebApplication app)
    {
        // 200 when Basic credentials match, else 401 with a challenge.
        app.MapGet("/basic-auth/{user}/{password}", (HttpContext c, string user, string password) =>
        {
            string expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));
            if (c.Request.Headers.Authorization == expected)
            {
                return Json(c, 200, new { authenticated = true, user });
            }
            c.Response.Headers.WWWAuthenticate = "Basic realm=\"test\"";
            return Write(c, 401, "text/plain", Encoding.UTF8.GetBytes("credentials required"));
        });
        app.MapGet("/bearer", (HttpContext c) =>
        {
            string? header = c.Request.Headers.Authorization;
            if (header is not null && header.StartsWith("Bearer ", StringComparison.Ordinal))
            {
                return Json(c, 200, new { authenticated = true, token = header["Bearer ".Length..] });
            }
            c.Response.Headers.WWWAuthenticate = "Bearer";
            return Write(c, 401, "text/plain", Encoding.UTF8.GetBytes("token required"));
        });
        // Redirects to any URL with the status asked for (302 by default).
        app.MapMethods("/redirect-to", AllMethods, (HttpContext c) =>
        {
            c.Response.StatusCode = QueryInt(c, "status", 302);
            c.Response.Headers.Location = c.Request.Query["url"].ToString();
            return Task.CompletedTask;
        });
        // The same JSON, compressed as named, with Content-Encoding set.
        app.MapGet("/compressed/{encoding}", async (HttpContext c, string encoding) =>
        {
            byte[] json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new { compressed = encoding, text = new string('z', 2000) });
            var buffer = new MemoryStream();
            using (Stream compressor = encoding switch
            {
                "gzip" => new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true),
                "deflate" => new System.IO.Compression.ZLibStream(buffer, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true),
                "br" => new System.IO.Compression.BrotliStream(buffer, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true),
                _ => throw new ArgumentException(encoding),
            })
            {
                compressor.Write(json);
            }
            c.Response.Headers.ContentEncoding = encoding;
            await Write(c, 200, "application/json", buffer.ToArray());
        });
        // On the mutual-TLS listener: who the client certificate says it is.
        app.MapGet("/client-cert", (HttpContext c) =>
            Json(c, 200, new { subject = c.Connection.ClientCertificate?.Subject, protocol = c.Request.Protocol }));
        app.MapGet("/protocol", (HttpContext c) => Json(c, 200, new
        {
            protocol = c.Request.Protocol,
            tls = c.Features.Get<Microsoft.AspNetCore.Connections.Features.ITlsHandshakeFeature>()?.Protocol.ToString(),
        }));
    }

    private static void MapStreams(WebApplication app)
    {
        // n lines, one flushed every intervalMs.
        app.MapGet("/lines/{n:int}", async (HttpContext c, int n) =>
        {
            int interval = QueryInt(c, "intervalMs", 0);
            c.Response.ContentType = "text/plain; charset=utf-8";
            for (int i = 1; i <= n && !c.RequestAborted.IsCancellationRequested; i++)
            {
                await c.Response.WriteAsync($"line {i} é\n", c.RequestAborted);
                await c.Response.Body.FlushAsync(c.RequestAborted);
                if (interval > 0)
                {
                    await Wait(TimeSpan.FromMilliseconds(interval), c.RequestAborted);
                }
            }
        });
        // Lines in ISO-8859-1, with CRLF endings and no final line break.
        app.MapGet("/latin1", async (HttpContext c) =>
        {
            c.Response.ContentType = "text/plain; charset=iso-8859-1";
            await c.Response.Body.WriteAsync(Encoding.Latin1.GetBytes("café\r\nnaïve\r\nlast"));
        });
        // One line, flushed at once; then the response stays open for holdMs before a second line.
        app.MapGet("/hold-line", async (HttpContext c) =>
        {
            c.Response.ContentType = "text/plain";
            await c.Response.WriteAsync("first\n");
            await c.Response.Body.FlushAsync();
            await Wait(TimeSpan.FromMilliseconds(QueryInt(c, "holdMs", 2000)), c.RequestAborted);
            await c.Response.WriteAsync("second\n");
        });
        // n JSON lines; line number `bad` is not JSON; blank lines between are skipped by readers.
        app.MapGet("/ndjson/{n:int}", async (HttpContext c, int n) =>
        {
            int bad = QueryInt(c, "bad", 0), interval = QueryInt(c, "intervalMs", 0);
            c.Response.ContentType = "application/x-ndjson";
            for (int i = 1; i <= n && !c.RequestAborted.IsCancellationRequested; i++)
            {
                string line = i == bad ? "{not json" : System.Text.Json.JsonSerializer.Serialize(new { n = i, name = $"item {i}", tags = new[] { "a", "b" } });
                await c.Response.WriteAsync(line + "\n", c.RequestAborted);
                await c.Response.Body.FlushAsync(c.RequestAborted);
                if (interval > 0)
                {
                    await Wait(TimeSpan.FromMilliseconds(interval), c.RequestAborted);
                }
            }
        });
        // Server-sent events: comments, named events, multi-line data, ids, retry, an empty-data block, CRLF endings.
        app.MapGet("/sse", async (HttpContext c) =>
        {
            int interval = QueryInt(c, "intervalMs", 0);
            c.Response.ContentType = "text/event-stream";
            string[] blocks =
            {
                ": a comment the reader ignores\n\n",
                "data: first\n\n",
                "event: update\nid: 7\ndata: line one\ndata: line two\n\n",
                "retry: 1500\r\ndata:no space\r\n\r\n",
                "event: empty\n\n",
                "data\n\n",
                "event: tail\ndata: carries id 7\n\n",
                "data: never dispatched, no blank line",
            };
            foreach (string block in blocks)
            {
                await c.Response.WriteAsync(block, c.RequestAborted);
                await c.Response.Body.FlushAsync(c.RequestAborted);
                if (interval > 0)
                {
                    await Wait(TimeSpan.FromMilliseconds(interval), c.RequestAborted);
                }
            }
        });
        // n generated bytes, never stored: Range and If-Range (strong ETag), failAt drops the connection, noranges ignores Range.
        app.MapGet("/large/{n:long}", Large);
    }

    private static async Task Large(HttpContext c, long n)
    {
        string etag = $"\"large-{n}-{c.Request.Query["version"]}\"";
        long failAt = c.Request.Query.ContainsKey("failAt") ? long.Parse(c.Request.Query["failAt"]!) : -1;
        long start = 0;
        string? range = c.Request.Headers.Range;
        string? ifRange = c.Request.Headers.IfRange;
        bool rangesAllowed = c.Request.Query["noranges"] != "1";
        c.Response.Headers.ETag = etag;
        c.Response.ContentType = "application/octet-stream";
        if (rangesAllowed)
        {
            c.Response.Headers.AcceptRanges = "bytes";
        }
        if (rangesAllowed && range is not null && range.StartsWith("bytes=") && range.EndsWith("-") && (ifRange is null || ifRange == etag))
        {
            start = long.Parse(range["bytes=".Length..^1]);
            if (start >= n)
            {
                c.Response.StatusCode = 416;
                c.Response.Headers.ContentRange = $"bytes */{n}";
                return;
            }
            c.Response.StatusCode = 206;
            c.Response.Headers.ContentRange = $"bytes {start}-{n - 1}/{n}";
        }
        c.Response.ContentLength = n - start;
        byte[] block = new byte[64 * 1024];
        for (long position = start; position < n && !c.RequestAborted.IsCancellationRequested;)
        {
            int size = (int)Math.Min(block.Length, n - position);
            Buffer.BlockCopy(LargePattern, (int)(position % 251), block, 0, size);
            if (failAt >= 0 && position + size > failAt)
            {
                size = (int)(failAt - position);
                await c.Response.Body.WriteAsync(block.AsMemory(0, size));
                await c.Response.Body.FlushAsync();
                await Wait(TimeSpan.FromMilliseconds(100), c.RequestAborted);
                c.Abort();
                return;
            }
            await c.Response.Body.WriteAsync(block.AsMemory(0, size), c.RequestAborted);
            position += size;
        }
    }

    /// <summary>Byte i of every /large body is (i * 31) % 251: this holds any 64 KiB window of it.</summary>
    private static readonly byte[] LargePattern = Enumerable.Range(0, 64 * 1024 + 251).Select(i => (byte)((long)i * 31 % 251)).ToArray();

    private static int QueryInt(HttpContext c, string name, int fallback) =>
        int.TryParse(c.Request.Query[name], out int value) ? value : fallback;

    private static void MapFaults(WebApplication app)
    {
        // The connection is dropped before any response.
        app.MapMethods("/fault/reset", AllMethods, (HttpContext c) =>
        {
            c.Abort();
            return Task.CompletedTask;
        });
        // Headers promise 2n bytes; n arrive, then the connection drops.
        app.MapGet("/fault/truncate/{n:int}", async (HttpContext c, int n) =>
        {
            c.Response.ContentLength = 2L * n;
            await c.Response.Body.WriteAsync(Pattern(n));
            await c.Response.Body.FlushAsync();
            // Let the client read what was sent before the connection drops, so it sees a body cut short.
            await Wait(TimeSpan.FromMilliseconds(100), c.RequestAborted);
            c.Abort();
        });
        // A chunked body that stops without its final chunk.
        app.MapGet("/fault/chunked/{n:int}", async (HttpContext c, int n) =>
        {
            await c.Response.Body.WriteAsync(Pattern(n));
            await c.Response.Body.FlushAsync();
            // Let the client read what was sent before the connection drops, so it sees a body cut short.
            await Wait(TimeSpan.FromMilliseconds(100), c.RequestAborted);
            c.Abort();
        });
        // The request is read, and no headers are ever sent.
        app.MapGet("/fault/no-headers", async (HttpContext c) => await Wait(Timeout.InfiniteTimeSpan, c.RequestAborted));
        // Headers and n bytes, then silence.
        app.MapGet("/fault/stall/{n:int}", async (HttpContext c, int n) =>
        {
            c.Response.ContentLength = 2L * n;
            await c.Response.Body.WriteAsync(Pattern(n));
            await c.Response.Body.FlushAsync();
            await Wait(Timeout.InfiniteTimeSpan, c.RequestAborted);
        });
        // n bytes, one every intervalMs.
        app.MapGet("/fault/trickle/{n:int}", async (HttpContext c, int n) =>
        {
            int interval = int.TryParse(c.Request.Query["intervalMs"], out int ms) ? ms : 100;
            c.Response.ContentLength = n;
            for (int i = 0; i < n && !c.RequestAborted.IsCancellationRequested; i++)
            {
                await c.Response.Body.WriteAsync(Pattern(1));
                await c.Response.Body.FlushAsync();
                await Wait(TimeSpan.FromMilliseconds(interval), c.RequestAborted);
            }
        });
        app.MapGet("/fault/malformed-json", (HttpContext c) => Write(c, 200, "application/json", Encoding.UTF8.GetBytes("{\"name\": \"cut")));
        MapPaging(app);
    }

    /// <summary>
    /// Pages linked as APIs link them: /pages/{page}?of=N (relative "next" links, absolute "first"; no "next" on the
    /// last; ?fail=K answers page K with 500), and /pages/loop, whose "next" is itself.
    /// </summary>
    private static void MapPaging(WebApplication app)
    {
        app.MapMethods("/pages/{page:int}", AllMethods, (HttpContext c, int page) =>
        {
            int of = int.TryParse(c.Request.Query["of"], out int n) ? n : 3;
            string query = c.Request.QueryString.Value ?? string.Empty;
            var links = new List<string> { $"<{c.Request.Scheme}://{c.Request.Host}/pages/1{query}>; rel=\"first\"" };
            if (page < of)
            {
                links.Add($"<{page + 1}{query}>; rel=\"next\"");
            }
            c.Response.Headers["Link"] = string.Join(", ", links);
            bool fail = int.TryParse(c.Request.Query["fail"], out int failAt) && failAt == page;
            return Json(c, fail ? 500 : 200, new { page, of, method = c.Request.Method });
        });
        app.MapGet("/pages/loop", (HttpContext c) =>
        {
            c.Response.Headers["Link"] = "</pages/loop>; rel=\"next\"";
            return Json(c, 200, new { page = "loop" });
        });
    }

    private static Task Echo(HttpContext c) => EchoAsync(c);

    private static async Task EchoAsync(HttpContext c)
    {
        string body;
        using (var reader = new StreamReader(c.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(c.RequestAborted);
        }
        await Json(c, 200, new
        {
            method = c.Request.Method,
            path = c.Request.Path.Value,
            query = c.Request.Query.ToDictionary(k => k.Key, k => k.Value.ToString()),
            headers = c.Request.Headers.ToDictionary(k => k.Key, k => k.Value.ToString()),
            cookies = c.Request.Cookies.ToDictionary(k => k.Key, k => k.Value),
            body,
        });
    }

    private static async Task Delay(HttpContext c, int ms)
    {
        if (!await Wait(TimeSpan.FromMilliseconds(ms), c.RequestAborted))
        {
            return;
        }
        await Json(c, 200, new { delayed = ms });
    }

    private static async Task Bytes(HttpContext c, long n)
    {
        c.Response.ContentType = "application/octet-stream";
        c.Response.ContentLength = n;
        byte[] chunk = Pattern((int)Math.Min(n, 64 * 1024));
        for (long sent = 0; sent < n && !c.RequestAborted.IsCancellationRequested;)
        {
            int size = (int)Math.Min(chunk.Length, n - sent);
            await c.Response.Body.WriteAsync(chunk.AsMemory(0, size), c.RequestAborted);
            sent += size;
        }
    }

    /// <summary>Fails the first `fail` hits of a key with `status` (and Retry-After when asked), then succeeds.</summary>
    private static Task Flaky(HttpContext c, string key, ServerState state)
    {
        ConcurrentQueue<double> hits = state.Hits.GetOrAdd(key, _ => new ConcurrentQueue<double>());
        hits.Enqueue(Clock.Elapsed.TotalMilliseconds);
        int fail = int.TryParse(c.Request.Query["fail"], out int f) ? f : 2;
        int status = int.TryParse(c.Request.Query["status"], out int s) ? s : 503;
        if (hits.Count <= fail)
        {
            string? retryAfter = c.Request.Query["retryAfter"];
            if (retryAfter == "date")
            {
                c.Response.Headers.RetryAfter = DateTimeOffset.UtcNow.AddSeconds(2).ToString("R");
            }
            else if (retryAfter is not null)
            {
                c.Response.Headers.RetryAfter = retryAfter;
            }
            if (c.Request.Query["reset"] == "1")
            {
                c.Abort();
                return Task.CompletedTask;
            }
            return Write(c, status, "text/plain", Encoding.UTF8.GetBytes($"failing {key}: hit {hits.Count} of {fail}"));
        }
        return Json(c, 200, new { key, hits = hits.Count });
    }

    private static async Task<bool> Wait(TimeSpan delay, CancellationToken aborted)
    {
        try
        {
            await Task.Delay(delay, aborted);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static Task Write(HttpContext c, int status, string contentType, byte[] body)
    {
        c.Response.StatusCode = status;
        c.Response.ContentType = contentType;
        c.Response.ContentLength = body.Length;
        return c.Response.Body.WriteAsync(body, 0, body.Length, c.RequestAborted);
    }

    private static Task Json(HttpContext c, int status, object value) =>
        Write(c, status, "application/json; charset=utf-8", System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(value));

    private static byte[] Pattern(int n)
    {
        var bytes = new byte[n];
        for (int i = 0; i < n; i++)
        {
            bytes[i] = (byte)('a' + (i % 26));
        }
        return bytes;
    }
}
