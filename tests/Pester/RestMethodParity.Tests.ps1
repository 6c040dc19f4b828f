# What a script written for Invoke-RestMethod expects to find here: typed exceptions, paging, per-call settings,
# discoverable names.
BeforeAll {
    . ([IO.Path]::Combine($PSScriptRoot, 'TestSupport.ps1'))
    Import-Module $manifest -Force
    $script:server = Start-TestServer
    $script:base = $server.Uri
}

AfterAll {
    Stop-TestServer $server
}

Describe 'Exceptions by family' {
    It 'catches <Uri> as <Type> with -ErrorAction Stop' -TestCases @(
        @{ Uri = 'http://127.0.0.1:1/'; Type = 'AsyncHttp.HttpConnectionException'; Kind = 'ConnectionRefused' }
        @{ Uri = '{base}/status/404'; Type = 'AsyncHttp.HttpStatusException'; Kind = 'HttpStatus' }
        @{ Uri = '{base}/fault/no-headers'; Type = 'AsyncHttp.HttpTimeoutException'; Kind = 'Timeout'; AttemptTimeoutSec = 1 }
        @{ Uri = '{tls}/json'; Type = 'AsyncHttp.HttpTlsException'; Kind = 'Tls' }
        @{ Uri = '{base}/fault/truncate/100'; Type = 'AsyncHttp.HttpPayloadException'; Kind = 'Payload' }
        @{ Uri = 'relative/without/base'; Type = 'AsyncHttp.HttpRequestFailedException'; Kind = 'InvalidRequest' }
    ) {
        $target = $Uri.Replace('{base}', $base).Replace('{tls}', $server.TlsUri)
        $timeout = if ($AttemptTimeoutSec) { $AttemptTimeoutSec } else { 30 }
        $caught = $null
        try {
            Invoke-ConcurrentRequest $target -MaximumRetryCount 0 -AttemptTimeoutSec $timeout -ErrorAction Stop
        }
        catch [AsyncHttp.HttpConnectionException], [AsyncHttp.HttpTimeoutException], [AsyncHttp.HttpTlsException],
              [AsyncHttp.HttpStatusException], [AsyncHttp.HttpPayloadException] {
            $caught = $_
        }
        catch [AsyncHttp.HttpRequestFailedException] {
            $caught = $_
        }

        $caught | Should -Not -BeNullOrEmpty
        $caught.Exception.GetType().FullName | Should -Be $Type
        $caught.Exception | Should -BeOfType ([AsyncHttp.HttpRequestFailedException])
        $caught.Exception.Kind | Should -Be $Kind
        $caught.FullyQualifiedErrorId | Should -BeLike "AsyncHttp.$Kind,*"
    }

    It 'lets a catch of the base type take any failure, and a catch of another family none' {
        $order = [Collections.Generic.List[string]]::new()
        try {
            Invoke-ConcurrentRequest "$base/status/500" -MaximumRetryCount 0 -ErrorAction Stop
        }
        catch [AsyncHttp.HttpConnectionException] { $order.Add('connection') }
        catch [AsyncHttp.HttpRequestFailedException] { $order.Add("base: $($_.Exception.Error.StatusCode)") }

        $order | Should -Be @('base: 500')
    }
}

