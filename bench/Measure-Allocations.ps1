<#
.SYNOPSIS
Where the bytes of one small request go: the runtime's allocation samples (one per ~100 KB allocated) by type, for
Invoke-ConcurrentRequest and for raw HttpClient, warm, in this pwsh.
.DESCRIPTION
Build first (`dotnet build AsyncHttp.slnx -c Release`), then:
    dotnet pwsh -NoProfile -File bench/Measure-Allocations.ps1
Each line: the type, its sampled share of the bytes allocated, and bytes per request estimated from the samples.
#>
[CmdletBinding()]
param(
    [int] $Requests = 20000,
    [int] $Concurrency = 64,
    [int] $Top = 25
)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$root = [IO.Path]::GetFullPath([IO.Path]::Combine($PSScriptRoot, '..'))
Import-Module ([IO.Path]::Combine($root, 'out', 'AsyncHttp', 'AsyncHttp.psd1'))
Add-Type -Path ([IO.Path]::Combine($root, 'bench', 'AsyncHttp.RawClient', 'bin', 'Release', 'net10.0', 'AsyncHttp.RawClient.dll'))
Add-Type -TypeDefinition @'
using System;
using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

public sealed class AllocationSampler : EventListener
{
    public readonly ConcurrentDictionary<string, long> Bytes = new ConcurrentDictionary<string, long>();
    public volatile bool On;

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!On || e.EventName == null || !e.EventName.StartsWith("GCAllocationTick")) return;
        int name = e.PayloadNames.IndexOf("TypeName");
        int amount = e.PayloadNames.IndexOf("AllocationAmount64");
        string type = name >= 0 ? (string)e.Payload[name] : "?";
        long bytes = amount >= 0 ? Convert.ToInt64(e.Payload[amount]) : 100000;
        Bytes.AddOrUpdate(type ?? "?", bytes, (_, old) => old + bytes);
    }
}
'@
$server = & ([IO.Path]::Combine($root, 'examples', 'Start-TestServer.ps1'))
try {
    $url = "$($server.Uri)/small"
    $urls = [string[]]::new($Requests); [Array]::Fill($urls, $url)
    $runs = [ordered]@{
        'raw HttpClient'           = { $null = [AsyncHttp.RawClient.RawHttp]::Small($url, $Requests, $Concurrency) }
        'Invoke-ConcurrentRequest' = { $n = 0; $urls | Invoke-ConcurrentRequest -ThrottleLimit $Concurrency | ForEach-Object { if ($_.IsSuccess) { $n++ } } }
        # Without binding each input and without a consumer: what the engine and WriteObject cost alone.
        'Invoke-ConcurrentRequest -Uri $urls, no consumer' = { $null = Invoke-ConcurrentRequest -Uri $urls -ThrottleLimit $Concurrency }
    }
    foreach ($run in $runs.Values) { foreach ($i in 1..3) { & $run } }
    $sampler = [AllocationSampler]::new()
    foreach ($name in $runs.Keys) {
        $sampler.Bytes.Clear()
        $before = [GC]::GetTotalAllocatedBytes($true)
        $sampler.On = $true
        & $runs[$name]
        $sampler.On = $false
        $total = [GC]::GetTotalAllocatedBytes($true) - $before
        $sampled = ($sampler.Bytes.Values | Measure-Object -Sum).Sum
        ''
        '{0}: {1:0} bytes allocated per request' -f $name, ($total / $Requests)
        $sampler.Bytes.GetEnumerator() | Sort-Object Value -Descending | Select-Object -First $Top | ForEach-Object {
            '  {0,6:0.0}%  {1,6:0} B/request  {2}' -f (100 * $_.Value / $sampled), ($_.Value / $sampled * $total / $Requests), $_.Key
        }
    }
    $sampler.Dispose()
}
finally {
    $server.Process.Kill()
    $server.Process.WaitForExit()
}
