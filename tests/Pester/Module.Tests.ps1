BeforeAll {
    . ([IO.Path]::Combine($PSScriptRoot, 'TestSupport.ps1'))
    Import-Module $manifest -Force
    $script:server = Start-TestServer
    $script:base = $server.Uri
    $script:cmdlets = @('Add-HttpMockResponse', 'Assert-HttpMockCalled', 'Close-HttpSession', 'Close-WebSocket', 'Connect-WebSocket', 'Get-HttpMockCall',
        'Invoke-ConcurrentRequest', 'New-HttpMock', 'New-HttpSession', 'Receive-HttpStream', 'Receive-WebSocketMessage', 'Send-WebSocketMessage')
}

AfterAll {
    Stop-TestServer $server
}

Describe 'AsyncHttp module' {
    Context 'when imported by its manifest in a fresh pwsh' {
        It 'exports exactly the cmdlets and the alias its manifest names, and nothing else' {
            $child = Invoke-ChildPwsh @"
Import-Module '$manifest' -ErrorAction Stop
`$module = Get-Module AsyncHttp
[pscustomobject]@{
    Commands  = @(Get-Command -Module AsyncHttp | Sort-Object Name | ForEach-Object { "`$(`$_.CommandType) `$(`$_.Name)" })
    Functions = `$module.ExportedFunctions.Count
    Aliases   = `$module.ExportedAliases.Count
    Variables = `$module.ExportedVariables.Count
} | ConvertTo-Json -Compress
"@

            $child.ExitCode | Should -Be 0 -Because $child.Errors
            $exported = $child.Output[-1] | ConvertFrom-Json
            $expected = $cmdlets + 'Invoke-HttpRequest' | Sort-Object | ForEach-Object { if ($_ -eq 'Invoke-HttpRequest') { "Alias $_" } else { "Cmdlet $_" } }
            $exported.Commands | Should -Be $expected
            $exported.Functions | Should -Be 0
            $exported.Aliases | Should -Be 1
            $exported.Variables | Should -Be 0
            (Import-PowerShellDataFile $manifest).CmdletsToExport | Sort-Object | Should -Be $cmdlets
        }

        It 'loads no other module on import, and none when it sends its first requests' {
            # Set-Alias in the loader once loaded Microsoft.PowerShell.Utility, half of a fresh Import-Module's time.
            $child = Invoke-ChildPwsh @"
Import-Module '$manifest' -ErrorAction Stop
"import: `$((Get-Module).Name -join ',')"
`$null = '$base/small', '$base/status/500' | Invoke-ConcurrentRequest -MaximumRetryCount 0 -ErrorAction SilentlyContinue
"run: `$((Get-Module).Name -join ',')"
"@

            $child.ExitCode | Should -Be 0 -Because $child.Errors
            $child.Output | Should -Be @('import: AsyncHttp', 'run: AsyncHttp')
        }

        It 'imports twice, removes, imports again and still sends requests' {
            $child = Invoke-ChildPwsh @"
`$ErrorActionPreference = 'Stop'
Import-Module '$manifest'
Import-Module '$manifest'
"loaded `$(@(Get-Module AsyncHttp).Count)"
Import-Module '$manifest' -Force
"forced `$(@(Get-Module AsyncHttp).Count)"
Remove-Module AsyncHttp
"removed `$(@(Get-Module AsyncHttp).Count) `$(@(Get-Command New-HttpSession -ErrorAction Ignore).Count)"
Import-Module '$manifest'
"again `$((Get-Command -Module AsyncHttp).Count)"
"status `$(('$base/json' | Invoke-ConcurrentRequest).StatusCode)"
"@

            $child.ExitCode | Should -Be 0 -Because $child.Errors
            $child.Output | Should -Be @('loaded 1', 'forced 1', 'removed 0 0', 'again 13', 'status 200')
        }

        It 'runs requests in a child pwsh process, JSON parsed into objects' {
            $child = Invoke-ChildPwsh @"
Import-Module '$manifest' -ErrorAction Stop
`$result = '$base/json' | Invoke-ConcurrentRequest -AsJson
"`$(`$result.StatusCode) `$(`$result.Content.name) `$(`$result.Content.items -join ',') `$(`$result.Content.nested.ok)"
"@

            $child.ExitCode | Should -Be 0 -Because $child.Errors
            $child.Output | Should -Be '200 AsyncHttp 1,2,3 True'
        }

        It 'shows its help, not the generated one' {
            $child = Invoke-ChildPwsh @"
Import-Module '$manifest' -ErrorAction Stop
'--full--'
Get-Help Invoke-ConcurrentRequest -Full | Out-String -Width 400
'--examples--'
Get-Help New-HttpSession -Examples | Out-String -Width 400
'--parameter--'
Get-Help Close-HttpSession -Parameter Session | Out-String -Width 400
'--stream--'
Get-Help Receive-HttpStream -Full | Out-String -Width 400
'--about--'
Get-Help about_AsyncHttp | Out-String -Width 400
"@
            $text = $child.Output -join "`n"

            $child.ExitCode | Should -Be 0 -Because $child.Errors
            $text | Should -Match '(?s)--full--.*Sends many HTTP requests at once and emits one result per request.*-ThrottleLimit <Int32>.*Default value\s+32.*Example 2.*--examples--'
            $text | Should -Match '(?s)--examples--.*Example 1: A base URI and default headers.*Example 2: Cookies stay in the session.*--parameter--'
            $text | Should -Match '(?s)--parameter--.*-Session <HttpSession\[\]>.*The sessions to close.*True \(ByValue\).*--stream--'
            $text | Should -Match '(?s)--stream--.*Receive-HttpStream \[-Uri\] <String> \[-As <StreamMode>\].*Receive-HttpStream \[-Uri\] <String> -OutFile <String> \[-Resume\].*Example 7: Resume a download that failed.*--about--'
            $text | Should -Match '(?s)--about--.*about_AsyncHttp.*A scheduled task that reuses one session'
        }
    }

    Context 'when used in ForEach-Object -Parallel' {
        It 'works in each runspace that imports it' {
            $results = 1..4 | ForEach-Object -ThrottleLimit 4 -Parallel {
                Import-Module $using:manifest
                "$using:base/echo?worker=$_" | Invoke-ConcurrentRequest -AsJson
            }

            $results | Should -HaveCount 4
            $results.IsSuccess | Select-Object -Unique | Should -Be $true
            $results.Content.query.worker | Sort-Object | Should -Be @('1', '2', '3', '4')
        }

        It 'shares one session, with its cookies, between the runspaces' {
            $shared = New-HttpSession -BaseUri $base
            try {
                $null = Invoke-ConcurrentRequest -Session $shared -Uri '/cookies/set?who=parent'

                $results = 1..4 | ForEach-Object -ThrottleLimit 4 -Parallel {
                    Import-Module $using:manifest
                    Invoke-ConcurrentRequest -Session $using:shared -Uri '/cookies' -AsJson
                }

                $results | Should -HaveCount 4
                $results.Content.who | Should -Be @('parent', 'parent', 'parent', 'parent')
            }
            finally {
                $shared | Close-HttpSession
            }
        }
    }

    Context 'when its dependencies load' {
        # The private load context is the PowerShell 7 loader's; the netstandard2.0 build resolves from its folder instead.
        It 'loads Polly.Core into the private load context AsyncHttp.Dependencies, and its own assemblies into the default one' -Tag NetOnly {
            $null = "$base/small" | Invoke-ConcurrentRequest
            $loaded = [AppDomain]::CurrentDomain.GetAssemblies()
            $context = { param($name) @($loaded | Where-Object { $_.GetName().Name -eq $name } | ForEach-Object { [Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name }) }

            & $context 'Polly.Core' | Should -Be 'AsyncHttp.Dependencies'
            & $context 'AsyncHttp' | Should -Be 'Default'
            & $context 'AsyncHttp.Engine' | Should -Be 'Default'
        }

        It 'leaves ConvertTo-Json and Invoke-RestMethod working in the same session' {
            $null = "$base/json" | Invoke-ConcurrentRequest -AsJson

            [ordered]@{ a = 1; b = @('x', 'y') } | ConvertTo-Json -Compress | Should -Be '{"a":1,"b":["x","y"]}'
            '{"n":[1,2]}' | ConvertFrom-Json | ForEach-Object n | Should -Be @(1, 2)
            $rest = Invoke-RestMethod "$base/json"
            $rest.name | Should -Be 'AsyncHttp'
            $rest.nested.ratio | Should -Be 0.5
        }

        It 'ships in net8.0 no assembly that pwsh already provides' {
            $provided = @(Get-ChildItem $PSHOME -Filter *.dll) + @(Get-ChildItem ([IO.Path]::GetDirectoryName([object].Assembly.Location)) -Filter *.dll) |
                ForEach-Object Name
            $shipped = Get-ChildItem ([IO.Path]::Combine([IO.Path]::GetDirectoryName($manifest), 'net8.0')) -Filter *.dll | ForEach-Object Name

            $shipped | Should -Contain 'Polly.Core.dll'
            $shipped | Where-Object { $_ -in $provided } | Should -BeNullOrEmpty
        }
    }
}
