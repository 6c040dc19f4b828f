BeforeAll {
    . ([IO.Path]::Combine($PSScriptRoot, 'TestSupport.ps1'))
    Import-Module $manifest -Force
    $script:server = Start-TestServer
    $script:base = $server.Uri
    $script:ws = $base -replace '^http', 'ws'
    $script:wss = $server.TlsUri -replace '^https', 'wss'
    # The netstandard2.0 build (Windows PowerShell 5.1's) refuses what its WebSocket client cannot do.
    $script:netstandard = [AsyncHttp.HttpSession].Assembly.Location -match 'netstandard2\.0'

    # Runs a script block in another runspace of this process, stops it (as Ctrl+C does) once it has run for
    # $StopAfterMs, and returns how long the stop took and the state it left.
    function Invoke-AndStop([scriptblock] $Script, [object[]] $ArgumentList, [int] $StopAfterMs = 500) {
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript($Script.ToString())
            foreach ($argument in $ArgumentList) { $null = $shell.AddArgument($argument) }
            $handle = $shell.BeginInvoke()
            Start-Sleep -Milliseconds $StopAfterMs
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $shell.Stop()
            [pscustomobject]@{
                StopMs    = $clock.ElapsedMilliseconds
                State     = $shell.InvocationStateInfo.State
                Completed = $handle.IsCompleted
            }
        }
        finally {
            $shell.Dispose()
        }
    }
}

AfterAll {
    Stop-TestServer $server
}

