using System;

namespace AsyncHttp
{
    /// <summary>The defaults of a WebSocket connection, in one place; README and help repeat them.</summary>
    public static class WebSocketDefaults
    {
        /// <summary>How often a keep-alive frame goes out on a quiet connection: .NET's own default.</summary>
        public static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(30);

        /// <summary>The largest message, reassembled from its fragments: the same 16 MiB as the longest line of a stream.</summary>
        public const int MaxMessageSize = StreamOptions.DefaultMaxLineLength;

        /// <summary>How long a close waits for the server's answering close frame before the connection is dropped.</summary>
        public static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(10);

        /// <summary>The first wait between reconnect attempts (the first attempt goes at once); later waits double, with jitter.</summary>
        public static readonly TimeSpan ReconnectInterval = TimeSpan.FromSeconds(1);

        /// <summary>
        /// Messages received and not yet taken by a reader. When the buffer is full the connection stops reading, and
        /// the server's sends wait: memory stays bounded when nobody reads.
        /// </summary>
        public const int BufferedMessages = 1024;
    }
}
