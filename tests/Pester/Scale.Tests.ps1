BeforeAll {
    . ([IO.Path]::Combine($PSScriptRoot, 'TestSupport.ps1'))
    Import-Module $manifest -Force
    $script:server = Start-TestServer
    $script:base = $server.Uri
}

AfterAll {
    Stop-TestServer $server
}

Describe 'Invoke-ConcurrentRequest -Partition' {
    Context 'when four processes each run their share of the same list' {
        It 'gives every input exactly one result over the four, each with its position in the whole list as Index' {
            $run = New-RunName
            $list = [IO.Path]::Combine($TestDrive, 'urls.txt')
            # Input 7 is not a URI: it too has exactly one result, in the share its position falls in.
            $inputs = foreach ($i in 0..41) { if ($i -eq 7) { 'not a uri' } else { "$base/echo?run=$run&i=$i" } }
            [IO.File]::WriteAllLines($list, [string[]]$inputs)

            $children = foreach ($share in 1..4) {
                Start-ChildPwsh @"
Import-Module '$manifest' -ErrorAction Stop
Get-Content '$list' | Invoke-ConcurrentRequest -Partition '$share/4' -ErrorAction SilentlyContinue |
    ForEach-Object { '{0}|{1}|{2}|{3}' -f `$_.Index, $share, `$_.Error.Kind, `$_.RequestUri }
# The failed input leaves `$? false, which would be the exit code.
exit 0
"@
            }
            $lines = foreach ($child in $children) {
                $done = Receive-ChildPwsh $child -TimeoutSec 90
                $done.ExitCode | Should -Be 0 -Because $done.Errors
                $done.Output
            }
            $results = $lines | ConvertFrom-Csv -Delimiter '|' -Header Index, Share, Kind, Uri

            ($results.Index | ForEach-Object { [int]$_ } | Sort-Object) | Should -Be (0..41)
            foreach ($result in $results) {
                [int]$result.Index % 4 + 1 | Should -Be ([int]$result.Share) -Because 'share i takes the positions whose remainder by 4 is i - 1'
                if ($result.Index -eq '7') { $result.Kind | Should -Be 'InvalidRequest' }
                else { $result.Uri | Should -Be $inputs[[int]$result.Index] }
            }
            ($results | Group-Object Share | ForEach-Object Count) | Should -Be @(11, 11, 10, 10)
            # The server saw each URI once: nothing sent twice, nothing left out.
            (Get-RunStats $run).count | Should -Be 41
        }
    }

    Context 'when the share is not i/N' {
        It 'refuses ''<_>'' before sending anything, naming it' -ForEach '5/4', '0/3', 'half', '1/0' {
            { Invoke-ConcurrentRequest "$base/small" -Partition $_ -ErrorAction Stop } |
                Should -Throw -ErrorId 'AsyncHttp.InvalidArgument,AsyncHttp.Commands.InvokeConcurrentRequestCommand' -ExpectedMessage "*'$_'*"
        }
    }
}

Describe 'New-HttpSession -RateLimitStore' {
    Context 'when four processes share a limit of 50 per second through Redis' -Tag 'NetOnly' {
        BeforeAll {
            $script:redis = Start-TestRedis
        }

        AfterAll {
            Stop-BackgroundProcess $redis.Process
        }

        It 'sends at most 250 plus the burst of 50 in its five seconds, counted at the server' {
            $key, $hits = (New-RunName), (New-RunName)
            $null = Invoke-RestMethod "$base/flaky/$(New-RunName)?fail=0"
            $folder = [IO.Directory]::CreateDirectory([IO.Path]::Combine($TestDrive, 'workers')).FullName
            $go = [IO.Path]::Combine($folder, 'go')
            $children = foreach ($worker in 1..4) {
                Start-ChildPwsh @"
Import-Module '$manifest' -ErrorAction Stop
`$session = New-HttpSession -RateLimit 50 -RateLimitStore 'redis://127.0.0.1:$($redis.Port)/$key' -MaximumRetryCount 0
# Connections opened and code warmed before the count starts: a slow first request would blur the server's clock.
`$null = 1..8 | ForEach-Object { '$base/small' } | Invoke-ConcurrentRequest -Session `$session -ThrottleLimit 8
[IO.File]::WriteAllText('$([IO.Path]::Combine($folder, "ready-$worker"))', '')
while (-not [IO.File]::Exists('$go')) { Start-Sleep -Milliseconds 10 }
`$clock = [Diagnostics.Stopwatch]::StartNew()
# As many requests as the limit lets through for five seconds: the generator waits while 8 are in flight.
`$results = & { while (`$clock.Elapsed.TotalSeconds -lt 5) { '$base/flaky/${hits}?fail=0' } } |
    Invoke-ConcurrentRequest -Session `$session -ThrottleLimit 8 -ErrorAction SilentlyContinue
"`$(@(`$results).Count) `$(@(`$results | Where-Object IsSuccess).Count)"
exit 0
"@
            }
            # All four start together, once each has its module and session.
            $clock = [Diagnostics.Stopwatch]::StartNew()
            while (@([IO.Directory]::GetFiles($folder, 'ready-*')).Count -lt 4 -and $clock.Elapsed.TotalSeconds -lt 60) { Start-Sleep -Milliseconds 50 }
            # The warm-up took tokens: one second refills the bucket to its burst of 50.
            Start-Sleep -Milliseconds 1100
            [IO.File]::WriteAllText($go, '')
            $counts = foreach ($child in $children) {
                $done = Receive-ChildPwsh $child -TimeoutSec 90
                $done.ExitCode | Should -Be 0 -Because $done.Errors
                , [int[]]($done.Output[-1] -split ' ')
            }
            $times = @((Invoke-RestMethod "$base/hits/$hits").times)

            # Every request of every worker succeeded and reached the server once.
            foreach ($count in $counts) { $count[0] | Should -BeGreaterThan 0; $count[1] | Should -Be $count[0] }
            $times.Count | Should -Be ($counts | ForEach-Object { $_[0] } | Measure-Object -Sum).Sum
            # The five seconds of the run at the server's clock (milliseconds from the first hit), and, for the record,
            # the busiest five seconds wherever they fall, which also holds the jitter of the arrivals.
            $firstFive = @($times | Where-Object { $_ -lt 5000 }).Count
            $busiest, $start = 0, 0
            for ($end = 0; $end -lt $times.Count; $end++) {
                while ($times[$end] - $times[$start] -ge 5000) { $start++ }
                $busiest = [Math]::Max($busiest, $end - $start + 1)
            }
            $steady = @($times | Where-Object { $_ -ge 1000 -and $_ -lt 5000 }).Count / 4
            Write-Host "Shared limit 50/s over four processes: $firstFive requests in the first 5 s at the server (at most 250 + burst 50 = 300), $busiest in the busiest 5 s, $steady/s from second 1 to 5, $($times.Count) in all with the last requests in flight."
            # The bucket grants at most 300 in five seconds. The server's clock also sees each request's way from its
            # grant to the server, which on a busy machine can move a few requests into the window: 0.1 s at 50/s.
            $arrivalJitter = 5
            $firstFive | Should -BeLessOrEqual (300 + $arrivalJitter)
            # Four limits of their own would have let 1,200 through; the shared one still lets the quota through.
            $firstFive | Should -BeGreaterThan 150
        }

        It 'fails closed when Redis goes away: requests are not sent and fail with Kind RateLimitStore' {
            $own = Start-TestRedis
            $run = New-RunName
            $session = New-HttpSession -RateLimit 50 -RateLimitStore "redis://127.0.0.1:$($own.Port)/$(New-RunName)" -MaximumRetryCount 0
            try {
                $before = Invoke-ConcurrentRequest "$base/small?run=$run" -Session $session
                Stop-BackgroundProcess $own.Process
                $after = Invoke-ConcurrentRequest "$base/small?run=$run" -Session $session -ErrorAction SilentlyContinue -ErrorVariable failures
            }
            finally {
                Stop-BackgroundProcess $own.Process
                $session | Close-HttpSession
            }

            $before.IsSuccess | Should -BeTrue
            $after.Error.Kind | Should -Be 'RateLimitStore'
            $after.Attempts | Should -Be 0
            (Get-RunStats $run).count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be 'AsyncHttp.RateLimitStore,AsyncHttp.Commands.InvokeConcurrentRequestCommand'
            $failures[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        }
    }

    Context 'when Redis cannot be reached from the start' -Tag 'NetOnly' {
        It 'fails each request, unsent, with Kind RateLimitStore and a message that shows no password' {
            $run = New-RunName
            $session = New-HttpSession -RateLimit 10 -RateLimitStore "redis://worker:s3cret@127.0.0.1:$(Get-FreePort)/quota" -ConnectTimeoutSec 2 -MaximumRetryCount 0
            try {
                $results = "$base/small?run=$run", "$base/json?run=$run" | Invoke-ConcurrentRequest -Session $session -ErrorAction SilentlyContinue -ErrorVariable failures
            }
            finally {
                $session | Close-HttpSession
            }

            $results | Should -HaveCount 2
            $results.Error.Kind | Should -Be @('RateLimitStore', 'RateLimitStore')
            $results[0].Error.IsTransient | Should -BeTrue
            $results[0].Error.Message | Should -Match 'redis://127\.0\.0\.1:\d+/quota'
            ($failures | Out-String) + $results[0].Error.Message + $results[0].ToString() | Should -Not -Match 's3cret|worker'
            (Get-RunStats $run).count | Should -Be 0
        }
    }

    Context 'when the store is not usable as given' {
        It 'refuses <Store> with a message that names it' -ForEach @(
            @{ Store = 'http://127.0.0.1:6379/key'; Message = "*'http://127.0.0.1:6379/key'*redis://*" }
            @{ Store = 'redis://127.0.0.1:6379/'; Message = '*names no key*' }
            @{ Store = 'redis://127.0.0.1:6379/key?db=2'; Message = '*query*' }
        ) {
            { New-HttpSession -RateLimit 5 -RateLimitStore $Store } |
                Should -Throw -ErrorId 'AsyncHttp.InvalidArgument,AsyncHttp.Commands.NewHttpSessionCommand' -ExpectedMessage $Message
        }

        It 'refuses a store without -RateLimit' {
            { New-HttpSession -RateLimitStore 'redis://127.0.0.1:6379/key' } |
                Should -Throw -ErrorId 'AsyncHttp.InvalidArgument,AsyncHttp.Commands.NewHttpSessionCommand' -ExpectedMessage '*give RateLimit too*'
        }
    }
}
