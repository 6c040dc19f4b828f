using System;

namespace AsyncHttp
{
    /// <summary>A body cut short or malformed.</summary>
    public sealed class PayloadException : Exception
    {
        internal PayloadException(string message, long bytesReceived, Exception? inner)
            : base(message, inner)
        {
            BytesReceived = bytesReceived;
        }

        /// <summary>Bytes received before the body broke.</summary>
        public long BytesReceived { get; }
    }
}
