using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncHttp
{
    /// <summary>A body that arrives in parts with pauses between them, as a slow server or an event stream sends it.</summary>
    internal sealed class HttpMockContent : HttpContent
    {
        private readonly IList<byte[]> _parts;
        private readonly TimeSpan _interval;

        public HttpMockContent(IList<byte[]> parts, TimeSpan interval)
        {
            _parts = new List<byte[]>(parts);
            _interval = interval;
        }

        protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new PacedStream(_parts, _interval));

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            using var paced = new PacedStream(_parts, _interval);
            await paced.CopyToAsync(stream).ConfigureAwait(false);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            if (_interval > TimeSpan.Zero && _parts.Count > 1)
            {
                // Sent in parts, as a stream: no length known up front.
                return false;
            }
            foreach (byte[] part in _parts)
            {
                length += part.Length;
            }
            return true;
        }

        /// <summary>Reads the parts in order, waiting the interval before each part after the first; the wait honours the reader's cancellation.</summary>
        private sealed class PacedStream : Stream
        {
            private readonly IList<byte[]> _parts;
            private readonly TimeSpan _interval;
            private int _part;
            private int _offset;

            public PacedStream(IList<byte[]> parts, TimeSpan interval)
            {
                _parts = parts;
                _interval = interval;
            }

            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => throw new NotSupportedException();

            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

            public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                while (_part < _parts.Count && _offset == _parts[_part].Length)
                {
                    _part++;
                    _offset = 0;
                    if (_part < _parts.Count && _interval > TimeSpan.Zero)
                    {
                        await Task.Delay(_interval, cancellationToken).ConfigureAwait(false);
                    }
                }
                if (_part >= _parts.Count)
                {
                    return 0;
                }
                byte[] current = _parts[_part];
                int read = Math.Min(count, current.Length - _offset);
                Buffer.BlockCopy(current, _offset, buffer, offset, read);
                _offset += read;
                return read;
            }

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }
    }
}
