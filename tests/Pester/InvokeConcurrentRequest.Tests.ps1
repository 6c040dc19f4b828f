BeforeAll {
    . ([IO.Path]::Combine($PSScriptRoot, 'TestSupport.ps1'))
    Import-Module $manifest -Force
    $script:server = Start-TestServer
    $script:base = $server.Uri
}

AfterAll {
    Stop-TestServer $server
}

Describe 'Invoke-ConcurrentRequest' {
    Context 'when one of three hosts is unreachable' {
        It 'gives three results and no exception' {
            $results = "$base/json", 'http://unreachable.invalid/', "$base/small" |
                Invoke-ConcurrentRequest -MaximumRetryCount 0 -ErrorVariable failures -ErrorAction SilentlyContinue

            $results | Should -HaveCount 3
            ($results | Where-Object IsSuccess) | Should -HaveCount 2
            $failed = $results | Where-Object { -not $_.IsSuccess }
            $failed.Index | Should -Be 1
            $failed.Error.Kind | Should -Be 'Dns'
            $failures[0].FullyQualifiedErrorId | Should -Be 'AsyncHttp.Dns,AsyncHttp.Commands.InvokeConcurrentRequestCommand'
        }
    }

    Context 'when requests come as strings, records and CSV rows' {
        It 'writes results in input order with -Ordered, and in completion order without it' {
            $uris = "$base/delay/300", "$base/delay/150", "$base/small"

            $ordered = $uris | Invoke-ConcurrentRequest -Ordered
            $unordered = $uris | Invoke-ConcurrentRequest

            $ordered.Index | Should -Be @(0, 1, 2)
            $unordered.Index | Should -Be @(2, 1, 0)
        }

        It 'applies -Method, -Headers and -Body to records that set none, and keeps their own when they do' {
            $results = @(
                @{ Uri = "$base/echo"; Tag = 'defaults' }
                [pscustomobject]@{ Url = "$base/echo"; Method = 'PUT'; Headers = @{ 'X-Case' = 'own' }; Body = 'own body'; Tag = 'own' }
            ) | Invoke-ConcurrentRequest -Method POST -Headers @{ 'X-Case' = 'call'; 'X-Call' = 'yes' } -Body 'call body' -AsJson

            $byTag = @{}
            foreach ($result in $results) { $byTag[$result.Tag] = $result.Content }
            $byTag['defaults'].method | Should -Be 'POST'
            $byTag['defaults'].body | Should -Be 'call body'
            $byTag['defaults'].headers.'X-Case' | Should -Be 'call'
            $byTag['own'].method | Should -Be 'PUT'
            $byTag['own'].body | Should -Be 'own body'
            $byTag['own'].headers.'X-Case' | Should -Be 'own'
            $byTag['own'].headers.'X-Call' | Should -Be 'yes'
        }

        It 'sends headers given as a JSON object in a CSV column' {
            $csv = Join-Path $TestDrive 'headers.csv'
            [pscustomobject]@{ Uri = "$base/echo"; Headers = '{"X-From-Csv":"row 1"}' } | Export-Csv $csv

            $result = Import-Csv $csv | Invoke-ConcurrentRequest -AsJson

            $result.Content.headers.'X-From-Csv' | Should -Be 'row 1'
        }

        It 'gives one InvalidRequest result per unusable input and still runs the others' {
            $results = "$base/small", 'not a uri', @{ Nope = 1 }, 'ftp://example/', 'relative/path', "$base/json" |
                Invoke-ConcurrentRequest -ErrorAction SilentlyContinue -ErrorVariable failures

            $results | Should -HaveCount 6
            ($results | Where-Object IsSuccess).Index | Sort-Object | Should -Be @(0, 5)
            $invalid = @($results | Where-Object { -not $_.IsSuccess })
            $invalid | Should -HaveCount 4
            $invalid.Error.Kind | Select-Object -Unique | Should -Be 'InvalidRequest'
            $invalid.Attempts | Select-Object -Unique | Should -Be 0
            $failures | Should -HaveCount 4
            $failures.FullyQualifiedErrorId | Select-Object -Unique | Should -Be 'AsyncHttp.InvalidRequest,AsyncHttp.Commands.InvokeConcurrentRequestCommand'
            $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        }

        It 'gives an InvalidRequest result for a $null input and still runs the others' {
            $results = "$base/small", $null, "$base/json" | Invoke-ConcurrentRequest -ErrorAction SilentlyContinue

            $results | Should -HaveCount 3
            ($results | Where-Object { -not $_.IsSuccess }).Error.Kind | Should -Be 'InvalidRequest'
        }

        It 'does nothing for an empty list of URIs' {
            $results = Invoke-ConcurrentRequest -Uri @()

            $results | Should -BeNullOrEmpty
            $? | Should -BeTrue
        }
    }

    Context 'when many requests run' {
        It 'keeps at most -ThrottleLimit requests in flight at the server' {
            $run = New-RunName
            $results = 1..10 | ForEach-Object { "$base/delay/150?run=$run" } | Invoke-ConcurrentRequest -ThrottleLimit 3

            $results | Should -HaveCount 10
            $stats = Get-RunStats $run
            $stats.count | Should -Be 10
            $stats.maxInFlight | Should -Be 3
        }

        It 'keeps 32 requests in flight when -ThrottleLimit is not given' {
            $run = New-RunName
            $results = 1..40 | ForEach-Object { "$base/delay/300?run=$run" } | Invoke-ConcurrentRequest

            $results | Should -HaveCount 40
            (Get-RunStats $run).maxInFlight | Should -Be 32
        }

        It 'writes the first result before the last request completes' {
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $arrivals = "$base/delay/1000", "$base/small" | Invoke-ConcurrentRequest |
                ForEach-Object { [pscustomobject]@{ Path = $_.RequestUri.AbsolutePath; At = $clock.ElapsedMilliseconds } }

            $arrivals[0].Path | Should -Be '/small'
            $arrivals[0].At | Should -BeLessThan 700
            $arrivals[1].At | Should -BeGreaterOrEqual 900
        }
    }

    Context 'when requests fail transiently' {
        It 'retries a 503 and reports the attempts made' {
            $key = New-RunName
            $result = "$base/flaky/${key}?fail=2&status=503" | Invoke-ConcurrentRequest -RetryIntervalSec 0.05

            $result.IsSuccess | Should -BeTrue
            $result.Attempts | Should -Be 3
            (Invoke-RestMethod "$base/hits/$key").count | Should -Be 3
        }

        It 'does not retry a POST unless it carries an Idempotency-Key header' {
            $plain = New-RunName
            $keyed = New-RunName
            $results = @(
                @{ Uri = "$base/flaky/${plain}?fail=1"; Method = 'POST'; Tag = 'plain' }
                @{ Uri = "$base/flaky/${keyed}?fail=1"; Method = 'POST'; Headers = @{ 'Idempotency-Key' = 'order-7' }; Tag = 'keyed' }
            ) | Invoke-ConcurrentRequest -RetryIntervalSec 0.05 -ErrorAction SilentlyContinue

            $byTag = @{}
            foreach ($result in $results) { $byTag[$result.Tag] = $result }
            $byTag['plain'].Error.Kind | Should -Be 'HttpStatus'
            $byTag['plain'].Attempts | Should -Be 1
            $byTag['keyed'].IsSuccess | Should -BeTrue
            $byTag['keyed'].Attempts | Should -Be 2
        }

        It 'gives each attempt -AttemptTimeoutSec, and retries after -RetryIntervalSec' {
            $run = New-RunName
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $result = "$base/delay/5000?run=$run" |
                Invoke-ConcurrentRequest -AttemptTimeoutSec 1 -MaximumRetryCount 1 -RetryIntervalSec 0.05 -ErrorAction SilentlyContinue

            $result.Error.Kind | Should -Be 'Timeout'
            $result.Attempts | Should -Be 2
            $clock.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 1.9
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 4
            (Get-RunStats $run).count | Should -Be 2
        }

        It 'refuses an -AttemptTimeoutSec longer than -TimeoutSec before sending anything' {
            $run = New-RunName
            $caught = $null
            try { "$base/small?run=$run" | Invoke-ConcurrentRequest -TimeoutSec 2 -AttemptTimeoutSec 5 } catch { $caught = $_ }

            $caught.FullyQualifiedErrorId | Should -Be 'AsyncHttp.InvalidArgument,AsyncHttp.Commands.InvokeConcurrentRequestCommand'
            (Invoke-RestMethod "$base/stats/$run").count | Should -Be 0
        }

        It 'fails with Timeout after -TimeoutSec when the server sends no response' {
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $result = "$base/fault/no-headers" | Invoke-ConcurrentRequest -TimeoutSec 1 -MaximumRetryCount 0 -ErrorAction SilentlyContinue

            $result.Error.Kind | Should -Be 'Timeout'
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 2.5
        }
    }

    Context 'when results meet the Utility cmdlets' {
        It 'ends a long run early with Select-Object -First and leaves no request in flight at the server' {
            $run = [guid]::NewGuid().ToString('N')
            $first = 1..200 | ForEach-Object { "$base/delay/200?run=$run" } | Invoke-ConcurrentRequest -ThrottleLimit 10 | Select-Object -First 3

            $first | Should -HaveCount 3
            Start-Sleep -Milliseconds 500
            $stats = Invoke-RestMethod "$base/stats/$run"
            $stats.inFlight | Should -Be 0
            $stats.count | Should -BeLessThan 30
        }

        It 'groups failures by kind with Group-Object' {
            $groups = "$base/status/404", "$base/status/404", 'http://127.0.0.1:1/' |
                Invoke-ConcurrentRequest -MaximumRetryCount 0 -ErrorAction SilentlyContinue |
                Where-Object { -not $_.IsSuccess } | Group-Object { $_.Error.Kind } | Sort-Object Name

            $groups.Name | Should -Be @('ConnectionRefused', 'HttpStatus')
            ($groups | ForEach-Object Count) | Should -Be @(1, 2)
        }

        It 'round-trips requests from a CSV file' {
            $csv = Join-Path $TestDrive 'requests.csv'
            @(
                [pscustomobject]@{ Url = "$base/echo?row=1"; Method = 'GET'; Tag = 'one' }
                [pscustomobject]@{ Url = "$base/echo?row=2"; Method = 'POST'; Tag = 'two' }
            ) | Export-Csv $csv

            $results = Import-Csv $csv | Invoke-ConcurrentRequest -AsJson -Ordered

            $results.Tag | Should -Be @('one', 'two')
            $results.Content.method | Should -Be @('GET', 'POST')
        }

        It 'round-trips results through Export-Csv and Import-Csv, and sends the failures again from the file' {
            $csv = Join-Path $TestDrive 'results.csv'
            $results = @(
                @{ Uri = "$base/small"; Tag = 'fine' }
                @{ Uri = "$base/status/404"; Tag = 'missing' }
                @{ Uri = "$base/status/410"; Method = 'DELETE'; Tag = 'gone' }
            ) | Invoke-ConcurrentRequest -Ordered -MaximumRetryCount 0 -ErrorAction SilentlyContinue
            $results | Export-Csv $csv

            $rows = Import-Csv $csv
            $rows | Should -HaveCount 3
            $rows.Index | Should -Be @('0', '1', '2')
            $rows.Tag | Should -Be @('fine', 'missing', 'gone')
            $rows.StatusCode | Should -Be @('200', '404', '410')
            $rows.IsSuccess | Should -Be @('True', 'False', 'False')
            $rows.RequestUri | Should -Be @("$base/small", "$base/status/404", "$base/status/410")

            $again = $rows | Where-Object IsSuccess -EQ 'False' |
                Select-Object @{ Name = 'Url'; Expression = { $_.RequestUri } }, Method, Tag |
                Invoke-ConcurrentRequest -Ordered -MaximumRetryCount 0 -ErrorAction SilentlyContinue
            $again.Tag | Should -Be @('missing', 'gone')
            $again.Method | Should -Be @('GET', 'DELETE')
            $again.StatusCode | Should -Be @(404, 410)
        }

        It 'converts results with ConvertTo-Json -Depth 3 into JSON that reads back' {
            $results = "$base/json", "$base/status/500" | Invoke-ConcurrentRequest -Ordered -MaximumRetryCount 0 -ErrorAction SilentlyContinue

            $json = $results | ConvertTo-Json -Depth 3 -WarningAction SilentlyContinue
            $back = $json | ConvertFrom-Json

            $back | Should -HaveCount 2
            $back[0].StatusCode | Should -Be 200
            $back[0].IsSuccess | Should -BeTrue
            $back[0].RequestUri | Should -Be "$base/json"
            $back[0].Elapsed.TotalMilliseconds | Should -BeGreaterThan 0
            $back[1].StatusCode | Should -Be 500
            $back[1].Error.Kind | Should -Be 'HttpStatus'
            $back[1].Error.ResponseBody | Should -Match 'status 500'
            ($results | ConvertTo-Json -Depth 3 -EnumsAsStrings -WarningAction SilentlyContinue | ConvertFrom-Json)[1].Error.Kind | Should -Be 'HttpStatus'
        }

        It 'sorts and measures results by Elapsed' {
            $results = "$base/delay/400", "$base/delay/50", "$base/delay/200" | Invoke-ConcurrentRequest

            ($results | Sort-Object Elapsed).RequestUri.AbsolutePath | Should -Be @('/delay/50', '/delay/200', '/delay/400')
            $measure = $results | Measure-Object -Property Elapsed -Minimum -Maximum
            # The server's timers and the client's clock may differ by a few milliseconds.
            $measure.Maximum.TotalMilliseconds | Should -BeGreaterOrEqual 380
            $measure.Minimum.TotalMilliseconds | Should -BeLessThan 200
            ($results | Measure-Object -Property { $_.Elapsed.TotalMilliseconds } -Sum).Sum | Should -BeGreaterOrEqual 600
        }
    }

    Context 'when failures meet -ErrorAction, -ErrorVariable, $? and try/catch' {
        It 'throws at the first failure, as Invoke-RestMethod does' {
            { "$base/status/500" | Invoke-ConcurrentRequest -MaximumRetryCount 0 -ErrorAction Stop } |
                Should -Throw -ErrorId 'AsyncHttp.HttpStatus,AsyncHttp.Commands.InvokeConcurrentRequestCommand'
        }

        It 'sets $? to False and fills -ErrorVariable with one record per failure, the result as target' {
            $results = "$base/small", "$base/status/404", "$base/status/403" |
                Invoke-ConcurrentRequest -ErrorVariable failures -ErrorAction SilentlyContinue
            $succeeded = $?

            $succeeded | Should -BeFalse
            $results | Should -HaveCount 3
            $failures | Should -HaveCount 2
            $failures | ForEach-Object { $_ | Should -BeOfType [System.Management.Automation.ErrorRecord] }
            $failures[0].FullyQualifiedErrorId | Should -Be 'AsyncHttp.HttpStatus,AsyncHttp.Commands.InvokeConcurrentRequestCommand'
            $failures[0].CategoryInfo.Category | Should -Be 'InvalidResult'
            $failures[0].TargetObject | Should -BeOfType [AsyncHttp.HttpResult]
            ($failures.TargetObject.StatusCode | Sort-Object) | Should -Be @(403, 404)
        }

        It 'leaves $? True and -ErrorVariable empty when every request succeeds' {
            $results = "$base/small", "$base/json" | Invoke-ConcurrentRequest -ErrorVariable failures
            $succeeded = $?

            $succeeded | Should -BeTrue
            $results | Should -HaveCount 2
            $failures | Should -HaveCount 0
        }

        It 'adds one record per failure to $Error with SilentlyContinue, and none with Ignore' {
            $Error.Clear()
            $null = "$base/status/404", "$base/status/404", "$base/small" | Invoke-ConcurrentRequest -ErrorAction SilentlyContinue
            $Error.Count | Should -Be 2
            $Error[0].TargetObject.StatusCode | Should -Be 404

            $Error.Clear()
            $ignored = "$base/status/404", "$base/small" | Invoke-ConcurrentRequest -ErrorAction Ignore
            $Error.Count | Should -Be 0
            $ignored | Should -HaveCount 2
        }

        It 'is caught by try/catch with an error id, a category and the server''s body, as Invoke-RestMethod is' {
            $ours = $null
            $theirs = $null
            try { "$base/status/404" | Invoke-ConcurrentRequest -MaximumRetryCount 0 -ErrorAction Stop } catch { $ours = $_ }
            try { Invoke-RestMethod "$base/status/404" -ErrorAction Stop } catch { $theirs = $_ }

            $theirs.FullyQualifiedErrorId | Should -Be 'WebCmdletWebResponseException,Microsoft.PowerShell.Commands.InvokeRestMethodCommand'
            $ours.FullyQualifiedErrorId | Should -Be 'AsyncHttp.HttpStatus,AsyncHttp.Commands.InvokeConcurrentRequestCommand'
            $theirs.ErrorDetails.Message | Should -Match 'the test server answered 404'
            $ours.ErrorDetails.Message | Should -Match 'the test server answered 404'
            $ours.CategoryInfo.Category | Should -Be 'InvalidResult'
            $ours.Exception | Should -BeOfType [AsyncHttp.HttpRequestFailedException]
            $ours.Exception.Result.StatusCode | Should -Be 404
            $ours.TargetObject.Error.Kind | Should -Be 'HttpStatus'
        }

        It 'cancels the requests in flight at the server when -ErrorAction Stop ends the run' {
            $run = New-RunName
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $caught = $null
            try {
                @("$base/status/500?run=$run") + @(1..5 | ForEach-Object { "$base/delay/3000?run=$run" }) |
                    Invoke-ConcurrentRequest -MaximumRetryCount 0 -ErrorAction Stop | Out-Null
            }
            catch { $caught = $_ }

            $caught.FullyQualifiedErrorId | Should -Be 'AsyncHttp.HttpStatus,AsyncHttp.Commands.InvokeConcurrentRequestCommand'
            $clock.ElapsedMilliseconds | Should -BeLessThan 2000
            $stats = Get-RunStats $run
            $stats.count | Should -Be 6
            $stats.inFlight | Should -Be 0
            $stats.aborted | Should -Be 5
        }

        It 'stops at the first failure when $ErrorActionPreference is Stop' {
            $ErrorActionPreference = 'Stop'
            { "$base/status/502" | Invoke-ConcurrentRequest -MaximumRetryCount 0 } |
                Should -Throw -ErrorId 'AsyncHttp.HttpStatus,AsyncHttp.Commands.InvokeConcurrentRequestCommand'
        }
    }

    Context 'when a run shows its progress' {
        It 'shows one progress bar for the run, with the total when -Uri gives it, and removes it at the end' {
            $run = Invoke-InRunspace {
                param($Manifest, $Uri)
                Import-Module $Manifest
                Invoke-ConcurrentRequest -Uri (1..10 | ForEach-Object { $Uri }) -ThrottleLimit 2
            } -ArgumentList $manifest, "$base/delay/200"

            $run.Output | Should -HaveCount 10
            $run.Progress.Activity | Select-Object -Unique | Should -Be 'Invoke-ConcurrentRequest'
            $run.Progress.ActivityId | Select-Object -Unique | Should -HaveCount 1
            $running = @($run.Progress | Where-Object RecordType -EQ 'Processing')
            $running.Count | Should -BeGreaterOrEqual 2
            $running.StatusDescription | ForEach-Object { $_ | Should -Match '^\d+ of 10 done, 0 failed, \d+ requests/s, \d+ in flight$' }
            @($running | Where-Object { $_.PercentComplete -in 1..99 }).Count | Should -BeGreaterOrEqual 1
            $run.Progress[-1].RecordType | Should -Be 'Completed'
        }

        It 'counts failures, and shows no total when the requests are piped in' {
            $run = Invoke-InRunspace {
                param($Manifest, $Base)
                Import-Module $Manifest
                @("$Base/status/404") + @(1..9 | ForEach-Object { "$Base/delay/200" }) |
                    Invoke-ConcurrentRequest -ThrottleLimit 2 -MaximumRetryCount 0 -ErrorAction SilentlyContinue
            } -ArgumentList $manifest, $base

            $run.Output | Should -HaveCount 10
            $running = @($run.Progress | Where-Object RecordType -EQ 'Processing')
            $running.Count | Should -BeGreaterOrEqual 2
            $running.StatusDescription | ForEach-Object { $_ | Should -Match '^\d+ done, 1 failed, ' }
            $running.PercentComplete | Select-Object -Unique | Should -Be -1
            $run.Progress[-1].RecordType | Should -Be 'Completed'
        }

        It 'shows none for a run shorter than a quarter of a second, nor with $ProgressPreference SilentlyContinue' {
            $short = Invoke-InRunspace {
                param($Manifest, $Uri)
                Import-Module $Manifest
                1..3 | ForEach-Object { $Uri } | Invoke-ConcurrentRequest
            } -ArgumentList $manifest, "$base/small"
            $quiet = Invoke-InRunspace {
                param($Manifest, $Uri)
                Import-Module $Manifest
                $ProgressPreference = 'SilentlyContinue'
                1..10 | ForEach-Object { $Uri } | Invoke-ConcurrentRequest -ThrottleLimit 2
            } -ArgumentList $manifest, "$base/delay/200"

            $short.Output | Should -HaveCount 3
            $short.Progress | Should -HaveCount 0
            $quiet.Output | Should -HaveCount 10
            $quiet.Progress | Should -HaveCount 0
        }

        It 'removes its progress bar when Select-Object -First ends the run early' {
            $run = Invoke-InRunspace {
                param($Manifest, $Uri)
                Import-Module $Manifest
                1..40 | ForEach-Object { $Uri } | Invoke-ConcurrentRequest -ThrottleLimit 2 | Select-Object -First 8
            } -ArgumentList $manifest, "$base/delay/200"

            $run.Output | Should -HaveCount 8
            @($run.Progress | Where-Object RecordType -EQ 'Processing').Count | Should -BeGreaterOrEqual 1
            $run.Progress[-1].RecordType | Should -Be 'Completed'
        }
    }

    Context 'when the pipeline is stopped' {
        It 'stops at once and leaves no request in flight at the server' {
            $run = New-RunName
            $shell = [powershell]::Create()
            try {
                $null = $shell.AddScript({
                        param($Manifest, $Uri)
                        Import-Module $Manifest
                        1..20 | ForEach-Object { $Uri } | Invoke-ConcurrentRequest
                    }).AddArgument($manifest).AddArgument("$base/delay/5000?run=$run")
                $handle = $shell.BeginInvoke()
                $clock = [Diagnostics.Stopwatch]::StartNew()
                while ((Invoke-RestMethod "$base/stats/$run").inFlight -lt 20 -and $clock.ElapsedMilliseconds -lt 3000) {
                    Start-Sleep -Milliseconds 20
                }
                (Invoke-RestMethod "$base/stats/$run").inFlight | Should -Be 20

                $clock.Restart()
                $shell.Stop()

                $clock.ElapsedMilliseconds | Should -BeLessThan 1000
                $shell.InvocationStateInfo.State | Should -Be 'Stopped'
                $handle.IsCompleted | Should -BeTrue
                $stats = Get-RunStats $run
                $stats.inFlight | Should -Be 0
                $stats.aborted | Should -Be 20
            }
            finally {
                $shell.Dispose()
            }
        }
    }
}