Describe 'Discoverability' {
    It 'finds Invoke-HttpRequest with Get-Command *Http*, an alias of Invoke-ConcurrentRequest that sends requests' {
        $found = Get-Command *Http* -Module AsyncHttp
        $found.Name | Should -Contain 'Invoke-HttpRequest'
        (Get-Command Invoke-HttpRequest).ResolvedCommand.Name | Should -Be 'Invoke-ConcurrentRequest'
        (Invoke-HttpRequest "$base/small").StatusCode | Should -Be 200
    }

    It 'completes -Method of <Command> with the HTTP methods' -TestCases @(
        @{ Command = 'Invoke-ConcurrentRequest' }
        @{ Command = 'Receive-HttpStream' }
    ) {
        $line = "$Command x -Method P"
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $completions | Should -Be @('POST', 'PUT', 'PATCH')
    }

    It 'completes -HttpVersion with the versions a session may ask for' {
        $line = 'New-HttpSession -HttpVersion '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText |
            Should -Be @('1.1', '2.0', '3.0', '1.0')
    }

    It 'offers only TLS 1.2 and 1.3 for -SslProtocol, and refuses Ssl3 naming the values it takes' {
        $line = 'New-HttpSession -SslProtocol '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText |
            Should -Be @('Tls12', 'Tls13')
        { New-HttpSession -SslProtocol Ssl3 } | Should -Throw '*Tls12*Tls13*'
    }

    It 'takes both versions as -SslProtocol Tls12, Tls13 and connects' {
        $session = New-HttpSession -SslProtocol Tls12, Tls13 -SkipCertificateCheck -WarningAction SilentlyContinue
        (Invoke-ConcurrentRequest "$($server.TlsUri)/json" -Session $session).StatusCode | Should -Be 200
        Close-HttpSession $session
    }
}

Describe 'Paging with -FollowRelLink' {
    It 'parses the Link relations of every result into Links' {
        $result = Invoke-ConcurrentRequest "$base/pages/1?of=3"

        $result.Links['next'] | Should -Be "$base/pages/2?of=3"
        $result.Links['first'] | Should -Be "$base/pages/1?of=3"
        (Invoke-ConcurrentRequest "$base/small").Links.Count | Should -Be 0
    }

    It 'emits every page in order, and stops at the page without "next"' {
        $pages = Invoke-ConcurrentRequest "$base/pages/1?of=4" -FollowRelLink -AsJson

        $pages.Content.page | Should -Be @(1, 2, 3, 4)
        $pages.Index | Should -Be @(0, 1, 2, 3)
        $pages[-1].Links.ContainsKey('next') | Should -BeFalse
    }

    It 'follows at most -MaximumFollowRelLink links, and that alone turns paging on' {
        $pages = Invoke-ConcurrentRequest "$base/pages/1?of=10" -MaximumFollowRelLink 2 -AsJson

        $pages.Content.page | Should -Be @(1, 2, 3)
    }

    It 'repeats the start request''s method on each page' {
        $pages = Invoke-ConcurrentRequest "$base/pages/1?of=2" -Method POST -Body 'q' -FollowRelLink -AsJson

        $pages.Content.method | Should -Be @('POST', 'POST')
    }

    It 'stops after a failed page, writing its error once' {
        $pages = Invoke-ConcurrentRequest "$base/pages/1?of=5&fail=2" -FollowRelLink -MaximumRetryCount 0 -ErrorVariable failures -ErrorAction SilentlyContinue

        $pages | Should -HaveCount 2
        $pages[1].Error.Kind | Should -Be 'HttpStatus'
        $failures | Should -HaveCount 1
    }

    It 'stops at a "next" link it has already visited' {
        $pages = Invoke-ConcurrentRequest "$base/pages/loop" -FollowRelLink

        $pages | Should -HaveCount 1
    }

    It 'refuses a second start URI, naming it' {
        { "$base/pages/1", "$base/pages/7" | Invoke-ConcurrentRequest -FollowRelLink -ErrorAction Stop } |
            Should -Throw "*one start URI*pages/7*"
    }
}

