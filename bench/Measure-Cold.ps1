<#
.SYNOPSIS
Invoke-ConcurrentRequest and Receive-HttpStream against raw HttpClient: cold (a fresh process per round) and warm (one
process, code already optimized), in one run, against the project's test server.
.DESCRIPTION
Cold: each round starts a fresh pwsh (from $PSHOME, as a scheduled task starts it) that imports the module and does the
work once, and a fresh raw HttpClient process (bench/AsyncHttp.RawClient) that does the same work; start-up, Import-Module
and the work are timed apart (bench/Cold-Round.ps1). Warm: this pwsh imports the module and loads the raw client's
assembly, warms both, then times both. Contenders alternate round by round; each figure is the median of -Rounds rounds
and each ratio the median of the rounds' own ratios (module against raw of the same round), so load that comes and goes
falls on both alike. CPU time and bytes allocated are given too: they move less than wall time on a loaded machine.

Scenarios: small (-Requests GETs of a 100-byte body at -Concurrency, results consumed by ForEach-Object), chunks
(-StreamBytes through Receive-HttpStream -As Chunks and ForEach-Object, against 64 KiB reads), copy (-StreamBytes through
-OutFile, which reports SHA-256, against a copy loop with SHA-256). GrowthMiB is the peak working set of the process
minus its working set before the work. Build first (`dotnet build AsyncHttp.slnx -c Release`), then:
    dotnet pwsh -NoProfile -File bench/Measure-Cold.ps1
#>
[CmdletBinding()]
param(
    [int] $Rounds = 5,
    [int] $Requests = 20000,
    [int] $Concurrency = 64,
    [long] $StreamBytes = 2GB,
    [ValidateSet('cold', 'warm')] [string[]] $Mode = @('cold', 'warm'),
    [ValidateSet('small', 'chunks', 'copy')] [string[]] $Scenario = @('small', 'chunks', 'copy'),
    # Another build of the module (a copy of out/AsyncHttp), to measure a before against an after.
    [string] $ModulePath,
    # Where -OutFile and the raw copy write; a RAM folder (/dev/shm) keeps a busy disk out of the figures.
    [string] $Folder = [IO.Path]::GetTempPath()
)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$root = [IO.Path]::GetFullPath([IO.Path]::Combine($PSScriptRoot, '..'))
$module = if ($ModulePath) { $ModulePath } else { [IO.Path]::Combine($root, 'out', 'AsyncHttp', 'AsyncHttp.psd1') }
$rawFolder = [IO.Path]::Combine($root, 'bench', 'AsyncHttp.RawClient', 'bin', 'Release', 'net10.0')
$rawExe = [IO.Path]::Combine($rawFolder, 'AsyncHttp.RawClient')
$pwsh = [IO.Path]::Combine($PSHOME, 'pwsh')
$roundScript = [IO.Path]::Combine($PSScriptRoot, 'Cold-Round.ps1')
foreach ($file in $module, $rawExe) {
    if (-not [IO.File]::Exists($file)) { throw "$file is missing: run 'dotnet build AsyncHttp.slnx -c Release' first." }
}
$folder = [IO.Directory]::CreateDirectory([IO.Path]::Combine($Folder, "asynchttp-cold-$PID")).FullName

function Invoke-Child([string] $FilePath, [string[]] $Arguments) {
    $start = [Diagnostics.ProcessStartInfo]::new($FilePath)
    foreach ($argument in $Arguments) { $start.ArgumentList.Add($argument) }
    $start.RedirectStandardOutput = $true
    $start.UseShellExecute = $false
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $process = [Diagnostics.Process]::Start($start)
    $output = $process.StandardOutput.ReadToEnd()
    $process.WaitForExit()
    $clock.Stop()
    if ($process.ExitCode -ne 0) { throw "$FilePath $Arguments exited with $($process.ExitCode): $output" }
    $row = $output.Trim().Split("`n")[-1] | ConvertFrom-Json
    $row | Add-Member ProcessMs ([int]$clock.Elapsed.TotalMilliseconds) -PassThru
}

function Get-Target([string] $Name) {
    switch ($Name) {
        'small' { [pscustomobject]@{ Uri = "$base/small"; Count = $Requests } }
        default { [pscustomobject]@{ Uri = "$base/large/$StreamBytes"; Count = $StreamBytes } }
    }
}

# Where a contender writes, the last round's file removed: -OutFile replaces its destination only once the body is
# complete, so over the old file it wrote into memory the system had not used yet, which cost twice the CPU time on
# this machine (2 GiB: 2.4 s fresh, 5.5-8.4 s over an old file), while raw truncates and reuses the old pages.
function Get-NewFilePath([string] $Contender) {
    $path = [IO.Path]::Combine($folder, "$Contender.bin")
    [IO.File]::Delete($path)
    $path
}

