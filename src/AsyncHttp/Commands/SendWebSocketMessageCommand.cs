using System;
using System.Management.Automation;
using AsyncHttp.Conversion;

namespace AsyncHttp.Commands
{
    /// <summary>
    /// <para type="synopsis">Sends messages on a WebSocket connection: text, an object as JSON, or bytes; from the pipeline too.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Send, "WebSocketMessage", DefaultParameterSetName = TextSet)]
    [OutputType(typeof(void))]
    public sealed class SendWebSocketMessageCommand : AsyncHttpCmdlet
    {
        private const string TextSet = "Text";
        private const string JsonSet = "Json";
        private const string BinarySet = "Binary";

        /// <summary>The connection, from Connect-WebSocket.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNull]
        public WebSocketConnection? Connection { get; set; }

        /// <summary>A text message; each string from the pipeline is one message.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ParameterSetName = TextSet)]
        [AllowEmptyString]
        public string Text { get; set; } = string.Empty;

        /// <summary>An object sent as one JSON text message; objects from the pipeline that are not strings are sent so too, except byte arrays, which go as binary messages.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = JsonSet)]
        [AllowNull]
        public object? Json { get; set; }

        /// <summary>A binary message.</summary>
        [Parameter(Mandatory = true, ParameterSetName = BinarySet)]
        [ValidateNotNull]
        public byte[] Binary { get; set; } = Array.Empty<byte>();

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            WebSocketConnection connection = Connection!;
            try
            {
                switch (ParameterSetName)
                {
                    case JsonSet when (Json is PSObject wrapped ? wrapped.BaseObject : Json) is byte[] bytes:
                        // A byte[] from the pipeline lands here (PowerShell cannot tell it from an object for -Json).
                        Await(connection.SendBinaryAsync(bytes, CancelToken));
                        break;
                    case JsonSet:
                        object? plain;
                        try
                        {
                            plain = JsonValue.ToPlain(Json);
                        }
                        catch (ArgumentException ex)
                        {
                            throw new WebSocketFailedException(new HttpError(ErrorKind.InvalidRequest, ex.Message, ex));
                        }
                        Await(connection.SendJsonAsync(plain, CancelToken));
                        break;
                    case BinarySet:
                        Await(connection.SendBinaryAsync(Binary, CancelToken));
                        break;
                    default:
                        Await(connection.SendTextAsync(Text, CancelToken));
                        break;
                }
            }
            catch (WebSocketFailedException failure)
            {
                WriteError(WebSocketErrorRecords.For(failure, connection));
            }
        }
    }
}
