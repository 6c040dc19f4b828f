using System;
using System.Management.Automation;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using AsyncHttp.Conversion;

namespace AsyncHttp.Commands
{
    /// <summary>
    /// <para type="synopsis">Writes the messages of a WebSocket connection to the pipeline as they arrive: text, bytes, JSON objects or message objects.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Receive, "WebSocketMessage", DefaultParameterSetName = PayloadSet)]
    [OutputType(typeof(string), typeof(byte[]), ParameterSetName = new[] { PayloadSet })]
    [OutputType(typeof(PSObject), ParameterSetName = new[] { JsonSet })]
    [OutputType(typeof(WebSocketMessage), ParameterSetName = new[] { MessageSet })]
    public sealed class ReceiveWebSocketMessageCommand : AsyncHttpCmdlet
    {
        private const string PayloadSet = "Payload";
        private const string JsonSet = "Json";
        private const string MessageSet = "Message";

        /// <summary>The connection, from Connect-WebSocket.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public WebSocketConnection? Connection { get; set; }

        /// <summary>Writes each message parsed as JSON, as ConvertFrom-Json does; a message that is not JSON is one error.</summary>
        [Parameter(Mandatory = true, ParameterSetName = JsonSet)]
        public SwitchParameter AsJson { get; set; }

        /// <summary>Writes AsyncHttp.WebSocketMessage objects: Index, Type, Text or Data, Length and Received.</summary>
        [Parameter(Mandatory = true, ParameterSetName = MessageSet)]
        public SwitchParameter AsMessage { get; set; }

        /// <summary>Stops after this many messages. The default is no limit: until the connection closes.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Count { get; set; }

        /// <summary>Seconds to wait for the next message before stopping with a ReadTimeout error. The default is no limit.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int IdleTimeoutSec { get; set; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            WebSocketConnection connection = Connection!;
            TimeSpan idle = IdleTimeoutSec > 0 ? TimeSpan.FromSeconds(IdleTimeoutSec) : Timeout.InfiniteTimeSpan;
            long taken = 0;
            while (Count == 0 || taken < Count)
            {
                object? item;
                try
                {
                    item = Await(connection.ReceiveAsync(idle, CancelToken));
                }
                catch (WebSocketFailedException failure)
                {
                    WriteError(WebSocketErrorRecords.For(failure, connection));
                    return;
                }
                catch (InvalidOperationException ex)
                {
                    WriteError(new ErrorRecord(ex, "AsyncHttp.WebSocketBusy", ErrorCategory.ResourceBusy, connection));
                    return;
                }
                switch (item)
                {
                    case null:
                        WriteVerbose($"{connection} ended after {taken} messages{(connection.CloseStatus is int status ? $", close status {status} {connection.CloseReason}" : string.Empty)}.");
                        return;
                    case WebSocketNotice notice:
                        WriteWarning(notice.Message);
                        continue;
                    case WebSocketMessage message:
                        taken++;
                        Emit(message);
                        break;
                }
            }
        }

        private void Emit(WebSocketMessage message)
        {
            switch (ParameterSetName)
            {
                case MessageSet:
                    WriteObject(message);
                    return;
                case JsonSet:
                    string text = message.Text ?? Encoding.UTF8.GetString(message.Data!);
                    object? value;
                    try
                    {
                        value = JsonTree.Parse(text);
                    }
                    catch (JsonException ex)
                    {
                        // A bad message is one error; the stream goes on.
                        WriteError(new ErrorRecord(new FormatException($"Message {message.Index} is not valid JSON: {ex.Message}", ex),
                            "AsyncHttp.JsonMessage", ErrorCategory.InvalidData, message));
                        return;
                    }
                    WriteObject(PSObjectConverter.FromJson(value));
                    return;
                default:
                    WriteObject(message.Type == WebSocketMessageType.Text ? message.Text : (object?)message.Data);
                    return;
            }
        }
    }
}
