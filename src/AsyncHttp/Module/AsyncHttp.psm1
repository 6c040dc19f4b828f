# Loads the build for this edition. On PowerShell 7 the module's dependencies (Polly) resolve into a private
# load context, so that their versions cannot clash with other modules'. Only .NET and Core cmdlets here.
if ($PSEdition -eq 'Core') {
    $folder = [IO.Path]::Combine($PSScriptRoot, 'net8.0')
    $loader = [System.Reflection.Assembly]::LoadFrom([IO.Path]::Combine($folder, 'AsyncHttp.LoadContext.dll'))
    $loader.GetType('AsyncHttp.Loading.ModuleLoadContext')::Register($folder)
}
else {
    $folder = [IO.Path]::Combine($PSScriptRoot, 'netstandard2.0')
}
Import-Module ([IO.Path]::Combine($folder, 'AsyncHttp.dll'))

# A name that `Get-Command *Http*` and Invoke-RestMethod users find. Made through the alias drive, not Set-Alias:
# Set-Alias would load Microsoft.PowerShell.Utility, which took half of a fresh pwsh's Import-Module time.
${alias:Invoke-HttpRequest} = 'Invoke-ConcurrentRequest'
Export-ModuleMember -Cmdlet * -Alias Invoke-HttpRequest
