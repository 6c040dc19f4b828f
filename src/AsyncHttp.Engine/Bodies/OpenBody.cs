using System;
using System.Net.Http;

namespace AsyncHttp
{
    /// <summary>
    /// A response whose body the caller still has to read, with the result that describes it (status and headers,
    /// never an error). Disposing it closes the response, and with it the connection when the body was not read to its end.
    /// </summary>
    internal sealed class OpenBody : IDisposable
    {
        public OpenBody(HttpResult result, HttpResponseMessage response)
        {
            Result = result;
            Response = response;
        }

        public HttpResult Result { get; }

        public HttpResponseMessage Response { get; }

        public void Dispose() => Response.Dispose();
    }
}
