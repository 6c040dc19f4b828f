using System;

namespace AsyncHttp
{
    /// <summary>The defaults of a session, in one place; README and help repeat them.</summary>
    public static class SessionDefaults
    {
        /// <summary>Total time for one request, retries included: HttpClient's own default.</summary>
        public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(100);

        /// <summary>Time for one attempt.</summary>
        public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(30);

        /// <summary>Time to establish a connection: a dead host fails fast.</summary>
        public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

        /// <summary>Longest silence while reading a body.</summary>
        public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(30);

        /// <summary>Retries after the first attempt, for transient failures of safe requests.</summary>
        public const int MaximumRetryCount = 2;

        /// <summary>The first backoff delay; later ones double, with jitter.</summary>
        public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);

        /// <summary>The longest single backoff delay.</summary>
        public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

        /// <summary>The longest Retry-After a request waits for; a longer one fails the request.</summary>
        public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(60);

        /// <summary>Redirects followed, as Invoke-RestMethod.</summary>
        public const int MaximumRedirection = 5;

        /// <summary>Connections per host; HttpClient's default is unlimited.</summary>
        public const int MaxConnectionsPerHost = int.MaxValue;

        /// <summary>Requests in flight at once in one run.</summary>
        public const int ThrottleLimit = 32;

        /// <summary>How much of an error response's body is kept in <see cref="HttpError.ResponseBody"/>.</summary>
        public const int ErrorBodyChars = 4096;

        /// <summary>The User-Agent sent when the session sets none.</summary>
        public static readonly string UserAgent =
            "AsyncHttp/" + typeof(SessionDefaults).Assembly.GetName().Version?.ToString(3);
    }
}
