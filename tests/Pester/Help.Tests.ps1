BeforeAll {
    . ([IO.Path]::Combine($PSScriptRoot, 'TestSupport.ps1'))
    Import-Module $manifest -Force
    $script:server = Start-TestServer
    $script:base = $server.Uri
    $script:common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
    # What the examples leave in the temporary folder; removed before and after they run.
    $script:exampleFiles = foreach ($leftOver in 'asynchttp-requests.csv', 'asynchttp-failures.csv', 'asynchttp-cookies.json', 'asynchttp-download.bin', 'asynchttp-resume.bin') {
        foreach ($suffix in '', '.partial', '.partial.validator') { [IO.Path]::Combine([IO.Path]::GetTempPath(), $leftOver + $suffix) }
    }
}

AfterAll {
    Stop-TestServer $server
}

Describe '<_>' -ForEach 'New-HttpSession', 'Invoke-ConcurrentRequest', 'Receive-HttpStream', 'Close-HttpSession',
    'Connect-WebSocket', 'Send-WebSocketMessage', 'Receive-WebSocketMessage', 'Close-WebSocket',
    'New-HttpMock', 'Add-HttpMockResponse', 'Get-HttpMockCall', 'Assert-HttpMockCalled' {
    BeforeAll {
        $script:name = $_
        $script:command = Get-Command $name
        $script:help = Get-Help $name -Full
    }

    Context 'when Get-Help shows its help' {
        It 'has a synopsis and a description of its own' {
            $help.Synopsis | Should -Not -BeNullOrEmpty
            # Generated help (no MAML found) has the syntax as its synopsis, and no description.
            $help.Synopsis | Should -Not -Match '\[-|<CommonParameters>'
            ($help.description.Text -join ' ').Length | Should -BeGreaterThan 100
        }

        It 'describes every parameter, with its type and a default value' {
            $parameters = $command.Parameters.Values | Where-Object Name -NotIn $common
            $documented = @($help.parameters.parameter)

            ($documented.name | Sort-Object) | Should -Be ($parameters.Name | Sort-Object)
            foreach ($parameter in $parameters) {
                $doc = $documented | Where-Object name -EQ $parameter.Name
                ($doc.description.Text -join ' ').Length | Should -BeGreaterThan 20 -Because "-$($parameter.Name) needs a description"
                $doc.type.name | Should -Be $parameter.ParameterType.FullName -Because "-$($parameter.Name) is of that type"
                $doc.defaultValue | Should -Not -BeNullOrEmpty -Because "-$($parameter.Name) needs a default value"
            }
        }

        It 'states whether each parameter is required, its position, pipeline input and aliases as the code does' {
            foreach ($parameter in $command.Parameters.Values | Where-Object Name -NotIn $common) {
                $doc = $help.parameters.parameter | Where-Object name -EQ $parameter.Name
                $attribute = $parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] } | Select-Object -First 1
                $position = if ($attribute.Position -lt 0) { 'named' } else { [string]$attribute.Position }
                $by = @(if ($attribute.ValueFromPipeline) { 'ByValue' }; if ($attribute.ValueFromPipelineByPropertyName) { 'ByPropertyName' })
                $pipeline = if ($by) { "True ($($by -join ', '))" } else { 'False' }
                $aliases = if ($parameter.Aliases.Count) { $parameter.Aliases -join ', ' } else { 'none' }

                $doc.required | Should -Be $attribute.Mandatory.ToString().ToLowerInvariant() -Because "-$($parameter.Name) is required or not"
                $doc.position | Should -Be $position -Because "-$($parameter.Name) has that position"
                $doc.pipelineInput | Should -Be $pipeline -Because "-$($parameter.Name) takes pipeline input or not"
                $doc.aliases | Should -Be $aliases -Because "-$($parameter.Name) has those aliases"
            }
        }

        It 'shows one syntax for each parameter set, with the parameters of that set and whether each is required' {
            $syntax = @($help.syntax.syntaxItem)

            $syntax | Should -HaveCount $command.ParameterSets.Count
            foreach ($set in $command.ParameterSets) {
                $parameters = @($set.Parameters | Where-Object Name -NotIn $common)
                $names = ($parameters.Name | Sort-Object) -join ' '
                $item = $syntax | Where-Object { (@($_.parameter.name) | Sort-Object) -join ' ' -eq $names }
                $item | Should -HaveCount 1 -Because "the parameter set $($set.Name) has the parameters $names"
                foreach ($parameter in $parameters) {
                    ($item.parameter | Where-Object name -EQ $parameter.Name).required |
                        Should -Be $parameter.IsMandatory.ToString().ToLowerInvariant() -Because "-$($parameter.Name) is required in $($set.Name) or not"
                }
            }
        }

        It 'names its input and output types' {
            $help.inputTypes.inputType.type.name | Should -Not -BeNullOrEmpty
            $outputs = @($help.returnValues.returnValue.type.name)
            foreach ($type in $command.OutputType.Name | Where-Object { $_ -ne 'System.Void' }) {
                $outputs | Should -Contain $type
            }
        }

        It 'has at least two examples, each with code and remarks' {
            $examples = @($help.examples.example)

            $examples.Count | Should -BeGreaterOrEqual 2
            foreach ($example in $examples) {
                $example.code | Should -Match $name -Because "$($example.title) should show $name"
                ($example.remarks.Text -join ' ').Length | Should -BeGreaterThan 20 -Because "$($example.title) needs remarks"
            }
        }
    }

    Context 'when its examples run against the test server' {
        It 'runs each example without an error, and each has output' {
            $failures = [System.Collections.Generic.List[string]]::new()
            $exampleFiles | Where-Object { [IO.File]::Exists($_) } | ForEach-Object { [IO.File]::Delete($_) }
            foreach ($example in $help.examples.example) {
                try {
                    $output = @(& ([scriptblock]::Create($example.code)) 2>&1)
                    $errors = @($output | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
                    if ($errors) { $failures.Add("$($example.title): $($errors[0])") }
                    elseif (-not $output) { $failures.Add("$($example.title): no output") }
                }
                catch {
                    $failures.Add("$($example.title): $_")
                }
            }
            $exampleFiles | Where-Object { [IO.File]::Exists($_) } | ForEach-Object { [IO.File]::Delete($_) }

            $failures | Should -BeNullOrEmpty
        }
    }
}

