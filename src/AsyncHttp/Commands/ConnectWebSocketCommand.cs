using System;
using System.Collections;
using System.Management.Automation;
using AsyncHttp.Conversion;

namespace AsyncHttp.Commands
{
    /// <summary>
    /// <para type="synopsis">Opens a WebSocket connection with the session's headers, cookies, proxy, TLS settings and credentials.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "WebSocket")]
    [OutputType(typeof(WebSocketConnection))]
    public sealed class ConnectWebSocketCommand : AsyncHttpCmdlet
    {
        /// <summary>The address: ws or wss (http and https are taken as ws and wss), absolute or relative to the session's BaseUri.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Url", "Href")]
        [ValidateNotNullOrEmpty]
        public string Uri { get; set; } = string.Empty;

        /// <summary>The session whose settings the connection uses. The default is the module's default session.</summary>
        [Parameter]
        public HttpSession? Session { get; set; }

        /// <summary>Sub-protocols to offer, in order of preference; the connection's SubProtocol says which the server chose.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? SubProtocol { get; set; }

        /// <summary>Headers of the upgrade request, over the session's.</summary>
        [Parameter]
        public IDictionary? Headers { get; set; }

        /// <summary>Seconds between keep-alive frames on a quiet connection; 0 for none. The default is 30.</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int KeepAliveSec { get; set; } = (int)WebSocketDefaults.KeepAliveInterval.TotalSeconds;

        /// <summary>Seconds the server may take to answer a keep-alive ping before the connection counts as dead. The default is no such check.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int KeepAliveTimeoutSec { get; set; }

        /// <summary>Seconds to connect and complete the upgrade. The default is the session's attempt timeout (30).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int TimeoutSec { get; set; }

        /// <summary>Offers permessage-deflate compression; the connection's Compressed property says whether the server took it.</summary>
        [Parameter]
        public SwitchParameter Compression { get; set; }

        /// <summary>Attempts to connect again each time the connection drops; 0 for none. The default is 0.</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int MaximumReconnectCount { get; set; }

        /// <summary>Seconds before the second reconnect attempt (the first goes at once); later waits double, with jitter, up to 30. The default is 1.</summary>
        [Parameter]
        [ValidateRange(0.0, double.MaxValue)]
        public double ReconnectIntervalSec { get; set; } = WebSocketDefaults.ReconnectInterval.TotalSeconds;

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            HttpSession session = ResolveSession(Session);
            WebSocketOptions options = BuildOptions();
            try
            {
                WebSocketConnection connection = Await(WebSocketConnection.ConnectAsync(session, options, CancelToken));
                WriteVerbose($"Connected to {connection.Uri}" +
                    (connection.SubProtocol is null ? string.Empty : $", sub-protocol {connection.SubProtocol}") +
                    (connection.Compressed ? ", compressed." : "."));
                WriteObject(connection);
            }
            catch (WebSocketFailedException failure)
            {
                WriteError(WebSocketErrorRecords.For(failure, null));
            }
        }

        private WebSocketOptions BuildOptions()
        {
            var options = new WebSocketOptions
            {
                Uri = Uri,
                KeepAliveInterval = TimeSpan.FromSeconds(KeepAliveSec),
                KeepAliveTimeout = IsBound(nameof(KeepAliveTimeoutSec)) ? TimeSpan.FromSeconds(KeepAliveTimeoutSec) : (TimeSpan?)null,
                ConnectTimeout = IsBound(nameof(TimeoutSec)) ? TimeSpan.FromSeconds(TimeoutSec) : (TimeSpan?)null,
                Compression = Compression.IsPresent,
                MaximumReconnectCount = MaximumReconnectCount,
                ReconnectInterval = TimeSpan.FromSeconds(ReconnectIntervalSec),
            };
            foreach (string protocol in SubProtocol ?? Array.Empty<string>())
            {
                options.SubProtocols.Add(protocol);
            }
            try
            {
                options.Headers = RequestInput.ToHeaders(Headers);
                options.Validate();
            }
            catch (Exception ex) when (ex is ArgumentException || ex is InvalidRequestException)
            {
                ThrowInvalidArgument(ex, Uri);
            }
            return options;
        }
    }
}
