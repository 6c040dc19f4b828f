<#
.SYNOPSIS
Invoke-ConcurrentRequest against ForEach-Object -Parallel with Invoke-RestMethod and against raw HttpClient (C#,
compiled here with Add-Type), in one pwsh process, against one test server, results consumed by the pipeline.
.DESCRIPTION
Scenarios: many GETs of a 100-byte body, and GETs of a 50 ms delay. For each contender: wall time, rate, CPU time
of this process and peak working set while it ran; ratios against raw HttpClient. Run after `dotnet build -c Release`:
    pwsh -NoProfile -File bench/Compare-Parallel.ps1
#>
[CmdletBinding()]
param(
    [int] $SmallRequests = 20000,
    [int] $SmallConcurrency = 64,
    [int] $DelayRequests = 2000,
    [int] $DelayConcurrency = 100,
    # ForEach-Object -Parallel starts a runspace per item; fewer items keep the run short, its rate is what counts.
    [int] $ParallelSmallRequests = 2000,
    # Rounds per contender (median reported); the first rounds of a fresh process run code the JIT has not optimized yet.
    [int] $Rounds = 7
)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$root = [IO.Path]::GetFullPath([IO.Path]::Combine($PSScriptRoot, '..'))
Import-Module ([IO.Path]::Combine($root, 'out', 'AsyncHttp', 'AsyncHttp.psd1'))

Add-Type -TypeDefinition @'
using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

public static class RawHttpBench
{
    private static readonly HttpClient Client = new HttpClient(new SocketsHttpHandler()) { Timeout = Timeout.InfiniteTimeSpan };

    public static int Run(string url, int requests, int concurrency)
    {
        int ok = 0;
        Parallel.ForEachAsync(Enumerable.Range(0, requests), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (_, token) =>
        {
            using var response = await Client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, token);
            await response.Content.ReadAsStringAsync(token);
            if (response.IsSuccessStatusCode) Interlocked.Increment(ref ok);
        }).GetAwaiter().GetResult();
        return ok;
    }
}

public sealed class PeakSampler : IDisposable
{
    private readonly Thread _thread;
    private volatile bool _stop;
    public long Peak;
    public PeakSampler()
    {
        _thread = new Thread(() =>
        {
            using var self = Process.GetCurrentProcess();
            while (!_stop) { self.Refresh(); Peak = Math.Max(Peak, self.WorkingSet64); Thread.Sleep(20); }
        }) { IsBackground = true };
        _thread.Start();
    }
    public void Dispose() { _stop = true; _thread.Join(); }
}
'@

# Contenders of one scenario take turns, round after round, so that drift (JIT tiers still settling, other load)
# falls on all of them alike; each reports its median round.
function Measure-Scenario {
    param([string] $Scenario, [object[]] $Contenders)
    $samples = @{}
    foreach ($round in 1..$Rounds) {
        foreach ($contender in $Contenders) {
            if ($round -gt $contender.Times) { continue }
            $samples[$contender.Name] += @(Measure-Once $Scenario $contender.Name $contender.Requests $contender.Run)
        }
    }
    foreach ($contender in $Contenders) {
        $all = $samples[$contender.Name]
        Write-Host ("{0}, {1}: rounds {2} ms" -f $Scenario, $contender.Name, (($all | ForEach-Object WallMs) -join ", "))
        $all | Sort-Object WallMs | Select-Object -Index ([int][Math]::Floor($all.Count / 2))
    }
}

function New-Contender([string] $Name, [int] $Requests, [scriptblock] $Run, [int] $Times = $Rounds) {
    [pscustomobject]@{ Name = $Name; Requests = $Requests; Run = $Run; Times = $Times }
}

function Measure-Once {
    param([string] $Scenario, [string] $Name, [int] $Requests, [scriptblock] $Run)
    [GC]::Collect()
    [GC]::WaitForPendingFinalizers()
    $self = [Diagnostics.Process]::GetCurrentProcess()
    $cpu = $self.TotalProcessorTime
    $sampler = [PeakSampler]::new()
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $ok = & $Run
    $clock.Stop()
    $sampler.Dispose()
    $self.Refresh()
    if ($ok -ne $Requests) { throw "$Name in ${Scenario}: $ok of $Requests succeeded." }
    [pscustomobject]@{
        Scenario  = $Scenario
        Contender = $Name
        Requests  = $Requests
        WallMs    = [int]$clock.Elapsed.TotalMilliseconds
        Rate      = [int]($Requests / $clock.Elapsed.TotalSeconds)
        CpuMs     = [int]($self.TotalProcessorTime - $cpu).TotalMilliseconds
        PeakMiB   = [int]($sampler.Peak / 1MB)
    }
}

