using System;
using System.IO;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncHttp
{
    /// <summary>Reads whole messages from a socket, reassembling fragments up to a size limit.</summary>
    internal sealed class MessageReader
    {
        private const int FrameBuffer = 16 * 1024;
        private readonly int _maxSize;
        private readonly byte[] _buffer = new byte[FrameBuffer];
        private readonly MemoryStream _fragments = new MemoryStream();

        public MessageReader(int maxSize)
        {
            _maxSize = maxSize;
        }

        /// <summary>
        /// The next message's type and bytes, or null when the server's close frame arrived. A message over the limit
        /// throws <see cref="PayloadException"/>; the rest of it stays unread.
        /// </summary>
        public async Task<(WebSocketMessageType Type, byte[] Payload)?> ReadAsync(WebSocket socket, CancellationToken cancellationToken)
        {
            _fragments.SetLength(0);
            while (true)
            {
#if NET
                ValueWebSocketReceiveResult result = await socket.ReceiveAsync(_buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
#else
                WebSocketReceiveResult result = await socket.ReceiveAsync(new ArraySegment<byte>(_buffer), cancellationToken).ConfigureAwait(false);
#endif
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }
                if (_fragments.Length + result.Count > _maxSize)
                {
                    throw new PayloadException(
                        $"A message was longer than {Describe(_maxSize)}, the longest a WebSocket connection takes ({_fragments.Length + result.Count} bytes so far); the connection was closed with status 1009 (message too big).",
                        _fragments.Length + result.Count, null);
                }
                if (result.EndOfMessage && _fragments.Length == 0)
                {
                    // The common case, a message in one read: one copy.
                    byte[] whole = new byte[result.Count];
                    Buffer.BlockCopy(_buffer, 0, whole, 0, result.Count);
                    return (result.MessageType, whole);
                }
                _fragments.Write(_buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    byte[] message = _fragments.ToArray();
                    if (_fragments.Capacity > 4 * FrameBuffer)
                    {
                        // A large message must not keep its buffer for the life of the connection.
                        _fragments.SetLength(0);
                        _fragments.Capacity = 0;
                    }
                    return (result.MessageType, message);
                }
            }
        }

        private static string Describe(int bytes) =>
            bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MiB" : $"{bytes} bytes";
    }
}