Describe 'Per-call security settings' {
    BeforeAll {
        $script:tls = $server.TlsUri
        $script:credential = [pscredential]::new('ann', (ConvertTo-SecureString 'pa55' -AsPlainText -Force))
    }

    It 'sends -Credential of the call over a session that has none, and checks the certificate unless -SkipCertificateCheck' {
        $session = New-HttpSession -MaximumRetryCount 0
        $checked = Invoke-ConcurrentRequest "$tls/basic-auth/ann/pa55" -Session $session -Credential $credential -ErrorAction SilentlyContinue
        $skipped = Invoke-ConcurrentRequest "$tls/basic-auth/ann/pa55" -Session $session -Credential $credential -SkipCertificateCheck -WarningVariable warned -WarningAction SilentlyContinue -AsJson
        $without = Invoke-ConcurrentRequest "$tls/basic-auth/ann/pa55" -Session $session -SkipCertificateCheck -WarningAction SilentlyContinue -ErrorAction SilentlyContinue

        $checked.Error.Kind | Should -Be 'Tls'
        $skipped.Content.user | Should -Be 'ann'
        $warned | Should -Not -BeNullOrEmpty
        $without.StatusCode | Should -Be 401
        Close-HttpSession $session
    }

    It 'checks the certificate with -SkipCertificateCheck:$false on a session that skips it' {
        $session = New-HttpSession -SkipCertificateCheck -MaximumRetryCount 0 -WarningAction SilentlyContinue

        (Invoke-ConcurrentRequest "$tls/json" -Session $session).StatusCode | Should -Be 200
        (Invoke-ConcurrentRequest "$tls/json" -Session $session -SkipCertificateCheck:$false -ErrorAction SilentlyContinue).Error.Kind | Should -Be 'Tls'
        Close-HttpSession $session
    }

    It 'sends -Token of the call instead of the session''s credentials' {
        $session = New-HttpSession -Credential $credential -SkipCertificateCheck -WarningAction SilentlyContinue
        $token = ConvertTo-SecureString 'call-token' -AsPlainText -Force

        (Invoke-ConcurrentRequest "$tls/bearer" -Session $session -Token $token -AsJson).Content.token | Should -Be 'call-token'
        (Invoke-ConcurrentRequest "$tls/basic-auth/ann/pa55" -Session $session -AsJson).Content.user | Should -Be 'ann'
        Close-HttpSession $session
    }

    It 'refuses -Credential and -Token together, naming both' {
        $token = ConvertTo-SecureString 't' -AsPlainText -Force
        { Invoke-ConcurrentRequest "$base/small" -Credential $credential -Token $token -ErrorAction Stop } | Should -Throw '*Credential and Token*'
    }

    It 'follows at most -MaximumRedirection redirects of the call' {
        $session = New-HttpSession -MaximumRetryCount 0

        (Invoke-ConcurrentRequest "$base/redirect/3" -Session $session).StatusCode | Should -Be 200
        (Invoke-ConcurrentRequest "$base/redirect/3" -Session $session -MaximumRedirection 1 -ErrorAction SilentlyContinue).Error.Kind | Should -Be 'TooManyRedirects'
        Close-HttpSession $session
    }

    It 'keeps a POST and its body through a 302 with -PreserveHttpMethodOnRedirect, on the call or the session' {
        $uri = "$base/redirect-to?status=302&url=/echo"
        $plain = Invoke-ConcurrentRequest $uri -Method POST -Body 'payload' -AsJson
        $kept = Invoke-ConcurrentRequest $uri -Method POST -Body 'payload' -PreserveHttpMethodOnRedirect -AsJson
        $session = New-HttpSession -PreserveHttpMethodOnRedirect
        $bySession = Invoke-ConcurrentRequest $uri -Method POST -Body 'payload' -Session $session -AsJson

        $plain.Content.method | Should -Be 'GET'
        $plain.Content.body | Should -BeNullOrEmpty
        $kept.Content.method | Should -Be 'POST'
        $kept.Content.body | Should -Be 'payload'
        $bySession.Content.method | Should -Be 'POST'
        Close-HttpSession $session
    }

    It 'applies the same overrides to Receive-HttpStream' {
        $lines = Receive-HttpStream "$tls/basic-auth/ann/pa55" -Credential $credential -SkipCertificateCheck -WarningAction SilentlyContinue
        ($lines -join '') | Should -Match '"user":\s*"ann"'
    }
}

