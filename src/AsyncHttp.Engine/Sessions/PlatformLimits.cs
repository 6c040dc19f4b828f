using System;
using System.Security.Authentication;

namespace AsyncHttp
{
    /// <summary>
    /// What the netstandard2.0 build (Windows PowerShell 5.1) cannot do: refused when a session is made, never ignored.
    /// </summary>
    internal static class PlatformLimits
    {
        /// <summary>TLS 1.2 and 1.3: what a session allows when the caller names no version.</summary>
        public const SslProtocols CurrentTls = SslProtocols.Tls12 | (SslProtocols)12288;

        public static void Check(SessionOptions options)
        {
#if !NET
            if (options.ConnectTimeout is TimeSpan connectTimeout)
            {
                throw new ArgumentException(
                    $"ConnectTimeout {connectTimeout.TotalSeconds} s needs PowerShell 7: on Windows PowerShell 5.1 the connection is bounded by the attempt timeout.",
                    nameof(SessionOptions.ConnectTimeout));
            }
            if (options.HttpVersion.Major >= 2)
            {
                throw new ArgumentException(
                    $"HttpVersion {options.HttpVersion} needs PowerShell 7: Windows PowerShell 5.1 speaks HTTP/1.0 and 1.1 only.",
                    nameof(SessionOptions.HttpVersion));
            }
            if (options.UnixSocket is not null)
            {
                throw new ArgumentException(
                    $"UnixSocket '{options.UnixSocket}' needs PowerShell 7: Windows PowerShell 5.1's handler connects over TCP only.",
                    nameof(SessionOptions.UnixSocket));
            }
            if (options.CookieFile is not null && !CookieFile.CanSave)
            {
                throw new ArgumentException(
                    $"CookieFile '{options.CookieFile}' cannot be saved on this runtime: it cannot list the cookies of a jar.",
                    nameof(SessionOptions.CookieFile));
            }
            if (options.RateLimitStore is Uri store)
            {
                throw new ArgumentException(
                    $"RateLimitStore '{Redact.Uri(store)}' needs PowerShell 7.5 or later: the shared rate limit (the RedisRateLimiting package) has no build for Windows PowerShell 5.1. -RateLimit alone limits this process.",
                    nameof(SessionOptions.RateLimitStore));
            }
#else
            _ = options;
#endif
        }
    }
}
