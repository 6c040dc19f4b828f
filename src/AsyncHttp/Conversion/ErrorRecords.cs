using System;
using System.Management.Automation;

namespace AsyncHttp.Conversion
{
    /// <summary>The ErrorRecord of a failed result: ErrorId AsyncHttp.&lt;Kind&gt;, a fitting category, the result as target.</summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord For(HttpResult result)
        {
            HttpError error = result.Error!;
            var record = new ErrorRecord(HttpRequestFailedException.For(result), ErrorKinds.ErrorId(error.Kind), CategoryOf(error.Kind), result);
            if (!string.IsNullOrEmpty(error.ResponseBody))
            {
                // As the web cmdlets do: the server's own words about the failure, shown with the error.
                record.ErrorDetails = new ErrorDetails(record.Exception.Message + System.Environment.NewLine + error.ResponseBody);
            }
            return record;
        }

        /// <summary>The category the kind's row in <see cref="ErrorKinds"/> names.</summary>
        public static ErrorCategory CategoryOf(ErrorKind kind) => (ErrorCategory)Enum.Parse(typeof(ErrorCategory), ErrorKinds.Category(kind));
    }
}
