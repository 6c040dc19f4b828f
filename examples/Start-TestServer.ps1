<#
.SYNOPSIS
Starts the project's test server on 127.0.0.1 and returns its process and addresses.
.DESCRIPTION
The server (out/TestServer, built by `dotnet build`) exits by itself when the process that started it exits.
Stop it earlier with $server.Process.Kill().
#>
[CmdletBinding()]
param(
    [int] $Port = 0,
    # A Unix domain socket the server also listens on (for New-HttpSession -UnixSocket).
    [string] $UnixSocket
)

$root = [IO.Path]::GetFullPath([IO.Path]::Combine($PSScriptRoot, '..'))
$dll = [IO.Path]::Combine($root, 'out', 'TestServer', 'AsyncHttp.TestServer.dll')
if (-not [IO.File]::Exists($dll)) {
    throw "The test server is not built: run 'dotnet build' in $root first."
}
$start = [Diagnostics.ProcessStartInfo]::new('dotnet')
foreach ($argument in $dll, '--port', $Port, '--parent-pid', $PID) { $start.ArgumentList.Add([string]$argument) }
if ($UnixSocket) { foreach ($argument in '--unix-socket', $UnixSocket) { $start.ArgumentList.Add($argument) } }
$start.RedirectStandardOutput = $true
$start.UseShellExecute = $false
$process = [Diagnostics.Process]::Start($start)
$line = $process.StandardOutput.ReadLine()
if ($line -notmatch '^Listening on (\S+) (\S+) (\S+)') {
    $process.Kill()
    throw "The test server did not start: '$line'"
}
[pscustomobject]@{
    Process = $process
    Uri     = $Matches[1].TrimEnd('/')
    TlsUri  = $Matches[2].TrimEnd('/')
    # https that asks for a client certificate
    MutualTlsUri = $Matches[3].TrimEnd('/')
}
