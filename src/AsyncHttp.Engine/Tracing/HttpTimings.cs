using System;

namespace AsyncHttp
{
    /// <summary>
    /// Where the time of a request went, as curl's -w shows it, measured by the connection handler. DNS, connect and
    /// TLS are those of the final hop's connection: zero when it was reused. They are null where they cannot be measured:
    /// on Windows PowerShell 5.1 (its handler has no connect hooks), and over a transport given to the session.
    /// </summary>
    public sealed class HttpTimings
    {
        /// <summary>Resolving the host name; zero for an IP address or a reused connection.</summary>
        public TimeSpan? Dns { get; internal set; }

        /// <summary>Opening the TCP connection (to the host or its proxy); zero when reused.</summary>
        public TimeSpan? Connect { get; internal set; }

        /// <summary>The TLS handshake; zero over plain http or a reused connection.</summary>
        public TimeSpan? Tls { get; internal set; }

        /// <summary>From sending the final hop (connection set-up included) to its response headers, as curl's time_starttransfer counts from its start.</summary>
        public TimeSpan FirstByte { get; internal set; }

        /// <summary>Reading the body; null when the caller reads it (streams).</summary>
        public TimeSpan? Body { get; internal set; }

        /// <summary>The redirect hops of the final attempt before its last one, as curl's time_redirect.</summary>
        public TimeSpan Redirect { get; internal set; }

        /// <summary>The whole request: every attempt, every wait between them, and the body.</summary>
        public TimeSpan Total { get; internal set; }

        /// <summary>Whether the final hop went over a connection opened earlier; null where it cannot be told.</summary>
        public bool? Reused { get; internal set; }

        /// <summary>The number of the connection the final hop used, in the order the session opened them; null when unknown.</summary>
        public long? ConnectionId { get; internal set; }

        /// <inheritdoc/>
        public override string ToString() =>
            $"dns {Ms(Dns)}, connect {Ms(Connect)}, tls {Ms(Tls)}, first byte {Ms(FirstByte)}, body {Ms(Body)}, total {Ms(Total)}" +
            (Reused is bool reused ? (reused ? ", reused" : ", new connection") : string.Empty);

        internal static string Ms(TimeSpan? value) => value is TimeSpan time ? $"{time.TotalMilliseconds:0.#} ms" : "-";
    }
}
