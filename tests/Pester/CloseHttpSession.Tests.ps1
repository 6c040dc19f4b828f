BeforeAll {
    . ([IO.Path]::Combine($PSScriptRoot, 'TestSupport.ps1'))
    Import-Module $manifest -Force
    $script:server = Start-TestServer
    $script:base = $server.Uri
}

AfterAll {
    Stop-TestServer $server
}

Describe 'Close-HttpSession' {
    Context 'when sessions are piped to it' {
        It 'closes them, and using one afterwards ends the call with AsyncHttp.SessionClosed' {
            $sessions = New-HttpSession -BaseUri $base
            $sessions = @($sessions) + (New-HttpSession -BaseUri $base)

            $sessions | Close-HttpSession

            $sessions.IsClosed | Should -Be @($true, $true)
            { Invoke-ConcurrentRequest -Session $sessions[0] -Uri '/small' } |
                Should -Throw -ErrorId 'AsyncHttp.SessionClosed,AsyncHttp.Commands.InvokeConcurrentRequestCommand'
        }

        It 'does nothing more when a session is closed twice' {
            $session = New-HttpSession

            $session | Close-HttpSession
            { Close-HttpSession -Session $session -ErrorAction Stop } | Should -Not -Throw
            $session.IsClosed | Should -BeTrue
        }
    }

    Context 'when no session is given' {
        It 'closes the default session, and the next call makes a new one with an empty cookie jar' {
            $null = "$base/cookies/set?visit=1" | Invoke-ConcurrentRequest
            ("$base/cookies" | Invoke-ConcurrentRequest -AsJson).Content.visit | Should -Be '1'

            Close-HttpSession

            $after = "$base/cookies" | Invoke-ConcurrentRequest -AsJson
            $after.IsSuccess | Should -BeTrue
            $after.Content.visit | Should -BeNullOrEmpty
        }
    }

    Context 'when the session is closed while another runspace uses it' {
        It 'cancels the requests in flight: they fail with Canceled, category OperationStopped' {
            $run = New-RunName
            $session = New-HttpSession
            $shell = [powershell]::Create()
            try {
                $null = $shell.AddScript({
                        param($Manifest, $Session, $Uri)
                        Import-Module $Manifest
                        1..3 | ForEach-Object { $Uri } | Invoke-ConcurrentRequest -Session $Session -ErrorAction SilentlyContinue -ErrorVariable +failures
                        $failures
                    }).AddArgument($manifest).AddArgument($session).AddArgument("$base/delay/5000?run=$run")
                $handle = $shell.BeginInvoke()
                $clock = [Diagnostics.Stopwatch]::StartNew()
                while ((Invoke-RestMethod "$base/stats/$run").inFlight -lt 3 -and $clock.ElapsedMilliseconds -lt 3000) {
                    Start-Sleep -Milliseconds 20
                }

                $session | Close-HttpSession
                $output = $shell.EndInvoke($handle)

                $clock.ElapsedMilliseconds | Should -BeLessThan 3000
                $results = @($output | Where-Object { $_ -is [AsyncHttp.HttpResult] })
                $records = @($output | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
                $results | Should -HaveCount 3
                $results.Error.Kind | Select-Object -Unique | Should -Be 'Canceled'
                $results[0].Error.Message | Should -Be 'The session was closed before the request finished.'
                $records | Should -HaveCount 3
                $records[0].CategoryInfo.Category | Should -Be 'OperationStopped'
                (Get-RunStats $run).inFlight | Should -Be 0
            }
            finally {
                $shell.Dispose()
            }
        }
    }
}