function Measure-ColdRound([string] $Name, [string] $Contender) {
    $target = Get-Target $Name
    $path = Get-NewFilePath $Contender
    if ($Contender -eq 'raw') {
        $arguments = switch ($Name) {
            'small' { 'small', $target.Uri, $Requests, $Concurrency }
            'chunks' { 'chunks', $target.Uri }
            'copy' { 'copy', $target.Uri, $path }
        }
        $row = Invoke-Child $rawExe $arguments
    }
    else {
        $row = Invoke-Child $pwsh @('-NoProfile', '-NonInteractive', '-File', $roundScript, '-Scenario', $Name, '-Module', $module,
            '-Uri', $target.Uri, '-Requests', $Requests, '-Concurrency', $Concurrency, '-Path', $path)
    }
    if ($row.Count -ne $target.Count) { throw "$Contender $Name counted $($row.Count) of $($target.Count)." }
    $row
}

function Measure-WarmRound([string] $Name, [string] $Contender) {
    $target = Get-Target $Name
    $path = Get-NewFilePath $Contender
    [GC]::Collect()
    [GC]::WaitForPendingFinalizers()
    $self = [Diagnostics.Process]::GetCurrentProcess()
    $cpu = $self.TotalProcessorTime
    $allocated = [GC]::GetTotalAllocatedBytes($true)
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $n = 0
    switch ("$Contender $Name") {
        'raw small' { $n = [AsyncHttp.RawClient.RawHttp]::Small($target.Uri, $Requests, $Concurrency) }
        'raw chunks' { $n = [AsyncHttp.RawClient.RawHttp]::Chunks($target.Uri) }
        'raw copy' { $n = [AsyncHttp.RawClient.RawHttp]::CopyWithSha256($target.Uri, $path) }
        'module small' { $urls | Invoke-ConcurrentRequest -ThrottleLimit $Concurrency | ForEach-Object { if ($_.IsSuccess) { $n++ } } }
        'module chunks' { Receive-HttpStream $target.Uri -As Chunks | ForEach-Object { $n += $_.Count } }
        'module copy' { $n = (Receive-HttpStream $target.Uri -OutFile $path).Bytes }
    }
    $clock.Stop()
    $allocated = [GC]::GetTotalAllocatedBytes($true) - $allocated
    $self.Refresh()
    if ($n -ne $target.Count) { throw "$Contender $Name counted $n of $($target.Count)." }
    [pscustomobject]@{
        StartupMs = 0; ImportMs = 0; ProcessMs = 0; GrowthMiB = $null
        WorkMs = [int]$clock.Elapsed.TotalMilliseconds
        CpuMs = [int]($self.TotalProcessorTime - $cpu).TotalMilliseconds
        AllocatedBytes = $allocated
    }
}

# What PowerShell itself takes for the first Import-Module of a fresh pwsh: an empty module, timed like the module's.
function Measure-EmptyImport {
    $emptyFolder = [IO.Directory]::CreateDirectory([IO.Path]::Combine($folder, 'Empty')).FullName
    [IO.File]::WriteAllText([IO.Path]::Combine($emptyFolder, 'Empty.psm1'), '')
    [IO.File]::WriteAllText([IO.Path]::Combine($emptyFolder, 'Empty.psd1'), "@{ RootModule = 'Empty.psm1'; ModuleVersion = '1.0'; GUID = '$([guid]::NewGuid())' }")
    $script = "`$clock = [Diagnostics.Stopwatch]::StartNew(); Import-Module '$([IO.Path]::Combine($emptyFolder, 'Empty.psd1'))'; @{ ImportMs = [int]`$clock.Elapsed.TotalMilliseconds } | ConvertTo-Json -Compress"
    $all = foreach ($round in 1..$Rounds) { (Invoke-Child $pwsh @('-NoProfile', '-NonInteractive', '-Command', $script)).ImportMs }
    Write-Host ("cold import of an empty module: {0} ms" -f ($all -join ', '))
    Get-Median $all
}

function Get-Median([double[]] $Values) {
    $sorted = [double[]]($Values | Sort-Object)
    if ($sorted.Count % 2) { return $sorted[($sorted.Count - 1) / 2] }
    ($sorted[$sorted.Count / 2 - 1] + $sorted[$sorted.Count / 2]) / 2
}

