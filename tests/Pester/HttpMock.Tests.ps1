# The mock transport, through the cmdlets only: no test server, no network.
BeforeAll {
    . ([IO.Path]::Combine($PSScriptRoot, 'TestSupport.ps1'))
    Import-Module $manifest -Force
    $script:api = 'https://api.example/v1/'

    function New-MockSession([AsyncHttp.HttpMock] $Mock, [hashtable] $Options = @{}) {
        New-HttpSession -BaseUri $api -Mock $Mock -RetryIntervalSec 0 @Options
    }
}

Describe 'about_AsyncHttp_Testing' {
    It 'runs its example Pester file as written, without a network, and every test passes' {
        $about = [IO.File]::ReadAllText([IO.Path]::Combine([IO.Path]::GetDirectoryName($manifest), 'en-US', 'about_AsyncHttp_Testing.help.txt'))
        $example = $about.Substring($about.IndexOf('EXAMPLE: A PAGING FUNCTION'))
        # The example's code is indented by 8 spaces; the functions go to Get-ApiItem.ps1, the tests to Get-ApiItem.Tests.ps1.
        $functions = [regex]::Matches($example, '(?ms)^ {8}function .*?^ {8}\}') | ForEach-Object { $_.Value -replace '(?m)^ {8}', '' }
        $tests = [regex]::Match($example, '(?ms)^ {8}BeforeAll \{.*?^ {8}\}\r?\n\r?\n {8}Describe .*?^ {8}\}').Value -replace '(?m)^ {8}', ''
        $functions | Should -HaveCount 2
        $tests | Should -Match "Describe 'Get-ApiItem'"

        $folder = [IO.Path]::Combine([IO.Path]::GetTempPath(), "asynchttp-example-$(New-RunName)")
        $null = [IO.Directory]::CreateDirectory($folder)
        try {
            [IO.File]::WriteAllText([IO.Path]::Combine($folder, 'Get-ApiItem.ps1'), ($functions -join "`n`n"))
            [IO.File]::WriteAllText([IO.Path]::Combine($folder, 'Get-ApiItem.Tests.ps1'), $tests.Replace('Import-Module AsyncHttp', "Import-Module '$manifest'"))
            # A runspace of its own gives the example's Pester run its own state, apart from this one's.
            $run = Invoke-InRunspace -TimeoutSec 120 -ArgumentList (Get-Module Pester).Path, ([IO.Path]::Combine($folder, 'Get-ApiItem.Tests.ps1')) -Script {
                param($pester, $path)
                Import-Module $pester
                $result = Invoke-Pester -Path $path -PassThru -Output None
                'passed=' + $result.PassedCount
                'failed=' + $result.FailedCount
                foreach ($test in $result.Failed) { 'failure: ' + $test.ExpandedName + ': ' + $test.ErrorRecord }
            }
            $run.Output | Should -Contain 'failed=0' -Because ($run.Output + $run.Errors -join "`n")
            $run.Output | Should -Contain 'passed=5'
        }
        finally {
            [IO.Directory]::Delete($folder, $true)
        }
    }
}

