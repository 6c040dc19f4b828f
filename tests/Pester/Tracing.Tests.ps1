BeforeAll {
    . ([IO.Path]::Combine($PSScriptRoot, 'TestSupport.ps1'))
    Import-Module $manifest -Force
    $script:server = Start-TestServer
    $script:base = $server.Uri
    # Each attempt: a redirect to a key that fails twice with 503, then answers.
    function Get-RetriedRedirect([string] $Key) {
        "$base/redirect-to?url=$([uri]::EscapeDataString("/flaky/$Key`?fail=2"))"
    }
}

AfterAll {
    Stop-TestServer $server
}

Describe 'Seeing what happened to each request' {
    Context 'when a request is retried and redirected' {
        It 'writes one verbose line per retry and per redirect, with its reason and wait, and a summary at the end' {
            $key = New-RunName
            $verbose = Invoke-ConcurrentRequest (Get-RetriedRedirect $key) -RetryIntervalSec 0.1 -Verbose 4>&1 |
                Where-Object { $_ -is [Management.Automation.VerboseRecord] } | ForEach-Object Message

            @($verbose -match '^Request #0: redirect \d, 302 from ') | Should -HaveCount 3
            $retries = @($verbose -match '^Request #0: retry \d of 2 after 503 from ')
            $retries | Should -HaveCount 2
            $retries[0] | Should -Match 'waiting \d+(\.\d+)? s \(backoff\)\.$'
            $verbose -join "`n" | Should -Not -Match 'fail=2'
            $verbose[-1] | Should -Match '^Summary: 1 requests, 0 failed \(none\); status 200 1; 2 retries, 3 redirects; p50 '
        }

        It 'keeps the history as flat objects, one per hop of each attempt' {
            $key = New-RunName
            $result = Invoke-ConcurrentRequest (Get-RetriedRedirect $key) -RetryIntervalSec 0.1

            $result.Attempts | Should -Be 3
            $result.History | Should -HaveCount 6
            ($result.History | ForEach-Object { "$($_.Attempt).$($_.Hop) $($_.StatusCode) $($_.Next)" }) |
                Should -Be '1.0 302 Redirect', '1.1 503 Retry', '2.0 302 Redirect', '2.1 503 Retry', '3.0 302 Redirect', '3.1 200 Done'
            $result.History[1].WaitReason | Should -Be 'Backoff'
            $result.History[1].Kind | Should -Be 'HttpStatus'
            $csv = $result.History | ConvertTo-Csv | ConvertFrom-Csv
            $csv[1].Next | Should -Be 'Retry'
        }

        It 'writes every event to -TraceFile as JSON lines' {
            $key = New-RunName
            $path = [IO.Path]::Combine([IO.Path]::GetTempPath(), "$key.jsonl")
            try {
                $session = New-HttpSession -TraceFile $path -RetryIntervalSec 0.1
                $null = Invoke-ConcurrentRequest (Get-RetriedRedirect $key) -Session $session
                Close-HttpSession $session
                $events = Get-Content $path | ForEach-Object { $_ | ConvertFrom-Json }
                ($events | Where-Object event -EQ 'retry') | Should -HaveCount 2
                ($events | Where-Object event -EQ 'redirect') | Should -HaveCount 3
                ($events | Where-Object event -EQ 'attempt.start') | Should -HaveCount 3
                $end = $events | Where-Object event -EQ 'request.end'
                $end.status | Should -Be 200
                $end.timings.totalMs | Should -BeGreaterThan 0
            }
            finally {
                Remove-Item $path -ErrorAction SilentlyContinue
            }
        }
    }

    Context 'when the request of a stream is retried and redirected' {
        It 'Receive-HttpStream writes a verbose line per retry and per redirect, reading the body and saving it' {
            $session = New-HttpSession -RetryIntervalSec 0.1
            $path = [IO.Path]::Combine([IO.Path]::GetTempPath(), "$(New-RunName).bin")
            try {
                $lines = Receive-HttpStream (Get-RetriedRedirect (New-RunName)) -Session $session -Verbose 4>&1 |
                    Where-Object { $_ -is [Management.Automation.VerboseRecord] } | ForEach-Object Message
                $saved = Receive-HttpStream (Get-RetriedRedirect (New-RunName)) -Session $session -OutFile $path -Verbose 4>&1 |
                    Where-Object { $_ -is [Management.Automation.VerboseRecord] } | ForEach-Object Message

                foreach ($verbose in $lines, $saved) {
                    @($verbose -match '^Request #0: redirect \d, 302 from ') | Should -HaveCount 3
                    @($verbose -match '^Request #0: retry \d of 2 after 503 from ') | Should -HaveCount 2
                    $verbose -join "`n" | Should -Not -Match 'fail=2'
                }
            }
            finally {
                Close-HttpSession $session
                Remove-Item $path -ErrorAction SilentlyContinue
            }
        }

        It 'Receive-HttpStream writes the connection it opened when debug output shows' -Tag NetOnly {
            $session = New-HttpSession
            $DebugPreference = 'Continue'
            $debug = Receive-HttpStream "$base/small" -Session $session 5>&1 |
                Where-Object { $_ -is [Management.Automation.DebugRecord] } | ForEach-Object Message
            Close-HttpSession $session

            @($debug -match '^Connection \d+ to 127\.0\.0\.1:\d+ opened \(HTTP/1\.1\)\.$') | Should -HaveCount 1
            @($debug -match '^Request #0: new connection \d+: dns 0 ms, connect [\d.]+ ms, tls 0 ms\.$') | Should -HaveCount 1
        }
    }

    Context 'when a run is asked for its summary' {
        It 'emits a RunSummary after the results with -Summary' {
            $output = "$base/small", "$base/status/404", "$base/small" | Invoke-ConcurrentRequest -Summary -ErrorAction SilentlyContinue

            $output | Should -HaveCount 4
            $summary = $output[-1]
            $summary | Should -BeOfType AsyncHttp.RunSummary
            $summary.Requests | Should -Be 3
            $summary.Failed | Should -Be 1
            $summary.ByKind['HttpStatus'] | Should -Be 1
            $summary.ByStatus[200] | Should -Be 2
            $summary.P99 | Should -BeGreaterOrEqual $summary.P50
        }
    }

    Context 'when timings are read' {
        It 'gives -FollowRelLink pages their history, verbose lines and the summary' {
            $output = Invoke-ConcurrentRequest "$base/pages/1?of=3" -FollowRelLink -Summary -Verbose 4>&1
            $pages = @($output | Where-Object { $_ -is [AsyncHttp.HttpResult] })
            $summary = $output | Where-Object { $_ -is [AsyncHttp.RunSummary] }
            $verbose = @($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)

            $pages | Should -HaveCount 3
            $pages | ForEach-Object { $_.History | Should -HaveCount 1 }
            $summary.Requests | Should -Be 3
            $summary.ByStatus[200] | Should -Be 3
            $verbose[-1] | Should -Match '^Summary: 3 requests, 0 failed'
        }

        It 'gives every result timings that add up within its total' {
            $result = Invoke-ConcurrentRequest "$base/small"

            $t = $result.Timings
            $t.FirstByte | Should -BeGreaterThan ([timespan]::Zero)
            $t.Body | Should -Not -BeNullOrEmpty
            ($t.Redirect + $t.FirstByte + $t.Body) | Should -BeLessOrEqual $t.Total
        }

        It 'measures DNS, connect and TLS, and shows a reused connection as such' -Tag NetOnly {
            $session = New-HttpSession
            $first, $second = "$base/small", "$base/small" | ForEach-Object { Invoke-ConcurrentRequest $_ -Session $session }
            Close-HttpSession $session

            $first.Timings.Reused | Should -BeFalse
            $first.Timings.Connect | Should -BeGreaterThan ([timespan]::Zero)
            $second.Timings.Reused | Should -BeTrue
            $second.Timings.Connect | Should -Be ([timespan]::Zero)
        }

        It 'writes connection events when debug output shows' -Tag NetOnly {
            $session = New-HttpSession
            $DebugPreference = 'Continue'
            $debug = Invoke-ConcurrentRequest "$base/small", "$base/small" -Session $session -ThrottleLimit 1 5>&1 |
                Where-Object { $_ -is [Management.Automation.DebugRecord] } | ForEach-Object Message
            Close-HttpSession $session

            @($debug -match '^Connection \d+ to 127\.0\.0\.1:\d+ opened \(HTTP/1\.1\)\.$') | Should -HaveCount 1
            @($debug -match '^Request #0: new connection \d+: dns 0 ms, connect [\d.]+ ms, tls 0 ms\.$') | Should -HaveCount 1
            @($debug -match '^Request #1: reused connection \d+\.$') | Should -HaveCount 1
        }

        # The Windows PowerShell build (tools/Invoke-PesterSuite.ps1 -Build netstandard2.0): its handler has no connect
        # hooks, so it cannot time DNS, connect and TLS, and says so with nulls rather than guesses.
        It 'times DNS, connect and TLS on PowerShell 7, and leaves them and Reused null on the Windows PowerShell build' {
            $framework = [AsyncHttp.HttpSession].Assembly.GetCustomAttributes([Runtime.Versioning.TargetFrameworkAttribute], $false)[0].FrameworkName
            $session = New-HttpSession
            $result = Invoke-ConcurrentRequest "$base/small" -Session $session
            Close-HttpSession $session

            $result.Timings.FirstByte | Should -BeGreaterThan ([timespan]::Zero)
            if ($framework -like '.NETStandard*') {
                $result.Timings.Dns | Should -BeNullOrEmpty
                $result.Timings.Connect | Should -BeNullOrEmpty
                $result.Timings.Tls | Should -BeNullOrEmpty
                $result.Timings.Reused | Should -BeNullOrEmpty
            }
            else {
                $result.Timings.Reused | Should -BeFalse
                $result.Timings.Connect | Should -BeGreaterThan ([timespan]::Zero)
                $result.Timings.Tls | Should -Be ([timespan]::Zero)
            }
        }
    }
}
