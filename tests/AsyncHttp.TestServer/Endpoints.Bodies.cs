using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AsyncHttp.TestServer;

/// <summary>Bodies as users send and receive them: binary, multipart, charsets, and any method.</summary>
internal static partial class Endpoints
{
    /// <summary>8,090 bytes that start like a PNG and hold every byte value, so that any text decoding would change them.</summary>
    public static readonly byte[] Png = MakePng(8090);

    private static void MapBodies(WebApplication app, ServerState state)
    {
        // Any method, any path below: the echo, so that a custom method (BREW, MERGE) can be seen arriving.
        app.Map("/anything/{**rest}", Echo);
        app.MapGet("/png", (HttpContext c) =>
        {
            c.Response.Headers["X-Sha256"] = Sha256(Png);
            return Write(c, 200, "image/png", Png);
        });
        // The request body back as it came, with its hash: bytes must round-trip unchanged.
        app.MapMethods("/bytes-echo", new[] { "POST", "PUT" }, async (HttpContext c) =>
        {
            byte[] body = await ReadAll(c);
            c.Response.Headers["X-Sha256"] = Sha256(body);
            await Write(c, 200, c.Request.ContentType ?? "application/octet-stream", body);
        });
        // "café ☕" in the encoding asked for (enc), declared as charset (or not: declare=none), after a BOM when bom=1.
        app.MapGet("/encoded", (HttpContext c) =>
        {
            string name = c.Request.Query["enc"].ToString() is { Length: > 0 } enc ? enc : "utf-8";
            Encoding encoding = name == "latin1" ? Encoding.Latin1 : Encoding.GetEncoding(name);
            string text = name == "latin1" ? "café crème" : "café crème ☕";
            byte[] body = encoding.GetBytes(text);
            if (c.Request.Query["bom"] == "1")
            {
                body = encoding.GetPreamble().Concat(body).ToArray();
            }
            string declare = c.Request.Query["declare"].ToString() is { Length: > 0 } d ? d : name;
            return Write(c, 200, declare == "none" ? "text/plain" : $"text/plain; charset={declare}", body);
        });
        // Each part of a multipart/form-data body: its name, file name, content type, length and SHA-256.
        // With fail=N the first N hits of a key read the whole body and answer 503, so a retry must send the files again.
        app.MapPost("/multipart/{key}", async (HttpContext c, string key) =>
        {
            ConcurrentQueue<double> hits = state.Hits.GetOrAdd("multipart-" + key, _ => new ConcurrentQueue<double>());
            hits.Enqueue(Clock.Elapsed.TotalMilliseconds);
            int fail = int.TryParse(c.Request.Query["fail"], out int f) ? f : 0;
            if (!c.Request.HasFormContentType || !c.Request.ContentType!.StartsWith("multipart/form-data", StringComparison.Ordinal))
            {
                await Write(c, 415, "text/plain", Encoding.UTF8.GetBytes($"not multipart: {c.Request.ContentType}"));
                return;
            }
            if (hits.Count <= fail)
            {
                await ReadAll(c);
                await Write(c, 503, "text/plain", Encoding.UTF8.GetBytes($"failing {key}: hit {hits.Count} of {fail}"));
                return;
            }
            var reader = new Microsoft.AspNetCore.WebUtilities.MultipartReader(
                Microsoft.Net.Http.Headers.HeaderUtilities.RemoveQuotes(Microsoft.Net.Http.Headers.MediaTypeHeaderValue.Parse(c.Request.ContentType).Boundary).Value!,
                c.Request.Body);
            var parts = new System.Collections.Generic.List<object>();
            while (await reader.ReadNextSectionAsync(c.RequestAborted) is { } section)
            {
                var disposition = Microsoft.Net.Http.Headers.ContentDispositionHeaderValue.Parse(section.ContentDisposition);
                var buffer = new MemoryStream();
                await section.Body.CopyToAsync(buffer, c.RequestAborted);
                byte[] bytes = buffer.ToArray();
                parts.Add(new
                {
                    name = disposition.Name.Value?.Trim('"'),
                    filename = disposition.FileName.Value?.Trim('"'),
                    contentType = section.ContentType,
                    length = bytes.Length,
                    sha256 = Sha256(bytes),
                    text = disposition.FileName.HasValue ? null : Encoding.UTF8.GetString(bytes),
                });
            }
            await Json(c, 200, new { hits = hits.Count, parts });
        });
    }

    private static async Task<byte[]> ReadAll(HttpContext c)
    {
        var buffer = new MemoryStream();
        await c.Request.Body.CopyToAsync(buffer, c.RequestAborted);
        return buffer.ToArray();
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

    private static byte[] MakePng(int length)
    {
        var bytes = new byte[length];
        new Random(8090).NextBytes(bytes);
        byte[] signature = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };
        signature.CopyTo(bytes, 0);
        for (int i = 0; i < 256; i++)
        {
            bytes[8 + i] = (byte)i;
        }
        return bytes;
    }
}
