#if NET
using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncHttp
{
    /// <summary>
    /// Measures how each connection of a session's handler is opened (DNS, TCP connect, TLS) through the handler's own
    /// hooks, and ties each hop to the connection that carries it. The connect hook does what the handler does by
    /// default (resolve, connect with no Nagle delay), timing each step.
    /// </summary>
    internal sealed class ConnectionTracer
    {
        public static readonly HttpRequestOptionsKey<HopTiming> HopKey = new HttpRequestOptionsKey<HopTiming>("AsyncHttp.Hop");
        private static readonly HttpRequestOptionsKey<ConnectionInfo> ConnectionKey = new HttpRequestOptionsKey<ConnectionInfo>("AsyncHttp.Connection");
        private readonly TraceHub _hub;
        private readonly Func<CancellationToken, ValueTask<Stream>>? _open;

        private ConnectionTracer(TraceHub hub, Func<CancellationToken, ValueTask<Stream>>? open)
        {
            _hub = hub;
            _open = open;
        }

        /// <summary>Installs the hooks; <paramref name="open"/>, when given, opens every connection (a Unix socket) instead of TCP to the host.</summary>
        public static void Install(SocketsHttpHandler handler, TraceHub hub, Func<CancellationToken, ValueTask<Stream>>? open)
        {
            var tracer = new ConnectionTracer(hub, open);
            handler.ConnectCallback = tracer.ConnectAsync;
            handler.PlaintextStreamFilter = tracer.Filter;
        }

        private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
        {
            DnsEndPoint endPoint = context.DnsEndPoint;
            var connection = new ConnectionInfo(_hub.NextConnectionId(), endPoint.Host, endPoint.Port);
            context.InitialRequestMessage.Options.Set(ConnectionKey, connection);
            if (_open is not null)
            {
                // No name to resolve: every connection goes to the one socket file.
                connection.Resolved = connection.Started;
                Stream stream = await _open(cancellationToken).ConfigureAwait(false);
                connection.Connected = System.Diagnostics.Stopwatch.GetTimestamp();
                return stream;
            }
            IPAddress[] addresses = IPAddress.TryParse(endPoint.Host, out IPAddress? address)
                ? new[] { address }
                : await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken).ConfigureAwait(false);
            connection.Resolved = address is null ? System.Diagnostics.Stopwatch.GetTimestamp() : connection.Started;
            if (address is null && _hub.Listening)
            {
                TimeSpan took = TimeSpan.FromTicks((long)((connection.Resolved - connection.Started) * (double)TimeSpan.TicksPerSecond / System.Diagnostics.Stopwatch.Frequency));
                TraceEvent dns = _hub.Event("dns", TraceLevel.Debug, $"DNS: {endPoint.Host} is {string.Join(", ", (object[])addresses)} ({HttpTimings.Ms(took)}).");
                dns.Uri = endPoint.Host;
                dns.Elapsed = took;
                _hub.Publish(dns);
            }
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses, endPoint.Port, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
            connection.Connected = System.Diagnostics.Stopwatch.GetTimestamp();
            return new NetworkStream(socket, ownsSocket: true);
        }

        /// <summary>Called once the connection is ready for HTTP, TLS done: the end of its opening.</summary>
        private ValueTask<Stream> Filter(SocketsHttpPlaintextStreamFilterContext context, CancellationToken cancellationToken)
        {
            if (!context.InitialRequestMessage.Options.TryGetValue(ConnectionKey, out ConnectionInfo? connection))
            {
                return new ValueTask<Stream>(context.PlaintextStream);
            }
            connection.Secured = context.PlaintextStream is SslStream ? System.Diagnostics.Stopwatch.GetTimestamp() : connection.Connected;
            if (_hub.Listening)
            {
                TraceEvent opened = _hub.Event("connection.open", TraceLevel.Debug,
                    $"Connection {connection.Id} to {connection.Endpoint} opened (HTTP/{context.NegotiatedHttpVersion}{(context.PlaintextStream is SslStream ? ", TLS" : string.Empty)}).");
                opened.ConnectionId = connection.Id;
                opened.Uri = connection.Endpoint;
                _hub.Publish(opened);
            }
            if (context.NegotiatedHttpVersion.Major >= 2 && context.InitialRequestMessage.Options.TryGetValue(HopKey, out HopTiming? hop))
            {
                // HTTP/2 writes from its own loop, not from the request's flow: the request that opened the connection is its first user.
                hop.Claim(connection);
            }
            return new ValueTask<Stream>(new TracedStream(context.PlaintextStream, connection, _hub));
        }
    }
}
#endif
