BeforeAll {
    . ([IO.Path]::Combine($PSScriptRoot, 'TestSupport.ps1'))
    Import-Module $manifest -Force
    $script:server = Start-TestServer
    $script:base = $server.Uri
}

AfterAll {
    Stop-TestServer $server
}

Describe 'New-HttpSession' {
    Context 'when it has a base URI and default headers' {
        It 'resolves relative URIs against -BaseUri and sends its headers, under those of the call' {
            $session = New-HttpSession -BaseUri "$base/" -Headers @{ 'X-Session' = 'session'; 'X-Both' = 'session' }
            try {
                $results = 'echo?n=1', '/echo?n=2' |
                    Invoke-ConcurrentRequest -Session $session -Headers @{ 'X-Both' = 'call' } -AsJson -Ordered

                $results.RequestUri | Should -Be @("$base/echo?n=1", "$base/echo?n=2")
                $results.Content.headers.'X-Session' | Should -Be @('session', 'session')
                $results.Content.headers.'X-Both' | Should -Be @('call', 'call')
                $session.HeaderNames | Should -Contain 'X-Session'
            }
            finally {
                $session | Close-HttpSession
            }
        }

        It 'refuses a base URI that is not absolute http with AsyncHttp.InvalidArgument' {
            { New-HttpSession -BaseUri 'ftp://files.example/' } |
                Should -Throw -ErrorId 'AsyncHttp.InvalidArgument,AsyncHttp.Commands.NewHttpSessionCommand'
        }
    }

    Context 'when servers set cookies' {
        It 'keeps cookies between the requests of one session and not across sessions' {
            $first = New-HttpSession -BaseUri $base
            $second = New-HttpSession -BaseUri $base
            try {
                $null = Invoke-ConcurrentRequest -Session $first -Uri '/cookies/set?team=blue'

                (Invoke-ConcurrentRequest -Session $first -Uri '/cookies' -AsJson).Content.team | Should -Be 'blue'
                (Invoke-ConcurrentRequest -Session $second -Uri '/cookies' -AsJson).Content.team | Should -BeNullOrEmpty
                $first.Cookies.GetCookies([uri]$base)['team'].Value | Should -Be 'blue'
            }
            finally {
                $first, $second | Close-HttpSession
            }
        }
    }

    Context 'when no setting is given' {
        It 'has the defaults its help states' {
            $session = New-HttpSession
            try {
                $timeout = (Get-Help New-HttpSession -Parameter TimeoutSec).defaultValue
                $retries = (Get-Help New-HttpSession -Parameter MaximumRetryCount).defaultValue

                $timeout | Should -Be '100'
                $session.Timeout.TotalSeconds | Should -Be ([int]$timeout)
                $retries | Should -Match '^2 '
                $session.MaximumRetryCount | Should -Be 2
                $session.BaseUri | Should -BeNullOrEmpty
                $session.IsClosed | Should -BeFalse
            }
            finally {
                $session | Close-HttpSession
            }
        }

        It 'sends a User-Agent of AsyncHttp and the module version' {
            $result = "$base/echo" | Invoke-ConcurrentRequest -AsJson
            $version = (Get-Module AsyncHttp).Version.ToString(3)

            $result.Content.headers.'User-Agent' | Should -Be "AsyncHttp/$version"
        }

        It 'follows up to 5 redirects and fails the sixth with TooManyRedirects' {
            $results = "$base/redirect/5", "$base/redirect/6" |
                Invoke-ConcurrentRequest -Ordered -ErrorAction SilentlyContinue

            $results[0].StatusCode | Should -Be 200
            $results[0].Uri.AbsolutePath | Should -Be '/redirect/0'
            $results[1].Error.Kind | Should -Be 'TooManyRedirects'
        }
    }

    Context 'when settings contradict each other' {
        It 'refuses an attempt timeout longer than the total, naming both' {
            $caught = $null
            try { New-HttpSession -TimeoutSec 5 -AttemptTimeoutSec 10 } catch { $caught = $_ }

            $caught.FullyQualifiedErrorId | Should -Be 'AsyncHttp.InvalidArgument,AsyncHttp.Commands.NewHttpSessionCommand'
            $caught.Exception.Message | Should -Match '10 s'
            $caught.Exception.Message | Should -Match '5 s'
        }
    }

    Context 'when the server''s certificate is self-signed' {
        It 'fails with Tls, and accepts it with -SkipCertificateCheck after a warning' {
            $strict = "$($server.TlsUri)/small" | Invoke-ConcurrentRequest -MaximumRetryCount 0 -ErrorAction SilentlyContinue -ErrorVariable failures
            $lenient = New-HttpSession -SkipCertificateCheck -WarningVariable warnings -WarningAction SilentlyContinue
            try {
                $accepted = "$($server.TlsUri)/small" | Invoke-ConcurrentRequest -Session $lenient

                $strict.Error.Kind | Should -Be 'Tls'
                $failures[0].CategoryInfo.Category | Should -Be 'SecurityError'
                $warnings | Should -HaveCount 1
                $accepted.StatusCode | Should -Be 200
            }
            finally {
                $lenient | Close-HttpSession
            }
        }
    }

    Context 'when a host keeps failing' {
        It 'opens the host''s circuit breaker, and later requests fail with CircuitOpen without reaching it' {
            $run = New-RunName
            $session = New-HttpSession -CircuitBreakerMinimumThroughput 4 -CircuitBreakerBreakSec 10 -MaximumRetryCount 0
            try {
                $results = 1..10 | ForEach-Object { "$base/status/503?run=$run" } |
                    Invoke-ConcurrentRequest -Session $session -ThrottleLimit 1 -ErrorAction SilentlyContinue

                $kinds = $results | Group-Object { $_.Error.Kind } -AsHashTable -AsString
                $kinds['HttpStatus'] | Should -HaveCount 4
                $kinds['CircuitOpen'] | Should -HaveCount 6
                (Get-RunStats $run).count | Should -Be 4
            }
            finally {
                $session | Close-HttpSession
            }
        }
    }

    Context 'when a rate limit is set' {
        It 'sends no more requests per second than -RateLimit' {
            $session = New-HttpSession -RateLimit 10
            try {
                $clock = [Diagnostics.Stopwatch]::StartNew()
                $results = 1..20 | ForEach-Object { "$base/small" } | Invoke-ConcurrentRequest -Session $session

                $results | Should -HaveCount 20
                $clock.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 0.9
                $clock.Elapsed.TotalSeconds | Should -BeLessThan 3
            }
            finally {
                $session | Close-HttpSession
            }
        }
    }
}
