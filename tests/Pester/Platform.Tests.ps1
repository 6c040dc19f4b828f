BeforeAll {
    . ([IO.Path]::Combine($PSScriptRoot, 'TestSupport.ps1'))
    Import-Module $manifest -Force
    $script:server = Start-TestServer
    $script:base = $server.Uri
    # Which build this run imported: net8.0 (PowerShell 7) or netstandard2.0 (Windows PowerShell 5.1's, run here in pwsh).
    $framework = [AsyncHttp.HttpSession].Assembly.GetCustomAttributes([Runtime.Versioning.TargetFrameworkAttribute], $false)[0].FrameworkName
    $script:isNetStandard = $framework -like '.NETStandard*'
}

AfterAll {
    Stop-TestServer $server
}

Describe 'What each build can do' {
    Context 'when a session asks for what Windows PowerShell 5.1 lacks' {
        It 'refuses -HttpVersion 2.0 at New-HttpSession on the netstandard2.0 build, naming it, and speaks HTTP/2 on PowerShell 7' {
            if ($isNetStandard) {
                { New-HttpSession -HttpVersion 2.0 -ErrorAction Stop } | Should -Throw -ExpectedMessage '*HttpVersion 2.0 needs PowerShell 7*'
            }
            else {
                $session = New-HttpSession -HttpVersion 2.0 -SkipCertificateCheck -WarningAction SilentlyContinue
                try { (Invoke-ConcurrentRequest "$($server.TlsUri)/small" -Session $session).HttpVersion | Should -Be '2.0' }
                finally { Close-HttpSession $session }
            }
        }

        It 'refuses -ConnectTimeoutSec at New-HttpSession on the netstandard2.0 build, naming the value, and applies it on PowerShell 7' {
            if ($isNetStandard) {
                { New-HttpSession -ConnectTimeoutSec 5 -ErrorAction Stop } | Should -Throw -ExpectedMessage '*ConnectTimeout 5 s needs PowerShell 7*'
            }
            else {
                $session = New-HttpSession -ConnectTimeoutSec 5
                try { (Invoke-ConcurrentRequest "$base/small" -Session $session).IsSuccess | Should -BeTrue }
                finally { Close-HttpSession $session }
            }
        }

        It 'refuses -RateLimitStore at New-HttpSession on the netstandard2.0 build, saying what works instead, and takes it on PowerShell 7' {
            if ($isNetStandard) {
                { New-HttpSession -RateLimit 5 -RateLimitStore 'redis://127.0.0.1:6379/key' -ErrorAction Stop } |
                    Should -Throw -ErrorId 'AsyncHttp.InvalidArgument,AsyncHttp.Commands.NewHttpSessionCommand' -ExpectedMessage '*PowerShell 7.5 or later*-RateLimit alone*'
            }
            else {
                # Redis is asked on the first request, not when the session is made (Scale.Tests.ps1 sends through it).
                New-HttpSession -RateLimit 5 -RateLimitStore "redis://127.0.0.1:$(Get-FreePort)/key" | Close-HttpSession
            }
        }

        It 'makes a session without those settings on either build, and it sends requests' {
            $session = New-HttpSession
            try { (Invoke-ConcurrentRequest "$base/small" -Session $session).StatusCode | Should -Be 200 }
            finally { Close-HttpSession $session }
        }
    }

    Context 'when the server compresses' {
        It 'asks for brotli only where it can decode it: PowerShell 7, not the netstandard2.0 build' {
            $echo = Invoke-ConcurrentRequest "$base/echo" -AsJson
            $encodings = $echo.Content.headers.'Accept-Encoding' -split ',\s*'
            $encodings | Should -Contain 'gzip'
            $encodings | Should -Contain 'deflate'
            if ($isNetStandard) { $encodings | Should -Not -Contain 'br' } else { $encodings | Should -Contain 'br' }
        }
    }

    Context 'when TLS versions are not named' {
        It 'connects over TLS 1.2 or 1.3 with the default -SslProtocol' {
            $session = New-HttpSession -SkipCertificateCheck -WarningAction SilentlyContinue
            try { (Invoke-ConcurrentRequest "$($server.TlsUri)/small" -Session $session).StatusCode | Should -Be 200 }
            finally { Close-HttpSession $session }
        }
    }
}
