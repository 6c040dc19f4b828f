# Shared by the Pester files; dot-source it in BeforeAll. The built module, the test server, and a child pwsh.

$script:root = [IO.Path]::GetFullPath([IO.Path]::Combine($PSScriptRoot, '..', '..'))
# tools/Invoke-PesterSuite.ps1 -Build netstandard2.0 points this at a module folder that loads that build.
$script:manifest = if ($env:ASYNCHTTP_TEST_MANIFEST) { $env:ASYNCHTTP_TEST_MANIFEST }
                   else { [IO.Path]::Combine($root, 'out', 'AsyncHttp', 'AsyncHttp.psd1') }

function Start-TestServer {
    & ([IO.Path]::Combine($root, 'examples', 'Start-TestServer.ps1'))
}

function Stop-TestServer($Server) {
    if ($Server -and -not $Server.Process.HasExited) {
        $Server.Process.Kill()
        $Server.Process.WaitForExit()
    }
}

# What the server saw of the requests tagged ?run=<name>, once none of them is in flight (or the wait is over).
function Get-RunStats([string] $Run, [int] $WaitMs = 2000) {
    $clock = [Diagnostics.Stopwatch]::StartNew()
    do {
        $stats = Invoke-RestMethod "$base/stats/$Run"
        if ($stats.inFlight -eq 0) { break }
        Start-Sleep -Milliseconds 20
    } while ($clock.ElapsedMilliseconds -lt $WaitMs)
    $stats
}

function New-RunName {
    [guid]::NewGuid().ToString('N')
}

# The pwsh that runs this one, however it was installed: under the .NET tool [Environment]::ProcessPath is
# dotnet, so the program is found in $PSHOME (its apphost, else `dotnet pwsh.dll`).
function Get-PwshCommand {
    foreach ($name in 'pwsh', 'pwsh.exe') {
        $path = [IO.Path]::Combine($PSHOME, $name)
        if ([IO.File]::Exists($path)) { return , @($path) }
    }
    , @([Environment]::ProcessPath, [IO.Path]::Combine($PSHOME, 'pwsh.dll'))
}

# Starts script text in a fresh `pwsh -NoProfile -Command`, without waiting; Receive-ChildPwsh collects it.
# -Environment sets variables for the child alone.
function Start-ChildPwsh([string] $Command, [hashtable] $Environment = @{}) {
    $program, $first = Get-PwshCommand
    $start = [Diagnostics.ProcessStartInfo]::new($program)
    foreach ($argument in @($first) + @('-NoProfile', '-NonInteractive', '-Command', $Command)) {
        if ($argument) { $start.ArgumentList.Add($argument) }
    }
    foreach ($name in $Environment.Keys) { $start.Environment[$name] = $Environment[$name] }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    $child = [Diagnostics.Process]::Start($start)
    [pscustomobject]@{
        Process = $child
        Stderr  = $child.StandardError.ReadToEndAsync()
        Stdout  = $child.StandardOutput.ReadToEndAsync()
    }
}

# Waits for a child pwsh and returns its exit code and output lines. The child is killed (by its own PID) when it
# outlives the timeout.
function Receive-ChildPwsh($Child, [int] $TimeoutSec = 60) {
    if (-not $Child.Process.WaitForExit($TimeoutSec * 1000)) {
        $Child.Process.Kill()
        $Child.Process.WaitForExit()
        throw "The child pwsh (PID $($Child.Process.Id)) did not finish within $TimeoutSec s."
    }
    [pscustomobject]@{
        ExitCode = $Child.Process.ExitCode
        Output   = @($Child.Stdout.Result -split '\r?\n' | Where-Object { $_ -ne '' })
        Errors   = $Child.Stderr.Result
    }
}

# Runs script text in a fresh `pwsh -NoProfile -Command` and returns its exit code and output lines.
# -Environment sets variables for the child alone.
function Invoke-ChildPwsh([string] $Command, [int] $TimeoutSec = 60, [hashtable] $Environment = @{}) {
    Receive-ChildPwsh (Start-ChildPwsh $Command $Environment) $TimeoutSec
}

# Runs a script block in a new runspace of this process and returns its output, errors and progress records:
# Write-Progress reaches no stream that a redirection can catch, but a runspace's Streams.Progress keeps it.
# The block gets -ArgumentList as its arguments; it is stopped when it outlives the timeout.
function Invoke-InRunspace([scriptblock] $Script, [object[]] $ArgumentList = @(), [int] $TimeoutSec = 30) {
    $shell = [powershell]::Create()
    try {
        $null = $shell.AddScript($Script.ToString())
        foreach ($argument in $ArgumentList) { $null = $shell.AddArgument($argument) }
        $handle = $shell.BeginInvoke()
        if (-not $handle.AsyncWaitHandle.WaitOne($TimeoutSec * 1000)) {
            $shell.Stop()
            throw "The runspace did not finish within $TimeoutSec s."
        }
        [pscustomobject]@{
            Output   = @($shell.EndInvoke($handle))
            Errors   = @($shell.Streams.Error)
            Progress = @($shell.Streams.Progress)
        }
    }
    finally {
        $shell.Dispose()
    }
}

# The SHA-256 (upper-case hex) of the first $Length bytes of every /large body, whose byte i is (i * 31) % 251.
function Get-LargeBodyHash([long] $Length) {
    $period = [byte[]]::new(251)
    for ($i = 0; $i -lt 251; $i++) { $period[$i] = ($i * 31) % 251 }
    $bytes = [byte[]]::new($Length)
    for ($offset = 0; $offset -lt $Length; $offset += 251) {
        [Array]::Copy($period, 0, $bytes, $offset, [Math]::Min(251, $Length - $offset))
    }
    [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($bytes))
}