Describe 'Connect-WebSocket' {
    Context 'when the server accepts the upgrade' {
        It 'returns an open connection that shows its state, its address without query values, and the sub-protocol chosen' {
            $connection = Connect-WebSocket "$ws/ws/echo?token=abc123" -SubProtocol 'chat.v2', 'chat.v1'
            try {
                $shown = $connection | Out-String -Width 300

                $connection.State | Should -Be 'Open'
                $connection.SubProtocol | Should -Be 'chat.v2'
                $connection.Uri | Should -BeExactly "$ws/ws/echo?token=***"
                $connection.CloseStatus | Should -BeNullOrEmpty
                $shown | Should -Match 'State\s+SubProtocol\s+CloseStatus\s+CloseReason\s+Uri'
                $shown | Should -Match 'Open\s+chat\.v2'
                "$shown $connection" | Should -Not -Match 'abc123'
            }
            finally {
                $connection | Close-WebSocket
            }
        }

        It 'sends the session''s headers, cookies and User-Agent with the upgrade, and -Headers over them' {
            $session = New-HttpSession -BaseUri $base -Headers @{ 'X-Team' = 'session'; 'X-Keep' = 'session' } -Cookie @{ sid = 'from-the-jar' }
            try {
                $connection = Connect-WebSocket '/ws/headers' -Session $session -Headers @{ 'X-Team' = 'call' }
                $seen = Receive-WebSocketMessage $connection -AsJson

                $seen.headers.'X-Team' | Should -Be 'call'
                $seen.headers.'X-Keep' | Should -Be 'session'
                $seen.headers.'User-Agent' | Should -Match '^AsyncHttp/'
                $seen.cookies.sid | Should -Be 'from-the-jar'
                $connection.CloseStatus | Should -Be 1000
            }
            finally {
                $session | Close-HttpSession
            }
        }

        It 'takes http addresses as ws, and relative ones against the session''s BaseUri' {
            $session = New-HttpSession -BaseUri "$base/ws/"
            try {
                $relative = Connect-WebSocket 'echo' -Session $session
                $http = Connect-WebSocket "$base/ws/echo"

                $relative.Uri | Should -Be "$ws/ws/echo"
                $http.Uri | Should -Be "$ws/ws/echo"
                $relative, $http | Close-WebSocket
            }
            finally {
                $session | Close-HttpSession
            }
        }

        It 'sends the session''s token over ws only with -AllowUnencryptedAuthentication, and refuses it otherwise before connecting' {
            $token = ConvertTo-SecureString 's3cret-token' -AsPlainText -Force
            $strict = New-HttpSession -Token $token
            $lax = New-HttpSession -Token $token -AllowUnencryptedAuthentication
            try {
                $refused = Connect-WebSocket "$ws/ws/auth" -Session $strict -ErrorVariable failures -ErrorAction SilentlyContinue
                $accepted = Connect-WebSocket "$ws/ws/auth" -Session $lax
                $seen = Receive-WebSocketMessage $accepted -AsJson

                $refused | Should -BeNullOrEmpty
                $failures | Should -HaveCount 1
                $failures[0].FullyQualifiedErrorId | Should -Be 'AsyncHttp.InvalidRequest,AsyncHttp.Commands.ConnectWebSocketCommand'
                "$($failures[0])" | Should -Match 'unencrypted ws'
                "$($failures[0])" | Should -Not -Match 's3cret'
                $seen.scheme | Should -Be 'Bearer'
            }
            finally {
                $strict, $lax | Close-HttpSession
            }
        }

        It 'uses the session''s TLS settings for wss on PowerShell 7, and refuses -SkipCertificateCheck on the netstandard2.0 build' {
            $trusting = New-HttpSession -SkipCertificateCheck -WarningAction SilentlyContinue
            try {
                $connection = Connect-WebSocket "$wss/ws/echo" -Session $trusting -ErrorVariable failures -ErrorAction SilentlyContinue
                if ($netstandard) {
                    $connection | Should -BeNullOrEmpty
                    $failures[0].Exception.Error.Kind | Should -Be 'InvalidRequest'
                    "$($failures[0])" | Should -Match 'SkipCertificateCheck cannot apply to a WebSocket on Windows PowerShell 5\.1'
                }
                else {
                    Send-WebSocketMessage $connection 'over tls'
                    Receive-WebSocketMessage $connection -Count 1 | Should -Be 'over tls'
                    $connection | Close-WebSocket
                }
            }
            finally {
                $trusting | Close-HttpSession
            }
        }

        It 'compresses with permessage-deflate when -Compression asks and the server offers it; the netstandard2.0 build refuses it' {
            $deflated = Connect-WebSocket "$ws/ws/echo?deflate=1" -Compression -ErrorVariable failures -ErrorAction SilentlyContinue
            $plain = Connect-WebSocket "$ws/ws/echo?deflate=1"
            try {
                $plain.Compressed | Should -BeFalse
                if ($netstandard) {
                    $deflated | Should -BeNullOrEmpty
                    "$($failures[0])" | Should -Match 'Compression \(permessage-deflate\) is not available'
                }
                else {
                    $text = 'compressible text ' * 10000
                    Send-WebSocketMessage $deflated $text

                    $deflated.Compressed | Should -BeTrue
                    Receive-WebSocketMessage $deflated -Count 1 | Should -BeExactly $text
                }
            }
            finally {
                @($deflated, $plain) | Where-Object { $_ } | Close-WebSocket
            }
        }
    }

    Context 'when it cannot connect' {
        It 'writes a refused upgrade as a non-terminating HttpStatus error with the status and the body, and nothing else' {
            $connection = Connect-WebSocket "$ws/ws/auth" -ErrorVariable failures -ErrorAction SilentlyContinue
            $succeeded = $?

            $connection | Should -BeNullOrEmpty
            $succeeded | Should -BeFalse
            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -Be 'AsyncHttp.HttpStatus,AsyncHttp.Commands.ConnectWebSocketCommand'
            $failures[0].CategoryInfo.Category | Should -Be 'InvalidResult'
            $failures[0].Exception.Error.StatusCode | Should -Be 401
            $failures[0].TargetObject.Kind | Should -Be 'HttpStatus'
            if (-not $netstandard) {
                # The netstandard2.0 build gets the body only from .NET Framework's WebSocket client (Windows PowerShell 5.1).
                $failures[0].Exception.Error.ResponseBody | Should -Be 'a token is required for this feed'
                $failures[0].ErrorDetails.Message | Should -Match '(?s)401.*a token is required for this feed'
            }
        }

        It 'writes a missing host as Dns, a closed port as ConnectionRefused and an untrusted certificate as Tls, each with its category' {
            $null = 'ws://no-such-host.invalid/', 'ws://127.0.0.1:1/', "$wss/ws/echo" |
                Connect-WebSocket -ErrorVariable failures -ErrorAction SilentlyContinue

            $failures | Should -HaveCount 3
            $failures.Exception.Error.Kind | Should -Be @('Dns', 'ConnectionRefused', 'Tls')
            $failures.CategoryInfo.Category | Should -Be @('ConnectionError', 'ConnectionError', 'SecurityError')
        }

        It 'writes an unreachable proxy of the session as Kind Proxy' {
            $proxied = New-HttpSession -Proxy 'http://127.0.0.1:1'
            try {
                $null = Connect-WebSocket "$ws/ws/echo" -Session $proxied -ErrorVariable failures -ErrorAction SilentlyContinue

                $failures[0].Exception.Error.Kind | Should -Be 'Proxy'
            }
            finally {
                $proxied | Close-HttpSession
            }
        }

        It 'gives up after -TimeoutSec when the server never answers the upgrade' {
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $null = Connect-WebSocket "$ws/fault/no-headers" -TimeoutSec 1 -ErrorVariable failures -ErrorAction SilentlyContinue

            $clock.ElapsedMilliseconds | Should -BeLessThan 5000
            $failures[0].FullyQualifiedErrorId | Should -Be 'AsyncHttp.Timeout,AsyncHttp.Commands.ConnectWebSocketCommand'
            $failures[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        }

        It 'writes one error per bad address and goes on with the next' {
            $connections = 'ftp://127.0.0.1/x', "$ws/ws/echo" | Connect-WebSocket -ErrorVariable failures -ErrorAction SilentlyContinue

            @($connections) | Should -HaveCount 1
            $connections.State | Should -Be 'Open'
            $failures | Should -HaveCount 1
            "$($failures[0])" | Should -Match "scheme 'ftp'"
            $connections | Close-WebSocket
        }

        It 'refuses options that contradict each other before connecting, naming them' {
            { Connect-WebSocket "$ws/ws/echo" -KeepAliveSec 0 -KeepAliveTimeoutSec 5 -ErrorAction Stop } |
                Should -Throw -ErrorId 'AsyncHttp.InvalidArgument,AsyncHttp.Commands.ConnectWebSocketCommand' -ExpectedMessage '*KeepAliveInterval is 0*'
            { Connect-WebSocket "$ws/ws/echo" -Headers @{ 'Sec-WebSocket-Protocol' = 'x' } -ErrorAction Stop } |
                Should -Throw -ExpectedMessage "*'Sec-WebSocket-Protocol' belongs to the WebSocket handshake*"
        }

        It 'stops at once on Ctrl+C while it waits for the upgrade' {
            $stopped = Invoke-AndStop -Script {
                param($Manifest, $Uri)
                Import-Module $Manifest
                Connect-WebSocket $Uri -TimeoutSec 60
            } -ArgumentList $manifest, "$ws/fault/no-headers"

            $stopped.StopMs | Should -BeLessThan 1000
            $stopped.State | Should -Be 'Stopped'
            $stopped.Completed | Should -BeTrue
        }
    }
}

Describe 'Send-WebSocketMessage' {
    Context 'when the connection is open' {
        It 'sends text, objects as JSON, and bytes, from parameters and from the pipeline' {
            $connection = Connect-WebSocket "$ws/ws/echo"
            try {
                Send-WebSocketMessage $connection 'plain text'
                Send-WebSocketMessage $connection -Json @{ op = 'subscribe'; ids = 1, 2 }
                Send-WebSocketMessage $connection -Binary ([byte[]](0, 1, 255))
                'from', 'the pipeline' | Send-WebSocketMessage $connection
                [pscustomobject]@{ name = 'piped'; nested = [pscustomobject]@{ ok = $true } } | Send-WebSocketMessage -Connection $connection
                , [byte[]](7, 8) | Send-WebSocketMessage $connection

                $messages = Receive-WebSocketMessage $connection -AsMessage -Count 7

                $messages.Type | Should -Be @('Text', 'Text', 'Binary', 'Text', 'Text', 'Text', 'Binary')
                $messages[0].Text | Should -BeExactly 'plain text'
                ($messages[1].Text | ConvertFrom-Json).ids | Should -Be @(1, 2)
                $messages[2].Data | Should -Be @(0, 1, 255)
                $messages[3].Text, $messages[4].Text | Should -Be @('from', 'the pipeline')
                $messages[5].Text | Should -BeExactly '{"name":"piped","nested":{"ok":true}}'
                $messages[6].Data | Should -Be @(7, 8)
                $connection.MessagesSent | Should -Be 7
            }
            finally {
                $connection | Close-WebSocket
            }
        }
    }

    Context 'when a message cannot go' {
        It 'writes one error per message on a closed connection' {
            $connection = Connect-WebSocket "$ws/ws/echo"
            $connection | Close-WebSocket

            'one', 'two' | Send-WebSocketMessage $connection -ErrorVariable failures -ErrorAction SilentlyContinue

            $failures | Should -HaveCount 2
            $failures[0].FullyQualifiedErrorId | Should -Be 'AsyncHttp.ConnectionReset,AsyncHttp.Commands.SendWebSocketMessageCommand'
            "$($failures[0])" | Should -Match 'is Closed'
            $failures[0].TargetObject | Should -Be $connection
        }

        It 'writes an object that refers to itself as InvalidRequest, and sends the next' {
            $connection = Connect-WebSocket "$ws/ws/echo"
            try {
                $loop = @{ name = 'loop' }
                $loop.self = $loop

                $loop, @{ name = 'fine' } | Send-WebSocketMessage $connection -ErrorVariable failures -ErrorAction SilentlyContinue

                $failures | Should -HaveCount 1
                $failures[0].Exception.Error.Kind | Should -Be 'InvalidRequest'
                "$($failures[0])" | Should -Match 'nested deeper than 64'
                (Receive-WebSocketMessage $connection -Count 1 -AsJson).name | Should -Be 'fine'
            }
            finally {
                $connection | Close-WebSocket
            }
        }
    }
}

Describe 'Receive-WebSocketMessage' {
    Context 'when messages arrive' {
        It 'writes text messages as strings and binary ones as byte arrays' {
            $connection = Connect-WebSocket "$ws/ws/echo"
            try {
                Send-WebSocketMessage $connection 'héllo'
                Send-WebSocketMessage $connection -Binary ([byte[]](1, 2, 3))

                $received = @(Receive-WebSocketMessage $connection -Count 2)

                $received | Should -HaveCount 2
                $received[0] | Should -BeOfType [string]
                $received[0] | Should -BeExactly 'héllo'
                , $received[1] | Should -BeOfType [byte[]]
                $received[1] | Should -Be @(1, 2, 3)
            }
            finally {
                $connection | Close-WebSocket
            }
        }

        It 'parses JSON into objects with -AsJson, and a message that is not JSON is one error while the stream goes on' {
            $connection = Connect-WebSocket "$ws/ws/echo"
            try {
                '{"n":1,"tags":["a","b"]}', '{not json', '{"n":3}' | Send-WebSocketMessage $connection

                $objects = Receive-WebSocketMessage $connection -AsJson -Count 3 -ErrorVariable bad -ErrorAction SilentlyContinue

                $objects.n | Should -Be @(1, 3)
                $objects[0].tags | Should -Be @('a', 'b')
                $bad | Should -HaveCount 1
                $bad[0].FullyQualifiedErrorId | Should -Be 'AsyncHttp.JsonMessage,AsyncHttp.Commands.ReceiveWebSocketMessageCommand'
                $bad[0].CategoryInfo.Category | Should -Be 'InvalidData'
                $bad[0].TargetObject.Index | Should -Be 2
                "$($bad[0])" | Should -Match 'Message 2 is not valid JSON'
            }
            finally {
                $connection | Close-WebSocket
            }
        }

        It 'writes message objects with their number, type, length and time with -AsMessage' {
            $connection = Connect-WebSocket "$ws/ws/echo"
            try {
                $before = [DateTimeOffset]::Now
                Send-WebSocketMessage $connection 'one'

                $message = Receive-WebSocketMessage $connection -AsMessage -Count 1

                $message | Should -BeOfType [AsyncHttp.WebSocketMessage]
                $message.Index | Should -Be 1
                $message.Type | Should -Be 'Text'
                $message.Length | Should -Be 3
                $message.Received | Should -BeGreaterOrEqual $before
                ($message | Out-String) | Should -Match 'Index\s+Type\s+Length\s+Received\s+Text'
            }
            finally {
                $connection | Close-WebSocket
            }
        }

        It 'follows a feed until the server closes; the connection then shows the close status and reason' {
            $feed = Connect-WebSocket "$ws/ws/feed/5?intervalMs=20"

            $events = Receive-WebSocketMessage $feed -AsJson

            $events.seq | Should -Be @(1, 2, 3, 4, 5)
            $feed.State | Should -Be 'Closed'
            $feed.CloseStatus | Should -Be 1000
            $feed.CloseReason | Should -Be 'end of feed'
        }

        It 'ends without an error when the server closes with 4001 and a reason, which the connection keeps' {
            $connection = Connect-WebSocket "$ws/ws/close/4001?messages=1&reason=token%20expired"

            $received = Receive-WebSocketMessage $connection -ErrorVariable failures

            $received | Should -Be 'message 1'
            $failures | Should -BeNullOrEmpty
            $connection.CloseStatus | Should -Be 4001
            $connection.CloseReason | Should -Be 'token expired'
            ($connection | Out-String) | Should -Match 'Closed\s+4001 token expired'
        }

        It 'stops after -Count messages, and the next call goes on where it stopped' {
            $feed = Connect-WebSocket "$ws/ws/feed/6?intervalMs=10"
            try {
                $first = Receive-WebSocketMessage $feed -AsJson -Count 2
                $rest = Receive-WebSocketMessage $feed -AsJson

                $first.seq | Should -Be @(1, 2)
                $rest.seq | Should -Be @(3, 4, 5, 6)
            }
            finally {
                $feed | Close-WebSocket
            }
        }

        It 'stops when Select-Object -First has enough, loses nothing for the next call, and leaves the connection open' {
            $feed = Connect-WebSocket "$ws/ws/feed/100?intervalMs=20"
            try {
                $clock = [Diagnostics.Stopwatch]::StartNew()
                $first = $feed | Receive-WebSocketMessage -AsJson | Select-Object -First 3
                $next = Receive-WebSocketMessage $feed -AsJson -Count 2

                $clock.ElapsedMilliseconds | Should -BeLessThan 1500
                $first.seq | Should -Be @(1, 2, 3)
                $next.seq | Should -Be @(4, 5)
                $feed.State | Should -Be 'Open'
            }
            finally {
                $feed | Close-WebSocket
            }
        }

        It 'reassembles a large message sent in fragments' {
            $connection = Connect-WebSocket "$ws/ws/large/5000000?fragment=65536&type=text"
            try {
                $message = Receive-WebSocketMessage $connection -Count 1

                $message.Length | Should -Be 5000000
                $message.Substring(0, 28) | Should -BeExactly 'abcdefghijklmnopqrstuvwxyzab'
                $message.Substring(4999974) | Should -BeExactly ('abcdefghijklmnopqrstuvwxyz'.Substring(4999974 % 26) + 'abcdefghijklmnopqrstuvwxyz').Substring(0, 26)
            }
            finally {
                $connection | Close-WebSocket
            }
        }
    }

    Context 'when the connection fails or falls silent' {
        It 'fails a message longer than 16 MiB with Payload, naming the limit' {
            $connection = Connect-WebSocket "$ws/ws/large/$(16MB + 1)?fragment=1048576"

            $received = Receive-WebSocketMessage $connection -ErrorVariable failures -ErrorAction SilentlyContinue

            $received | Should -BeNullOrEmpty
            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -Be 'AsyncHttp.Payload,AsyncHttp.Commands.ReceiveWebSocketMessageCommand'
            "$($failures[0])" | Should -Match 'longer than 16 MiB'
            $connection.State | Should -Not -Be 'Open'
        }

        It 'writes a connection dropped without a close handshake as ConnectionReset, after the messages that came' {
            $connection = Connect-WebSocket "$ws/ws/flaky/$(New-RunName)?drops=1"

            $received = Receive-WebSocketMessage $connection -ErrorVariable failures -ErrorAction SilentlyContinue

            $received | Should -Be @('1.1', '1.2')
            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -Be 'AsyncHttp.ConnectionReset,AsyncHttp.Commands.ReceiveWebSocketMessageCommand'
            "$($failures[0])" | Should -Match 'without a close handshake'
            $connection.Error.Kind | Should -Be 'ConnectionReset'
        }

        It 'reconnects after each drop with -MaximumReconnectCount, and warns of each drop and reconnect' {
            $connection = Connect-WebSocket "$ws/ws/flaky/$(New-RunName)?drops=2" -MaximumReconnectCount 3 -ReconnectIntervalSec 0.05

            $received = Receive-WebSocketMessage $connection -WarningVariable warnings -WarningAction SilentlyContinue

            $received | Should -Be @('1.1', '1.2', '2.1', '2.2', '3.1', '3.2')
            $warnings | Should -HaveCount 4
            "$($warnings[0])" | Should -Match 'without a close handshake.*Reconnecting, up to 3 attempts'
            "$($warnings[1])" | Should -Match 'Reconnected to .* at attempt 1'
            $connection.Reconnects | Should -Be 2
            $connection.CloseStatus | Should -Be 1000
        }

        It 'ends with the last error when reconnects keep failing, after a warning for each attempt' {
            $connection = Connect-WebSocket "$ws/ws/flaky/$(New-RunName)?drops=1&refuse=1" -MaximumReconnectCount 2 -ReconnectIntervalSec 0.05

            $received = Receive-WebSocketMessage $connection -WarningVariable warnings -WarningAction SilentlyContinue -ErrorVariable failures -ErrorAction SilentlyContinue

            $received | Should -Be @('1.1', '1.2')
            "$warnings" | Should -Match 'Reconnect attempt 1 of 2 .* failed \(HttpStatus'
            $failures | Should -HaveCount 1
            $failures[0].Exception.Error.StatusCode | Should -Be 503
            "$($failures[0])" | Should -Match 'failed after 2 attempts'
        }

        It 'answers the server''s pings while nobody receives, so the server keeps the connection' {
            $connection = Connect-WebSocket "$ws/ws/ping?intervalMs=100&timeoutMs=400"
            try {
                Start-Sleep -Milliseconds 1500
                Send-WebSocketMessage $connection 'still here'

                Receive-WebSocketMessage $connection -Count 1 -IdleTimeoutSec 5 | Should -Be 'still here'
            }
            finally {
                $connection | Close-WebSocket
            }
        }

        It 'finds a peer that never answers pings dead after -KeepAliveTimeoutSec, as Timeout' {
            $connection = Connect-WebSocket "$ws/ws/silent" -KeepAliveSec 1 -KeepAliveTimeoutSec 1
            $clock = [Diagnostics.Stopwatch]::StartNew()

            $null = Receive-WebSocketMessage $connection -IdleTimeoutSec 30 -ErrorVariable failures -ErrorAction SilentlyContinue

            $clock.ElapsedMilliseconds | Should -BeLessThan 6000
            $failures[0].FullyQualifiedErrorId | Should -Be 'AsyncHttp.Timeout,AsyncHttp.Commands.ReceiveWebSocketMessageCommand'
            "$($failures[0])" | Should -Match 'did not answer a keep-alive ping within 1 s'
            $connection.State | Should -Be 'Aborted'
        }

        It 'stops with ReadTimeout after -IdleTimeoutSec of silence, and the connection stays open' {
            $connection = Connect-WebSocket "$ws/ws/echo"
            try {
                $clock = [Diagnostics.Stopwatch]::StartNew()
                $null = Receive-WebSocketMessage $connection -IdleTimeoutSec 1 -ErrorVariable failures -ErrorAction SilentlyContinue

                $clock.ElapsedMilliseconds | Should -BeLessThan 3000
                $failures[0].FullyQualifiedErrorId | Should -Be 'AsyncHttp.ReadTimeout,AsyncHttp.Commands.ReceiveWebSocketMessageCommand'
                $connection.State | Should -Be 'Open'
                Send-WebSocketMessage $connection 'after the silence'
                Receive-WebSocketMessage $connection -Count 1 | Should -Be 'after the silence'
            }
            finally {
                $connection | Close-WebSocket
            }
        }

        It 'stops at once on Ctrl+C, and the connection stays open with nothing lost' {
            $connection = Connect-WebSocket "$ws/ws/echo"
            try {
                $stopped = Invoke-AndStop -Script {
                    param($Manifest, $Connection)
                    Import-Module $Manifest
                    Receive-WebSocketMessage $Connection
                } -ArgumentList $manifest, $connection
                Send-WebSocketMessage $connection 'after the stop'

                $stopped.StopMs | Should -BeLessThan 1000
                $stopped.State | Should -Be 'Stopped'
                $connection.State | Should -Be 'Open'
                Receive-WebSocketMessage $connection -Count 1 -IdleTimeoutSec 5 | Should -Be 'after the stop'
            }
            finally {
                $connection | Close-WebSocket
            }
        }

        It 'writes Canceled when the session is closed under the connection' {
            $session = New-HttpSession
            $connection = Connect-WebSocket "$ws/ws/echo" -Session $session
            $session | Close-HttpSession

            $null = Receive-WebSocketMessage $connection -IdleTimeoutSec 5 -ErrorVariable failures -ErrorAction SilentlyContinue

            $failures[0].Exception.Error.Kind | Should -Be 'Canceled'
            $failures[0].CategoryInfo.Category | Should -Be 'OperationStopped'
        }
    }
}

Describe 'Close-WebSocket' {
    Context 'when the server answers' {
        It 'closes with the status and reason given, and the server''s answering close is on the connection' {
            $connection = Connect-WebSocket "$ws/ws/echo"

            $closed = Close-WebSocket $connection -Status 4000 -Reason 'done here' -PassThru

            $closed | Should -Be $connection
            $connection.State | Should -Be 'Closed'
            $connection.CloseStatus | Should -Be 4000
            $connection.CloseReason | Should -Be 'done here'
        }

        It 'closes the connections from the pipeline, and closing twice is harmless' {
            $connections = 1..3 | ForEach-Object { Connect-WebSocket "$ws/ws/echo" }

            $connections | Close-WebSocket
            $connections | Close-WebSocket -ErrorVariable failures

            $connections.State | Should -Be @('Closed', 'Closed', 'Closed')
            $connections.CloseStatus | Should -Be @(1000, 1000, 1000)
            $failures | Should -BeNullOrEmpty
        }
    }

    Context 'when the close cannot be made' {
        It 'drops a connection whose server never answers the close after -TimeoutSec, as Timeout' {
            $connection = Connect-WebSocket "$ws/ws/silent" -KeepAliveSec 0
            $clock = [Diagnostics.Stopwatch]::StartNew()

            Close-WebSocket $connection -TimeoutSec 1 -ErrorVariable failures -ErrorAction SilentlyContinue

            $clock.ElapsedMilliseconds | Should -BeLessThan 3000
            $failures[0].FullyQualifiedErrorId | Should -Be 'AsyncHttp.Timeout,AsyncHttp.Commands.CloseWebSocketCommand'
            $connection.State | Should -Be 'Aborted'
        }

        It 'refuses a reserved status or a reason too long for a close frame, and leaves the connection open' {
            $connection = Connect-WebSocket "$ws/ws/echo"
            try {
                { Close-WebSocket $connection -Status 1005 } |
                    Should -Throw -ErrorId 'AsyncHttp.InvalidArgument,AsyncHttp.Commands.CloseWebSocketCommand' -ExpectedMessage '*1005*reserved*'
                { Close-WebSocket $connection -Reason ('x' * 124) } | Should -Throw -ExpectedMessage '*124 bytes*at most 123*'

                $connection.State | Should -Be 'Open'
            }
            finally {
                $connection | Close-WebSocket
            }
        }
    }
}
