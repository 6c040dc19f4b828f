<#
.SYNOPSIS
Packs a built module folder (out/AsyncHttp) into AsyncHttp.<version>.nupkg with PSResourceGet, which ships with pwsh.
.DESCRIPTION
A folder of such packages is a repository: Register-PSResourceRepository -Name Local -Uri <folder>, then
Install-PSResource AsyncHttp -Repository Local.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $DestinationPath,
    [string] $ModulePath = [IO.Path]::Combine($PSScriptRoot, '..', 'out', 'AsyncHttp')
)
$ErrorActionPreference = 'Stop'
$null = [IO.Directory]::CreateDirectory($DestinationPath)
Get-ChildItem $DestinationPath -Filter 'AsyncHttp.*.nupkg' | Remove-Item
Compress-PSResource -Path $ModulePath -DestinationPath $DestinationPath
Get-ChildItem $DestinationPath -Filter 'AsyncHttp.*.nupkg'
