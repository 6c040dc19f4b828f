using System;

namespace AsyncHttp
{
    /// <summary>A body that failed while it was streamed: cut short, silent too long, a line too long, or stopped.</summary>
    public sealed class HttpStreamException : Exception
    {
        internal HttpStreamException(HttpError error, long bytesReceived)
            : base(error.Message, error.Exception)
        {
            Error = error;
            BytesReceived = bytesReceived;
        }

        /// <summary>What went wrong.</summary>
        public HttpError Error { get; }

        /// <summary>Bytes received before the failure.</summary>
        public long BytesReceived { get; }
    }
}
