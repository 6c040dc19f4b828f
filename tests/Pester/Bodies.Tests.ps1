BeforeAll {
    . ([IO.Path]::Combine($PSScriptRoot, 'TestSupport.ps1'))
    Import-Module $manifest -Force
    $script:server = Start-TestServer
    $script:base = $server.Uri
    $script:folder = [IO.Path]::Combine([IO.Path]::GetTempPath(), "asynchttp-bodies-$(New-RunName)")
    $null = [IO.Directory]::CreateDirectory($folder)

    function Get-Sha256([byte[]] $Bytes) {
        [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($Bytes)).ToLowerInvariant()
    }
}

AfterAll {
    Stop-TestServer $server
    if ($folder -and [IO.Directory]::Exists($folder)) { [IO.Directory]::Delete($folder, $true) }
}

Describe 'Response bodies' {
    It 'keeps a binary body as byte[] with the same SHA-256 as the server sent' {
        $result = Invoke-ConcurrentRequest "$base/png"

        $result.Content | Should -BeOfType [byte]
        $result.Content.GetType() | Should -Be ([byte[]])
        $result.Content.Length | Should -Be 8090
        Get-Sha256 $result.Content | Should -Be $result.Headers['X-Sha256']
    }

    It 'sends bytes and gets them back unchanged' {
        $bytes = [byte[]]::new(5000)
        [Random]::new(13).NextBytes($bytes)

        $result = Invoke-ConcurrentRequest "$base/bytes-echo" -Method POST -Body $bytes

        $result.Headers['X-Sha256'] | Should -Be (Get-Sha256 $bytes)
        Get-Sha256 $result.Content | Should -Be (Get-Sha256 $bytes)
    }

    It 'keeps text, JSON and XML bodies as strings' {
        $results = "$base/small", "$base/json" | Invoke-ConcurrentRequest -Ordered

        $results[0].Content | Should -BeOfType [string]
        $results[1].Content | Should -BeOfType [string]
        $results[1].Content | Should -BeLike '{"name":"AsyncHttp"*'
    }

    It 'reads a body without charset as -Encoding says, on the call or the session' {
        $session = New-HttpSession -Encoding latin1
        try {
            $plain = Invoke-ConcurrentRequest "$base/encoded?enc=latin1&declare=none"
            $call = Invoke-ConcurrentRequest "$base/encoded?enc=latin1&declare=none" -Encoding latin1
            $fromSession = Invoke-ConcurrentRequest "$base/encoded?enc=latin1&declare=none" -Session $session

            $plain.Content | Should -Not -Be 'café crème'
            $call.Content | Should -Be 'café crème'
            $fromSession.Content | Should -Be 'café crème'
        }
        finally {
            Close-HttpSession $session
        }
    }

    It 'lets -Encoding correct a wrong charset' {
        $result = Invoke-ConcurrentRequest "$base/encoded?enc=latin1&declare=utf-8" -Encoding 'iso-8859-1'

        $result.Content | Should -Be 'café crème'
    }

    It 'honours a byte order mark over a missing or wrong charset' {
        $results = "$base/encoded?enc=utf-16&bom=1&declare=none", "$base/encoded?enc=utf-8&bom=1&declare=iso-8859-1" |
            Invoke-ConcurrentRequest -Ordered

        $results[0].Content | Should -Be 'café crème ☕'
        $results[1].Content | Should -Be 'café crème ☕'
    }

    It 'refuses an unknown -Encoding, naming it' {
        { Invoke-ConcurrentRequest "$base/small" -Encoding 'no-such-charset' } | Should -Throw '*no-such-charset*'
    }

    It 'with -NoDecompression gives the body as sent, with Content-Encoding kept and the caller''s Accept-Encoding unchanged' {
        $session = New-HttpSession -NoDecompression
        try {
            $gzip = Invoke-ConcurrentRequest "$base/compressed/gzip" -Session $session
            $echo = Invoke-ConcurrentRequest "$base/echo" -Session $session -Headers @{ 'Accept-Encoding' = 'identity' } -AsJson

            $gzip.Headers['Content-Encoding'] | Should -Be 'gzip'
            $gzip.Content.GetType() | Should -Be ([byte[]])
            $gzip.Content[0..1] | Should -Be @(0x1f, 0x8b)
            $reader = [IO.StreamReader]::new([IO.Compression.GZipStream]::new([IO.MemoryStream]::new($gzip.Content), [IO.Compression.CompressionMode]::Decompress))
            ($reader.ReadToEnd() | ConvertFrom-Json).compressed | Should -Be 'gzip'
            $echo.Content.headers.'Accept-Encoding' | Should -Be 'identity'
        }
        finally {
            Close-HttpSession $session
        }
    }
}

