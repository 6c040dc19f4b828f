using System;

namespace AsyncHttp
{
    /// <summary>The defaults of timeouts, retries and the circuit breaker, in one place; README and help repeat them.</summary>
    public static class ResilienceDefaults
    {
        /// <summary>Total time for one request, retries included: HttpClient's own default.</summary>
        public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(100);

        /// <summary>Time for one attempt.</summary>
        public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(30);

        /// <summary>Retries after the first attempt, for transient failures of safe requests.</summary>
        public const int MaximumRetryCount = 2;

        /// <summary>The first backoff delay; later ones double, with jitter.</summary>
        public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);

        /// <summary>The longest single backoff delay.</summary>
        public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

        /// <summary>The longest Retry-After a request waits for; a longer one fails the request.</summary>
        public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(60);

        /// <summary>The share of transient failures within the sampling time that opens a host's circuit breaker.</summary>
        public const double BreakerFailureRatio = 0.5;

        /// <summary>Attempts a breaker must see within the sampling time before the ratio counts.</summary>
        public const int BreakerMinimumThroughput = 10;

        /// <summary>The time over which a breaker counts failures.</summary>
        public static readonly TimeSpan BreakerSamplingDuration = TimeSpan.FromSeconds(30);

        /// <summary>How long an open breaker stays open before one trial request.</summary>
        public static readonly TimeSpan BreakerBreakDuration = TimeSpan.FromSeconds(30);
    }
}
