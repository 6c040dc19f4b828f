using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncHttp.RawClient;

/// <summary>What the module is measured against: plain HttpClient loops, nothing more than each scenario needs.</summary>
public static class RawHttp
{
    private const int BufferSize = 64 * 1024;
    private static readonly HttpClient Client = new(new SocketsHttpHandler()) { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>GETs of one URL at a concurrency, each body read as a string; returns the successes.</summary>
    public static int Small(string url, int requests, int concurrency)
    {
        int ok = 0;
        Parallel.ForEachAsync(Enumerable.Range(0, requests), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (_, token) =>
        {
            using HttpResponseMessage response = await Client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, token);
            await response.Content.ReadAsStringAsync(token);
            if (response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref ok);
            }
        }).GetAwaiter().GetResult();
        return ok;
    }

    /// <summary>One body read in 64 KiB reads, as Receive-HttpStream -As Chunks reads it; returns its length.</summary>
    public static long Chunks(string url)
    {
        using HttpResponseMessage response = Client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead).GetAwaiter().GetResult();
        using Stream body = response.Content.ReadAsStream();
        byte[] buffer = new byte[BufferSize];
        long total = 0;
        int read;
        while ((read = body.ReadAsync(buffer).AsTask().GetAwaiter().GetResult()) > 0)
        {
            total += read;
        }
        return total;
    }

    /// <summary>One body copied to a file with SHA-256 in one loop, as -OutFile reports it; returns its length.</summary>
    public static long CopyWithSha256(string url, string path)
    {
        using HttpResponseMessage response = Client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead).GetAwaiter().GetResult();
        using Stream body = response.Content.ReadAsStream();
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 128 * 1024, useAsync: true);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = new byte[128 * 1024];
        long total = 0;
        int read;
        while ((read = body.ReadAsync(buffer).AsTask().GetAwaiter().GetResult()) > 0)
        {
            sha.AppendData(buffer, 0, read);
            file.WriteAsync(buffer.AsMemory(0, read)).AsTask().GetAwaiter().GetResult();
            total += read;
        }
        sha.GetHashAndReset();
        return total;
    }
}