Describe 'Multipart forms' {
    BeforeAll {
        $script:textFile = [IO.Path]::Combine($folder, 'notes.txt')
        [IO.File]::WriteAllText($textFile, "line one`nline two ☕`n")
        $script:pngFile = [IO.Path]::Combine($folder, 'picture.png')
        [IO.File]::WriteAllBytes($pngFile, (Invoke-ConcurrentRequest "$base/png").Content)
        $script:textHash = (Get-FileHash $textFile -Algorithm SHA256).Hash.ToLowerInvariant()
        $script:pngHash = (Get-FileHash $pngFile -Algorithm SHA256).Hash.ToLowerInvariant()
    }

    It 'sends two fields and two files intact, with their names and content types' {
        $form = [ordered]@{ title = 'report'; count = 3; notes = Get-Item $textFile; picture = [IO.FileInfo]::new($pngFile) }

        $result = Invoke-ConcurrentRequest "$base/multipart/intact" -Method POST -Form $form -AsJson

        $parts = $result.Content.parts
        $parts.name | Should -Be @('title', 'count', 'notes', 'picture')
        $parts[0].text | Should -Be 'report'
        $parts[1].text | Should -Be '3'
        $parts[2].filename | Should -Be 'notes.txt'
        $parts[2].contentType | Should -Be 'text/plain'
        $parts[2].sha256 | Should -Be $textHash
        $parts[3].filename | Should -Be 'picture.png'
        $parts[3].contentType | Should -Be 'image/png'
        $parts[3].sha256 | Should -Be $pngHash
    }

    It 'sends the files again, whole, when the first attempt fails and is retried' {
        $form = @{ title = 'retried'; notes = Get-Item $textFile; picture = Get-Item $pngFile }

        $result = Invoke-ConcurrentRequest "$base/multipart/retry-$(New-RunName)?fail=1" -Method POST -Form $form -AsJson `
            -Headers @{ 'Idempotency-Key' = 'upload-1' } -RetryIntervalSec 0

        $result.IsSuccess | Should -BeTrue
        $result.Attempts | Should -Be 2
        $result.Content.hits | Should -Be 2
        ($result.Content.parts | Where-Object name -eq 'notes').sha256 | Should -Be $textHash
        ($result.Content.parts | Where-Object name -eq 'picture').sha256 | Should -Be $pngHash
    }

    It 'takes a Form key in request records, and repeats a field for an array' {
        $result = @{ Uri = "$base/multipart/record"; Method = 'POST'; Form = @{ tag = 'a', 'b'; notes = Get-Item $textFile } } |
            Invoke-ConcurrentRequest -AsJson

        @($result.Content.parts | Where-Object name -eq 'tag').text | Should -Be @('a', 'b')
        ($result.Content.parts | Where-Object name -eq 'notes').sha256 | Should -Be $textHash
    }

    It 'sends a hashtable -Body as multipart when -ContentType says multipart/form-data' {
        $result = Invoke-ConcurrentRequest "$base/multipart/typed" -Method POST -Body @{ title = 'typed'; notes = Get-Item $textFile } `
            -ContentType 'multipart/form-data' -AsJson

        $result.StatusCode | Should -Be 200
        ($result.Content.parts | Where-Object name -eq 'notes').sha256 | Should -Be $textHash
    }

    It 'refuses a file in a url-encoded body instead of sending its path: the run''s, or a record''s' {
        { Invoke-ConcurrentRequest "$base/echo" -Method POST -Body @{ file = Get-Item $textFile } } | Should -Throw '*-Form*'

        $result = @{ Uri = "$base/echo"; Method = 'POST'; Body = @{ file = Get-Item $textFile } } | Invoke-ConcurrentRequest -ErrorAction SilentlyContinue

        $result.Error.Kind | Should -Be 'InvalidRequest'
        $result.Error.Message | Should -BeLike '*-Form*'
    }

    It 'refuses a form whose file is missing, naming it: the run''s, or a record''s' {
        $missing = [IO.Path]::Combine($folder, 'missing.bin')
        { Invoke-ConcurrentRequest "$base/multipart/missing" -Method POST -Form @{ f = [IO.FileInfo]::new($missing) } } | Should -Throw '*missing.bin*'

        $result = @{ Uri = "$base/multipart/missing"; Method = 'POST'; Form = @{ f = [IO.FileInfo]::new($missing) } } |
            Invoke-ConcurrentRequest -ErrorAction SilentlyContinue

        $result.Error.Kind | Should -Be 'InvalidRequest'
        $result.Error.Message | Should -BeLike '*missing.bin*'
    }
}

