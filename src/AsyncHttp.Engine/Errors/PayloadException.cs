using System;

namespace AsyncHttp
{
    /// <summary>A body cut short or malformed.</summary>
    public sealed class PayloadException : Exception
    {
        internal PayloadException(string message, long bytesReceived, Exception? inner, bool transient = true)
            : base(message, inner)
        {
            BytesReceived = bytesReceived;
            IsTransient = transient;
        }

        /// <summary>Bytes received before the body broke.</summary>
        public long BytesReceived { get; }

        /// <summary>True for a body cut short (it may arrive whole next time); false for one malformed or over a limit.</summary>
        internal bool IsTransient { get; }
    }
}
