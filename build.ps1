<#
.SYNOPSIS
Builds, tests and packages the AsyncHttp module: a thin wrapper over dotnet and Invoke-Pester.
.EXAMPLE
./build.ps1            # Build: lays out the module in out/AsyncHttp
./build.ps1 Test       # dotnet test, then the Pester suite
./build.ps1 Package    # out/packages/AsyncHttp.<version>.nupkg, for Install-PSResource from a file repository
./build.ps1 Demo       # the demonstration against the local test server
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Demo', 'Bench')]
    [string] $Task = 'Build',
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE." }
}

switch ($Task) {
    'Build' { Invoke-Dotnet build AsyncHttp.slnx -c $Configuration }
    'Test' {
        Invoke-Dotnet build AsyncHttp.slnx -c $Configuration
        Invoke-Dotnet test tests/AsyncHttp.Tests -c $Configuration --no-build
        & ([IO.Path]::Combine($PSScriptRoot, 'tools', 'Invoke-PesterSuite.ps1'))
        if ($LASTEXITCODE) { throw 'The Pester suite failed.' }
    }
    'Package' {
        Invoke-Dotnet build AsyncHttp.slnx -c Release
        & ([IO.Path]::Combine($PSScriptRoot, 'tools', 'New-ModulePackage.ps1')) -DestinationPath ([IO.Path]::Combine($PSScriptRoot, 'out', 'packages'))
    }
    'Demo' {
        Invoke-Dotnet build AsyncHttp.slnx -c $Configuration
        & ./examples/Demo.ps1
    }
    'Bench' { Invoke-Dotnet run -c Release --project bench/AsyncHttp.Bench }
}
