using System;
using System.Collections.Generic;
using System.Text;

namespace AsyncHttp
{
    /// <summary>One request a <see cref="HttpMock"/> saw, as it reached the transport (cookies and default headers included).</summary>
    public sealed class HttpMockCall
    {
        internal HttpMockCall(int index, string method, Uri uri, IReadOnlyDictionary<string, string> headers, byte[] body)
        {
            Index = index;
            Method = method;
            Uri = uri;
            Headers = headers;
            BodyBytes = body;
            Body = body.Length == 0 ? string.Empty : Encoding.UTF8.GetString(body);
        }

        /// <summary>The position of the call in the mock's log, from 0.</summary>
        public int Index { get; }

        /// <summary>The HTTP method, upper case.</summary>
        public string Method { get; }

        /// <summary>The absolute URI.</summary>
        public Uri Uri { get; }

        /// <summary>The request and content headers, names case-insensitive; several values of one header joined by ", ".</summary>
        public IReadOnlyDictionary<string, string> Headers { get; }

        /// <summary>The body as UTF-8 text; empty when there was none.</summary>
        public string Body { get; }

        /// <summary>The body as sent.</summary>
        public byte[] BodyBytes { get; }

        /// <summary>The rule that answered, counted from 0 in the order they were added; -1 when none matched.</summary>
        public int Rule { get; internal set; } = -1;

        /// <summary>The method and the URI, without its query values or user information, which may be secrets.</summary>
        public override string ToString() => $"{Method} {Redact.Uri(Uri)}";
    }
}
