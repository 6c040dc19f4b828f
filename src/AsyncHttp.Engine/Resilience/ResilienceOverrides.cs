using System;

namespace AsyncHttp
{
    /// <summary>What one call changes of its session's timeouts and retries; each value left null keeps the session's.</summary>
    public sealed class ResilienceOverrides
    {
        /// <summary>Total time per request, retries included; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for none.</summary>
        public TimeSpan? Timeout { get; set; }

        /// <summary>Time per attempt.</summary>
        public TimeSpan? AttemptTimeout { get; set; }

        /// <summary>Retries after the first attempt.</summary>
        public int? MaximumRetryCount { get; set; }

        /// <summary>The first backoff delay.</summary>
        public TimeSpan? RetryInterval { get; set; }

        /// <summary>Whether any value is set.</summary>
        public bool Any => Timeout.HasValue || AttemptTimeout.HasValue || MaximumRetryCount.HasValue || RetryInterval.HasValue;

        /// <summary>
        /// The session's options with these applied, checked; the session's own when nothing is overridden. A shorter
        /// total for the call narrows the session's attempt timeout rather than contradicting it.
        /// </summary>
        public ResilienceOptions ApplyTo(ResilienceOptions session)
        {
            if (!Any)
            {
                return session;
            }
            ResilienceOptions options = session.Clone();
            if (Timeout is TimeSpan total)
            {
                options.Timeout = total;
                if (AttemptTimeout is null && ResilienceOptions.IsFinite(total) && options.AttemptTimeout > total)
                {
                    options.AttemptTimeout = total;
                }
            }
            options.AttemptTimeout = AttemptTimeout ?? options.AttemptTimeout;
            options.MaximumRetryCount = MaximumRetryCount ?? options.MaximumRetryCount;
            options.RetryInterval = RetryInterval ?? options.RetryInterval;
            options.Validate();
            return options;
        }
    }
}
