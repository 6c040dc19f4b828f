using System;
using System.Collections.Generic;
using System.Net;

namespace AsyncHttp
{
    /// <summary>Everything a session is created with. Every value has a default in <see cref="SessionDefaults"/> or <see cref="ResilienceDefaults"/>.</summary>
    public sealed class SessionOptions
    {
        /// <summary>The base that relative request URIs resolve against. The default is none.</summary>
        public Uri? BaseUri { get; set; }

        /// <summary>Headers sent with every request. The default is none.</summary>
        public IList<KeyValuePair<string, string>> Headers { get; } = new List<KeyValuePair<string, string>>();

        /// <summary>The User-Agent header. The default is "AsyncHttp/&lt;version&gt;".</summary>
        public string UserAgent { get; set; } = SessionDefaults.UserAgent;

        /// <summary>How requests fail and retry.</summary>
        public ResilienceOptions Resilience { get; set; } = new ResilienceOptions();

        /// <summary>
        /// Time to establish a connection; null for the default, 10 seconds. Windows PowerShell 5.1's handler has no connect
        /// timeout: there a connection attempt is bounded by the attempt timeout, and setting this is refused.
        /// </summary>
        public TimeSpan? ConnectTimeout { get; set; }

        /// <summary>Longest silence while reading a body. The default is 30 seconds.</summary>
        public TimeSpan ReadTimeout { get; set; } = SessionDefaults.ReadTimeout;

        /// <summary>Connections per host. The default is unlimited.</summary>
        public int MaxConnectionsPerHost { get; set; } = SessionDefaults.MaxConnectionsPerHost;

        /// <summary>Redirects followed; 0 turns following off. The default is 5.</summary>
        public int MaximumRedirection { get; set; } = SessionDefaults.MaximumRedirection;

        /// <summary>The largest body kept in memory, in decoded bytes; a larger one fails as Payload. The default is 256 MiB.</summary>
        public long MaximumResponseSize { get; set; } = SessionDefaults.MaximumResponseSize;

        /// <summary>Keep the method and body when a 301 or 302 follows a POST. The default is false: it becomes a GET, as browsers do.</summary>
        public bool PreserveHttpMethodOnRedirect { get; set; }

        /// <summary>Treat non-2xx responses as successes. The default is false.</summary>
        public bool SkipHttpErrorCheck { get; set; }

        /// <summary>Accept any server certificate. The default is false.</summary>
        public bool SkipCertificateCheck { get; set; }

        /// <summary>The proxy to send requests through. The default is the system's (environment variables).</summary>
        public Uri? Proxy { get; set; }

        /// <summary>Credentials for the proxy. The default is none.</summary>
        public NetworkCredential? ProxyCredential { get; set; }

        /// <summary>Send every request directly, ignoring the environment's and the system's proxy. The default is false.</summary>
        public bool NoProxy { get; set; }

        /// <summary>Answer the proxy's Negotiate, NTLM or Kerberos challenge as the current user. The default is false.</summary>
        public bool ProxyUseDefaultCredentials { get; set; }

        /// <summary>Answer servers' Negotiate, NTLM or Kerberos challenges as the current user. The default is false.</summary>
        public bool UseDefaultCredentials { get; set; }

        /// <summary>
        /// A Unix domain socket every connection goes to (a local daemon's API, such as Docker's); request URIs then name
        /// only the path (the host is sent as given, in the Host header). The default is none: TCP.
        /// </summary>
        public string? UnixSocket { get; set; }

        /// <summary>A circuit breaker per host; null (the default) for none.</summary>
        public CircuitBreakerOptions? CircuitBreaker { get; set; }

        /// <summary>The most attempts per second the session sends, over all its runs; null (the default) for no limit.</summary>
        public double? RateLimit { get; set; }

        /// <summary>
        /// A Redis server and key (redis://host:port/key) that keeps the RateLimit bucket, so that every process naming
        /// the same one shares the limit. The default is none: the bucket is this session's own.
        /// </summary>
        public Uri? RateLimitStore { get; set; }

        /// <summary>Credentials sent as HTTP Basic authentication. The default is none.</summary>
        public NetworkCredential? Credential { get; set; }

        /// <summary>A bearer token sent as "Authorization: Bearer". The default is none.</summary>
        public System.Security.SecureString? Token { get; set; }

        /// <summary>Send Credential or Token over plain http too. The default is false: such requests fail as InvalidRequest.</summary>
        public bool AllowUnencryptedAuthentication { get; set; }

        /// <summary>Follow redirects from https down to plain http. The default is false: such a redirect fails as RedirectRefused.</summary>
        public bool AllowInsecureRedirect { get; set; }

        /// <summary>Keep the Authorization header when a redirect leads to another origin. The default is false.</summary>
        public bool PreserveAuthorizationOnRedirect { get; set; }

        /// <summary>The HTTP version asked for; lower versions are accepted when the server offers no more. The default is 1.1.</summary>
        public Version HttpVersion { get; set; } = System.Net.HttpVersion.Version11;

        /// <summary>The TLS versions allowed; None (the default) lets the operating system choose.</summary>
        public System.Security.Authentication.SslProtocols SslProtocols { get; set; }

        /// <summary>A client certificate for TLS, with its private key. The default is none.</summary>
        public System.Security.Cryptography.X509Certificates.X509Certificate2? ClientCertificate { get; set; }

