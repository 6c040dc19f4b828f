using System;
using System.Threading.RateLimiting;

namespace AsyncHttp
{
    /// <summary>A token bucket shared by every run of a session: at most the given attempts per second, in bursts of one second's worth.</summary>
    internal static class RequestRateLimiter
    {
        public static RateLimiter Create(double requestsPerSecond)
        {
            if (double.IsNaN(requestsPerSecond) || requestsPerSecond <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(requestsPerSecond), requestsPerSecond, "The rate limit must be a positive number of requests per second.");
            }
            // One token per period; a rate below 1/s means a period longer than a second.
            int burst = Math.Max(1, (int)Math.Floor(requestsPerSecond));
            return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = burst,
                TokensPerPeriod = burst,
                ReplenishmentPeriod = TimeSpan.FromSeconds(burst / requestsPerSecond),
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            });
        }
    }
}