function Measure-Mode([string] $ModeName) {
    foreach ($name in $Scenario) {
        $samples = @{ raw = @(); module = @() }
        foreach ($round in 1..$Rounds) {
            # Who goes first alternates too.
            $order = if ($round % 2) { 'raw', 'module' } else { 'module', 'raw' }
            foreach ($contender in $order) {
                $samples[$contender] += @(if ($ModeName -eq 'cold') { Measure-ColdRound $name $contender } else { Measure-WarmRound $name $contender })
            }
        }
        foreach ($contender in 'raw', 'module') {
            $all = $samples[$contender]
            Write-Host ("{0} {1} {2}: work {3} ms; CPU {4} ms" -f $ModeName, $name, $contender, (($all | ForEach-Object WorkMs) -join ', '), (($all | ForEach-Object CpuMs) -join ', '))
            $count = if ($name -eq 'small') { $Requests } else { $StreamBytes }
            [pscustomobject]@{
                Mode       = $ModeName
                Scenario   = $name
                Contender  = if ($contender -eq 'raw') { 'raw HttpClient' } elseif ($name -eq 'small') { 'Invoke-ConcurrentRequest' } elseif ($name -eq 'chunks') { 'Receive-HttpStream -As Chunks' } else { 'Receive-HttpStream -OutFile' }
                StartupMs  = Get-Median ($all | ForEach-Object StartupMs)
                ImportMs   = Get-Median ($all | ForEach-Object ImportMs)
                ProcessMs  = Get-Median ($all | ForEach-Object ProcessMs)
                WorkMs     = Get-Median ($all | ForEach-Object WorkMs)
                CpuMs      = Get-Median ($all | ForEach-Object CpuMs)
                Allocated  = Get-Median ($all | ForEach-Object { $_.AllocatedBytes / $count })
                GrowthMiB  = if ($ModeName -eq 'cold' -and $name -ne 'small') { Get-Median ($all | ForEach-Object GrowthMiB) } else { $null }
                Rate       = $count / (Get-Median ($all | ForEach-Object WorkMs)) * 1000
                RateVsRaw  = Get-Median (0..($Rounds - 1) | ForEach-Object { $samples.raw[$_].WorkMs / $samples.module[$_].WorkMs })
                CpuVsRaw   = Get-Median (0..($Rounds - 1) | ForEach-Object { $samples.module[$_].CpuMs / [Math]::Max(1, $samples.raw[$_].CpuMs) })
            }
        }
    }
}

$server = & ([IO.Path]::Combine($root, 'examples', 'Start-TestServer.ps1'))
try {
    $base = $server.Uri
    $urls = [string[]]::new($Requests); [Array]::Fill($urls, "$base/small")
    $rows = @()
    $emptyImportMs = $null
    if ('cold' -in $Mode) {
        $rows += Measure-Mode 'cold'
        $emptyImportMs = Measure-EmptyImport
    }
    if ('warm' -in $Mode) {
        Import-Module $module
        Add-Type -Path ([IO.Path]::Combine($rawFolder, 'AsyncHttp.RawClient.dll'))
        # Warm both until the JIT has optimized what runs hot: a fresh process needs several full runs.
        foreach ($i in 1..5) {
            foreach ($name in $Scenario) {
                if ($name -ne 'small' -and $i -gt 2) { continue }
                $null = Measure-WarmRound $name 'raw'
                $null = Measure-WarmRound $name 'module'
            }
        }
        $rows += Measure-Mode 'warm'
    }
    ''
    if ($null -ne $emptyImportMs) {
        "Import-Module of an empty module in a fresh pwsh (PowerShell's own first import): $emptyImportMs ms (median); the module's Import-Module below includes it."
    }
    "Load average while measuring: $((Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -replace ' \S+ \S+$')"
    ''
    '| mode | scenario | contender | start-up | Import-Module | work | CPU | allocated | rate | rate vs raw | CPU vs raw | memory growth |'
    '|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|'
    foreach ($row in $rows) {
        $small = $row.Scenario -eq 'small'
        $raw = $row.Contender -like 'raw*'
        '| {0} | {1} | {2} | {3} | {4} | {5:0} ms | {6:0} ms | {7} | {8} | {9} | {10} | {11} |' -f $row.Mode, $row.Scenario, $row.Contender,
            $(if ($row.Mode -eq 'cold') { '{0:0} ms' -f $row.StartupMs } else { '' }),
            $(if ($row.Mode -eq 'cold' -and -not $raw) { '{0:0} ms' -f $row.ImportMs } else { '' }),
            $row.WorkMs, $row.CpuMs,
            $(if ($small) { '{0:0} B/request' -f $row.Allocated } else { '{0:0.000} B/byte' -f $row.Allocated }),
            $(if ($small) { '{0:0} req/s' -f $row.Rate } else { '{0:0} MiB/s' -f ($row.Rate / 1MB) }),
            $(if ($raw) { '1.00x' } else { '{0:0.00}x' -f $row.RateVsRaw }),
            $(if ($raw) { '1.00x' } else { '{0:0.00}x' -f $row.CpuVsRaw }),
            $(if ($null -ne $row.GrowthMiB) { '{0:0} MiB' -f $row.GrowthMiB } else { '' })
    }
}
finally {
    $server.Process.Kill()
    $server.Process.WaitForExit()
    [IO.Directory]::Delete($folder, $true)
}
