using System;
using System.Collections.Generic;
using System.Management.Automation;
using AsyncHttp.Conversion;

namespace AsyncHttp.Commands
{
    /// <summary>
    /// <para type="synopsis">Creates an HTTP session: one pooled client with its cookie jar, default headers, base URI, timeouts and retries.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "HttpSession")]
    [OutputType(typeof(HttpSession))]
    public sealed class NewHttpSessionCommand : AsyncHttpCmdlet
    {
        /// <summary>The base that relative request URIs resolve against.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNull]
        public Uri? BaseUri { get; set; }

        /// <summary>Headers sent with every request.</summary>
        [Parameter]
        public System.Collections.IDictionary? Headers { get; set; }

        /// <summary>The User-Agent header. The default is AsyncHttp/&lt;version&gt;.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? UserAgent { get; set; }

        /// <summary>Total seconds per request, retries included; 0 for no limit. The default is 100.</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int TimeoutSec { get; set; } = (int)ResilienceDefaults.Timeout.TotalSeconds;

        /// <summary>Seconds per attempt. The default is 30, or TimeoutSec when shorter.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int AttemptTimeoutSec { get; set; }

        /// <summary>Seconds to establish a connection. The default is 10.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int ConnectTimeoutSec { get; set; } = (int)SessionDefaults.ConnectTimeout.TotalSeconds;

        /// <summary>Longest silence, in seconds, while reading a body. The default is 30.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int ReadTimeoutSec { get; set; } = (int)SessionDefaults.ReadTimeout.TotalSeconds;

        /// <summary>Retries after the first attempt, for transient failures of safe requests. The default is 2.</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int MaximumRetryCount { get; set; } = ResilienceDefaults.MaximumRetryCount;

        /// <summary>Seconds before the first retry; later ones double, with jitter, up to 30. The default is 1.</summary>
        [Parameter]
        [ValidateRange(0.0, double.MaxValue)]
        public double RetryIntervalSec { get; set; } = ResilienceDefaults.RetryInterval.TotalSeconds;

        /// <summary>Retry POST and PATCH too. By default only idempotent requests (or ones with an Idempotency-Key header) are retried.</summary>
        [Parameter]
        public SwitchParameter RetryNonIdempotent { get; set; }

        /// <summary>Turns on a circuit breaker per host: after repeated transient failures, requests to that host fail at once (CircuitOpen) for a while.</summary>
        [Parameter]
        public SwitchParameter CircuitBreaker { get; set; }

        /// <summary>The share of failed attempts, within 30 seconds, that opens a host's breaker. The default is 0.5. Implies -CircuitBreaker.</summary>
        [Parameter]
        [ValidateRange(0.01, 1.0)]
        public double CircuitBreakerFailureRatio { get; set; } = ResilienceDefaults.BreakerFailureRatio;

        /// <summary>Attempts a host must have seen, within 30 seconds, before its breaker may open. The default is 10. Implies -CircuitBreaker.</summary>
        [Parameter]
        [ValidateRange(2, int.MaxValue)]
        public int CircuitBreakerMinimumThroughput { get; set; } = ResilienceDefaults.BreakerMinimumThroughput;

        /// <summary>Seconds an open breaker stays open before a trial request. The default is 30. Implies -CircuitBreaker.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int CircuitBreakerBreakSec { get; set; } = (int)ResilienceDefaults.BreakerBreakDuration.TotalSeconds;

        /// <summary>The most attempts per second the session sends, over all its runs. The default is no limit.</summary>
        [Parameter]
        [ValidateRange(0.001, double.MaxValue)]
        public double RateLimit { get; set; }

        /// <summary>
        /// A Redis server and key, as redis://[user:password@]host[:port]/key (rediss:// for TLS), that keeps the -RateLimit
        /// bucket, so that every process and machine naming the same one shares the limit. PowerShell 7.5 or later. The
        /// default is none: the limit is this session's own.
        /// </summary>
        [Parameter]
        [ValidateNotNull]
        public Uri? RateLimitStore { get; set; }

        /// <summary>Connections per host. The default is unlimited.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int MaxConnectionsPerHost { get; set; } = SessionDefaults.MaxConnectionsPerHost;

        /// <summary>Redirects followed; 0 turns following off. The default is 5.</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int MaximumRedirection { get; set; } = SessionDefaults.MaximumRedirection;

        /// <summary>The largest body, in decoded bytes, kept in memory (Content); a larger one fails as Payload. The default is 256 MiB. Bodies saved with -OutDirectory or read with Receive-HttpStream are not limited.</summary>
        [Parameter]
        [ValidateRange(1L, SessionDefaults.MaximumResponseSizeCeiling)]
        public long MaximumResponseSize { get; set; } = SessionDefaults.MaximumResponseSize;

