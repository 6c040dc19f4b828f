using System;

namespace AsyncHttp
{
    /// <summary>Something a reader should be told that is not a message: the connection dropped, a reconnect failed or succeeded.</summary>
    public sealed class WebSocketNotice
    {
        internal WebSocketNotice(string message)
        {
            Message = message;
            Time = DateTimeOffset.Now;
        }

        /// <summary>What happened, in words; never contains secrets.</summary>
        public string Message { get; }

        /// <summary>When it happened.</summary>
        public DateTimeOffset Time { get; }

        /// <inheritdoc/>
        public override string ToString() => Message;
    }
}
