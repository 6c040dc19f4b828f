using System;
using System.Diagnostics;
using System.Globalization;
using AsyncHttp.RawClient;

// One cold round: `small URL REQUESTS CONCURRENCY`, `chunks URL` or `copy URL PATH`. Prints one line of JSON with the
// same fields as bench/Cold-Round.ps1: start-up until Main, the work's wall and CPU time, bytes allocated, memory growth.
using Process self = Process.GetCurrentProcess();
double startupMs = (DateTime.Now - self.StartTime).TotalMilliseconds;
self.Refresh();
long workingSetBefore = self.WorkingSet64;
TimeSpan cpuBefore = self.TotalProcessorTime;
long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
var clock = Stopwatch.StartNew();
long count = args[0] switch
{
    "small" => RawHttp.Small(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture)),
    "chunks" => RawHttp.Chunks(args[1]),
    "copy" => RawHttp.CopyWithSha256(args[1], args[2]),
    _ => throw new ArgumentException($"Unknown scenario '{args[0]}'."),
};
clock.Stop();
long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
self.Refresh();
Console.WriteLine(FormattableString.Invariant(
    $"{{\"StartupMs\":{startupMs:0},\"ImportMs\":0,\"WorkMs\":{clock.Elapsed.TotalMilliseconds:0},\"CpuMs\":{(self.TotalProcessorTime - cpuBefore).TotalMilliseconds:0},\"AllocatedBytes\":{allocated},\"Count\":{count},\"GrowthMiB\":{(self.PeakWorkingSet64 - workingSetBefore) / 1048576.0:0}}}"));
