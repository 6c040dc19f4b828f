using System;
using System.Diagnostics;
using System.IO;
using System.Management.Automation.Runspaces;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncHttp.Bench;

/// <summary>
/// Streaming: a 1 GiB download with Receive-HttpStream -OutFile against raw HttpClient copying the same body to a
/// file, in the same run; then the working-set growth while 2 GiB go to a file and to -As Chunks.
/// </summary>
internal static class StreamBench
{
    private const long GiB = 1L << 30;
    private const double MiB = 1 << 20;

    public static async Task RunAsync(Runspace runspace, string baseUri, int rounds)
    {
        string folder = Directory.CreateTempSubdirectory("asynchttp-bench-").FullName;
        try
        {
            string url = baseUri + "large/" + GiB;
            string path = Path.Combine(folder, "body.bin");
            runspace.SessionStateProxy.SetVariable("url", url);
            runspace.SessionStateProxy.SetVariable("path", path);
            runspace.SessionStateProxy.SetVariable("ProgressPreference", "SilentlyContinue");

            Console.WriteLine();
            Console.WriteLine("| 1 GiB to a file | wall (median) | rate |");
            Console.WriteLine("|---|---:|---:|");
            var raw = new TimeSpan[rounds];
            var rawHashed = new TimeSpan[rounds];
            var module = new TimeSpan[rounds];
            for (int round = 0; round < rounds; round++)
            {
                raw[round] = await RawCopyAsync(url, path, hash: false);
                rawHashed[round] = await RawCopyAsync(url, path, hash: true);
                module[round] = Measure(() => Program.Invoke(runspace, "Receive-HttpStream $url -OutFile $path | Out-Null"));
            }
            TimeSpan rawMedian = Median(raw), hashedMedian = Median(rawHashed), moduleMedian = Median(module);
            Console.WriteLine($"| raw HttpClient, CopyToAsync to a FileStream | {rawMedian.TotalMilliseconds:0} ms | {GiB / MiB / rawMedian.TotalSeconds:0} MiB/s |");
            Console.WriteLine($"| raw HttpClient, copy loop with SHA-256 | {hashedMedian.TotalMilliseconds:0} ms | {GiB / MiB / hashedMedian.TotalSeconds:0} MiB/s |");
            Console.WriteLine($"| Receive-HttpStream -OutFile (with SHA-256) | {moduleMedian.TotalMilliseconds:0} ms | {GiB / MiB / moduleMedian.TotalSeconds:0} MiB/s |");
            Console.WriteLine($"| module rate / raw rate | {rawMedian / moduleMedian:0.00}x | |");
            Console.WriteLine($"| module rate / raw-with-SHA-256 rate | {hashedMedian / moduleMedian:0.00}x | |");

            runspace.SessionStateProxy.SetVariable("url", baseUri + "large/" + 2 * GiB);
            Console.WriteLine();
            Console.WriteLine("| 2 GiB | working set before | peak during | growth |");
            Console.WriteLine("|---|---:|---:|---:|");
            Growth("-OutFile", () => Program.Invoke(runspace, "Receive-HttpStream $url -OutFile $path | Out-Null"));
            Growth("-As Chunks, consumed by ForEach-Object", () => Program.Invoke(runspace, "$n = 0; Receive-HttpStream $url -As Chunks | ForEach-Object { $n += $_.Count }; if ($n -ne 2GB) { throw \"$n bytes\" }"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<TimeSpan> RawCopyAsync(string url, string path, bool hash)
    {
        using var client = new HttpClient();
        var clock = Stopwatch.StartNew();
        using HttpResponseMessage response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 128 * 1024, useAsync: true))
        {
            if (!hash)
            {
                await response.Content.CopyToAsync(file);
                return clock.Elapsed;
            }
            using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
            await using Stream body = await response.Content.ReadAsStreamAsync();
            byte[] buffer = new byte[128 * 1024];
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                sha.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read));
            }
            sha.GetHashAndReset();
        }
        return clock.Elapsed;
    }

    private static TimeSpan Median(TimeSpan[] values)
    {
        Array.Sort(values);
        return values[values.Length / 2];
    }

    private static TimeSpan Measure(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed;
    }

    private static void Growth(string name, Action action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using Process self = Process.GetCurrentProcess();
        self.Refresh();
        long before = self.WorkingSet64, peak = before;
        using var stop = new CancellationTokenSource();
        var sampler = new Thread(() =>
        {
            using Process me = Process.GetCurrentProcess();
            while (!stop.IsCancellationRequested)
            {
                me.Refresh();
                peak = Math.Max(peak, me.WorkingSet64);
                Thread.Sleep(50);
            }
        }) { IsBackground = true };
        sampler.Start();
        action();
        stop.Cancel();
        sampler.Join();
        Console.WriteLine($"| {name} | {before / MiB:0} MiB | {peak / MiB:0} MiB | {(peak - before) / MiB:0} MiB |");
    }
}
