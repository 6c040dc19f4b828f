@{
    RootModule           = 'AsyncHttp.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = '5f3c2a8e-8d1b-4c55-9a8e-6f7d2b4c1e90'
    Author               = 'AsyncHttp contributors'
    CompanyName          = 'AsyncHttp'
    Copyright            = '(c) AsyncHttp contributors. MIT License.'
    Description          = 'Many HTTP requests at once over pooled connections: sessions with cookies, default headers, timeouts and retries, one structured result per request, failures as data. WebSocket connections on the same sessions, with messages to and from the pipeline.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Core', 'Desktop')
    FormatsToProcess     = @('AsyncHttp.format.ps1xml')
    TypesToProcess       = @('AsyncHttp.types.ps1xml')
    CmdletsToExport      = @('New-HttpSession', 'Invoke-ConcurrentRequest', 'Receive-HttpStream', 'Close-HttpSession',
                             'Connect-WebSocket', 'Send-WebSocketMessage', 'Receive-WebSocketMessage', 'Close-WebSocket',
                             'New-HttpMock', 'Add-HttpMockResponse', 'Get-HttpMockCall', 'Assert-HttpMockCalled')
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @('Invoke-HttpRequest')
    PrivateData          = @{
        PSData = @{
            Tags         = @('HTTP', 'REST', 'Concurrency', 'Async', 'Retry', 'Polly', 'Streaming', 'Cookies', 'WebSocket', 'Windows', 'Linux', 'MacOS',
                             'PSEdition_Core', 'PSEdition_Desktop')
            ReleaseNotes = 'First release: concurrent requests over pooled sessions, structured results, retries, streams, downloads and WebSockets. See CHANGELOG.md.'
        }
    }
}
