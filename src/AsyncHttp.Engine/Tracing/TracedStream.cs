#if NET
using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncHttp
{
    /// <summary>
    /// A connection's stream as the handler speaks HTTP over it: its first write for a hop ties the hop to the
    /// connection (HTTP/1.x writes in the request's own flow), and its closing is an event.
    /// </summary>
    internal sealed class TracedStream : Stream
    {
        private readonly Stream _inner;
        private readonly ConnectionInfo _connection;
        private readonly TraceHub _hub;
        private int _closed;

        public TracedStream(Stream inner, ConnectionInfo connection, TraceHub hub)
        {
            _inner = inner;
            _connection = connection;
            _hub = hub;
        }

        public override bool CanRead => _inner.CanRead;

        public override bool CanSeek => false;

        public override bool CanWrite => _inner.CanWrite;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => _inner.Read(buffer);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            _inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            _inner.ReadAsync(buffer, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count)
        {
            Claim();
            _inner.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Claim();
            _inner.Write(buffer);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Claim();
            return _inner.WriteAsync(buffer, offset, count, cancellationToken);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Claim();
            return _inner.WriteAsync(buffer, cancellationToken);
        }

        public override void Flush() => _inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && Interlocked.Exchange(ref _closed, 1) == 0)
            {
                _inner.Dispose();
                if (_hub.Listening)
                {
                    TraceEvent closed = _hub.Event("connection.closed", TraceLevel.Debug, $"Connection {_connection.Id} to {_connection.Endpoint} closed.");
                    closed.ConnectionId = _connection.Id;
                    closed.Uri = _connection.Endpoint;
                    _hub.Publish(closed);
                }
            }
            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            Dispose(true);
            await base.DisposeAsync().ConfigureAwait(false);
        }

        private void Claim() => HopTiming.Current.Value?.Claim(_connection);
    }
}
#endif
