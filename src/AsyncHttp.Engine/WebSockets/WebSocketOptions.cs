using System;
using System.Collections.Generic;

namespace AsyncHttp
{
    /// <summary>How one WebSocket connection is opened and kept; what is null comes from the session.</summary>
    public sealed class WebSocketOptions
    {
        /// <summary>The address: ws or wss (http and https are taken as ws and wss), absolute or relative to the session's BaseUri.</summary>
        public string Uri { get; set; } = string.Empty;

        /// <summary>Sub-protocols offered to the server, in order of preference. The default is none.</summary>
        public IList<string> SubProtocols { get; } = new List<string>();

        /// <summary>Headers of the upgrade request, over the session's. The default is none.</summary>
        public IList<KeyValuePair<string, string>>? Headers { get; set; }

        /// <summary>How often a keep-alive frame is sent; <see cref="TimeSpan.Zero"/> for none. The default is 30 seconds.</summary>
        public TimeSpan KeepAliveInterval { get; set; } = WebSocketDefaults.KeepAliveInterval;

        /// <summary>
        /// How long the server may take to answer a keep-alive ping before the connection counts as dead; null (the default)
        /// for no such check. Needs .NET 9 or later at run time (PowerShell 7.5+).
        /// </summary>
        public TimeSpan? KeepAliveTimeout { get; set; }

        /// <summary>Time to connect and complete the upgrade; null for the session's attempt timeout (30 seconds by default).</summary>
        public TimeSpan? ConnectTimeout { get; set; }

        /// <summary>Offer permessage-deflate compression; used when the server accepts it. The default is false.</summary>
        public bool Compression { get; set; }

        /// <summary>Attempts to connect again after the connection drops, per drop; 0 (the default) for none.</summary>
        public int MaximumReconnectCount { get; set; }

        /// <summary>The wait after the first failed reconnect attempt; later waits double, with jitter, up to 30 seconds. The default is 1 second.</summary>
        public TimeSpan ReconnectInterval { get; set; } = WebSocketDefaults.ReconnectInterval;

        /// <summary>The largest message, in bytes, reassembled from its fragments. The default is 16 MiB.</summary>
        public int MaxMessageSize { get; set; } = WebSocketDefaults.MaxMessageSize;

        /// <summary>Refuses values out of range, naming them.</summary>
        public void Validate()
        {
            if (KeepAliveInterval < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(KeepAliveInterval), KeepAliveInterval, $"KeepAliveInterval must not be negative, not {KeepAliveInterval.TotalSeconds} s.");
            }
            if (KeepAliveTimeout is TimeSpan timeout)
            {
                Durations.RequirePositive(timeout, nameof(KeepAliveTimeout));
                if (KeepAliveInterval == TimeSpan.Zero)
                {
                    throw new ArgumentException("KeepAliveTimeout needs keep-alive pings: KeepAliveInterval is 0, so none would be sent.");
                }
            }
            if (ConnectTimeout is TimeSpan connect)
            {
                Durations.RequirePositive(connect, nameof(ConnectTimeout));
            }
            if (MaximumReconnectCount < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(MaximumReconnectCount), MaximumReconnectCount, "MaximumReconnectCount must not be negative.");
            }
            if (ReconnectInterval < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(ReconnectInterval), ReconnectInterval, "ReconnectInterval must not be negative.");
            }
            if (MaxMessageSize < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(MaxMessageSize), MaxMessageSize, "MaxMessageSize must be at least 1 byte.");
            }
            foreach (string protocol in SubProtocols)
            {
                if (string.IsNullOrEmpty(protocol) || !HeaderRules.IsToken(protocol))
                {
                    throw new ArgumentException($"Sub-protocol '{protocol}' is not a valid token (letters, digits and !#$%&'*+-.^_`|~).", nameof(SubProtocols));
                }
            }
            if (Headers is not null)
            {
                foreach (KeyValuePair<string, string> header in Headers)
                {
                    string? problem = HeaderRules.Check(header.Key, header.Value);
                    if (problem is not null)
                    {
                        throw new ArgumentException(problem, nameof(Headers));
                    }
                    if (IsHandshakeHeader(header.Key))
                    {
                        throw new ArgumentException($"Header '{header.Key}' belongs to the WebSocket handshake, which sets it itself; sub-protocols go in SubProtocols.", nameof(Headers));
                    }
                }
            }
        }

        private static bool IsHandshakeHeader(string name) =>
            string.Equals(name, "Upgrade", StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, "Connection", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("Sec-WebSocket-", StringComparison.OrdinalIgnoreCase);
    }
}
