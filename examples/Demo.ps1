<#
.SYNOPSIS
AsyncHttp in one page: many requests at once over one session, failures as data, retries, a timeout.
.DESCRIPTION
Starts the project's test server on loopback, sends a mixed batch of requests through Invoke-ConcurrentRequest
and shows what came back. Run it with the project's pinned pwsh, which builds first:
    dotnet tool restore && dotnet pwsh -NoProfile -File build.ps1 Demo
#>
$ErrorActionPreference = 'Stop'
Import-Module ([IO.Path]::Combine($PSScriptRoot, '..', 'out', 'AsyncHttp', 'AsyncHttp.psd1'))
$server = & ([IO.Path]::Combine($PSScriptRoot, 'Start-TestServer.ps1'))
try {
    $base = $server.Uri
    Write-Host "Test server: $base`n"

    # One session: pooled connections, a default header, retries with a short first backoff.
    $session = New-HttpSession -BaseUri "$base/" -Headers @{ 'X-Demo' = 'AsyncHttp' } -RetryIntervalSec 0.2

    # 1. A batch: 200 small requests, 100 at a time.
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $batch = 1..200 | ForEach-Object { "delay/50?i=$_" } | Invoke-ConcurrentRequest -Session $session -ThrottleLimit 100
    $clock.Stop()
    Write-Host ('200 requests of 50 ms each: {0} succeeded in {1:0} ms (one after another: at least 10,000 ms).' -f
        @($batch | Where-Object IsSuccess).Count, $clock.Elapsed.TotalMilliseconds)

    # 2. Mixed requests as records (a CSV file would give the same), failures included.
    $key = [guid]::NewGuid().ToString('N')
    $requests = @(
        [pscustomobject]@{ Uri = 'json';                            Method = 'GET';  Tag = 'json document' }
        [pscustomobject]@{ Uri = 'echo';                            Method = 'POST'; Tag = 'post a body'; Body = 'hello' }
        [pscustomobject]@{ Uri = "flaky/$key`?fail=2&status=503";   Method = 'GET';  Tag = 'fails twice, retried' }
        [pscustomobject]@{ Uri = 'status/404';                      Method = 'GET';  Tag = 'not found' }
        [pscustomobject]@{ Uri = 'http://no-such-host.invalid/';    Method = 'GET';  Tag = 'unknown host' }
        [pscustomobject]@{ Uri = 'not a uri';                       Method = 'GET';  Tag = 'malformed' }
    )
    $results = $requests | Invoke-ConcurrentRequest -Session $session -Ordered -ErrorAction SilentlyContinue

    # 3. A timeout, without retries: the request is cut off near one second.
    $results += [pscustomobject]@{ Uri = 'delay/5000'; Tag = '1 s timeout, no retry' } |
        Invoke-ConcurrentRequest -Session $session -TimeoutSec 1 -MaximumRetryCount 0 -ErrorAction SilentlyContinue

    $results | Format-Table -AutoSize @(
        'Index'
        @{ Label = 'Tag'; Expression = { $_.Tag } }
        'StatusCode'
        'Attempts'
        @{ Label = 'Elapsed (ms)'; Expression = { [int]$_.Elapsed.TotalMilliseconds } }
        @{ Label = 'Kind'; Expression = { $_.Error.Kind } }
        @{ Label = 'Message'; Expression = { $_.Error.Message } }
    ) | Out-String -Width 160 | Write-Host

    Write-Host 'Failures by kind:'
    $results | Where-Object { -not $_.IsSuccess } | Group-Object { $_.Error.Kind } -NoElement | Format-Table -AutoSize | Out-String | Write-Host

    # 4. Streams: JSON lines become objects as the server flushes them; a download appears only when complete.
    Write-Host 'JSON lines, streamed (a bad line is an error naming its number; the stream goes on):'
    Receive-HttpStream 'ndjson/5?bad=3&intervalMs=100' -Session $session -As JsonLines -ErrorVariable badLines -ErrorAction SilentlyContinue |
        Format-Table n, name -AutoSize | Out-String | Write-Host
    Write-Host "  $($badLines[0].Exception.Message)`n"

    $file = [IO.Path]::Combine([IO.Path]::GetTempPath(), "asynchttp-demo-$PID.bin")
    $null = Receive-HttpStream 'large/50000000?failAt=20000000' -Session $session -OutFile $file -Resume -MaximumRetryCount 0 -ErrorAction SilentlyContinue
    Write-Host ('A 50 MB download broke after 20 MB; {0} bytes wait in the partial file.' -f [IO.FileInfo]::new("$file.partial").Length)
    $download = Receive-HttpStream 'large/50000000' -Session $session -OutFile $file -Resume
    Write-Host ('-Resume fetched the other {0:N0} bytes (status {1}); SHA-256 {2}, the same as Get-FileHash: {3}' -f
        $download.BytesTransferred, $download.StatusCode, $download.Sha256.Substring(0, 16), ((Get-FileHash $file).Hash -eq $download.Sha256))
    Remove-Item $file

    $session | Close-HttpSession
}
finally {
    $server.Process.Kill()
    $server.Process.WaitForExit()
}