Describe 'about_AsyncHttp' {
    BeforeAll {
        $script:about = Get-Help about_AsyncHttp | Out-String
        $script:lines = $about -split '\r?\n'
    }

    Context 'when Get-Help shows it' {
        It 'has the input forms, the recipes and the tables' {
            $about | Should -Match 'SHORT DESCRIPTION'
            foreach ($heading in 'INPUT', 'OUTPUT', 'STREAMING', 'WEBSOCKETS', 'FAILURES AND ERRORS', 'TIMEOUTS, RETRIES AND OTHER DEFAULTS', 'SESSION OPTIONS', 'CIRCUIT BREAKER AND RATE LIMIT', 'RECIPES') {
                $lines | Should -Contain $heading
            }
            foreach ($recipe in 'A CSV of requests in, a CSV of failures out', 'A scheduled task that reuses one session', 'Fail fast with -ErrorAction Stop',
                'Follow an event stream, and reconnect', 'Follow a WebSocket feed, and stop after N messages', 'A large JSON lines export, in constant memory',
                'A large download that survives a broken connection') {
                $lines.Trim() | Should -Contain $recipe
            }
            foreach ($topic in 'Credentials go over https only', 'Secrets are not shown', 'Cookies, and cookie files for scheduled tasks', 'Proxy', 'TLS and client certificates', 'HTTP/2', 'Downloads') {
                $lines.Trim() | Should -Contain $topic
            }
        }

        It 'lists every cmdlet of the module, and every parameter of New-HttpSession' {
            $cmdlets = (Get-Command -Module AsyncHttp -CommandType Cmdlet).Name
            $seeAlso = $about.Substring($about.IndexOf('SEE ALSO'))

            $cmdlets | Should -HaveCount 12
            foreach ($cmdlet in $cmdlets) {
                $lines -match "^ {8}$cmdlet +\w" | Should -Not -BeNullOrEmpty -Because "the cmdlets are listed with what each does"
                $seeAlso | Should -Match "\b$cmdlet\b"
            }
            foreach ($parameter in (Get-Command New-HttpSession).Parameters.Keys | Where-Object { $_ -notin $common }) {
                $about | Should -Match "-$parameter\b" -Because "about_AsyncHttp tells what -$parameter does"
            }
        }

        It 'names the proxy environment variables that apply without -Proxy' {
            foreach ($variable in 'HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'NO_PROXY') {
                $lines -match "^ +$variable +\w" | Should -Not -BeNullOrEmpty -Because "the table of SESSION OPTIONS explains $variable"
            }
        }

        It 'gives for each kind of failure the error category the module writes' {
            $stated = @{}
            foreach ($line in $lines) {
                if ($line -match '^ {4}(\w+) {2,}.* (\w+)\s*$' -and [enum]::GetNames([AsyncHttp.ErrorKind]) -ccontains $Matches[1]) {
                    $stated[$Matches[1]] = $Matches[2]
                }
            }
            $stated.Keys | Sort-Object | Should -Be ([enum]::GetNames([AsyncHttp.ErrorKind]) | Sort-Object)

            $slow = New-HttpSession -ReadTimeoutSec 1 -TimeoutSec 2 -MaximumRetryCount 0
            $proxied = New-HttpSession -Proxy 'http://127.0.0.1:1' -MaximumRetryCount 0
            $breaker = New-HttpSession -CircuitBreakerMinimumThroughput 2 -MaximumRetryCount 0
            try {
                $records = [System.Collections.Generic.List[object]]::new()
                $null = 'not a uri', 'http://unreachable.invalid/', 'http://127.0.0.1:1/', "$base/fault/reset", "$base/fault/no-headers",
                    "$base/fault/stall/10", "$($server.TlsUri)/small", "$base/redirect/9", "$base/status/404", "$base/fault/malformed-json" |
                    Invoke-ConcurrentRequest -Session $slow -AsJson -ErrorAction SilentlyContinue -ErrorVariable +records
                $null = "$base/small" | Invoke-ConcurrentRequest -Session $proxied -ErrorAction SilentlyContinue -ErrorVariable +records
                $null = 1..3 | ForEach-Object { "$base/status/503" } |
                    Invoke-ConcurrentRequest -Session $breaker -ThrottleLimit 1 -ErrorAction SilentlyContinue -ErrorVariable +records
            }
            finally {
                $slow, $proxied, $breaker | Close-HttpSession
            }

            $seen = @{}
            foreach ($record in $records) { $seen[$record.TargetObject.Error.Kind.ToString()] = $record.CategoryInfo.Category.ToString() }
            $seen.Keys | Sort-Object | Should -Be @('CircuitOpen', 'ConnectionRefused', 'ConnectionReset', 'Dns', 'HttpStatus', 'InvalidRequest', 'Payload', 'Proxy', 'ReadTimeout', 'Timeout', 'Tls', 'TooManyRedirects')
            foreach ($kind in $seen.Keys) {
                $stated[$kind] | Should -Be $seen[$kind] -Because "about_AsyncHttp states the category of $kind"
            }
        }

        It 'states the defaults that the cmdlets'' help states' {
            $checked = 0
            foreach ($line in $lines) {
                if ($line -notmatch '^ {4}-(\w+) +(\d+)\b') { continue }
                $parameter, $value = $Matches[1], $Matches[2]
                $doc = foreach ($name in 'New-HttpSession', 'Invoke-ConcurrentRequest') {
                    if ((Get-Command $name).Parameters.ContainsKey($parameter)) { Get-Help $name -Parameter $parameter }
                }
                $doc = $doc | Where-Object { $_.defaultValue -match '^\d' } | Select-Object -First 1
                $doc.defaultValue | Should -Match "^$value\b" -Because "-$parameter defaults to $value in about_AsyncHttp"
                $checked++
            }
            $checked | Should -BeGreaterOrEqual 7
        }
    }
}
