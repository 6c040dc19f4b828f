using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.RateLimiting;
using Polly;

namespace AsyncHttp
{
    /// <summary>
    /// One pooled HttpClient with its cookie jar, default headers, base URI, timeouts and retry policy.
    /// Safe to share between runs and threads; closing it cancels what it still runs.
    /// </summary>
    public sealed class HttpSession : IDisposable
    {
        private readonly CancellationTokenSource _closing = new CancellationTokenSource();
        private readonly HttpMessageHandler _handler;
        private readonly object _twinGate = new object();
        private HttpClient? _twin;
        private int _closed;

        /// <summary>Creates a session; throws <see cref="ArgumentException"/> naming any bad option.</summary>
        public HttpSession(SessionOptions options)
        {
            options.Validate();
            Options = options;
            Cookies = options.Cookies ?? new CookieContainer();
            if (!HasHeader(options, "User-Agent"))
            {
                options.Headers.Insert(0, new KeyValuePair<string, string>("User-Agent", options.UserAgent));
            }
            Authorization = AuthorizationHeader.From(options);
            if (options.CookieFile is not null)
            {
                AsyncHttp.CookieFile.Load(Cookies, options.CookieFile);
                AsyncHttp.CookieFile.CheckWritable(options.CookieFile);
            }
            // Checked once, by Validate; requests merge them without checking again.
            Headers = new List<KeyValuePair<string, string>>(options.Headers);
            Trace = new TraceHub(options.TraceFile is null ? null : AsyncHttp.TraceFile.Open(options.TraceFile), options.TimeProvider);
            _handler = options.Transport is HttpMessageHandler transport ? TransportStack.Over(transport, Cookies, !options.NoDecompression) : HandlerFactory.Create(options, Cookies, options.SkipCertificateCheck, Trace);
            // Timeouts are ours (the resilience pipeline), so HttpClient's own is off.
            Client = new HttpClient(_handler, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
            RateLimiter = options.RateLimit is double rate ? RequestRateLimiter.Create(rate, options.RateLimitStore, options.ConnectTimeout ?? SessionDefaults.ConnectTimeout) : null;
            Breakers = options.CircuitBreaker is null ? null : new HostBreakers(options.CircuitBreaker, options.TimeProvider);
            Pipeline = ResiliencePipelines.Create(options.Resilience, RateLimiter, options.TimeProvider);
        }

        /// <summary>The base that relative request URIs resolve against.</summary>
        public Uri? BaseUri => Options.BaseUri;

        /// <summary>The cookie jar, shared by every request of the session.</summary>
        public CookieContainer Cookies { get; }

        /// <summary>The names of the default headers; their values are not shown, they may be secrets.</summary>
        public IReadOnlyList<string> HeaderNames
        {
            get
            {
                var names = new List<string>();
                foreach (KeyValuePair<string, string> header in Headers)
                {
                    names.Add(header.Key);
                }
                return names;
            }
        }

        /// <summary>Total time per request, retries included.</summary>
        public TimeSpan Timeout => Options.Resilience.Timeout;

        /// <summary>Retries after the first attempt.</summary>
        public int MaximumRetryCount => Options.Resilience.MaximumRetryCount;

        /// <summary>Whether the session has been closed.</summary>
        public bool IsClosed => Volatile.Read(ref _closed) != 0;

        internal SessionOptions Options { get; }

        /// <summary>The default headers, User-Agent included, as checked when the session was made.</summary>
        internal IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

        internal HttpClient Client { get; }

        /// <summary>The pooled handler under <see cref="Client"/>: WebSocket upgrades go through it too.</summary>
        internal HttpMessageHandler Handler => _handler;

        internal ResiliencePipeline<AttemptResponse> Pipeline { get; }

        internal RateLimiter? RateLimiter { get; }

        internal HostBreakers? Breakers { get; }

        internal Version HttpVersion => Options.HttpVersion;

        /// <summary>Where the session's events go: its trace file and the runs listening.</summary>
        internal TraceHub Trace { get; }

        /// <summary>Whether the handler measures connections (the network handler of the PowerShell 7 build).</summary>
#if NET
        internal bool MeasuresConnections => Options.Transport is null;
#else
        internal bool MeasuresConnections => false;
#endif

        /// <summary>The Authorization header value the session's credentials make; never shown.</summary>
        internal string? Authorization { get; }

        /// <summary>Cancelled when the session closes, so runs on it end.</summary>
        internal CancellationToken ClosingToken => _closing.Token;

        /// <summary>The cookies the jar would send to a URI.</summary>
        public CookieCollection GetCookies(Uri uri) => Cookies.GetCookies(uri);

        /// <summary>Saves the cookie jar to a file (JSON, readable by its owner only on Unix).</summary>
        public void SaveCookies(string path) => AsyncHttp.CookieFile.Save(Cookies, System.IO.Path.GetFullPath(path));

        /// <summary>Adds the cookies saved in a file to the jar; returns how many.</summary>
        public int LoadCookies(string path) => AsyncHttp.CookieFile.Load(Cookies, System.IO.Path.GetFullPath(path));

        /// <summary>Saves the jar to the session's CookieFile, when it has one; throws <see cref="System.IO.IOException"/> naming the file when it cannot.</summary>
        public void SaveCookieFile()
        {
            if (Options.CookieFile is not null)
            {
                SaveCookies(Options.CookieFile);
            }
        }

        /// <summary>Throws <see cref="ObjectDisposedException"/> when the session is closed.</summary>
        public void ThrowIfClosed()
        {
            if (IsClosed)
            {
                throw new ObjectDisposedException(nameof(HttpSession), "The HTTP session is closed; create a new one with New-HttpSession.");
            }
        }

        /// <summary>What a run on this session uses, with the call's overrides applied; throws <see cref="ArgumentException"/> naming a bad one.</summary>
        internal SecurityPolicy Resolve(SecurityOverrides overrides)
        {
            overrides.Validate();
            bool skip = overrides.SkipCertificateCheck ?? Options.SkipCertificateCheck;
            bool anyCredential = overrides.Credential is not null || overrides.Token is not null;
            return new SecurityPolicy(
                skip == Options.SkipCertificateCheck ? Client : TwinClient(),
                anyCredential ? AuthorizationHeader.From(overrides.Credential, overrides.Token) : Authorization,
                overrides.MaximumRedirection ?? Options.MaximumRedirection,
                overrides.PreserveHttpMethodOnRedirect ?? Options.PreserveHttpMethodOnRedirect);
        }

        /// <summary>
        /// A client like the session's but with the other certificate check, made on first use, sharing the cookie jar;
        /// a transport given by the caller checks no certificates, so there it is the session's own.
        /// </summary>
        private HttpClient TwinClient()
        {
            if (Options.Transport is not null)
            {
                return Client;
            }
            lock (_twinGate)
            {
                ThrowIfClosed();
                _twin ??= new HttpClient(HandlerFactory.Create(Options, Cookies, !Options.SkipCertificateCheck, Trace), disposeHandler: true)
                {
                    Timeout = System.Threading.Timeout.InfiniteTimeSpan,
                };
                return _twin;
            }
        }

        internal bool UsesProxy(Uri uri)
        {
            if (Options.NoProxy || Options.UnixSocket is not null)
            {
                return false;
            }
            if (Options.Proxy is not null)
            {
                return true;
            }
#if NET
            // The environment's proxy (HTTP_PROXY, HTTPS_PROXY, NO_PROXY), as HttpClient reads it.
            return !HttpClient.DefaultProxy.IsBypassed(uri) && HttpClient.DefaultProxy.GetProxy(uri) is Uri proxy && proxy != uri;
#else
            return false;
#endif
        }

        /// <summary>
        /// Closes the session: cancels its requests and frees its connections, then saves the cookie jar to its file.
        /// Closing twice is harmless. A save that fails throws <see cref="System.IO.IOException"/>, after everything is freed.
        /// </summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _closed, 1) != 0)
            {
                return;
            }
            _closing.Cancel();
            Client.Dispose();
            lock (_twinGate)
            {
                _twin?.Dispose();
            }
            RateLimiter?.Dispose();
            Trace.Dispose();
            _closing.Dispose();
            SaveCookieFile();
        }

        /// <inheritdoc/>
        public override string ToString()
        {
            string state = IsClosed ? "closed" : "open";
            string baseUri = BaseUri is null ? "no BaseUri" : Redact.Uri(BaseUri);
            return $"HttpSession ({state}, {baseUri}, {Headers.Count} headers)";
        }

        private static bool HasHeader(SessionOptions options, string name)
        {
            foreach (KeyValuePair<string, string> header in options.Headers)
            {
                if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
            return false;
        }
    }
}