        /// <summary>A file the cookie jar is loaded from when the session starts and saved to after each run and on close. The default is none.</summary>
        public string? CookieFile { get; set; }

        /// <summary>Cookies to start the jar with. The default is none.</summary>
        public CookieContainer? Cookies { get; set; }

        /// <summary>The encoding of text bodies whose charset is missing or wrong; null (the default) for the charset, else UTF-8. A byte order mark wins.</summary>
        public System.Text.Encoding? Encoding { get; set; }

        /// <summary>Leave bodies as the server sent them (gzip, br, …), with Content-Encoding kept. The default is false: they are decoded.</summary>
        public bool NoDecompression { get; set; }

        /// <summary>
        /// The innermost handler, which sends each request; null (the default) for the network. Cookies, decompression,
        /// redirects, retries and timeouts all run above it; the connection settings (proxy, TLS, connect timeout,
        /// connections per host) are its own business. The session disposes it when it closes.
        /// </summary>
        public System.Net.Http.HttpMessageHandler? Transport { get; set; }

        /// <summary>A file every request's events are appended to, as JSON lines (see <see cref="TraceEvent"/>). The default is none.</summary>
        public string? TraceFile { get; set; }

        /// <summary>The clock of retries, backoff, Retry-After, the circuit breaker and elapsed times. The default is the system's.</summary>
        internal TimeProvider TimeProvider { get; set; } = TimeProvider.System;

        /// <summary>Refuses contradictory or out-of-range values, naming them.</summary>
        public void Validate()
        {
            if (BaseUri is not null && (!BaseUri.IsAbsoluteUri || !HttpUri.IsHttp(BaseUri)))
            {
                throw new ArgumentException($"BaseUri '{Redact.Uri(BaseUri)}' must be an absolute http or https URI.", nameof(BaseUri));
            }
            if (MaxConnectionsPerHost < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(MaxConnectionsPerHost), MaxConnectionsPerHost, "MaxConnectionsPerHost must be at least 1.");
            }
            if (MaximumRedirection < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(MaximumRedirection), MaximumRedirection, "MaximumRedirection must not be negative.");
            }
            CheckResponseSize(MaximumResponseSize);
            if (ConnectTimeout is TimeSpan connectTimeout)
            {
                Durations.RequirePositive(connectTimeout, nameof(ConnectTimeout));
            }
            if (HttpVersion.Major < 1 || HttpVersion.Major > 3)
            {
                throw new ArgumentOutOfRangeException(nameof(HttpVersion), HttpVersion, $"HttpVersion {HttpVersion} is not one of 1.0, 1.1, 2.0 and 3.0.");
            }
            if (Credential is not null && Token is not null)
            {
                throw new ArgumentException("Credential and Token both set the Authorization header; give one of them.");
            }
            if (UseDefaultCredentials && (Credential is not null || Token is not null))
            {
                throw new ArgumentException("UseDefaultCredentials answers challenges as the current user; Credential and Token send other credentials. Give one of them.");
            }
            if (NoProxy && (Proxy is not null || ProxyCredential is not null || ProxyUseDefaultCredentials))
            {
                throw new ArgumentException("NoProxy sends requests directly; Proxy, ProxyCredential and ProxyUseDefaultCredentials set up a proxy. Give one of them.");
            }
            if (ProxyUseDefaultCredentials && ProxyCredential is not null)
            {
                throw new ArgumentException("ProxyUseDefaultCredentials and ProxyCredential both answer the proxy; give one of them.");
            }
            if (UnixSocket is not null && (Proxy is not null || ProxyUseDefaultCredentials))
            {
                throw new ArgumentException($"UnixSocket '{UnixSocket}' connects to a local socket; a proxy cannot be used with it.");
            }
            Durations.RequirePositive(ReadTimeout, nameof(ReadTimeout));
            string? userAgent = HeaderRules.Check("User-Agent", UserAgent);
            if (userAgent is not null)
            {
                throw new ArgumentException(userAgent, nameof(UserAgent));
            }
            foreach (KeyValuePair<string, string> header in Headers)
            {
                string? problem = HeaderRules.Check(header.Key, header.Value);
                if (problem is not null)
                {
                    throw new ArgumentException(problem, nameof(Headers));
                }
            }
            Resilience.Validate();
            CircuitBreaker?.Validate();
            if (RateLimit is double rate && (double.IsNaN(rate) || rate <= 0))
            {
                throw new ArgumentOutOfRangeException(nameof(RateLimit), rate, $"RateLimit must be a positive number of requests per second, not {rate}.");
            }
            if (RateLimitStore is not null)
            {
                RedisStoreAddress store = RedisStoreAddress.Parse(RateLimitStore);
                if (RateLimit is null)
                {
                    throw new ArgumentException($"RateLimitStore '{store}' keeps a rate limit: give RateLimit too.", nameof(RateLimitStore));
                }
            }
            PlatformLimits.Check(this);
        }

        /// <summary>Refuses a MaximumResponseSize that no byte array can hold, or that holds nothing.</summary>
        internal static void CheckResponseSize(long size)
        {
            if (size < 1 || size > SessionDefaults.MaximumResponseSizeCeiling)
            {
                throw new ArgumentOutOfRangeException(nameof(MaximumResponseSize), size,
                    $"MaximumResponseSize must be from 1 to {SessionDefaults.MaximumResponseSizeCeiling} bytes, not {size}.");
            }
        }
    }
}
