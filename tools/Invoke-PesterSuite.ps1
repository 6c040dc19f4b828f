<#
.SYNOPSIS
Runs the Pester suite under tests/ against the built module and prints a closing line the test command reads.
.PARAMETER Build
Which build of the module the suite imports: net8.0 (PowerShell 7, through the module's own loader) or
netstandard2.0 (the Windows PowerShell 5.1 build, imported into this pwsh so that its code runs here too).
Tests tagged NetOnly are left out of the netstandard2.0 run: they pin what only the PowerShell 7 build does.
.PARAMETER Path
Test files or folders to run instead of the whole of tests/Pester.
#>
[CmdletBinding()]
param(
    [ValidateSet('net8.0', 'netstandard2.0')]
    [string] $Build = 'net8.0',
    [string[]] $Path = @([IO.Path]::Combine($PSScriptRoot, '..', 'tests', 'Pester'))
)
$ErrorActionPreference = 'Stop'
$root = [IO.Path]::GetFullPath([IO.Path]::Combine($PSScriptRoot, '..'))

# Pester comes from the project's own restore (tools/TestModules), else from the module path.
$restored = [IO.Path]::Combine($root, '.modules', 'pester', '5.9.1', 'tools', 'Pester.psd1')
if ([IO.File]::Exists($restored)) { Import-Module $restored } else { Import-Module Pester -MinimumVersion 5.0 }

$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
if ($Build -eq 'netstandard2.0') {
    # A module folder whose loader always takes the netstandard2.0 build; TestSupport.ps1 imports it.
    $module = [IO.Path]::Combine($root, 'out', 'test-netstandard2.0', 'AsyncHttp')
    if ([IO.Directory]::Exists($module)) { [IO.Directory]::Delete($module, $true) }
    $built = [IO.Path]::Combine($root, 'out', 'AsyncHttp')
    foreach ($file in [IO.Directory]::GetFiles($built, '*', 'AllDirectories')) {
        $target = [IO.Path]::Combine($module, [IO.Path]::GetRelativePath($built, $file))
        $null = [IO.Directory]::CreateDirectory([IO.Path]::GetDirectoryName($target))
        [IO.File]::Copy($file, $target)
    }
    # The module's own loader, with the edition test made false, so that what it does besides loading stays in force.
    $loader = [IO.Path]::Combine($module, 'AsyncHttp.psm1')
    [IO.File]::WriteAllText($loader, [IO.File]::ReadAllText($loader).Replace("`$PSEdition -eq 'Core'", '$false'))
    $env:ASYNCHTTP_TEST_MANIFEST = [IO.Path]::Combine($module, 'AsyncHttp.psd1')
    $configuration.Filter.ExcludeTag = 'NetOnly'
}
$result = Invoke-Pester -Configuration $configuration
"Pester ($Build): $($result.PassedCount) passed, $($result.FailedCount) failed, $($result.SkippedCount) skipped"
if ($result.FailedCount -gt 0 -or $result.Result -ne 'Passed') { exit 1 }