        /// <summary>Treat non-2xx responses as successes.</summary>
        [Parameter]
        public SwitchParameter SkipHttpErrorCheck { get; set; }

        /// <summary>Accept any server certificate. Unsafe: use only for test servers.</summary>
        [Parameter]
        public SwitchParameter SkipCertificateCheck { get; set; }

        /// <summary>The proxy to send requests through.</summary>
        [Parameter]
        [ValidateNotNull]
        public Uri? Proxy { get; set; }

        /// <summary>Credentials for the proxy.</summary>
        [Parameter]
        [Credential]
        public PSCredential? ProxyCredential { get; set; }

        /// <summary>Credentials sent as HTTP Basic authentication, over https only unless -AllowUnencryptedAuthentication.</summary>
        [Parameter]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>A bearer token, sent as "Authorization: Bearer", over https only unless -AllowUnencryptedAuthentication.</summary>
        [Parameter]
        public System.Security.SecureString? Token { get; set; }

        /// <summary>Send -Credential or -Token over plain http too. Unsafe: anyone on the way can read them.</summary>
        [Parameter]
        public SwitchParameter AllowUnencryptedAuthentication { get; set; }

        /// <summary>Follow redirects from https down to plain http. By default such a redirect fails as RedirectRefused, as Invoke-RestMethod refuses it.</summary>
        [Parameter]
        public SwitchParameter AllowInsecureRedirect { get; set; }

        /// <summary>Keep the Authorization header when a redirect leads to another host. By default it is dropped.</summary>
        [Parameter]
        public SwitchParameter PreserveAuthorizationOnRedirect { get; set; }

        /// <summary>Keep POST a POST, with its body, when a 301 or 302 redirects it. By default it becomes a GET, as browsers do.</summary>
        [Parameter]
        public SwitchParameter PreserveHttpMethodOnRedirect { get; set; }

        /// <summary>The HTTP version to ask for: 1.1 (the default), 2.0 (over https; the server may answer with 1.1) or 3.0.</summary>
        [Parameter]
        [ValidateNotNull]
        [ArgumentCompleter(typeof(Completion.HttpVersionCompleter))]
        public Version HttpVersion { get; set; } = System.Net.HttpVersion.Version11;

        /// <summary>The TLS versions allowed: Tls12, Tls13 or both. The default lets the operating system choose.</summary>
        [Parameter]
        public TlsVersion SslProtocol { get; set; }

        /// <summary>A client certificate (with its private key) for servers that ask for one.</summary>
        [Parameter]
        [ValidateNotNull]
        public System.Security.Cryptography.X509Certificates.X509Certificate2? Certificate { get; set; }

        /// <summary>The thumbprint of a client certificate (with its private key) in the CurrentUser\My or LocalMachine\My store.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? CertificateThumbprint { get; set; }

        /// <summary>Send every request directly, ignoring the HTTP_PROXY, HTTPS_PROXY and ALL_PROXY variables and the system's proxy.</summary>
        [Parameter]
        public SwitchParameter NoProxy { get; set; }

        /// <summary>Answer the proxy's Negotiate, NTLM or Kerberos challenge as the current user.</summary>
        [Parameter]
        public SwitchParameter ProxyUseDefaultCredentials { get; set; }

        /// <summary>Answer servers' Negotiate, NTLM or Kerberos challenges as the current user (intranet APIs).</summary>
        [Parameter]
        public SwitchParameter UseDefaultCredentials { get; set; }

        /// <summary>A Unix domain socket to send every request to, such as /var/run/docker.sock; URIs then name the path only. PowerShell 7 only.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? UnixSocket { get; set; }

        /// <summary>Cookies to start with: System.Net.Cookie objects, or a hashtable of names and values for the BaseUri.</summary>
        [Parameter]
        [ValidateNotNull]
        public object? Cookie { get; set; }

        /// <summary>A file to load the cookie jar from, and to save it to after each run and when the session closes: a scheduled task keeps its login.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? CookieFile { get; set; }

        /// <summary>The encoding of text bodies whose charset is missing or wrong, such as utf-8 or windows-1252. A byte order mark wins. The default is the charset, else UTF-8.</summary>
        [Parameter]
        [EncodingArgument]
        [ArgumentCompleter(typeof(EncodingCompleter))]
        public System.Text.Encoding? Encoding { get; set; }

        /// <summary>Leave bodies as the server sent them (gzip, br, …) with Content-Encoding kept, and send your own Accept-Encoding unchanged. By default bodies are decoded.</summary>
        [Parameter]
        public SwitchParameter NoDecompression { get; set; }

        /// <summary>A mock (New-HttpMock) to answer the session's requests instead of the network; cookies, redirects, retries and timeouts still run.</summary>
        [Parameter]
        [ValidateNotNull]
        public HttpMock? Mock { get; set; }