Describe 'Query strings' {
    It 'turns a hashtable -Body of a GET into the query string, as Invoke-RestMethod does' {
        $result = Invoke-ConcurrentRequest "$base/echo" -Body @{ q = 'a b'; page = 2 } -AsJson

        $result.Content.query.q | Should -Be 'a b'
        $result.Content.query.page | Should -Be '2'
        $result.Content.body | Should -BeNullOrEmpty
        $result.Content.method | Should -Be 'GET'
    }

    It 'keeps a hashtable -Body of a POST as a form body' {
        $result = Invoke-ConcurrentRequest "$base/echo" -Method POST -Body @{ q = 'a b' } -AsJson

        $result.Content.body | Should -Be 'q=a%20b'
        $result.Content.query.psobject.Properties | Should -HaveCount 0
    }

    It 'merges -Query into the URI''s own query, escaped, with arrays as repeated names' {
        $result = Invoke-ConcurrentRequest "$base/echo?a=1" -Query ([ordered]@{ b = 'x y&z=1'; c = 1, 2 }) -AsJson

        $result.Content.query.a | Should -Be '1'
        $result.Content.query.b | Should -Be 'x y&z=1'
        $result.Content.query.c | Should -Be '1,2'
        $result.RequestUri.Query | Should -Be '?a=1&b=x%20y%26z%3D1&c=1&c=2'
    }

    It 'takes a Query key in request records, after the run''s -Query' {
        $results = @(
            @{ Uri = "$base/echo"; Query = @{ page = 3 }; Tag = 'own' }
            [pscustomobject]@{ Uri = "$base/echo"; Tag = 'none' }
        ) | Invoke-ConcurrentRequest -Query @{ key = 'k' } -AsJson
        $byTag = @{}
        foreach ($result in $results) { $byTag[$result.Tag] = $result.Content.query }

        $byTag.own.page | Should -Be '3'
        $byTag.own.key | Should -Be 'k'
        $byTag.none.key | Should -Be 'k'
        $byTag.none.page | Should -BeNullOrEmpty
    }
}

Describe 'JSON request bodies' {
    It 'sends arrays, nested objects and PSCustomObjects as JSON' {
        $body = @(
            [ordered]@{ id = 1; tags = 'a', 'b'; inner = [ordered]@{ ok = $true; none = $null } }
            [pscustomobject]@{ id = 2; ratio = 0.5 }
        )

        $result = Invoke-ConcurrentRequest "$base/echo" -Method POST -Body $body -AsJson

        $result.Content.headers.'Content-Type' | Should -Be 'application/json; charset=utf-8'
        $result.Content.body | Should -Be '[{"id":1,"tags":["a","b"],"inner":{"ok":true,"none":null}},{"id":2,"ratio":0.5}]'
    }

    It 'writes a hashtable as JSON when the content type is JSON' {
        $result = Invoke-ConcurrentRequest "$base/echo" -Method POST -Body @{ list = @(1, @{ deep = 'yes' }) } -ContentType 'application/json' -AsJson

        $result.Content.body | Should -Be '{"list":[1,{"deep":"yes"}]}'
    }

    It 'fails a body deeper than -Depth, naming it, instead of cutting it' {
        $deep = @{ a = @{ b = @{ c = @{ d = 1 } } } }

        { Invoke-ConcurrentRequest "$base/echo" -Method POST -Body $deep -ContentType 'application/json' -Depth 2 } | Should -Throw '*Depth 2*'
        $result = Invoke-ConcurrentRequest "$base/echo" -Method POST -Body $deep -ContentType 'application/json' -Depth 4 -AsJson
        $result.Content.body | Should -Be '{"a":{"b":{"c":{"d":1}}}}'
    }
}

