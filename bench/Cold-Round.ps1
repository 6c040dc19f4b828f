<#
.SYNOPSIS
One round of bench/Measure-Cold.ps1 in a fresh pwsh: start-up, Import-Module and the work timed apart.
.DESCRIPTION
Prints one line of JSON: StartupMs (process start until this script runs), ImportMs, WorkMs, CpuMs (this process's CPU
time during the work), AllocatedBytes (during the work, all threads), Count, GrowthMiB (peak working set of the process
minus the working set before the work). Not meant to be run by hand.
#>
param(
    [Parameter(Mandatory)] [ValidateSet('small', 'chunks', 'copy')] [string] $Scenario,
    [Parameter(Mandatory)] [string] $Module,
    [Parameter(Mandatory)] [string] $Uri,
    [int] $Requests = 20000,
    [int] $Concurrency = 64,
    [string] $Path
)
$self = [Diagnostics.Process]::GetCurrentProcess()
$startupMs = ([datetime]::Now - $self.StartTime).TotalMilliseconds
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$clock = [Diagnostics.Stopwatch]::StartNew()
Import-Module $Module
$importMs = $clock.Elapsed.TotalMilliseconds
$urls = [string[]]::new($Requests); [Array]::Fill($urls, $Uri)

$self.Refresh()
$workingSet = $self.WorkingSet64
$cpu = $self.TotalProcessorTime
$allocated = [GC]::GetTotalAllocatedBytes($true)
$clock.Restart()
$n = 0
switch ($Scenario) {
    'small' { $urls | Invoke-ConcurrentRequest -ThrottleLimit $Concurrency | ForEach-Object { if ($_.IsSuccess) { $n++ } } }
    'chunks' { Receive-HttpStream $Uri -As Chunks | ForEach-Object { $n += $_.Count } }
    'copy' { $n = (Receive-HttpStream $Uri -OutFile $Path).Bytes }
}
$clock.Stop()
$allocated = [GC]::GetTotalAllocatedBytes($true) - $allocated
$self.Refresh()
[ordered]@{
    StartupMs      = [int]$startupMs
    ImportMs       = [int]$importMs
    WorkMs         = [int]$clock.Elapsed.TotalMilliseconds
    CpuMs          = [int]($self.TotalProcessorTime - $cpu).TotalMilliseconds
    AllocatedBytes = $allocated
    Count          = $n
    GrowthMiB      = [int](($self.PeakWorkingSet64 - $workingSet) / 1MB)
} | ConvertTo-Json -Compress
