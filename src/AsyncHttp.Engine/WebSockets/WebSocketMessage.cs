using System;
using System.Net.WebSockets;

namespace AsyncHttp
{
    /// <summary>One whole message received on a WebSocket connection, reassembled from its fragments.</summary>
    public sealed class WebSocketMessage
    {
        internal WebSocketMessage(long index, WebSocketMessageType type, string? text, byte[]? data, int length, DateTimeOffset received)
        {
            Index = index;
            Type = type;
            Text = text;
            Data = data;
            Length = length;
            Received = received;
        }

        /// <summary>The message's number on its connection, from 1, across reconnects.</summary>
        public long Index { get; }

        /// <summary>Text or Binary.</summary>
        public WebSocketMessageType Type { get; }

        /// <summary>The message of a Text message; null for Binary.</summary>
        public string? Text { get; }

        /// <summary>The bytes of a Binary message; null for Text.</summary>
        public byte[]? Data { get; }

        /// <summary>The size of the message in bytes, as it came (UTF-8 for text).</summary>
        public int Length { get; }

        /// <summary>When the last fragment of the message arrived.</summary>
        public DateTimeOffset Received { get; }

        /// <inheritdoc/>
        public override string ToString() => Text ?? $"({Length} bytes)";
    }
}
