using System;

namespace AsyncHttp
{
    /// <summary>A WebSocket connection that could not open, or failed while open: its error, as a request's.</summary>
    public sealed class WebSocketFailedException : Exception
    {
        internal WebSocketFailedException(HttpError error)
            : base(error.Message, error.Exception)
        {
            Error = error;
        }

        /// <summary>What went wrong.</summary>
        public HttpError Error { get; }
    }
}