Describe 'Invoke-ConcurrentRequest on a mock' {
    BeforeEach {
        $mock = New-HttpMock
        $session = New-MockSession $mock
    }
    AfterEach {
        Close-HttpSession $session
    }

    Context 'when a rule answers' {
        It 'gives the status, headers and text body of the rule' {
            Add-HttpMockResponse $mock -Uri 'https://api.example/v1/hello' -StatusCode 202 -Content 'hi' -ResponseHeaders @{ 'X-Request-Id' = 'r1' }

            $result = Invoke-ConcurrentRequest -Uri 'hello' -Session $session

            $result.StatusCode | Should -Be 202
            $result.Content | Should -BeOfType [string]
            $result.Content | Should -Be 'hi'
            $result.ContentType | Should -Be 'text/plain'
            $result.Headers['X-Request-Id'] | Should -Be 'r1'
        }

        It 'gives JSON made from a hashtable, which -AsJson reads back' {
            Add-HttpMockResponse $mock -Uri '/v1/items' -Json @{ items = 1, 2; owner = [pscustomobject]@{ name = 'ann' } }

            $result = Invoke-ConcurrentRequest -Uri 'items' -Session $session -AsJson

            $result.ContentType | Should -Be 'application/json'
            $result.Content.items | Should -Be @(1, 2)
            $result.Content.owner.name | Should -Be 'ann'
        }

        It 'gives bytes as they were given, as a byte[] Content' {
            Add-HttpMockResponse $mock -Uri '/v1/blob' -Bytes ([byte[]](0, 1, 2, 255))

            $result = Invoke-ConcurrentRequest -Uri 'blob' -Session $session
            $chunks = Receive-HttpStream -Uri 'blob' -Session $session -As Chunks

            $result.ContentLength | Should -Be 4
            $result.ContentType | Should -Be 'application/octet-stream'
            $result.Content.GetType() | Should -Be ([byte[]])
            $result.Content | Should -Be ([byte[]](0, 1, 2, 255))
            [byte[]]($chunks | ForEach-Object { $_.Data }) | Should -Be ([byte[]](0, 1, 2, 255))
        }

        It 'gives bytes with a text content type as text, decoded by its charset' {
            Add-HttpMockResponse $mock -Uri '/v1/latin' -Bytes ([byte[]](0x63, 0x61, 0x66, 0xE9)) -ContentType 'text/plain; charset=iso-8859-1'

            $result = Invoke-ConcurrentRequest -Uri 'latin' -Session $session

            $result.Content | Should -BeOfType [string]
            $result.Content | Should -Be "caf$([char]0xE9)"
        }

        It 'keeps a Set-Cookie in the session''s jar, and later requests carry it' {
            Add-HttpMockResponse $mock -Uri '/v1/login' -ResponseHeaders @{ 'Set-Cookie' = 'sid=abc; Path=/' }
            Add-HttpMockResponse $mock -Uri '/v1/me' -Content 'me'

            $null = Invoke-ConcurrentRequest -Uri 'login', 'me' -Session $session -ThrottleLimit 1 -Ordered

            $session.GetCookies($api)['sid'].Value | Should -Be 'abc'
            (Get-HttpMockCall $mock -Uri '/v1/me').Headers['Cookie'] | Should -Be 'sid=abc'
        }

        It 'follows a redirect through the mock' {
            Add-HttpMockResponse $mock -Uri '/v1/old' -StatusCode 301 -ResponseHeaders @{ Location = '/v1/new' }
            Add-HttpMockResponse $mock -Uri '/v1/new' -Content 'moved here'

            $result = Invoke-ConcurrentRequest -Uri 'old' -Session $session

            $result.Content | Should -Be 'moved here'
            $result.Uri | Should -Be 'https://api.example/v1/new'
        }
    }

    Context 'when rules answer a number of times, in order' {
        It 'retries a 503 answered twice and succeeds on the third attempt' {
            Add-HttpMockResponse $mock -Uri '/v1/flaky' -StatusCode 503 -Times 2
            Add-HttpMockResponse $mock -Uri '/v1/flaky' -Content 'ok'

            $result = Invoke-ConcurrentRequest -Uri 'flaky' -Session $session

            $result.IsSuccess | Should -BeTrue
            $result.Attempts | Should -Be 3
            (Get-HttpMockCall $mock).Rule | Should -Be @(0, 0, 1)
        }

        It 'fails with HttpStatus on a 404, not retried, with the body and an error record' {
            Add-HttpMockResponse $mock -Uri '/v1/missing' -StatusCode 404 -Json @{ error = 'no such thing' }

            $result = Invoke-ConcurrentRequest -Uri 'missing' -Session $session -ErrorVariable failures -ErrorAction SilentlyContinue

            $result.Error.Kind | Should -Be 'HttpStatus'
            $result.Attempts | Should -Be 1
            $result.Error.ResponseBody | Should -Match 'no such thing'
            $failures[0].FullyQualifiedErrorId | Should -Be 'AsyncHttp.HttpStatus,AsyncHttp.Commands.InvokeConcurrentRequestCommand'
        }
    }

    Context 'when a rule fails as the network would' {
        It 'gives Kind <Kind> after <Attempts> attempt(s)' -ForEach @(
            @{ Kind = 'Dns'; Attempts = 1 }
            @{ Kind = 'ConnectionRefused'; Attempts = 3 }
            @{ Kind = 'ConnectionReset'; Attempts = 3 }
            @{ Kind = 'ConnectTimeout'; Attempts = 3 }
            @{ Kind = 'Timeout'; Attempts = 3 }
            @{ Kind = 'Tls'; Attempts = 1 }
        ) {
            Add-HttpMockResponse $mock -Fail $Kind

            $result = Invoke-ConcurrentRequest -Uri 'x' -Session $session -ErrorVariable failures -ErrorAction SilentlyContinue

            $result.Error.Kind | Should -Be $Kind
            $result.Attempts | Should -Be $Attempts
            $failures[0].FullyQualifiedErrorId | Should -BeLike "AsyncHttp.$Kind,*"
        }

        It 'times out when the answer comes later than -TimeoutSec' {
            Add-HttpMockResponse $mock -Uri '/v1/slow' -DelaySec 30

            $result = Invoke-ConcurrentRequest -Uri 'slow' -Session $session -TimeoutSec 1 -ErrorAction SilentlyContinue

            $result.Error.Kind | Should -Be 'Timeout'
        }
    }

    Context 'when rules match by URI pattern, method, headers and body' {
        It 'answers each request by the first rule all of whose conditions hold' {
            Add-HttpMockResponse $mock -UriMatch '/users/\d+$' -Content 'user'
            Add-HttpMockResponse $mock -UriLike '*/files/*.txt' -Content 'file'
            Add-HttpMockResponse $mock -Method POST -Headers @{ 'X-Team' = 'bl*' } -Body '{"id":1}' -Content 'exact body'
            Add-HttpMockResponse $mock -Method POST -BodyMatch '"id":\s*2' -Content 'body pattern'
            Add-HttpMockResponse $mock -Content 'fallback'

            $results = @(
                'users/42'
                'files/a/readme.TXT'
                @{ Uri = 'orders'; Method = 'POST'; Body = '{"id":1}'; ContentType = 'application/json'; Headers = @{ 'X-Team' = 'blue' } }
                @{ Uri = 'orders'; Method = 'POST'; Body = '{"id":1}'; ContentType = 'application/json'; Headers = @{ 'X-Team' = 'red' } }
                @{ Uri = 'orders'; Method = 'POST'; Body = '{"id": 2}'; ContentType = 'application/json' }
                'users/bob'
            ) | Invoke-ConcurrentRequest -Session $session -Ordered

            $results.Content | Should -Be @('user', 'file', 'exact body', 'fallback', 'body pattern', 'fallback')
        }

        It 'fails a request no rule matches, naming it without its query values, and listing the rules' {
            Add-HttpMockResponse $mock -Uri '/v1/known' -Content 'k'

            $result = Invoke-ConcurrentRequest -Uri 'unknown?token=s3cret' -Session $session -ErrorAction SilentlyContinue

            $result.Error.Kind | Should -Be 'InvalidRequest'
            $result.Error.Message | Should -BeLike 'No mock rule matches GET https://api.example/v1/unknown?token=`*`*`*;*'
            $result.Error.Message | Should -Match '/v1/known -> 200 \(0/\*\)'
            $result.Error.Message | Should -Not -Match 's3cret'
        }
    }

    Context 'when a script block makes the answer' {
        It 'gets the request and returns a hashtable, a status code or a text' {
            Add-HttpMockResponse $mock -Uri '/v1/echo' -ScriptBlock { @{ StatusCode = 201; Json = @{ method = $Request.Method; body = $Request.Body } } }
            Add-HttpMockResponse $mock -Uri '/v1/teapot' -ScriptBlock { param($call) if ($call.Method -eq 'GET') { 418 } }
            Add-HttpMockResponse $mock -Uri '/v1/text' -ScriptBlock { "you asked for $($Request.Uri.AbsolutePath)" }

            $echo = Invoke-ConcurrentRequest -Uri 'echo' -Method PUT -Body 'hello' -Session $session -AsJson
            $teapot = Invoke-ConcurrentRequest -Uri 'teapot' -Session $session -SkipHttpErrorCheck
            $text = Invoke-ConcurrentRequest -Uri 'text' -Session $session

            $echo.StatusCode | Should -Be 201
            $echo.Content.method | Should -Be 'PUT'
            $echo.Content.body | Should -Be 'hello'
            $teapot.StatusCode | Should -Be 418
            $text.Content | Should -Be 'you asked for /v1/text'
        }

        It 'shares a hashtable from -ArgumentList, and runs safely under many requests at once' {
            $state = @{ Count = 0 }
            Add-HttpMockResponse $mock -ArgumentList $state -ScriptBlock {
                param($Request, $state)
                $state.Count++
                if ($state.Count -le 2) { 503 } else { @{ Content = "call $($state.Count)" } }
            }

            $results = 1..20 | ForEach-Object { "n/$_" } | Invoke-ConcurrentRequest -Session $session -ThrottleLimit 8

            $results.IsSuccess | Should -Not -Contain $false
            $state.Count | Should -Be 22
            (Get-HttpMockCall $mock) | Should -HaveCount 22
        }

        It 'fails the request with InvalidRequest when the script block throws or gives no answer' {
            Add-HttpMockResponse $mock -Uri '/v1/throws' -ScriptBlock { throw 'broken rule' }
            Add-HttpMockResponse $mock -Uri '/v1/nothing' -ScriptBlock { }

            $results = 'throws', 'nothing' | Invoke-ConcurrentRequest -Session $session -Ordered -ErrorAction SilentlyContinue

            $results.Error.Kind | Should -Be @('InvalidRequest', 'InvalidRequest')
            $results[0].Error.Message | Should -Match 'script block failed for GET https://api.example/v1/throws: broken rule'
            $results[1].Error.Message | Should -Match 'must return one answer'
        }
    }

    Context 'when a rule is given contradictory or bad values' {
        It 'refuses <Name>, naming the problem' -ForEach @(
            @{ Name = 'two bodies'; Splat = @{ Content = 'a'; Json = @{} }; Message = 'one body; give one of' }
            @{ Name = 'a wildcard and a regex for the URI'; Splat = @{ UriLike = '*'; UriMatch = '.' }; Message = "Give -UriLike '\*' or -UriMatch '\.', not both" }
            @{ Name = 'a bad regular expression'; Splat = @{ UriMatch = '(' }; Message = "-UriMatch '\(' is not a regular expression" }
        ) {
            { Add-HttpMockResponse $mock @Splat -ErrorAction Stop } | Should -Throw -ErrorId 'AsyncHttp.InvalidArgument,AsyncHttp.Commands.AddHttpMockResponseCommand' -ExpectedMessage "*$($Message -replace '\\', '')*"
        }

        It 'refuses a failure kind the network does not throw' {
            { Add-HttpMockResponse $mock -Fail HttpStatus } | Should -Throw -ErrorId 'ParameterArgumentValidationError,AsyncHttp.Commands.AddHttpMockResponseCommand'
        }
    }
}

