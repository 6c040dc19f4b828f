BeforeAll {
    . ([IO.Path]::Combine($PSScriptRoot, 'TestSupport.ps1'))
    Import-Module $manifest -Force
    $script:server = Start-TestServer
    $script:base = $server.Uri
    $script:tls = $server.TlsUri

    function New-Secret([string] $Text) { ConvertTo-SecureString $Text -AsPlainText -Force }
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
    Context 'when a login must outlast its session' {
        It 'carries cookies into a new session with -Cookie: from GetCookies, a hashtable or Cookie objects' {
            $first = New-HttpSession -BaseUri $base
            try {
                $null = Invoke-ConcurrentRequest -Session $first -Uri '/cookies/set?login=abc123'
                $carried = New-HttpSession -BaseUri $base -Cookie $first.GetCookies($base)
                $fromTable = New-HttpSession -BaseUri $base -Cookie @{ login = 'from-a-hashtable'; theme = 'dark' }
                $fromObject = New-HttpSession -Cookie ([System.Net.Cookie]::new('login', 'from-an-object', '/', ([uri]$base).Host))

                (Invoke-ConcurrentRequest -Session $carried -Uri '/cookies' -AsJson).Content.login | Should -Be 'abc123'
                $table = (Invoke-ConcurrentRequest -Session $fromTable -Uri '/cookies' -AsJson).Content
                $table.login | Should -Be 'from-a-hashtable'
                $table.theme | Should -Be 'dark'
                ("$base/cookies" | Invoke-ConcurrentRequest -Session $fromObject -AsJson).Content.login | Should -Be 'from-an-object'
            }
            finally {
                $first, $carried, $fromTable, $fromObject | Where-Object { $_ } | Close-HttpSession
            }
        }

        It 'refuses cookies for the BaseUri when the session has none, with AsyncHttp.InvalidArgument' {
            { New-HttpSession -Cookie @{ login = 'x' } } |
                Should -Throw -ErrorId 'AsyncHttp.InvalidArgument,AsyncHttp.Commands.NewHttpSessionCommand'
        }

        It 'keeps a login across two sessions with -CookieFile, in a file readable by its owner only' {
            $file = Join-Path $TestDrive 'login.cookies.json'
            $monday = New-HttpSession -BaseUri $base -CookieFile $file
            $null = Invoke-ConcurrentRequest -Session $monday -Uri '/cookies/set?login=abc123'
            $monday | Close-HttpSession

            $tuesday = New-HttpSession -BaseUri $base -CookieFile $file
            try {
                (Invoke-ConcurrentRequest -Session $tuesday -Uri '/cookies' -AsJson).Content.login | Should -Be 'abc123'
                $tuesday.GetCookies($base)['login'].Value | Should -Be 'abc123'
                if (-not $IsWindows) {
                    (Get-Item $file).UnixMode | Should -Be '-rw-------'
                }
            }
            finally {
                $tuesday | Close-HttpSession
            }
        }

        It 'keeps a login across two runs of a script in separate processes, as a scheduled task does' {
            $file = Join-Path $TestDrive 'task.cookies.json'
            $script = @'
Import-Module '{0}' -ErrorAction Stop
$session = New-HttpSession -BaseUri '{1}' -CookieFile '{2}'
{3}
'@
            # The first run logs in and exits without closing its session: the run itself saved the jar.
            $first = Invoke-ChildPwsh ($script -f $manifest, $base, $file, "`$null = Invoke-ConcurrentRequest -Session `$session -Uri '/cookies/set?login=task-1'; 'logged in'")
            $second = Invoke-ChildPwsh ($script -f $manifest, $base, $file, "(Invoke-ConcurrentRequest -Session `$session -Uri '/cookies' -AsJson).Content.login")

            $first.ExitCode | Should -Be 0 -Because $first.Errors
            $first.Output | Should -Be 'logged in'
            $second.ExitCode | Should -Be 0 -Because $second.Errors
            $second.Output | Should -Be 'task-1'
        }

        It 'writes and reads cookie files with SaveCookies and LoadCookies' {
            $file = Join-Path $TestDrive 'saved.cookies.json'
            $first = New-HttpSession -BaseUri $base
            $fresh = New-HttpSession -BaseUri $base
            try {
                $null = Invoke-ConcurrentRequest -Session $first -Uri '/cookies/set?saved=yes&also=1'
                $first.SaveCookies($file)

                $fresh.LoadCookies($file) | Should -Be 2
                (Invoke-ConcurrentRequest -Session $fresh -Uri '/cookies' -AsJson).Content.saved | Should -Be 'yes'
            }
            finally {
                $first, $fresh | Close-HttpSession
            }
        }

        It 'refuses a -CookieFile that is not a cookie file, naming it' {
            $file = Join-Path $TestDrive 'not-cookies.txt'
            Set-Content -Path $file -Value 'just some text'
            $caught = $null
            try { New-HttpSession -CookieFile $file } catch { $caught = $_ }

            $caught.FullyQualifiedErrorId | Should -Be 'AsyncHttp.InvalidArgument,AsyncHttp.Commands.NewHttpSessionCommand'
            $caught.Exception.Message | Should -Match ([regex]::Escape($file))
        }
    }

    Context 'when the session has credentials' {
        BeforeAll {
            $script:alice = [pscredential]::new('alice', (New-Secret 'wonderland'))
        }

        It 'refuses to send -Credential or -Token over http: InvalidRequest, and nothing reaches the server' {
            $run = New-RunName
            $basic = New-HttpSession -Credential $alice
            $bearer = New-HttpSession -Token (New-Secret 'a-token')
            try {
                $results = @(
                    Invoke-ConcurrentRequest -Session $basic -Uri "$base/basic-auth/alice/wonderland?run=$run" -ErrorAction SilentlyContinue
                    Invoke-ConcurrentRequest -Session $bearer -Uri "$base/bearer?run=$run" -ErrorAction SilentlyContinue
                )
                Receive-HttpStream "$base/bearer?run=$run" -Session $bearer -ErrorVariable streamed -ErrorAction SilentlyContinue

                $results.Error.Kind | Should -Be @('InvalidRequest', 'InvalidRequest')
                $results.Attempts | Should -Be @(0, 0)
                $results[0].Error.Message | Should -Match 'not sent over unencrypted http.*-AllowUnencryptedAuthentication'
                $streamed[0].FullyQualifiedErrorId | Should -Be 'AsyncHttp.InvalidRequest,AsyncHttp.Commands.ReceiveHttpStreamCommand'
                (Invoke-RestMethod "$base/stats/$run").count | Should -Be 0
            }
            finally {
                $basic, $bearer | Close-HttpSession
            }
        }

        It 'sends them over http with -AllowUnencryptedAuthentication, and the server checks them' {
            $session = New-HttpSession -Credential $alice -AllowUnencryptedAuthentication
            try {
                $results = "$base/basic-auth/alice/wonderland", "$base/basic-auth/alice/looking-glass" |
                    Invoke-ConcurrentRequest -Session $session -AsJson -Ordered -ErrorAction SilentlyContinue

                $results[0].StatusCode | Should -Be 200
                $results[0].Content.user | Should -Be 'alice'
                $results[1].StatusCode | Should -Be 401
            }
            finally {
                $session | Close-HttpSession
            }
        }

        It 'sends them over https as they are' {
            $basic = New-HttpSession -Credential $alice -SkipCertificateCheck -WarningAction SilentlyContinue
            $bearer = New-HttpSession -Token (New-Secret 'token-over-tls') -SkipCertificateCheck -WarningAction SilentlyContinue
            try {
                (Invoke-ConcurrentRequest -Session $basic -Uri "$tls/basic-auth/alice/wonderland" -AsJson).Content.authenticated | Should -BeTrue
                (Invoke-ConcurrentRequest -Session $bearer -Uri "$tls/bearer" -AsJson).Content.token | Should -Be 'token-over-tls'
                (Receive-HttpStream "$tls/bearer" -Session $bearer -As JsonLines).token | Should -Be 'token-over-tls'
            }
            finally {
                $basic, $bearer | Close-HttpSession
            }
        }

        It 'drops the Authorization header on a redirect to another origin, unless -PreserveAuthorizationOnRedirect' {
            $port = ([uri]$tls).Port
            $elsewhere = [uri]::EscapeDataString("https://localhost:$port/echo")
            $here = [uri]::EscapeDataString("$tls/echo")
            $kept = New-HttpSession -Token (New-Secret 'redirected') -SkipCertificateCheck -WarningAction SilentlyContinue
            $preserved = New-HttpSession -Token (New-Secret 'redirected') -SkipCertificateCheck -PreserveAuthorizationOnRedirect -WarningAction SilentlyContinue
            try {
                $other = Invoke-ConcurrentRequest -Session $kept -Uri "$tls/redirect-to?url=$elsewhere" -AsJson
                $same = Invoke-ConcurrentRequest -Session $kept -Uri "$tls/redirect-to?url=$here" -AsJson
                $forced = Invoke-ConcurrentRequest -Session $preserved -Uri "$tls/redirect-to?url=$elsewhere" -AsJson

                $other.Uri.Host | Should -Be 'localhost'
                $other.Content.headers.Authorization | Should -BeNullOrEmpty
                $same.Content.headers.Authorization | Should -Be 'Bearer redirected'
                $forced.Uri.Host | Should -Be 'localhost'
                $forced.Content.headers.Authorization | Should -Be 'Bearer redirected'
            }
            finally {
                $kept, $preserved | Close-HttpSession
            }
        }

        It 'refuses -Credential and -Token together' {
            { New-HttpSession -Credential $alice -Token (New-Secret 'both') } |
                Should -Throw -ErrorId 'AsyncHttp.InvalidArgument,AsyncHttp.Commands.NewHttpSessionCommand'
        }
    }

    Context 'when its text and errors are shown' {
        It 'never shows a token or a password: not in the session, its verbose text, its results or its error records' {
            $id = New-RunName
            $password = "pw-$id"
            $token = "tok-$id"
            $key = "key-$id"
            $basic = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("alice:$password"))
            $withPassword = New-HttpSession -BaseUri $base -Credential ([pscredential]::new('alice', (New-Secret $password))) -Verbose 4>&1
            $verbose = @($withPassword | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
            $withPassword = $withPassword | Where-Object { $_ -is [AsyncHttp.HttpSession] }
            $withToken = New-HttpSession -BaseUri $base -Token (New-Secret $token) -AllowUnencryptedAuthentication
            try {
                $records = [System.Collections.Generic.List[object]]::new()
                $results = @(
                    Invoke-ConcurrentRequest -Session $withPassword -Uri '/status/500' -MaximumRetryCount 0 -Verbose -ErrorAction SilentlyContinue -ErrorVariable +records 4>&1
                    Invoke-ConcurrentRequest -Session $withToken -Uri '/status/401', "/status/404?api_key=$key", '/cookies/set?session=cookie-value' -MaximumRetryCount 0 -Verbose -ErrorAction SilentlyContinue -ErrorVariable +records 4>&1
                )
                Receive-HttpStream "/status/403?access_token=$key" -Session $withToken -Verbose -ErrorAction SilentlyContinue -ErrorVariable +records 4>&1 |
                    ForEach-Object { $verbose += $_ }
                $verbose += @($results | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
                $results = @($results | Where-Object { $_ -is [AsyncHttp.HttpResult] })

                $text = @(
                    $withPassword, $withToken | Out-String
                    $withPassword, $withToken | Format-List * | Out-String
                    $withPassword, $withToken | ForEach-Object ToString
                    $withPassword, $withToken | ConvertTo-Json -Depth 3 -WarningAction SilentlyContinue
                    $verbose | Out-String
                    $results | Out-String -Width 300
                    $results | Format-List * | Out-String -Width 300
                    $results | ForEach-Object { "$_"; $_.Error | Format-List * | Out-String -Width 300; $_.Headers | Out-String -Width 300 }
                    $records | Out-String -Width 300
                    $records | Format-List * -Force | Out-String -Width 300
                    $records | ForEach-Object { $_.Exception.ToString(); "$($_.TargetObject)"; $_.ErrorDetails.Message }
                ) -join "`n"
                # Messages and error records show query values as ***; the results' own RequestUri keeps the URI given.
                $messages = @(
                    $verbose | Out-String
                    $records | Out-String -Width 300
                    $records | Format-List * -Force | Out-String -Width 300
                    $records | ForEach-Object { $_.Exception.ToString(); "$($_.TargetObject)"; $_.ErrorDetails.Message }
                    $results | ForEach-Object { "$_"; $_.Error.Message }
                ) -join "`n"

                # The text is there to look at: the failures and the redacted values show.
                $records | Should -HaveCount 4
                $verbose.Count | Should -BeGreaterOrEqual 3
                $text | Should -Match 'HttpStatus'
                $messages | Should -Match 'api_key=\*\*\*'
                $messages | Should -Match 'access_token=\*\*\*'
                $messages | Should -Not -Match $key
                $text | Should -Not -Match $password
                $text | Should -Not -Match $token
                $text | Should -Not -Match ([regex]::Escape($basic))
                # The Set-Cookie header that set it hides the cookie's value (the request's own URI still has it).
                $cookieHeaders = $results | Where-Object { $_.RequestUri.AbsolutePath -eq '/cookies/set' } | ForEach-Object Headers | Out-String -Width 300
                $cookieHeaders | Should -Match 'Set-Cookie\s+session=\(redacted\)'
                $cookieHeaders | Should -Not -Match 'cookie-value'
            }
            finally {
                $withPassword, $withToken | Close-HttpSession
            }
        }
    }

    Context 'when asked for HTTP/2 or a TLS version' {
        It 'speaks HTTP/2 over https with -HttpVersion 2.0, and HTTP/1.1 over http' -Tag NetOnly {
            $session = New-HttpSession -HttpVersion 2.0 -SkipCertificateCheck -WarningAction SilentlyContinue
            try {
                $secure = Invoke-ConcurrentRequest -Session $session -Uri "$tls/protocol" -AsJson
                $plain = Invoke-ConcurrentRequest -Session $session -Uri "$base/protocol" -AsJson

                $secure.Content.protocol | Should -Be 'HTTP/2'
                $secure.HttpVersion | Should -Be '2.0'
                $plain.Content.protocol | Should -Be 'HTTP/1.1'
            }
            finally {
                $session | Close-HttpSession
            }
        }

        It 'keeps to the TLS version that -SslProtocol allows' {
            $session = New-HttpSession -SslProtocol Tls12 -SkipCertificateCheck -WarningAction SilentlyContinue
            try {
                (Invoke-ConcurrentRequest -Session $session -Uri "$tls/protocol" -AsJson).Content.tls | Should -Be 'Tls12'
            }
            finally {
                $session | Close-HttpSession
            }
        }
    }
}
