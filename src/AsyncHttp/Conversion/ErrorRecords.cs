using System.Management.Automation;

namespace AsyncHttp.Conversion
{
    /// <summary>The ErrorRecord of a failed result: ErrorId AsyncHttp.&lt;Kind&gt;, a fitting category, the result as target.</summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord For(HttpResult result)
        {
            HttpError error = result.Error!;
            var record = new ErrorRecord(new HttpRequestFailedException(result), "AsyncHttp." + error.Kind, CategoryOf(error.Kind), result);
            if (!string.IsNullOrEmpty(error.ResponseBody))
            {
                // As the web cmdlets do: the server's own words about the failure, shown with the error.
                record.ErrorDetails = new ErrorDetails(record.Exception.Message + System.Environment.NewLine + error.ResponseBody);
            }
            return record;
        }

        public static ErrorCategory CategoryOf(ErrorKind kind) => kind switch
        {
            ErrorKind.InvalidRequest => ErrorCategory.InvalidArgument,
            ErrorKind.Dns => ErrorCategory.ConnectionError,
            ErrorKind.ConnectionRefused => ErrorCategory.ConnectionError,
            ErrorKind.ConnectionReset => ErrorCategory.ConnectionError,
            ErrorKind.Proxy => ErrorCategory.ConnectionError,
            ErrorKind.ConnectTimeout => ErrorCategory.OperationTimeout,
            ErrorKind.Timeout => ErrorCategory.OperationTimeout,
            ErrorKind.ReadTimeout => ErrorCategory.OperationTimeout,
            ErrorKind.Tls => ErrorCategory.SecurityError,
            ErrorKind.TooManyRedirects => ErrorCategory.LimitsExceeded,
            ErrorKind.HttpStatus => ErrorCategory.InvalidResult,
            ErrorKind.Payload => ErrorCategory.InvalidData,
            ErrorKind.Canceled => ErrorCategory.OperationStopped,
            ErrorKind.CircuitOpen => ErrorCategory.ResourceUnavailable,
            _ => ErrorCategory.NotSpecified,
        };
    }
}
