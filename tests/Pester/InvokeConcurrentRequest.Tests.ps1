BeforeAll {
    $root = [IO.Path]::GetFullPath([IO.Path]::Combine($PSScriptRoot, '..', '..'))
    Import-Module ([IO.Path]::Combine($root, 'out', 'AsyncHttp', 'AsyncHttp.psd1')) -Force
    $script:server = & ([IO.Path]::Combine($root, 'examples', 'Start-TestServer.ps1'))
    $script:base = $server.Uri
}

AfterAll {
    $server.Process.Kill()
    $server.Process.WaitForExit()
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
    }

    Context 'when -ErrorAction Stop is given' {
        It 'throws at the first failure, as Invoke-RestMethod does' {
            { "$base/status/500" | Invoke-ConcurrentRequest -MaximumRetryCount 0 -ErrorAction Stop } |
                Should -Throw -ErrorId 'AsyncHttp.HttpStatus,AsyncHttp.Commands.InvokeConcurrentRequestCommand'
        }
    }
}
