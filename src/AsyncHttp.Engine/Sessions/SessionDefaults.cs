using System;

namespace AsyncHttp
{
    /// <summary>
    /// The defaults of a session's connections, in one place; README and help repeat them. Timeouts and retries have
    /// theirs in <see cref="ResilienceDefaults"/>, a run's in <see cref="RunOptions"/>.
    /// </summary>
    public static class SessionDefaults
    {
        /// <summary>Time to establish a connection: a dead host fails fast.</summary>
        public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

        /// <summary>Longest silence while reading a body.</summary>
        public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(30);

        /// <summary>Redirects followed, as Invoke-RestMethod.</summary>
        public const int MaximumRedirection = 5;

        /// <summary>Connections per host; HttpClient's default is unlimited.</summary>
        public const int MaxConnectionsPerHost = int.MaxValue;

        /// <summary>
        /// The largest body kept in memory (Content), counted on decoded bytes: one response, compressed or lying about its
        /// length, cannot take the process's memory. Bodies saved (-OutDirectory) or streamed are not limited.
        /// </summary>
        public const long MaximumResponseSize = 256L * 1024 * 1024;

        /// <summary>The highest MaximumResponseSize: the largest byte array .NET can hold.</summary>
        public const long MaximumResponseSizeCeiling = 0x7FFFFFC7;

        /// <summary>The User-Agent sent when the session sets none.</summary>
        public static readonly string UserAgent =
            "AsyncHttp/" + typeof(SessionDefaults).Assembly.GetName().Version?.ToString(3);
    }
}
