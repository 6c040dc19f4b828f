using System;

namespace AsyncHttp
{
    /// <summary>Where a failure happened: on the way to the response, or while its body was read.</summary>
    internal enum FailureStage
    {
        /// <summary>Sending, redirects and retries, up to a response (with its body, when the run buffers bodies).</summary>
        Request,
        /// <summary>Saving a body to a file (Receive-HttpStream -OutFile).</summary>
        Download,
        /// <summary>Reading a body as a stream (Receive-HttpStream).</summary>
        StreamBody,
    }

    /// <summary>What an error message may tell about the failed request, beyond the exception; never its secrets.</summary>
    internal sealed class FailureScene
    {
        public FailureStage Stage { get; set; }

        /// <summary>The request's URI; the messages name only its authority.</summary>
        public Uri? Uri { get; set; }

        /// <summary>The request went through a proxy, so a failed connection is the proxy's.</summary>
        public bool ViaProxy { get; set; }

        public bool SessionClosed { get; set; }

        public TimeSpan ConnectTimeout { get; set; }

        /// <summary>The status of the response whose body failed, when one arrived.</summary>
        public int? StatusCode { get; set; }

        public int Attempts { get; set; }

        /// <summary>Body bytes received before the failure.</summary>
        public long BytesReceived { get; set; }
    }
}