Describe '-AsJson reads as ConvertFrom-Json does' {
    BeforeAll {
        function Read-Both([string] $Json, [switch] $AsHashtable) {
            $ours = Invoke-ConcurrentRequest "$base/bytes-echo" -Method POST -Body ([Text.Encoding]::UTF8.GetBytes($Json)) `
                -ContentType 'application/json' -AsJson -AsHashtable:$AsHashtable -ErrorAction SilentlyContinue
            $theirs = try { , (ConvertFrom-Json $Json -AsHashtable:$AsHashtable -ErrorAction Stop) } catch { $_ }
            [pscustomobject]@{ Ours = $ours; Theirs = $theirs }
        }
    }

    It 'reads <Name> the same way' -TestCases @(
        @{ Name = 'an integer past Int64 exactly'; Json = '{"n":12345678901234567890,"m":-12345678901234567890}' }
        @{ Name = 'longs and doubles'; Json = '{"a":1,"b":2147483648,"c":1.0,"d":1.5e3,"e":-0.25}' }
        @{ Name = 'a UTC date'; Json = '{"d":"2024-01-02T03:04:05Z"}' }
        @{ Name = 'a date with a fraction'; Json = '{"d":"2024-01-02T03:04:05.1234567Z"}' }
        @{ Name = 'a date without zone'; Json = '{"d":"2024-01-02T03:04:05"}' }
        @{ Name = 'a date with an offset'; Json = '{"d":"2024-01-02T03:04:05+02:00"}' }
        @{ Name = 'strings that are not dates'; Json = '{"a":"2024-01-02","b":"2024-01-02T03:04Z","c":"2024-01-02 03:04:05"}' }
        @{ Name = 'a Microsoft date'; Json = '{"d":"/Date(1700000000000)/"}' }
        @{ Name = 'nested arrays and objects'; Json = '{"a":[1,[2,3],{"b":[]}],"c":{"d":{"e":null}},"f":true}' }
        @{ Name = 'a key given twice'; Json = '{"a":1,"a":2}' }
        @{ Name = 'unicode'; Json = '{"s":"caf\u00e9 \u2615","t":"tab\tnew\nline"}' }
        @{ Name = 'a top-level array'; Json = '[1,"two",{"three":3}]' }
    ) {
        $both = Read-Both $Json

        $both.Ours.IsSuccess | Should -BeTrue
        ConvertTo-Json $both.Ours.Content -Depth 10 -Compress | Should -Be (ConvertTo-Json $both.Theirs -Depth 10 -Compress)
        $leaves = { param($value) @($value.psobject.Properties | ForEach-Object { if ($null -eq $_.Value) { 'null' } else { $_.Value.GetType().FullName } }) }
        if ($both.Theirs -isnot [array]) { & $leaves $both.Ours.Content | Should -Be (& $leaves $both.Theirs) }
        if ($both.Theirs.d -is [datetime]) { $both.Ours.Content.d.Kind | Should -Be $both.Theirs.d.Kind }
    }

    It 'fails <Name>, as ConvertFrom-Json does' -TestCases @(
        @{ Name = 'keys that differ only in case'; Json = '{"A":1,"a":2}' }
        @{ Name = 'an empty key'; Json = '{"":1}' }
    ) {
        $both = Read-Both $Json

        $both.Theirs | Should -BeOfType [Management.Automation.ErrorRecord]
        $both.Ours.Error.Kind | Should -Be 'Payload'
        $both.Ours.Error.Message | Should -BeLike '*-AsHashtable*'
    }

    It 'reads into ordered hashtables with -AsHashtable, keys that differ in case included' {
        $both = Read-Both '{"A":1,"a":{"n":12345678901234567890,"d":"2024-01-02T03:04:05Z"}}' -AsHashtable

        $both.Ours.Content.GetType() | Should -Be $both.Theirs.GetType()
        $both.Ours.Content.Keys | Should -Be @('A', 'a')
        $both.Ours.Content['a'].GetType() | Should -Be $both.Theirs['a'].GetType()
        $both.Ours.Content['a']['n'] | Should -Be $both.Theirs['a']['n']
        $both.Ours.Content['a']['n'].GetType() | Should -Be ([bigint])
        $both.Ours.Content['a']['d'] | Should -Be $both.Theirs['a']['d']
    }

    It 'refuses -AsHashtable without -AsJson' {
        { Invoke-ConcurrentRequest "$base/json" -AsHashtable } | Should -Throw '*-AsJson*'
    }
}

Describe 'Methods' {
    It 'sends any valid token as the method: <Method>' -TestCases @(@{ Method = 'BREW' }, @{ Method = 'MERGE' }, @{ Method = 'PROPFIND' }) {
        $result = Invoke-ConcurrentRequest "$base/anything/pot" -Method $Method -AsJson

        $result.Content.method | Should -Be $Method
        $result.Method | Should -Be $Method
    }

    It 'takes a custom method from a request record' {
        $result = @{ Uri = "$base/anything/record"; Method = 'LINK' } | Invoke-ConcurrentRequest -AsJson

        $result.Content.method | Should -Be 'LINK'
    }

    It 'refuses a method that is not a token, naming it' {
        $result = @{ Uri = "$base/anything"; Method = 'NOT VALID' } | Invoke-ConcurrentRequest -ErrorAction SilentlyContinue

        $result.Error.Kind | Should -Be 'InvalidRequest'
        $result.Error.Message | Should -BeLike "*'NOT VALID'*"
    }

    It 'completes the common methods on tab' {
        $completion = TabExpansion2 -inputScript 'Invoke-ConcurrentRequest -Method P' -cursorColumn 34

        $completion.CompletionMatches.CompletionText | Should -Be @('POST', 'PUT', 'PATCH')
    }
}

Describe 'Per-request settings in request records' {
    It 'applies a record''s TimeoutSec to that request alone' {
        $results = @(
            @{ Uri = "$base/delay/3000"; TimeoutSec = 1; Tag = 'short' }
            @{ Uri = "$base/delay/200"; Tag = 'default' }
        ) | Invoke-ConcurrentRequest -ErrorAction SilentlyContinue
        $short = $results | Where-Object Tag -eq 'short'

        # The session's total timeout is 100 s: only the record's 1 s can end a 3 s request as Timeout.
        $short.Error.Kind | Should -Be 'Timeout'
        ($results | Where-Object Tag -eq 'default').IsSuccess | Should -BeTrue
    }

    It 'applies AttemptTimeoutSec, MaximumRetryCount and SkipHttpErrorCheck from records, CSV text included' {
        $key = New-RunName
        $csv = @(
            "Uri,MaximumRetryCount,SkipHttpErrorCheck,AttemptTimeoutSec,Tag"
            "$base/flaky/$key-a?fail=1,0,,,no-retry"
            "$base/status/404,,true,,skip"
            "$base/delay/3000,0,,1,attempt"
        ) | ConvertFrom-Csv

        $results = $csv | Invoke-ConcurrentRequest -RetryIntervalSec 0 -ErrorAction SilentlyContinue
        $byTag = @{}
        foreach ($result in $results) { $byTag[$result.Tag] = $result }

        $byTag['no-retry'].Attempts | Should -Be 1
        $byTag['no-retry'].StatusCode | Should -Be 503
        $byTag['skip'].IsSuccess | Should -BeTrue
        $byTag['skip'].StatusCode | Should -Be 404
        $byTag['attempt'].Error.Kind | Should -Be 'Timeout'
    }

    It 'saves a record''s body to its OutFile' {
        $path = [IO.Path]::Combine($folder, 'saved.png')

        $result = @{ Uri = "$base/png"; OutFile = $path } | Invoke-ConcurrentRequest

        $result.OutFile | Should -Be $path
        $result.Content | Should -BeNullOrEmpty
        (Get-FileHash $path -Algorithm SHA256).Hash.ToLowerInvariant() | Should -Be $result.Headers['X-Sha256']
    }

    It 'fails a record with a bad setting, naming it' {
        $result = @{ Uri = "$base/small"; TimeoutSec = 'soon' } | Invoke-ConcurrentRequest -ErrorAction SilentlyContinue

        $result.Error.Kind | Should -Be 'InvalidRequest'
        $result.Error.Message | Should -BeLike "*TimeoutSec 'soon'*"
    }

    It 'warns once per run naming the keys it does not read' {
        $records = @(
            @{ Uri = "$base/small"; MaximumRedirection = 1; Timeout = 5 }
            @{ Uri = "$base/small"; MaximumRedirection = 1 }
            [pscustomobject]@{ Uri = "$base/small"; Timeout = 5 }
        )

        $results = $records | Invoke-ConcurrentRequest -WarningVariable warnings -WarningAction SilentlyContinue

        $results | Should -HaveCount 3
        $warnings | Should -HaveCount 1
        $warnings[0].Message | Should -BeLike '*MaximumRedirection*'
        $warnings[0].Message | Should -BeLike '*Timeout*'
    }

    It 'does not warn for records with known keys only' {
        $null = @{ Uri = "$base/small"; Tag = 1; TimeoutSec = 5 } | Invoke-ConcurrentRequest -WarningVariable warnings -WarningAction SilentlyContinue

        $warnings | Should -HaveCount 0
    }
}

Describe 'Results that export' {
    BeforeAll {
        $script:failed = Invoke-ConcurrentRequest "$base/status/404" -ErrorAction SilentlyContinue
        $script:ok = Invoke-ConcurrentRequest "$base/small"
    }

    It 'gives ElapsedMs, ErrorKind and ErrorMessage as plain properties' {
        $failed.ElapsedMs | Should -BeOfType [double]
        $failed.ElapsedMs | Should -Be ([Math]::Round($failed.Elapsed.TotalMilliseconds, 3))
        $failed.ErrorKind | Should -Be 'HttpStatus'
        $failed.ErrorMessage | Should -Be $failed.Error.Message
        $ok.ErrorKind | Should -BeNullOrEmpty
        ($ok, $failed | Measure-Object ElapsedMs -Sum).Sum | Should -BeGreaterThan 0
    }

    It 'writes Kind by name and no exception internals in ConvertTo-Json' -Tag NetOnly {
        $reset = Invoke-ConcurrentRequest "$base/fault/reset" -MaximumRetryCount 0 -ErrorAction SilentlyContinue

        $json = $reset | ConvertTo-Json -WarningAction SilentlyContinue
        $back = $json | ConvertFrom-Json

        $back.Error.Kind | Should -Be 'ConnectionReset'
        $back.ErrorKind | Should -Be 'ConnectionReset'
        $back.Error.PSObject.Properties.Name | Should -Not -Contain 'Exception'
        $json | Should -Not -Match 'StackTrace|TargetSite'
        # Timings and History are TimeSpans, large in JSON but no internals; the rest stays small.
        ($reset | Select-Object * -ExcludeProperty Timings, History | ConvertTo-Json -WarningAction SilentlyContinue).Length | Should -BeLessThan 3000
    }

    It 'keeps the exception reachable on the error and on the ErrorRecord' {
        $reset = Invoke-ConcurrentRequest "$base/fault/reset" -MaximumRetryCount 0 -ErrorAction SilentlyContinue -ErrorVariable records

        $reset.Error.Exception | Should -BeOfType [Exception]
        $records[0].Exception.InnerException | Should -Be $reset.Error.Exception
    }

    It 'writes headers as text and Elapsed as milliseconds in Export-Csv' {
        $path = [IO.Path]::Combine($folder, 'results.csv')

        $ok, $failed | Export-Csv -Path $path -NoTypeInformation
        $rows = Import-Csv -Path $path

        $rows[0].Headers | Should -Match '(?m)^Content-Type: text/plain$'
        [double]$rows[0].ElapsedMs | Should -BeGreaterThan 0
        $rows[1].ErrorKind | Should -Be 'HttpStatus'
        $rows[1].ErrorMessage | Should -BeLike '*404*'
    }
}
