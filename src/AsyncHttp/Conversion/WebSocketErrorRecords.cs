using System.Management.Automation;

namespace AsyncHttp.Conversion
{
    /// <summary>
    /// The ErrorRecord of a WebSocket failure: ErrorId AsyncHttp.&lt;Kind&gt; and the category of that kind, as for
    /// requests; the exception carries the <see cref="HttpError"/>, the target is the connection (or the error itself
    /// when no connection opened), and a refused upgrade's body goes in ErrorDetails.
    /// </summary>
    internal static class WebSocketErrorRecords
    {
        public static ErrorRecord For(WebSocketFailedException failure, WebSocketConnection? connection)
        {
            HttpError error = failure.Error;
            var record = new ErrorRecord(failure, ErrorKinds.ErrorId(error.Kind), ErrorRecords.CategoryOf(error.Kind), (object?)connection ?? error);
            if (!string.IsNullOrEmpty(error.ResponseBody))
            {
                record.ErrorDetails = new ErrorDetails(failure.Message + System.Environment.NewLine + error.ResponseBody);
            }
            return record;
        }
    }
}
