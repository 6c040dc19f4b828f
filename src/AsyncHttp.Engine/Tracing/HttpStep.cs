using System;

namespace AsyncHttp
{
    /// <summary>
    /// One hop of one attempt of a request: what was sent, what came back, and what happened next (a redirect, a retry
    /// after a wait, or the end). Flat, so that a history exports to CSV as it is.
    /// </summary>
    public sealed class HttpStep
    {
        /// <summary>The attempt, from 1.</summary>
        public int Attempt { get; internal set; }

        /// <summary>The hop within the attempt: 0 for the request itself, then one per redirect followed.</summary>
        public int Hop { get; internal set; }

        /// <summary>When the hop was sent.</summary>
        public DateTimeOffset Started { get; internal set; }

        /// <summary>The method sent.</summary>
        public string Method { get; internal set; } = "GET";

        /// <summary>The URI sent to, with its password and query values redacted.</summary>
        public string Uri => Redact.Uri(RawUri);

        internal System.Uri? RawUri { get; set; }

        /// <summary>The response status; null when no response came.</summary>
        public int? StatusCode { get; internal set; }

        /// <summary>The failure the attempt ended in, on its last hop; null when it did not fail.</summary>
        public ErrorKind? Kind { get; internal set; }

        /// <summary>From sending to the response headers (or the failure).</summary>
        public TimeSpan Elapsed { get; internal set; }

        /// <summary>Whether the hop went over a connection opened earlier; null where it cannot be told.</summary>
        public bool? Reused { get; internal set; }

        /// <summary>What came next: Redirect, Retry or Done.</summary>
        public string Next { get; internal set; } = "Done";

        /// <summary>The wait before the next attempt, when Next is Retry.</summary>
        public TimeSpan? Wait { get; internal set; }

        /// <summary>Why that wait: Backoff, or RetryAfter (the server's Retry-After header).</summary>
        public string? WaitReason { get; internal set; }

        /// <inheritdoc/>
        public override string ToString()
        {
            string outcome = StatusCode?.ToString() ?? Kind?.ToString() ?? "-";
            string wait = Wait is TimeSpan time ? $" after {time.TotalSeconds:0.###} s ({WaitReason})" : string.Empty;
            return $"attempt {Attempt} hop {Hop}: {Method} {Uri} -> {outcome} in {HttpTimings.Ms(Elapsed)}; {Next}{wait}";
        }
    }
}