        /// <summary>A file every request's events (attempts, redirects, retries, connections, timings) are appended to, one JSON object a line.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TraceFile { get; set; }

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            var options = new SessionOptions
            {
                BaseUri = BaseUri,
                ConnectTimeout = MyInvocation.BoundParameters.ContainsKey(nameof(ConnectTimeoutSec)) ? TimeSpan.FromSeconds(ConnectTimeoutSec) : (TimeSpan?)null,
                ReadTimeout = TimeSpan.FromSeconds(ReadTimeoutSec),
                MaxConnectionsPerHost = MaxConnectionsPerHost,
                MaximumRedirection = MaximumRedirection,
                MaximumResponseSize = MaximumResponseSize,
                SkipHttpErrorCheck = SkipHttpErrorCheck.IsPresent,
                Encoding = Encoding,
                NoDecompression = NoDecompression.IsPresent,
                SkipCertificateCheck = SkipCertificateCheck.IsPresent,
                Proxy = Proxy,
                Credential = Credential?.GetNetworkCredential(),
                Token = Token,
                AllowUnencryptedAuthentication = AllowUnencryptedAuthentication.IsPresent,
                PreserveAuthorizationOnRedirect = PreserveAuthorizationOnRedirect.IsPresent,
                AllowInsecureRedirect = AllowInsecureRedirect.IsPresent,
                PreserveHttpMethodOnRedirect = PreserveHttpMethodOnRedirect.IsPresent,
                HttpVersion = HttpVersion,
                SslProtocols = TlsVersions.ToSslProtocols(SslProtocol),
                ClientCertificate = Certificate,
                CookieFile = CookieFile is null ? null : GetUnresolvedProviderPathFromPSPath(CookieFile),
                ProxyCredential = ProxyCredential?.GetNetworkCredential(),
                NoProxy = NoProxy.IsPresent,
                ProxyUseDefaultCredentials = ProxyUseDefaultCredentials.IsPresent,
                UseDefaultCredentials = UseDefaultCredentials.IsPresent,
                UnixSocket = UnixSocket is null ? null : GetUnresolvedProviderPathFromPSPath(UnixSocket),
                Transport = Mock,
                TraceFile = TraceFile is null ? null : GetUnresolvedProviderPathFromPSPath(TraceFile),
                Resilience = new ResilienceOptions
                {
                    Timeout = Seconds.ToTimeout(TimeoutSec),
                    AttemptTimeout = MyInvocation.BoundParameters.ContainsKey(nameof(AttemptTimeoutSec)) ? TimeSpan.FromSeconds(AttemptTimeoutSec) : (TimeSpan?)null,
                    MaximumRetryCount = MaximumRetryCount,
                    RetryInterval = TimeSpan.FromSeconds(RetryIntervalSec),
                    RetryNonIdempotent = RetryNonIdempotent.IsPresent,
                },
            };
            var bound = MyInvocation.BoundParameters;
            if (CircuitBreaker || bound.ContainsKey(nameof(CircuitBreakerFailureRatio)) || bound.ContainsKey(nameof(CircuitBreakerMinimumThroughput))
                || bound.ContainsKey(nameof(CircuitBreakerBreakSec)))
            {
                options.CircuitBreaker = new CircuitBreakerOptions
                {
                    FailureRatio = CircuitBreakerFailureRatio,
                    MinimumThroughput = CircuitBreakerMinimumThroughput,
                    BreakDuration = TimeSpan.FromSeconds(CircuitBreakerBreakSec),
                };
            }
            if (bound.ContainsKey(nameof(RateLimit)))
            {
                options.RateLimit = RateLimit;
            }
            options.RateLimitStore = RateLimitStore;
            if (UserAgent is not null)
            {
                options.UserAgent = UserAgent;
            }
            HttpSession? session = null;
            try
            {
                foreach (KeyValuePair<string, string> header in RequestInput.ToHeaders(Headers) ?? new List<KeyValuePair<string, string>>())
                {
                    options.Headers.Add(header);
                }
                options.Cookies = CookieInput.ToJar(Cookie, BaseUri);
                if (CertificateThumbprint is not null)
                {
                    if (Certificate is not null)
                    {
                        throw new ArgumentException("Certificate and CertificateThumbprint both name the client certificate; give one of them.");
                    }
                    options.ClientCertificate = CertificateStores.FindByThumbprint(CertificateThumbprint);
                }
                session = new HttpSession(options);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is InvalidRequestException || ex is System.Net.CookieException)
            {
                ThrowInvalidArgument(ex, null);
            }
            if (SkipCertificateCheck)
            {
                WriteWarning("SkipCertificateCheck: this session accepts any server certificate, so its traffic can be intercepted. Use it only for test servers.");
            }
            WriteVerbose($"Created {session}.");
            WriteObject(session);
        }
    }
}
