using System;
using System.Diagnostics;
using System.Threading;

namespace AsyncHttp
{
    /// <summary>
    /// The connection side of one hop: which connection carried it, and what opening that connection cost this hop.
    /// The hop in flight is found through <see cref="Current"/>, which flows with the request into the handler, down
    /// to the connection's first write of the request.
    /// </summary>
    internal sealed class HopTiming
    {
        public static readonly AsyncLocal<HopTiming?> Current = new AsyncLocal<HopTiming?>();

        public HopTiming(long started)
        {
            Started = started;
        }

        /// <summary>When the hop was sent (Stopwatch timestamp).</summary>
        public long Started { get; }

        public ConnectionInfo? Connection { get; private set; }

        public bool? Reused { get; private set; }

        public TimeSpan? Dns { get; private set; }

        public TimeSpan? Connect { get; private set; }

        public TimeSpan? Tls { get; private set; }

        /// <summary>
        /// Ties the hop to the connection that carries it. Opening the connection counts only when this hop was waiting
        /// for it: a connection opened before the hop started (for another request) cost it nothing.
        /// </summary>
        public void Claim(ConnectionInfo connection)
        {
            if (Connection is not null)
            {
                return;
            }
            Connection = connection;
            bool first = connection.TakeFirstUse();
            Reused = !first;
            if (first && connection.Started >= Started)
            {
                Dns = Between(connection.Started, connection.Resolved);
                Connect = Between(connection.Resolved, connection.Connected);
                Tls = Between(connection.Connected, connection.Secured);
            }
            else
            {
                Dns = Connect = Tls = TimeSpan.Zero;
            }
        }

        /// <summary>A hop that got its response over a connection no write of it could be tied to (HTTP/2 streams): reused.</summary>
        public void AssumeReused()
        {
            if (Connection is null && Reused is null)
            {
                Reused = true;
                Dns = Connect = Tls = TimeSpan.Zero;
            }
        }

        private static TimeSpan Between(long from, long to) =>
            TimeSpan.FromTicks(Math.Max(0, (long)((to - from) * (double)TimeSpan.TicksPerSecond / Stopwatch.Frequency)));
    }
}
