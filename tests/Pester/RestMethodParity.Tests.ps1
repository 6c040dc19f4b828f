# What a script written for Invoke-RestMethod expects to find here: typed exceptions, paging, per-call settings,
# discoverable names.
BeforeAll {
    . ([IO.Path]::Combine($PSScriptRoot, 'TestSupport.ps1'))
    Import-Module $manifest -Force
    $script:server = Start-TestServer
    $script:base = $server.Uri
}

AfterAll {
    Stop-TestServer $server
}

Describe 'Exceptions by family' {
    It 'catches <Uri> as <Type> with -ErrorAction Stop' -TestCases @(
        @{ Uri = 'http://127.0.0.1:1/'; Type = 'AsyncHttp.HttpConnectionException'; Kind = 'ConnectionRefused' }
        @{ Uri = '{base}/status/404'; Type = 'AsyncHttp.HttpStatusException'; Kind = 'HttpStatus' }
        @{ Uri = '{base}/fault/no-headers'; Type = 'AsyncHttp.HttpTimeoutException'; Kind = 'Timeout' }
        @{ Uri = '{tls}/json'; Type = 'AsyncHttp.HttpTlsException'; Kind = 'Tls' }
        @{ Uri = '{base}/fault/truncate/100'; Type = 'AsyncHttp.HttpPayloadException'; Kind = 'Payload' }
        @{ Uri = 'relative/without/base'; Type = 'AsyncHttp.HttpRequestFailedException'; Kind = 'InvalidRequest' }
    ) {
        $target = $Uri.Replace('{base}', $base).Replace('{tls}', $server.TlsUri)
        $caught = $null
        try {
            Invoke-ConcurrentRequest $target -MaximumRetryCount 0 -AttemptTimeoutSec 1 -ErrorAction Stop
        }
        catch [AsyncHttp.HttpConnectionException], [AsyncHttp.HttpTimeoutException], [AsyncHttp.HttpTlsException],
              [AsyncHttp.HttpStatusException], [AsyncHttp.HttpPayloadException] {
            $caught = $_
        }
        catch [AsyncHttp.HttpRequestFailedException] {
            $caught = $_
        }

        $caught | Should -Not -BeNullOrEmpty
        $caught.Exception.GetType().FullName | Should -Be $Type
        $caught.Exception | Should -BeOfType ([AsyncHttp.HttpRequestFailedException])
        $caught.Exception.Kind | Should -Be $Kind
        $caught.FullyQualifiedErrorId | Should -BeLike "AsyncHttp.$Kind,*"
    }

    It 'lets a catch of the base type take any failure, and a catch of another family none' {
        $order = [Collections.Generic.List[string]]::new()
        try {
            Invoke-ConcurrentRequest "$base/status/500" -MaximumRetryCount 0 -ErrorAction Stop
        }
        catch [AsyncHttp.HttpConnectionException] { $order.Add('connection') }
        catch [AsyncHttp.HttpRequestFailedException] { $order.Add("base: $($_.Exception.Error.StatusCode)") }

        $order | Should -Be @('base: 500')
    }
}
