using System;

namespace AsyncHttp
{
    /// <summary>
    /// When to stop sending to a host that keeps failing. Each host of a session has its own breaker; while it is
    /// open, requests to that host fail at once with <see cref="ErrorKind.CircuitOpen"/>.
    /// </summary>
    public sealed class CircuitBreakerOptions
    {
        /// <summary>The share of transient failures within the sampling time that opens the breaker. The default is 0.5.</summary>
        public double FailureRatio { get; set; } = ResilienceDefaults.BreakerFailureRatio;

        /// <summary>Attempts that must be seen within the sampling time before the ratio counts. The default is 10.</summary>
        public int MinimumThroughput { get; set; } = ResilienceDefaults.BreakerMinimumThroughput;

        /// <summary>The time over which failures are counted. The default is 30 seconds.</summary>
        public TimeSpan SamplingDuration { get; set; } = ResilienceDefaults.BreakerSamplingDuration;

        /// <summary>How long the breaker stays open before one trial request is let through. The default is 30 seconds.</summary>
        public TimeSpan BreakDuration { get; set; } = ResilienceDefaults.BreakerBreakDuration;

        /// <summary>Refuses values out of range, naming them.</summary>
        public void Validate()
        {
            if (FailureRatio <= 0 || FailureRatio > 1)
            {
                throw new ArgumentOutOfRangeException(nameof(FailureRatio), FailureRatio, "The circuit breaker's FailureRatio must be above 0 and at most 1.");
            }
            if (MinimumThroughput < 2)
            {
                throw new ArgumentOutOfRangeException(nameof(MinimumThroughput), MinimumThroughput, "The circuit breaker's MinimumThroughput must be at least 2.");
            }
            if (SamplingDuration < TimeSpan.FromMilliseconds(500))
            {
                throw new ArgumentOutOfRangeException(nameof(SamplingDuration), SamplingDuration, "The circuit breaker's SamplingDuration must be at least 0.5 s.");
            }
            if (BreakDuration < TimeSpan.FromMilliseconds(500))
            {
                throw new ArgumentOutOfRangeException(nameof(BreakDuration), BreakDuration, "The circuit breaker's BreakDuration must be at least 0.5 s.");
            }
        }
    }
}
