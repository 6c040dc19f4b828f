using System;

namespace AsyncHttp
{
    /// <summary>Who an event is for: Verbose (retries, redirects, a run's summary), Debug (DNS and connections), Trace (the rest, for files and tools).</summary>
    public enum TraceLevel
    {
        /// <summary>Requests, attempts and responses: for the trace file and tools only.</summary>
        Trace,

        /// <summary>DNS look-ups and connections opened, reused and closed: -Debug.</summary>
        Debug,

        /// <summary>Retries and redirects: -Verbose.</summary>
        Verbose,
    }

    /// <summary>
    /// One thing that happened to a request or a connection, as -Verbose, -Debug and -TraceFile show it. URIs are
    /// redacted; no header value is ever carried. What does not apply to an event is null.
    /// </summary>
    public sealed class TraceEvent
    {
        internal TraceEvent(string name, TraceLevel level, DateTimeOffset time)
        {
            Name = name;
            Level = level;
            Time = time;
        }

        /// <summary>When it happened.</summary>
        public DateTimeOffset Time { get; }

        /// <summary>What happened: request.start, attempt.start, response, redirect, retry, attempt.end, request.end, dns, connection.open, connection.new, connection.reused, connection.closed.</summary>
        public string Name { get; }

        /// <summary>Who it is for.</summary>
        public TraceLevel Level { get; }

        /// <summary>The request's position in its run's input.</summary>
        public long? Index { get; internal set; }

        /// <summary>The attempt, from 1.</summary>
        public int? Attempt { get; internal set; }

        /// <summary>The hop of the attempt, from 0.</summary>
        public int? Hop { get; internal set; }

        /// <summary>The method.</summary>
        public string? Method { get; internal set; }

        /// <summary>The URI (or host and port, for connections), redacted.</summary>
        public string? Uri { get; internal set; }

        /// <summary>The response status.</summary>
        public int? StatusCode { get; internal set; }

        /// <summary>The failure.</summary>
        public ErrorKind? Kind { get; internal set; }

        /// <summary>How long the thing took.</summary>
        public TimeSpan? Elapsed { get; internal set; }

        /// <summary>The wait before a retry.</summary>
        public TimeSpan? Wait { get; internal set; }

        /// <summary>Why: Backoff or RetryAfter for a retry, the status for a redirect.</summary>
        public string? Reason { get; internal set; }

        /// <summary>The connection, numbered in the order the session opened them.</summary>
        public long? ConnectionId { get; internal set; }

        /// <summary>The timings of a finished request (request.end) or attempt (attempt.end).</summary>
        public HttpTimings? Timings { get; internal set; }

        /// <summary>The line -Verbose or -Debug writes.</summary>
        public string Message { get; internal set; } = string.Empty;

        /// <inheritdoc/>
        public override string ToString() => Message;
    }
}
