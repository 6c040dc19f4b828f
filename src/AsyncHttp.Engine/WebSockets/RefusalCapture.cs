#if NET
using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncHttp
{
    /// <summary>
    /// Sits between ClientWebSocket and the session's handler for one upgrade: when the server refuses it, keeps the
    /// status and the start of the body, which ClientWebSocket drops (it reports only "status code 401").
    /// </summary>
    internal sealed class RefusalCapture : DelegatingHandler
    {
        public RefusalCapture(HttpMessageHandler sessionHandler)
            : base(sessionHandler)
        {
        }

        public int? Status { get; private set; }

        public string? Reason { get; private set; }

        public string? Body { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.SwitchingProtocols)
            {
                Status = (int)response.StatusCode;
                Reason = response.ReasonPhrase;
                Body = await ReadStartAsync(response.Content, cancellationToken).ConfigureAwait(false);
            }
            return response;
        }

        // Never disposed: the session owns the handler inside, and disposing this would dispose it too.
        protected override void Dispose(bool disposing)
        {
        }

        private static async Task<string?> ReadStartAsync(HttpContent content, CancellationToken cancellationToken)
        {
            try
            {
                using Stream body = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                byte[] buffer = new byte[HttpErrors.ResponseBodyChars];
                int filled = 0, read;
                while (filled < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    filled += read;
                }
                return filled == 0 ? null : Encoding.UTF8.GetString(buffer, 0, filled);
            }
            catch (Exception ex) when (ex is IOException || ex is HttpRequestException)
            {
                // The refusal is reported with its status all the same.
                return null;
            }
        }
    }
}
#endif
