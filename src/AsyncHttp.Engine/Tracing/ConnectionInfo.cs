using System.Diagnostics;
using System.Threading;

namespace AsyncHttp
{
    /// <summary>One connection the handler opened: when each phase of opening it ended (Stopwatch timestamps), and how many hops used it.</summary>
    internal sealed class ConnectionInfo
    {
        private int _uses;

        public ConnectionInfo(long id, string host, int port)
        {
            Id = id;
            Host = host;
            Port = port;
            Started = Stopwatch.GetTimestamp();
        }

        public long Id { get; }

        public string Host { get; }

        public int Port { get; }

        public long Started { get; }

        public long Resolved { get; set; }

        public long Connected { get; set; }

        /// <summary>When TLS ended; equals <see cref="Connected"/> over plain http.</summary>
        public long Secured { get; set; }

        /// <summary>Counts one more hop on the connection; true for the first.</summary>
        public bool TakeFirstUse() => Interlocked.Increment(ref _uses) == 1;

        public string Endpoint => $"{Host}:{Port}";
    }
}