$server = & ([IO.Path]::Combine($root, 'examples', 'Start-TestServer.ps1'))
try {
    $small = "$($server.Uri)/small"
    $delay = "$($server.Uri)/delay/50"
    # The input is made before the clocks start: what is timed is the requests and the pipeline consuming their results.
    $smallUrls = [string[]]::new($SmallRequests); [Array]::Fill($smallUrls, $small)
    $delayUrls = [string[]]::new($DelayRequests); [Array]::Fill($delayUrls, $delay)
    # Warm every contender until the JIT has optimized what runs hot (a fresh process needs several full runs).
    foreach ($i in 1..10) {
        $null = [RawHttpBench]::Run($small, $SmallRequests, $SmallConcurrency)
        $n = 0
        $smallUrls | Invoke-ConcurrentRequest -ThrottleLimit $SmallConcurrency | ForEach-Object { if ($_.IsSuccess) { $n++ } }
    }
    $null = 1..200 | ForEach-Object -Parallel { Invoke-RestMethod $using:small } -ThrottleLimit 8

    $rows = @(
        Measure-Scenario 'small' @(
            New-Contender 'raw HttpClient (C#)' $SmallRequests { [RawHttpBench]::Run($small, $SmallRequests, $SmallConcurrency) }
            New-Contender 'Invoke-ConcurrentRequest' $SmallRequests {
                $n = 0
                $smallUrls | Invoke-ConcurrentRequest -ThrottleLimit $SmallConcurrency | ForEach-Object { if ($_.IsSuccess) { $n++ } }
                $n
            }
            New-Contender 'Invoke-ConcurrentRequest -Uri $array' $SmallRequests {
                $n = 0
                Invoke-ConcurrentRequest -Uri $smallUrls -ThrottleLimit $SmallConcurrency | ForEach-Object { if ($_.IsSuccess) { $n++ } }
                $n
            }
            New-Contender 'Invoke-ConcurrentRequest, progress on' $SmallRequests {
                $ProgressPreference = 'Continue'
                $n = 0
                $smallUrls | Invoke-ConcurrentRequest -ThrottleLimit $SmallConcurrency | ForEach-Object { if ($_.IsSuccess) { $n++ } }
                $n
            }
            New-Contender 'ForEach-Object -Parallel + Invoke-RestMethod' $ParallelSmallRequests -Times 1 {
                @($smallUrls[0..($ParallelSmallRequests - 1)] | ForEach-Object -Parallel { Invoke-RestMethod $_ } -ThrottleLimit $SmallConcurrency).Count
            }
        )
        Measure-Scenario 'delay 50 ms' @(
            New-Contender 'raw HttpClient (C#)' $DelayRequests { [RawHttpBench]::Run($delay, $DelayRequests, $DelayConcurrency) }
            New-Contender 'Invoke-ConcurrentRequest' $DelayRequests {
                $n = 0
                $delayUrls | Invoke-ConcurrentRequest -ThrottleLimit $DelayConcurrency | ForEach-Object { if ($_.IsSuccess) { $n++ } }
                $n
            }
            New-Contender 'ForEach-Object -Parallel + Invoke-RestMethod' $DelayRequests -Times 1 {
                @($delayUrls | ForEach-Object -Parallel { Invoke-RestMethod $_ } -ThrottleLimit $DelayConcurrency).Count
            }
        )
    )
    '| scenario | contender | requests | wall | rate | CPU | peak working set | rate vs raw | wall vs raw |'
    '|---|---|---:|---:|---:|---:|---:|---:|---:|'
    foreach ($row in $rows) {
        $raw = $rows | Where-Object { $_.Scenario -eq $row.Scenario -and $_.Contender -like 'raw*' }
        $wallRatio = ($row.WallMs / $row.Requests) / ($raw.WallMs / $raw.Requests)
        '| {0} | {1} | {2} | {3} ms | {4} req/s | {5} ms | {6} MiB | {7:0.00}x | {8:0.00}x |' -f $row.Scenario, $row.Contender, $row.Requests,
            $row.WallMs, $row.Rate, $row.CpuMs, $row.PeakMiB, ($row.Rate / $raw.Rate), $wallRatio
    }
    $module = $rows | Where-Object { $_.Scenario -eq 'small' -and $_.Contender -eq 'Invoke-ConcurrentRequest' }
    $withProgress = $rows | Where-Object { $_.Scenario -eq 'small' -and $_.Contender -like '*progress on' }
    $parallel = $rows | Where-Object { $_.Scenario -eq 'small' -and $_.Contender -like 'ForEach*' }
    ''
    'Invoke-ConcurrentRequest / ForEach-Object -Parallel rate on small bodies: {0:0.0}x' -f ($module.Rate / $parallel.Rate)
    'Cost of progress on small bodies: {0:+0.0;-0.0}% wall time' -f (100 * ($withProgress.WallMs - $module.WallMs) / $module.WallMs)
}
finally {
    $server.Process.Kill()
    $server.Process.WaitForExit()
}
