BeforeAll {
    . ([IO.Path]::Combine($PSScriptRoot, 'TestSupport.ps1'))
    Import-Module $manifest -Force
    $script:server = Start-TestServer
    $script:base = $server.Uri
    # One stream first, so that the timed tests measure streaming, not a cold start (JIT, first connection).
    $null = Receive-HttpStream "$base/lines/1"
}

AfterAll {
    Stop-TestServer $server
}

Describe 'Receive-HttpStream' {
    Context 'when a body arrives line by line' {
        It 'writes each line as it arrives, before the body ends' {
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $arrivals = Receive-HttpStream "$base/lines/4?intervalMs=400" |
                ForEach-Object { [pscustomobject]@{ Line = $_; At = $clock.ElapsedMilliseconds } }

            $arrivals.Line | Should -Be @('line 1 é', 'line 2 é', 'line 3 é', 'line 4 é')
            $arrivals[0].At | Should -BeLessThan 800
            $arrivals[-1].At | Should -BeGreaterOrEqual 1100
        }

        It 'ends the stream when Select-Object -First has enough, and the server sees the request end' {
            $run = New-RunName
            $clock = [Diagnostics.Stopwatch]::StartNew()

            $lines = Receive-HttpStream "$base/lines/1000?intervalMs=20&run=$run" | Select-Object -First 3

            # The whole body would take 20 seconds.
            $clock.ElapsedMilliseconds | Should -BeLessThan 3000
            $lines | Should -Be @('line 1 é', 'line 2 é', 'line 3 é')
            $stats = Get-RunStats $run -WaitMs 5000
            $stats.count | Should -Be 1
            $stats.inFlight | Should -Be 0
            $stats.aborted | Should -Be 1
        }

        # Closing at once needs SocketsHttpHandler.MaxResponseDrainSize; the netstandard2.0 handler drains for up to 2 s first.
        It 'leaves no request in flight at the server once Select-Object -First has returned' -Tag NetOnly {
            $run = New-RunName

            $null = Receive-HttpStream "$base/lines/1000?intervalMs=20&run=$run" | Select-Object -First 3

            (Get-RunStats $run -WaitMs 500).inFlight | Should -Be 0
        }

        It 'decodes by the charset of the response, with CRLF endings and a last line without a line break' {
            $lines = Receive-HttpStream "$base/latin1"

            $lines | Should -Be @('café', 'naïve', 'last')
        }

        It 'fails with ReadTimeout after the lines that came, when the body falls silent longer than -ReadTimeoutSec' {
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $lines = Receive-HttpStream "$base/hold-line?holdMs=4000" -ReadTimeoutSec 1 -ErrorVariable failures -ErrorAction SilentlyContinue

            $lines | Should -Be 'first'
            $clock.ElapsedMilliseconds | Should -BeLessThan 3000
            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -Be 'AsyncHttp.ReadTimeout,AsyncHttp.Commands.ReceiveHttpStreamCommand'
            $failures[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
            $failures[0].TargetObject.Error.Kind | Should -Be 'ReadTimeout'
            $failures[0].TargetObject.StatusCode | Should -Be 200
        }

        It 'stops at once when the pipeline is stopped, as by Ctrl+C' {
            $run = New-RunName
            $shell = [powershell]::Create()
            try {
                $null = $shell.AddScript({
                        param($Manifest, $Uri)
                        Import-Module $Manifest
                        Receive-HttpStream $Uri
                    }).AddArgument($manifest).AddArgument("$base/lines/1000?intervalMs=20&run=$run")
                $handle = $shell.BeginInvoke()
                $clock = [Diagnostics.Stopwatch]::StartNew()
                while ((Invoke-RestMethod "$base/stats/$run").inFlight -lt 1 -and $clock.ElapsedMilliseconds -lt 3000) {
                    Start-Sleep -Milliseconds 20
                }
                Start-Sleep -Milliseconds 200

                $clock.Restart()
                $shell.Stop()

                $clock.ElapsedMilliseconds | Should -BeLessThan 1000
                $shell.InvocationStateInfo.State | Should -Be 'Stopped'
                $handle.IsCompleted | Should -BeTrue
                $stats = Get-RunStats $run -WaitMs 5000
                $stats.inFlight | Should -Be 0
                $stats.aborted | Should -Be 1
            }
            finally {
                $shell.Dispose()
            }
        }
    }

    Context 'when the body is JSON lines' {
        It 'writes one object per line, which Where-Object, Sort-Object, Group-Object and Measure-Object take as they are' {
            $items = Receive-HttpStream "$base/ndjson/50" -As JsonLines

            $items | Should -HaveCount 50
            $items[0] | Should -BeOfType [pscustomobject]
            $items[0] | ConvertTo-Json -Compress | Should -Be '{"n":1,"name":"item 1","tags":["a","b"]}'
            ($items | Where-Object n -GT 40 | Measure-Object -Property n -Sum).Sum | Should -Be 455
            ($items | Sort-Object n -Descending | Select-Object -First 1).name | Should -Be 'item 50'
            ($items | Group-Object { $_.n % 2 } | ForEach-Object Count) | Should -Be @(25, 25)
            ($items | Where-Object { $_.tags -contains 'b' }) | Should -HaveCount 50
        }

        It 'hands each object down the pipeline as its line arrives' {
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $arrivals = Receive-HttpStream "$base/ndjson/4?intervalMs=400" -As JsonLines |
                ForEach-Object { [pscustomobject]@{ N = $_.n; At = $clock.ElapsedMilliseconds } }

            $arrivals.N | Should -Be @(1, 2, 3, 4)
            $arrivals[0].At | Should -BeLessThan 800
            $arrivals[-1].At | Should -BeGreaterOrEqual 1100
        }

        It 'writes a bad line as a non-terminating error that names its line number, and goes on' {
            $items = Receive-HttpStream "$base/ndjson/5?bad=3" -As JsonLines -ErrorVariable bad -ErrorAction SilentlyContinue
            $succeeded = $?

            $items.n | Should -Be @(1, 2, 4, 5)
            $succeeded | Should -BeFalse
            $bad | Should -HaveCount 1
            $bad[0].FullyQualifiedErrorId | Should -Be 'AsyncHttp.JsonLine,AsyncHttp.Commands.ReceiveHttpStreamCommand'
            $bad[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $bad[0].Exception.Message | Should -Match '^Line 3 is not valid JSON'
            $bad[0].TargetObject.LineNumber | Should -Be 3
            $bad[0].TargetObject.Text | Should -Be '{not json'
        }

        It 'ends at the bad line with -ErrorAction Stop, after the objects before it' {
            $seen = [System.Collections.Generic.List[object]]::new()
            $caught = $null
            try {
                Receive-HttpStream "$base/ndjson/5?bad=3" -As JsonLines -ErrorAction Stop | ForEach-Object { $seen.Add($_.n) }
            }
            catch { $caught = $_ }

            $caught.FullyQualifiedErrorId | Should -Be 'AsyncHttp.JsonLine,AsyncHttp.Commands.ReceiveHttpStreamCommand'
            $seen | Should -Be @(1, 2)
        }
    }

    Context 'when the body is server-sent events' {
        It 'writes one event per dispatched block, as the WHATWG standard reads them' {
            $events = Receive-HttpStream "$base/sse" -As ServerSentEvents

            $events | Should -HaveCount 5
            $events[0] | Should -BeOfType [AsyncHttp.ServerSentEvent]
            $events.Event | Should -Be @('message', 'update', 'message', 'message', 'tail')
            $events.Data | Should -Be @('first', "line one`nline two", 'no space', '', 'carries id 7')
            $events.Id | Should -Be @('', '7', '7', '7', '7')
            $events[2].Retry | Should -Be 1500
            @($events | Where-Object { $null -ne $_.Retry }) | Should -HaveCount 1
        }
    }

    Context 'when the body is read as chunks' {
        It 'writes the bytes as they arrive, each chunk with its offset in the body' {
            $chunks = Receive-HttpStream "$base/bytes/1000000" -As Chunks
            $body = [IO.MemoryStream]::new()
            $expected = 0
            foreach ($chunk in $chunks) {
                $chunk.Offset | Should -Be $expected
                $chunk.Count | Should -BeLessOrEqual 65536
                $body.Write($chunk.Data, 0, $chunk.Count)
                $expected += $chunk.Count
            }
            $bytes = $body.ToArray()

            $chunks[0] | Should -BeOfType [AsyncHttp.HttpChunk]
            $bytes.Length | Should -Be 1000000
            [Text.Encoding]::ASCII.GetString($bytes, 0, 26) | Should -Be 'abcdefghijklmnopqrstuvwxyz'
            [char]$bytes[65536] | Should -Be 'a'
        }
    }

    Context 'when the body is saved with -OutFile' {
        It 'writes the file and one result, whose Sha256 Get-FileHash agrees with' {
            $file = Join-Path $TestDrive 'large.bin'

            $result = Receive-HttpStream "$base/large/3000000" -OutFile $file

            $result | Should -BeOfType [AsyncHttp.DownloadResult]
            $result.Path | Should -Be $file
            $result.Uri | Should -Be "$base/large/3000000"
            $result.Bytes | Should -Be 3000000
            $result.BytesTransferred | Should -Be 3000000
            $result.Resumed | Should -BeFalse
            $result.StatusCode | Should -Be 200
            $result.Elapsed | Should -BeGreaterThan ([timespan]::Zero)
            $result.BytesPerSecond | Should -BeGreaterThan 0
            (Get-Item $file).Length | Should -Be 3000000
            (Get-FileHash $file -Algorithm SHA256).Hash | Should -Be $result.Sha256
            $result.Sha256 | Should -Be (Get-LargeBodyHash 3000000)
            Test-Path "$file.partial" | Should -BeFalse
        }

        It 'resolves a relative -OutFile against the current location' {
            Push-Location $TestDrive
            try {
                $result = Receive-HttpStream "$base/small" -OutFile 'relative.bin'
            }
            finally {
                Pop-Location
            }

            $result.Path | Should -Be (Join-Path $TestDrive 'relative.bin')
            (Get-Item (Join-Path $TestDrive 'relative.bin')).Length | Should -Be 100
        }

        It 'resumes a failed download with -Resume, and the file has the hash of the whole body' {
            $file = Join-Path $TestDrive 'resumed.bin'

            $first = Receive-HttpStream "$base/large/3000000?failAt=1000000" -OutFile $file -Resume -ErrorVariable failures -ErrorAction SilentlyContinue

            $first | Should -BeNullOrEmpty
            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -Be 'AsyncHttp.Payload,AsyncHttp.Commands.ReceiveHttpStreamCommand'
            Test-Path $file | Should -BeFalse
            $kept = (Get-Item "$file.partial").Length
            $kept | Should -BeGreaterThan 0
            $kept | Should -BeLessOrEqual 1000000

            $second = Receive-HttpStream "$base/large/3000000" -OutFile $file -Resume

            $second.Resumed | Should -BeTrue
            $second.StatusCode | Should -Be 206
            $second.Bytes | Should -Be 3000000
            $second.BytesTransferred | Should -Be (3000000 - $kept)
            (Get-FileHash $file -Algorithm SHA256).Hash | Should -Be $second.Sha256
            $second.Sha256 | Should -Be (Get-LargeBodyHash 3000000)
            Get-ChildItem "$file.*" | Should -BeNullOrEmpty
        }

        It 'starts over when the file has changed on the server (<Case>)' -ForEach @(
            @{ Case = 'another ETag'; Failed = '?version=1&failAt=1000000'; Again = '?version=2' }
            @{ Case = 'no ranges'; Failed = '?noranges=1&failAt=1000000'; Again = '?noranges=1' }
        ) {
            $file = Join-Path $TestDrive "over-$($Case -replace ' ', '-').bin"
            $null = Receive-HttpStream "$base/large/3000000$Failed" -OutFile $file -Resume -ErrorAction SilentlyContinue
            Test-Path "$file.partial" | Should -BeTrue

            $result = Receive-HttpStream "$base/large/3000000$Again" -OutFile $file -Resume

            $result.Resumed | Should -BeFalse
            $result.StatusCode | Should -Be 200
            $result.BytesTransferred | Should -Be 3000000
            (Get-FileHash $file -Algorithm SHA256).Hash | Should -Be (Get-LargeBodyHash 3000000)
        }

        It 'leaves an earlier file as it was, and no partial file, when a download without -Resume fails' {
            $file = Join-Path $TestDrive 'kept.bin'
            Set-Content -Path $file -Value 'the earlier file' -NoNewline

            $result = Receive-HttpStream "$base/large/3000000?failAt=1000000" -OutFile $file -ErrorVariable failures -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            $failures[0].TargetObject.Error.Kind | Should -Be 'Payload'
            Get-Content -Path $file -Raw | Should -Be 'the earlier file'
            Get-ChildItem "$file.*" | Should -BeNullOrEmpty
        }

        It 'shows Write-Progress while it downloads, and removes it at the end' {
            $file = Join-Path $TestDrive 'trickle.bin'
            $run = Invoke-InRunspace {
                param($Manifest, $Uri, $File)
                Import-Module $Manifest
                Receive-HttpStream $Uri -OutFile $File
            } -ArgumentList $manifest, "$base/fault/trickle/12?intervalMs=100", $file

            $run.Output.Bytes | Should -Be 12
            $run.Progress.Count | Should -BeGreaterOrEqual 3
            $run.Progress.Activity | Select-Object -Unique | Should -Be 'Downloading trickle.bin'
            $running = @($run.Progress | Where-Object RecordType -EQ 'Processing')
            $running.Count | Should -BeGreaterOrEqual 2
            @($running | Where-Object { $_.StatusDescription -match ' of 12 B at ' -and $_.PercentComplete -in 1..99 }).Count | Should -BeGreaterOrEqual 1
            $run.Progress[-1].RecordType | Should -Be 'Completed'
        }

        It 'shows no progress when $ProgressPreference is SilentlyContinue' {
            $file = Join-Path $TestDrive 'quiet.bin'
            $run = Invoke-InRunspace {
                param($Manifest, $Uri, $File)
                Import-Module $Manifest
                $ProgressPreference = 'SilentlyContinue'
                Receive-HttpStream $Uri -OutFile $File
            } -ArgumentList $manifest, "$base/fault/trickle/12?intervalMs=100", $file

            $run.Output.Bytes | Should -Be 12
            $run.Progress | Should -HaveCount 0
        }
    }

    Context 'when the request or the body fails' {
        It 'writes a non-terminating error with the result as target, and no items, when the status is not a success' {
            $lines = Receive-HttpStream "$base/status/404?token=s3cr3t-value" -ErrorVariable failures -ErrorAction SilentlyContinue
            $succeeded = $?

            $lines | Should -BeNullOrEmpty
            $succeeded | Should -BeFalse
            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -Be 'AsyncHttp.HttpStatus,AsyncHttp.Commands.ReceiveHttpStreamCommand'
            $failures[0].CategoryInfo.Category | Should -Be 'InvalidResult'
            $failures[0].TargetObject | Should -BeOfType [AsyncHttp.HttpResult]
            $failures[0].TargetObject.StatusCode | Should -Be 404
            $failures[0].ErrorDetails.Message | Should -Match 'the test server answered 404'
            $failures[0].Exception.Message | Should -Match 'token=\*\*\*'
            $failures[0].Exception.Message | Should -Not -Match 's3cr3t-value'
        }

        It 'throws with -ErrorAction Stop, as Invoke-RestMethod does' {
            { Receive-HttpStream "$base/status/500" -MaximumRetryCount 0 -ErrorAction Stop } |
                Should -Throw -ErrorId 'AsyncHttp.HttpStatus,AsyncHttp.Commands.ReceiveHttpStreamCommand'
        }

        It 'writes the bytes that came, then a Payload error, when the body is cut short' {
            $chunks = Receive-HttpStream "$base/fault/truncate/1000" -As Chunks -ErrorVariable failures -ErrorAction SilentlyContinue

            ($chunks | Measure-Object -Property Count -Sum).Sum | Should -Be 1000
            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -Be 'AsyncHttp.Payload,AsyncHttp.Commands.ReceiveHttpStreamCommand'
            $failures[0].CategoryInfo.Category | Should -Be 'InvalidData'
        }

        It 'ends with AsyncHttp.SessionClosed on a closed session' {
            $session = New-HttpSession
            $session | Close-HttpSession

            { Receive-HttpStream "$base/small" -Session $session } |
                Should -Throw -ErrorId 'AsyncHttp.SessionClosed,AsyncHttp.Commands.ReceiveHttpStreamCommand'
        }
    }

    Context 'when requests come from the pipeline' {
        It 'streams each piped URI or object in turn, on the session''s base URI, with Method and Body bound by name' {
            $session = New-HttpSession -BaseUri "$base/"
            try {
                $lines = 'lines/2', [pscustomobject]@{ Url = 'lines/1' } | Receive-HttpStream -Session $session
                $echo = [pscustomobject]@{ Uri = 'echo'; Method = 'POST'; Body = 'sent by name' } |
                    Receive-HttpStream -Session $session -As JsonLines

                $lines | Should -Be @('line 1 é', 'line 2 é', 'line 1 é')
                $echo.method | Should -Be 'POST'
                $echo.body | Should -Be 'sent by name'
            }
            finally {
                $session | Close-HttpSession
            }
        }
    }
}