Describe 'Receive-HttpStream on a mock' {
    BeforeEach {
        $mock = New-HttpMock
        $session = New-MockSession $mock
    }
    AfterEach {
        Close-HttpSession $session
    }

    Context 'when a rule answers in parts' {
        It 'writes lines as they arrive, the first before the last is sent' {
            Add-HttpMockResponse $mock -Uri '/v1/log' -Lines 'one', 'two', 'three' -IntervalSec 0.3
            $clock = [Diagnostics.Stopwatch]::StartNew()

            $arrivals = Receive-HttpStream -Uri 'log' -Session $session | ForEach-Object { [pscustomobject]@{ Line = $_; At = $clock.ElapsedMilliseconds } }

            $arrivals.Line | Should -Be @('one', 'two', 'three')
            $arrivals[0].At | Should -BeLessThan $arrivals[-1].At
            $arrivals[-1].At | Should -BeGreaterOrEqual 550
        }

        It 'writes JSON lines as objects' {
            Add-HttpMockResponse $mock -Uri '/v1/export' -Lines '{"id":1}', '{"id":2}' -ContentType 'application/x-ndjson'

            (Receive-HttpStream -Uri 'export' -Session $session -As JsonLines).id | Should -Be @(1, 2)
        }

        It 'writes server-sent events with their names, ids and data' {
            Add-HttpMockResponse $mock -Uri '/v1/events' -IntervalSec 0.05 -ServerSentEvents 'plain', @{ Event = 'build'; Id = '7'; Data = @{ state = 'done' } }

            $events = Receive-HttpStream -Uri 'events' -Session $session -As ServerSentEvents

            $events | Should -HaveCount 2
            $events[0].Data | Should -Be 'plain'
            $events[1].Event | Should -Be 'build'
            $events[1].Id | Should -Be '7'
            ($events[1].Data | ConvertFrom-Json).state | Should -Be 'done'
        }

        It 'writes chunks as they arrive' {
            Add-HttpMockResponse $mock -Uri '/v1/raw' -Chunks 'abc', ([byte[]](1, 2)) -IntervalSec 0.05

            $chunks = Receive-HttpStream -Uri 'raw' -Session $session -As Chunks

            ($chunks | ForEach-Object { $_.Data.Length } | Measure-Object -Sum).Sum | Should -Be 5
        }
    }

    Context 'when the stream fails' {
        It 'retries a 503 answered twice, then streams' {
            Add-HttpMockResponse $mock -Uri '/v1/log' -StatusCode 503 -Times 2
            Add-HttpMockResponse $mock -Uri '/v1/log' -Lines 'ok'

            Receive-HttpStream -Uri 'log' -Session $session | Should -Be 'ok'
            Assert-HttpMockCalled $mock -Uri '/v1/log' -Times 3
        }

        It 'writes an HttpStatus error on a 404, and a Dns error for an unknown host' {
            Add-HttpMockResponse $mock -Uri '/v1/missing' -StatusCode 404
            Add-HttpMockResponse $mock -Uri '/v1/nowhere' -Fail Dns

            $null = Receive-HttpStream -Uri 'missing' -Session $session -ErrorVariable missing -ErrorAction SilentlyContinue
            $null = Receive-HttpStream -Uri 'nowhere' -Session $session -ErrorVariable nowhere -ErrorAction SilentlyContinue

            $missing[0].FullyQualifiedErrorId | Should -Be 'AsyncHttp.HttpStatus,AsyncHttp.Commands.ReceiveHttpStreamCommand'
            $nowhere[0].FullyQualifiedErrorId | Should -Be 'AsyncHttp.Dns,AsyncHttp.Commands.ReceiveHttpStreamCommand'
            Assert-HttpMockCalled $mock -Uri '/v1/nowhere' -Times 1
        }

        It 'gives ReadTimeout when the parts come slower than -ReadTimeoutSec' {
            Add-HttpMockResponse $mock -Uri '/v1/stall' -Lines 'first', 'late' -IntervalSec 5

            $lines = Receive-HttpStream -Uri 'stall' -Session $session -ReadTimeoutSec 1 -ErrorVariable failures -ErrorAction SilentlyContinue

            $lines | Should -Be 'first'
            $failures[0].FullyQualifiedErrorId | Should -Be 'AsyncHttp.ReadTimeout,AsyncHttp.Commands.ReceiveHttpStreamCommand'
        }
    }
}

