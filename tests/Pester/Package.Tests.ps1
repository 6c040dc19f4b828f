BeforeAll {
    . ([IO.Path]::Combine($PSScriptRoot, 'TestSupport.ps1'))
    $script:server = Start-TestServer
    $script:base = $server.Uri
    $script:installRoot = [IO.Path]::Combine([IO.Path]::GetTempPath(), "asynchttp-install-$(New-RunName)")
    $script:packages = [IO.Path]::Combine($installRoot, 'packages')
    # A user of their own: PSResourceGet's repositories and the CurrentUser module folder live under the home folder
    # (here on Linux), and PSModulePath starts empty, so nothing installed elsewhere is seen or touched.
    $script:user = @{
        HOME          = [IO.Path]::Combine($installRoot, 'home')
        XDG_DATA_HOME = [IO.Path]::Combine($installRoot, 'home', '.local', 'share')
        PSModulePath  = ''
    }
    # .NET gives no LocalApplicationData folder that does not exist, and PSResourceGet would then write beside the cwd.
    $null = [IO.Directory]::CreateDirectory($user.XDG_DATA_HOME)
    $script:package = & ([IO.Path]::Combine($root, 'tools', 'New-ModulePackage.ps1')) -DestinationPath $packages `
        -ModulePath ([IO.Path]::GetDirectoryName($manifest))
}

AfterAll {
    Stop-TestServer $server
    if ($installRoot -like '*asynchttp-install-*' -and [IO.Directory]::Exists($installRoot)) { [IO.Directory]::Delete($installRoot, $true) }
}

# The package is made from the PowerShell 7 layout, which holds both builds; it is installed once.
Describe 'The AsyncHttp package' -Tag NetOnly {
    Context 'when installed as users install modules' {
        BeforeAll {
            $script:install = Invoke-ChildPwsh -Environment $user -TimeoutSec 120 @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name Local -Uri '$packages' -Trusted
Install-PSResource AsyncHttp -Repository Local -Scope CurrentUser -TrustRepository -Quiet
`$installed = Get-InstalledPSResource AsyncHttp
"installed `$(`$installed.Name) `$(`$installed.Version)"
"listed `$((Get-Module -ListAvailable AsyncHttp).ModuleBase)"
"@
        }

        It 'is one .nupkg named for the manifest''s version' {
            $version = (Import-PowerShellDataFile $manifest).ModuleVersion
            @($package).Name | Should -Be "AsyncHttp.$version.nupkg"
        }

        It 'installs from a file repository with Install-PSResource into the user''s module path' {
            $install.ExitCode | Should -Be 0 -Because $install.Errors
            $version = (Import-PowerShellDataFile $manifest).ModuleVersion
            $install.Output | Should -Contain "installed AsyncHttp $version"
            $listed = ($install.Output | Where-Object { $_ -like 'listed *' }) -replace '^listed '
            $listed | Should -BeLike "$installRoot*"
        }

        It 'imports by name, and its licence and changelog come with it' {
            $child = Invoke-ChildPwsh -Environment $user @"
Import-Module AsyncHttp -ErrorAction Stop
`$module = Get-Module AsyncHttp
"cmdlets `$(`$module.ExportedCmdlets.Count)"
"files `$([IO.File]::Exists([IO.Path]::Combine(`$module.ModuleBase, 'LICENSE'))) `$([IO.File]::Exists([IO.Path]::Combine(`$module.ModuleBase, 'CHANGELOG.md')))"
"status `$((Invoke-ConcurrentRequest '$base/small').StatusCode)"
"@
            $child.ExitCode | Should -Be 0 -Because $child.Errors
            $child.Output | Should -Be @("cmdlets $((Import-PowerShellDataFile $manifest).CmdletsToExport.Count)", 'files True True', 'status 200')
        }

        It 'loads on first use of a cmdlet, with no Import-Module' {
            $child = Invoke-ChildPwsh -Environment $user @"
"before `$(@(Get-Module AsyncHttp).Count)"
"status `$(('$base/small' | Invoke-ConcurrentRequest).StatusCode)"
"after `$(@(Get-Module AsyncHttp).Count)"
"@
            $child.ExitCode | Should -Be 0 -Because $child.Errors
            $child.Output | Should -Be @('before 0', 'status 200', 'after 1')
        }

        It 'satisfies #Requires -Modules AsyncHttp in a script' {
            $script = [IO.Path]::Combine($installRoot, 'requires.ps1')
            [IO.File]::WriteAllText($script, "#Requires -Modules AsyncHttp`n(Invoke-ConcurrentRequest '$base/small').StatusCode`n")
            $child = Invoke-ChildPwsh -Environment $user "& '$script'"
            $child.ExitCode | Should -Be 0 -Because $child.Errors
            $child.Output | Should -Be '200'
        }
    }
}
