using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation.Runspaces;
using System.Threading;

namespace AsyncHttp.Bench;

/// <summary>
/// N requests through one Invoke-ConcurrentRequest: 70% successes, 20% 5xx, 10% connections reset, results consumed
/// by the pipeline. Checks that every index comes back exactly once, and samples the working set every 100 ms.
/// </summary>
internal static class Soak
{
    public static void Run(Runspace runspace, string baseUri, int requests)
    {
        runspace.SessionStateProxy.SetVariable("base", baseUri.TrimEnd('/'));
        runspace.SessionStateProxy.SetVariable("n", requests);
        var samples = new List<(double Seconds, long WorkingSet)>();
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var sampler = new Thread(() =>
        {
            using Process self = Process.GetCurrentProcess();
            while (!stop.IsCancellationRequested)
            {
                self.Refresh();
                lock (samples)
                {
                    samples.Add((clock.Elapsed.TotalSeconds, self.WorkingSet64));
                }
                Thread.Sleep(100);
            }
        }) { IsBackground = true };
        sampler.Start();

        var output = Program.Invoke(runspace, """
            $paths = 'small', 'small', 'json', 'status/503', 'fault/reset', 'small', 'small', 'status/500', 'small', 'delay/1'
            $seen = [bool[]]::new($n)
            $counts = @{ ok = 0; failed = 0; duplicate = 0 }
            $kinds = @{}
            0..($n - 1) | ForEach-Object { "$base/$($paths[$_ % 10])?i=$_" } |
                Invoke-ConcurrentRequest -ThrottleLimit 64 -MaximumRetryCount 0 -ErrorAction SilentlyContinue |
                ForEach-Object {
                    if ($seen[$_.Index]) { $counts.duplicate++ } else { $seen[$_.Index] = $true }
                    if ($_.IsSuccess) { $counts.ok++ } else { $counts.failed++; $kinds[[string]$_.Error.Kind]++ }
                }
            $counts.ok; $counts.failed; $counts.duplicate; [Array]::IndexOf($seen, $false)
            ($kinds.GetEnumerator() | ForEach-Object { "$($_.Key)=$($_.Value)" }) -join ', '
            """);
        clock.Stop();
        stop.Cancel();
        sampler.Join();

        int ok = Convert.ToInt32(output[0].BaseObject), failed = Convert.ToInt32(output[1].BaseObject);
        int duplicates = Convert.ToInt32(output[2].BaseObject), firstMissing = Convert.ToInt32(output[3].BaseObject);
        const double MiB = 1024 * 1024;
        var quarter = samples.Where(s => s.Seconds >= clock.Elapsed.TotalSeconds * 0.2 && s.Seconds <= clock.Elapsed.TotalSeconds * 0.3).ToList();
        var last = samples.Where(s => s.Seconds >= clock.Elapsed.TotalSeconds * 0.9).ToList();
        Console.WriteLine($"Soak: {requests} requests in {clock.Elapsed.TotalSeconds:0.0} s ({requests / clock.Elapsed.TotalSeconds:0} req/s)");
        Console.WriteLine($"  results: {ok + failed} ({ok} succeeded, {failed} failed: {output[4]}); duplicates: {duplicates}; first missing index: {firstMissing}");
        Console.WriteLine($"  working set: at 20-30% of the run {quarter.Average(s => s.WorkingSet) / MiB:0} MiB, " +
            $"in the last 10% {last.Average(s => s.WorkingSet) / MiB:0} MiB, peak {samples.Max(s => s.WorkingSet) / MiB:0} MiB ({samples.Count} samples)");
        if (ok + failed != requests || duplicates != 0 || firstMissing != -1)
        {
            throw new InvalidOperationException("Results were lost or duplicated.");
        }
    }
}
