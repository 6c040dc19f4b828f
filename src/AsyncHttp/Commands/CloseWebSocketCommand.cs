using System;
using System.Management.Automation;
using AsyncHttp.Conversion;

namespace AsyncHttp.Commands
{
    /// <summary>
    /// <para type="synopsis">Closes WebSocket connections with a close handshake: a status, a reason, and the server's answer.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Close, "WebSocket")]
    [OutputType(typeof(WebSocketConnection))]
    public sealed class CloseWebSocketCommand : AsyncHttpCmdlet
    {
        /// <summary>The connections to close, from Connect-WebSocket.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public WebSocketConnection[] Connection { get; set; } = Array.Empty<WebSocketConnection>();

        /// <summary>The close status: 1000 (normal) to 1014, or 3000 to 4999 for the application's own. The default is 1000.</summary>
        [Parameter]
        [ValidateRange(1000, 4999)]
        public int Status { get; set; } = 1000;

        /// <summary>The reason sent with the status, at most 123 bytes in UTF-8. The default is none.</summary>
        [Parameter]
        [ValidateNotNull]
        public string? Reason { get; set; }

        /// <summary>Seconds to wait for the server's answering close before the connection is dropped. The default is 10.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int TimeoutSec { get; set; } = (int)WebSocketDefaults.CloseTimeout.TotalSeconds;

        /// <summary>Writes each connection after it is closed, with the server's CloseStatus and CloseReason.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <inheritdoc/>
        protected override void BeginProcessing()
        {
            try
            {
                WebSocketConnection.CheckCloseStatus(Status, Reason);
            }
            catch (ArgumentException ex)
            {
                ThrowInvalidArgument(ex, Status);
            }
        }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            foreach (WebSocketConnection connection in Connection)
            {
                WriteVerbose($"Closing {connection} with status {Status}.");
                try
                {
                    Await(connection.CloseAsync(Status, Reason, TimeSpan.FromSeconds(TimeoutSec), CancelToken));
                }
                catch (WebSocketFailedException failure)
                {
                    WriteError(WebSocketErrorRecords.For(failure, connection));
                }
                finally
                {
                    connection.Dispose();
                }
                if (PassThru)
                {
                    WriteObject(connection);
                }
            }
        }
    }
}