Describe 'Receive-HttpStream response variables' {
    It 'sets -StatusCodeVariable and -ResponseHeadersVariable for a stream, before its lines are read' {
        $lines = Receive-HttpStream "$base/lines/3" -StatusCodeVariable status -ResponseHeadersVariable headers

        $lines | Should -HaveCount 3
        $status | Should -Be 200
        $headers['content-type'] | Should -BeLike 'text/*'
    }

    It 'sets them for a download and for a failure' {
        $file = Join-Path $TestDrive 'body.bin'
        $null = Receive-HttpStream "$base/bytes/100" -OutFile $file -StatusCodeVariable saved -ResponseHeadersVariable savedHeaders
        Receive-HttpStream "$base/status/404" -MaximumRetryCount 0 -StatusCodeVariable missing -ErrorAction SilentlyContinue

        $saved | Should -Be 200
        $savedHeaders['Content-Length'] | Should -Be '100'
        $missing | Should -Be 404
    }

    It 'sets them to null when no response came' {
        $none = 'before'
        $noHeaders = 'before'
        Receive-HttpStream 'http://127.0.0.1:1/' -MaximumRetryCount 0 -StatusCodeVariable none -ResponseHeadersVariable noHeaders -ErrorAction SilentlyContinue

        $none | Should -BeNullOrEmpty
        $noHeaders | Should -BeNullOrEmpty
    }
}

Describe 'Enterprise session options' {
    It 'refuses <Case>, naming both' -TestCases @(
        @{ Case = '-NoProxy with -Proxy'; Arguments = @{ NoProxy = $true; Proxy = 'http://127.0.0.1:3128' }; Message = '*NoProxy*Proxy*' }
        @{ Case = '-ProxyUseDefaultCredentials with -ProxyCredential'; Arguments = @{ ProxyUseDefaultCredentials = $true; ProxyCredential = [pscredential]::new('u', (ConvertTo-SecureString 'p' -AsPlainText -Force)) }; Message = '*ProxyUseDefaultCredentials and ProxyCredential*' }
        @{ Case = '-UseDefaultCredentials with -Credential'; Arguments = @{ UseDefaultCredentials = $true; Credential = [pscredential]::new('u', (ConvertTo-SecureString 'p' -AsPlainText -Force)) }; Message = '*UseDefaultCredentials*Credential*' }
    ) {
        { New-HttpSession @Arguments -ErrorAction Stop } | Should -Throw $Message
    }

    It 'sends requests with -UseDefaultCredentials and -ProxyUseDefaultCredentials where no challenge comes' {
        $session = New-HttpSession -UseDefaultCredentials -ProxyUseDefaultCredentials
        (Invoke-ConcurrentRequest "$base/small" -Session $session).StatusCode | Should -Be 200
        Close-HttpSession $session
    }

    It 'presents the client certificate that -CertificateThumbprint names in the current user''s store' {
        $key = [Security.Cryptography.RSA]::Create(2048)
        $request = [Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=asynchttp-thumbprint', $key,
            [Security.Cryptography.HashAlgorithmName]::SHA256, [Security.Cryptography.RSASignaturePadding]::Pkcs1)
        $certificate = $request.CreateSelfSigned([DateTimeOffset]::Now.AddMinutes(-5), [DateTimeOffset]::Now.AddHours(1))
        $store = [Security.Cryptography.X509Certificates.X509Store]::new('My', 'CurrentUser')
        $store.Open('ReadWrite')
        $store.Add($certificate)
        try {
            $session = New-HttpSession -CertificateThumbprint $certificate.Thumbprint.ToLowerInvariant() -SkipCertificateCheck -WarningAction SilentlyContinue
            (Invoke-ConcurrentRequest "$($server.MutualTlsUri)/client-cert" -Session $session -AsJson).Content.subject | Should -Be 'CN=asynchttp-thumbprint'
            Close-HttpSession $session
        }
        finally {
            $store.Remove($certificate)
            $store.Dispose()
        }
    }

    It 'refuses a thumbprint that no store holds, naming it and the stores' {
        { New-HttpSession -CertificateThumbprint 'AB12' -ErrorAction Stop } | Should -Throw '*AB12*CurrentUser\My*LocalMachine\My*'
    }
}

