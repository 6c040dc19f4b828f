BeforeAll {
    . ([IO.Path]::Combine($PSScriptRoot, 'TestSupport.ps1'))
    Import-Module $manifest -Force
    $script:server = Start-TestServer
    $script:base = $server.Uri
    # A success, an HTTP failure with a body, and a connection failure: what a script filters, counts and exports.
    $script:uris = "$base/small", "$base/status/404", 'http://127.0.0.1:1/'
    $script:here = @(Invoke-ConcurrentRequest $uris -Ordered -MaximumRetryCount 0 -ErrorAction SilentlyContinue)

    # What a user sees and exports of results, with the times (which differ from run to run) left out.
    function Get-Shown($Results) {
        ($Results | Format-Table | Out-String) -replace ' +\d+ ms', ' N ms'
    }
    function Get-Exported($Results) {
        $Results | Select-Object Index, StatusCode, IsSuccess, Attempts, Method, RequestUri, Error, @{ Name = 'Kind'; Expression = { $_.Error.Kind } } |
            ConvertTo-Csv
    }

    # The checks every way of travelling must pass: $There came back from another process, $Here ran in this one.
    function Assert-Travelled($There, $Here) {
        $There | Should -HaveCount $Here.Count
        $There | ForEach-Object { $_.PSObject.TypeNames[0] } | Select-Object -Unique | Should -Be 'Deserialized.AsyncHttp.HttpResult'
        $There.Index | Should -Be $Here.Index
        $There.StatusCode | Should -Be $Here.StatusCode
        # Kind arrives as its name: string comparison, filtering and grouping work as they do here.
        ($There | Where-Object { $_.Error.Kind -eq 'HttpStatus' }).Index | Should -Be 1
        ($There | Where-Object { $_.Error.Kind -eq [AsyncHttp.ErrorKind]::ConnectionRefused }).Index | Should -Be 2
        ($There | Group-Object { $_.Error.Kind }).Name | Should -Be ($Here | Group-Object { $_.Error.Kind }).Name
        $There[1].Error.StatusCode | Should -Be 404
        $There[1].Error.ResponseBody | Should -Be $Here[1].Error.ResponseBody
        $There[2].Error.IsTransient | Should -BeTrue
        $There[2].Error.Message | Should -Be $Here[2].Error.Message
        foreach ($result in $There) {
            $result.Elapsed | Should -BeOfType [TimeSpan]
            $result.Elapsed | Should -BeGreaterThan ([TimeSpan]::Zero)
        }
        $There[0].Headers['Content-Type'] | Should -Be $Here[0].Headers['Content-Type']
        # The same table (the module's view, Kind column included) and the same CSV as results made here.
        Get-Shown $There | Should -Be (Get-Shown $Here)
        (Get-Shown $There) | Should -Match 'ConnectionRefused'
        Get-Exported $There | Should -Be (Get-Exported $Here)
        ($There[1].Error | Format-Table | Out-String) | Should -Be ($Here[1].Error | Format-Table | Out-String)
    }
}

AfterAll {
    Stop-TestServer $server
}

Describe 'Results that travel' {
    Context 'when they come back from Start-Job' {
        It 'arrive as Deserialized.AsyncHttp.HttpResult, and show, filter and export as results made here do' {
            $job = Start-Job -ScriptBlock {
                Import-Module $using:manifest -ErrorAction Stop
                Invoke-ConcurrentRequest $using:uris -Ordered -MaximumRetryCount 0 -ErrorAction SilentlyContinue
            }
            $there = @($job | Wait-Job -Timeout 60 | Receive-Job)
            $job | Remove-Job -Force

            Assert-Travelled $there $here
        }

        It 'keep Kind as its name through Export-Clixml at any depth' {
            $file = [IO.Path]::Combine($TestDrive, 'results.xml')
            $here | Export-Clixml $file -Depth 6

            $read = @(Import-Clixml $file)

            Assert-Travelled $read $here
            $read[1].Error.PSObject.Properties.Name | Should -Not -Contain 'Exception'
        }
    }

    Context 'when they come back over SSH remoting from this machine' {
        BeforeAll {
            $script:ssh = Start-TestSshServer
        }

        AfterAll {
            Stop-TestSshServer $ssh
        }

        It 'arrive as Deserialized.AsyncHttp.HttpResult, and show, filter and export as results made here do' {
            $remote = @{
                HostName          = '127.0.0.1'
                Port              = $ssh.Port
                UserName          = [Environment]::UserName
                KeyFilePath       = $ssh.KeyFile
                Options           = $ssh.Options
                ConnectingTimeout = 30000
            }
            $there = @(Invoke-Command @remote -HideComputerName -ArgumentList $manifest, $uris -ScriptBlock {
                    param($Manifest, $Uris)
                    Import-Module $Manifest -ErrorAction Stop
                    Invoke-ConcurrentRequest $Uris -Ordered -MaximumRetryCount 0 -ErrorAction SilentlyContinue
                })

            Assert-Travelled $there $here
        }

        It 'runs the fan-out recipe: two shares of one list as two remoting jobs, merged with every input once' {
            $run = New-RunName
            $list = [IO.Path]::Combine($TestDrive, 'urls.txt')
            [IO.File]::WriteAllLines($list, [string[]](0..24 | ForEach-Object { "$base/echo?run=$run&i=$_" }))
            $hosts = '127.0.0.1', 'localhost'

            $jobs = for ($i = 0; $i -lt $hosts.Count; $i++) {
                Invoke-Command -HostName $hosts[$i] -Port $ssh.Port -KeyFilePath $ssh.KeyFile -Options $ssh.Options -AsJob `
                    -ArgumentList $manifest, $list, "$($i + 1)/$($hosts.Count)" -ScriptBlock {
                    param($Manifest, $List, $Share)
                    Import-Module $Manifest -ErrorAction Stop
                    Get-Content $List | Invoke-ConcurrentRequest -Partition $Share -ErrorAction SilentlyContinue |
                        Select-Object Index, RequestUri, StatusCode, Elapsed, @{ Name = 'Kind'; Expression = { $_.Error.Kind } }
                }
            }
            $results = @($jobs | Wait-Job -Timeout 60 | Receive-Job)
            $jobs | Remove-Job -Force

            ($results.Index | Sort-Object) | Should -Be (0..24)
            ($results | Group-Object PSComputerName).Name | Sort-Object | Should -Be ($hosts | Sort-Object)
            $results.StatusCode | Select-Object -Unique | Should -Be 200
            (Get-RunStats $run).count | Should -Be 25
        }
    }
}