Describe 'Get-HttpMockCall and Assert-HttpMockCalled' {
    BeforeAll {
        $mock = New-HttpMock
        Add-HttpMockResponse $mock -Content 'ok'
        $session = New-MockSession $mock -Options @{ Headers = @{ 'X-Team' = 'blue' } }
        $null = @(
            'a?page=1'
            @{ Uri = 'orders'; Method = 'POST'; Body = @{ name = 'widget' }; ContentType = 'application/json' }
            'a?page=2'
        ) | Invoke-ConcurrentRequest -Session $session -ThrottleLimit 1
    }
    AfterAll {
        Close-HttpSession $session
    }

    It 'logs each request with its method, URI, headers, body and rule' {
        $calls = Get-HttpMockCall $mock

        $calls | Should -HaveCount 3
        $post = $calls | Where-Object Method -EQ 'POST'
        $post.Uri | Should -Be 'https://api.example/v1/orders'
        $post.Headers['x-team'] | Should -Be 'blue'
        $post.Headers['Content-Type'] | Should -BeLike 'application/json*'
        ($post.Body | ConvertFrom-Json).name | Should -Be 'widget'
        $post.Rule | Should -Be 0
    }

    It 'filters the log by the conditions rules use' {
        (Get-HttpMockCall $mock -UriLike '*/a?page=*') | Should -HaveCount 2
        (Get-HttpMockCall $mock -Method POST -BodyMatch 'widget') | Should -HaveCount 1
        (Get-HttpMockCall $mock -Headers @{ 'X-Team' = 'red' }) | Should -BeNullOrEmpty
    }

    It 'passes when the count is right, and writes the calls with -PassThru' {
        { Assert-HttpMockCalled $mock -UriLike '*/a?page=*' -Times 2 } | Should -Not -Throw
        { Assert-HttpMockCalled $mock -Method DELETE -Times 0 } | Should -Not -Throw
        (Assert-HttpMockCalled $mock -Method POST -PassThru).Method | Should -Be 'POST'
    }

    It 'fails with the calls it saw, query values hidden, when the count is wrong' {
        { Assert-HttpMockCalled $mock -UriLike '*/a?page=*' -Times 3 } |
            Should -Throw -ErrorId 'AsyncHttp.MockAssertion,AsyncHttp.Commands.AssertHttpMockCalledCommand' -ExpectedMessage 'Expected 3 call(s) matching * ~*, but 2 matched. Calls seen: GET https://api.example/v1/a?page=`*`*`*; POST https://api.example/v1/orders; GET*'
        { Assert-HttpMockCalled $mock -Method DELETE } | Should -Throw -ExpectedMessage 'Expected at least one call matching DELETE *, but 0 matched.*'
    }
}