Describe 'Unix domain sockets' {
    BeforeAll {
        $framework = [AsyncHttp.HttpSession].Assembly.GetCustomAttributes([Runtime.Versioning.TargetFrameworkAttribute], $false)[0].FrameworkName
        $script:isNetStandard = $framework -like '.NETStandard*'
        $script:socket = [IO.Path]::Combine([IO.Path]::GetTempPath(), "asynchttp-$([guid]::NewGuid().ToString('N').Substring(0, 8)).sock")
        $script:socketServer = & ([IO.Path]::Combine($root, 'examples', 'Start-TestServer.ps1')) -UnixSocket $socket
    }

    AfterAll {
        Stop-TestServer $socketServer
        if ([IO.File]::Exists($socket)) { [IO.File]::Delete($socket) }
    }

    It 'sends every request of a -UnixSocket session to the socket (Kestrel listening on it), or refuses it on the netstandard2.0 build' {
        if ($isNetStandard) {
            { New-HttpSession -UnixSocket $socket -ErrorAction Stop } | Should -Throw "*UnixSocket '$socket' needs PowerShell 7*"
            return
        }
        $session = New-HttpSession -UnixSocket $socket -BaseUri 'http://localhost/'
        try {
            $results = 'echo?n=1', 'json', 'pages/1?of=2' | Invoke-ConcurrentRequest -Session $session -AsJson -Ordered
            $results.StatusCode | Should -Be @(200, 200, 200)
            $results[0].Content.query.n | Should -Be '1'
            $results[0].Content.headers.Host | Should -Be 'localhost'
            $results[1].Content.name | Should -Be 'AsyncHttp'
            (Receive-HttpStream 'lines/2' -Session $session) | Should -HaveCount 2
        }
        finally {
            Close-HttpSession $session
        }
    }

    It 'times connections over the socket: the first is new, the next reuses it' -Tag NetOnly {
        $session = New-HttpSession -UnixSocket $socket -BaseUri 'http://localhost/'
        try {
            $first, $second = 'small', 'small' | Invoke-ConcurrentRequest -Session $session -ThrottleLimit 1 -Ordered
            $first.Timings.Reused | Should -BeFalse
            $first.Timings.Dns | Should -Be ([TimeSpan]::Zero)
            $first.Timings.Connect | Should -Not -BeNullOrEmpty
            $second.Timings.Reused | Should -BeTrue
            $second.Timings.ConnectionId | Should -Be $first.Timings.ConnectionId
        }
        finally {
            Close-HttpSession $session
        }
    }

    It 'refuses -UnixSocket with -Proxy, naming the socket' {
        { New-HttpSession -UnixSocket $socket -Proxy 'http://127.0.0.1:3128' -ErrorAction Stop } | Should -Throw "*$socket*"
    }
}

Describe 'README table of Invoke-RestMethod parameters' {
    BeforeAll {
        $readme = [IO.File]::ReadAllText([IO.Path]::Combine($root, 'README.md'))
        $section = $readme.Substring($readme.IndexOf('## Coming from Invoke-RestMethod'))
        $section = $section.Substring(0, $section.IndexOf("`n## ", 5))
        $script:rows = [regex]::Matches($section, '(?m)^\| (?<irm>[^|]+) \| (?<ours>[^|]+) \|\s*$') | Select-Object -Skip 1
    }

    It 'has a row for every parameter of this pwsh''s Invoke-RestMethod' {
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        $named = $rows | ForEach-Object { [regex]::Matches($_.Groups['irm'].Value, '`-(\w+)`') | ForEach-Object { $_.Groups[1].Value } }
        $missing = (Get-Command Invoke-RestMethod).Parameters.Keys | Where-Object { $_ -notin $common -and $_ -notin $named }
        $missing | Should -BeNullOrEmpty
    }

    It 'names as counterparts only parameters the module''s cmdlets have' {
        $ours = (Get-Command -Module AsyncHttp -CommandType Cmdlet).Parameters.Keys
        $counterparts = $rows | ForEach-Object { [regex]::Matches($_.Groups['ours'].Value, '`(?:[\w-]+ )?-(\w+)') | ForEach-Object { $_.Groups[1].Value } }
        $counterparts | Should -Not -BeNullOrEmpty
        $counterparts | Where-Object { $_ -notin $ours } | Should -BeNullOrEmpty
    }
}
