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
