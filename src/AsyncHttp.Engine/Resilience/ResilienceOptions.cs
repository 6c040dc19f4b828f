using System;
using System.Threading;

namespace AsyncHttp
{
    /// <summary>How a request is timed and retried. Every value has a default in <see cref="ResilienceDefaults"/>.</summary>
    public sealed class ResilienceOptions
    {
        /// <summary>Total time for a request, retries included; <see cref="Timeout.InfiniteTimeSpan"/> for none. The default is 100 seconds.</summary>
        public TimeSpan Timeout { get; set; } = ResilienceDefaults.Timeout;

        /// <summary>Time for one attempt; null for the default, 30 seconds or the total timeout if that is shorter.</summary>
        public TimeSpan? AttemptTimeout { get; set; }

        /// <summary>The attempt timeout in force.</summary>
        public TimeSpan EffectiveAttemptTimeout =>
            AttemptTimeout ?? (IsFinite(Timeout) && Timeout < ResilienceDefaults.AttemptTimeout ? Timeout : ResilienceDefaults.AttemptTimeout);

        /// <summary>Retries after the first attempt. The default is 2 (3 attempts).</summary>
        public int MaximumRetryCount { get; set; } = ResilienceDefaults.MaximumRetryCount;

        /// <summary>The first backoff delay; later ones double, with jitter. The default is 1 second.</summary>
        public TimeSpan RetryInterval { get; set; } = ResilienceDefaults.RetryInterval;

        /// <summary>The longest single backoff delay. The default is 30 seconds.</summary>
        public TimeSpan MaxRetryDelay { get; set; } = ResilienceDefaults.MaxRetryDelay;

        /// <summary>The longest Retry-After honoured; a longer one fails the request. The default is 60 seconds.</summary>
        public TimeSpan MaxRetryAfter { get; set; } = ResilienceDefaults.MaxRetryAfter;

        /// <summary>Retry POST and PATCH too. The default is false: only idempotent requests are retried.</summary>
        public bool RetryNonIdempotent { get; set; }

        /// <summary>A copy, for per-call overrides.</summary>
        public ResilienceOptions Clone() => (ResilienceOptions)MemberwiseClone();

        /// <summary>Refuses values out of range or in contradiction, naming them.</summary>
        public void Validate()
        {
            Durations.RequirePositive(Timeout, nameof(Timeout));
            if (AttemptTimeout is TimeSpan attempt)
            {
                Durations.RequirePositive(attempt, nameof(AttemptTimeout));
            }
            if (MaximumRetryCount < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(MaximumRetryCount), MaximumRetryCount, "MaximumRetryCount must not be negative.");
            }
            if (RetryInterval < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(RetryInterval), RetryInterval, "RetryInterval must not be negative.");
            }
            if (AttemptTimeout is TimeSpan set && IsFinite(Timeout) && (!IsFinite(set) || set > Timeout))
            {
                throw new ArgumentException(
                    $"AttemptTimeout ({Seconds(set)}) is longer than Timeout ({Seconds(Timeout)}), which covers all attempts.");
            }
        }

        internal static bool IsFinite(TimeSpan value) => value != System.Threading.Timeout.InfiniteTimeSpan;

        private static string Seconds(TimeSpan value) => IsFinite(value) ? value.TotalSeconds + " s" : "none";
    }
}