# A port that nothing listens on now, on 127.0.0.1, for servers that must be told their port.
function Get-FreePort {
    $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

# Waits until something accepts connections on 127.0.0.1:$Port; throws after the timeout.
function Wait-Port([int] $Port, [Diagnostics.Process] $Process, [int] $TimeoutSec = 15) {
    $clock = [Diagnostics.Stopwatch]::StartNew()
    while ($clock.Elapsed.TotalSeconds -lt $TimeoutSec) {
        if ($Process -and $Process.HasExited) { throw "$($Process.StartInfo.FileName) exited with code $($Process.ExitCode) before it listened on port $Port." }
        $client = [Net.Sockets.TcpClient]::new()
        try { $client.Connect([Net.IPAddress]::Loopback, $Port); return } catch { Start-Sleep -Milliseconds 100 } finally { $client.Dispose() }
    }
    throw "Nothing listened on 127.0.0.1:$Port within $TimeoutSec s."
}

# Starts a program in the background; the caller stops it with Stop-BackgroundProcess (by its PID).
function Start-BackgroundProcess([string] $Program, [string[]] $Arguments) {
    $start = [Diagnostics.ProcessStartInfo]::new($Program)
    foreach ($argument in $Arguments) { $start.ArgumentList.Add($argument) }
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $process = [Diagnostics.Process]::Start($start)
    # Drained so that a chatty server never blocks on a full pipe.
    $null = $process.StandardOutput.ReadToEndAsync()
    $null = $process.StandardError.ReadToEndAsync()
    $process
}

function Stop-BackgroundProcess([Diagnostics.Process] $Process) {
    if ($Process -and -not $Process.HasExited) {
        $Process.Kill($true)
        $Process.WaitForExit()
    }
}

# An OpenSSH server (Debian's openssh-server; .ci/run installs it) on a free loopback port, with its own config,
# host key and authorized key in a temporary folder: key-based login for this user, no password, and this pwsh
# registered as the powershell subsystem, as PowerShell remoting over SSH needs. Returns what a client needs.
function Start-TestSshServer {
    $sshd = '/usr/sbin/sshd'
    if (-not [IO.File]::Exists($sshd)) {
        throw "$sshd is missing: install openssh-server (apt-get install openssh-server), as .ci/run does."
    }
    $folder = [IO.Directory]::CreateDirectory([IO.Path]::Combine([IO.Path]::GetTempPath(), "asynchttp-sshd-$(New-RunName)")).FullName
    foreach ($key in 'host_key', 'client_key') {
        & ssh-keygen -q -t ed25519 -N '' -C "asynchttp-test" -f ([IO.Path]::Combine($folder, $key))
        if ($LASTEXITCODE) { throw "ssh-keygen failed for $key." }
    }
    [IO.File]::Copy([IO.Path]::Combine($folder, 'client_key.pub'), [IO.Path]::Combine($folder, 'authorized_keys'))
    if ([Environment]::UserName -eq 'root') {
        # sshd started as root insists on its privilege separation folder.
        $null = [IO.Directory]::CreateDirectory('/run/sshd')
    }
    $program, $first = Get-PwshCommand
    $port = Get-FreePort
    $config = [IO.Path]::Combine($folder, 'sshd_config')
    [IO.File]::WriteAllLines($config, [string[]]@(
            "Port $port"
            'ListenAddress 127.0.0.1'
            "HostKey $([IO.Path]::Combine($folder, 'host_key'))"
            "PidFile $([IO.Path]::Combine($folder, 'sshd.pid'))"
            "AuthorizedKeysFile $([IO.Path]::Combine($folder, 'authorized_keys'))"
            'PubkeyAuthentication yes'
            'PasswordAuthentication no'
            'KbdInteractiveAuthentication no'
            'PermitRootLogin prohibit-password'
            'UsePAM no'
            # The keys live in a temporary folder that sshd's ownership checks would refuse.
            'StrictModes no'
            "Subsystem powershell $((@($program) + @($first) | Where-Object { $_ }) -join ' ') -sshs -NoLogo"
        ))
    $process = Start-BackgroundProcess $sshd @('-D', '-e', '-f', $config)
    Wait-Port $port $process
    [pscustomobject]@{
        Process = $process
        Port    = $port
        Folder  = $folder
        KeyFile = [IO.Path]::Combine($folder, 'client_key')
        Options = @{ StrictHostKeyChecking = 'no'; UserKnownHostsFile = [IO.Path]::Combine($folder, 'known_hosts'); BatchMode = 'yes'; IdentitiesOnly = 'yes'; LogLevel = 'ERROR' }
    }
}

function Stop-TestSshServer($Server) {
    if ($Server) {
        Stop-BackgroundProcess $Server.Process
        [IO.Directory]::Delete($Server.Folder, $true)
    }
}

# A Redis server (Debian's redis-server; .ci/run installs it) on a free loopback port, keeping nothing on disk.
function Start-TestRedis {
    $program = '/usr/bin/redis-server'
    if (-not [IO.File]::Exists($program)) {
        throw "$program is missing: install redis-server (apt-get install redis-server), as .ci/run does."
    }
    $port = Get-FreePort
    $process = Start-BackgroundProcess $program @('--port', $port, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no')
    Wait-Port $port $process
    [pscustomobject]@{ Process = $process; Port = $port }
}
