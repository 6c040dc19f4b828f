using System;

namespace AsyncHttp
{
    /// <summary>The server fell silent mid-body for longer than the read timeout.</summary>
    public sealed class ReadTimeoutException : TimeoutException
    {
        internal ReadTimeoutException(TimeSpan timeout, long bytesReceived)
            : base($"No data for {timeout.TotalSeconds} s while reading the body ({bytesReceived} bytes received).")
        {
            BytesReceived = bytesReceived;
        }

        /// <summary>Bytes received before the silence.</summary>
        public long BytesReceived { get; }
    }
}
