using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncHttp
{
    /// <summary>What a mock rule answers: a status, headers and a body (whole, or in parts with pauses between them), or a failure.</summary>
    public sealed class HttpMockResponse
    {
        /// <summary>The status code. The default is 200.</summary>
        public int StatusCode { get; set; } = 200;

        /// <summary>Response and content headers. The default is none.</summary>
        public IList<KeyValuePair<string, string>> Headers { get; } = new List<KeyValuePair<string, string>>();

        /// <summary>The Content-Type header. The default is none; text/plain for a body given as text, application/json for JSON.</summary>
        public string? ContentType { get; set; }

        /// <summary>
        /// The body in parts, sent with <see cref="Interval"/> between them, so a stream reader sees them arrive one by one.
        /// The default is none: an empty body.
        /// </summary>
        public IList<byte[]> Parts { get; } = new List<byte[]>();

        /// <summary>The pause between two parts of the body. The default is none.</summary>
        public TimeSpan Interval { get; set; }

        /// <summary>The pause before the response (its headers) arrives; a pause longer than the timeout makes the request time out. The default is none.</summary>
        public TimeSpan Delay { get; set; }

        /// <summary>Fail as the network would, with this kind, instead of answering; null (the default) to answer.</summary>
        public ErrorKind? Fail { get; set; }

        /// <summary>Sets the body to the UTF-8 bytes of a text, as one part.</summary>
        public HttpMockResponse WithText(string text, string contentType = "text/plain; charset=utf-8")
        {
            Parts.Clear();
            Parts.Add(Encoding.UTF8.GetBytes(text));
            ContentType ??= contentType;
            return this;
        }

        /// <summary>Refuses values that cannot make a response, naming them.</summary>
        public void Validate()
        {
            if (StatusCode < 100 || StatusCode > 999)
            {
                throw new ArgumentOutOfRangeException(nameof(StatusCode), StatusCode, $"StatusCode {StatusCode} is not between 100 and 999.");
            }
            RequireNotNegative(Interval, nameof(Interval));
            RequireNotNegative(Delay, nameof(Delay));
            if (Fail is ErrorKind kind && Array.IndexOf(HttpMockFailures.Supported, kind) < 0)
            {
                HttpMockFailures.For(kind, new Uri("http://localhost/"));
            }
            foreach (KeyValuePair<string, string> header in Headers)
            {
                if (string.IsNullOrEmpty(header.Key))
                {
                    throw new ArgumentException("A response header has no name.", nameof(Headers));
                }
            }
        }

        private static void RequireNotNegative(TimeSpan value, string name)
        {
            if (value < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(name, value, $"{name} must not be negative, not {value}.");
            }
        }

        internal async Task<HttpResponseMessage> ToMessageAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, cancellationToken).ConfigureAwait(false);
            }
            if (Fail is ErrorKind kind)
            {
                throw HttpMockFailures.For(kind, request.RequestUri!);
            }
            var response = new HttpResponseMessage((HttpStatusCode)StatusCode)
            {
                RequestMessage = request,
                Version = request.Version,
                Content = new HttpMockContent(Parts, Interval),
            };
            if (ContentType is not null)
            {
                response.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
            foreach (KeyValuePair<string, string> header in Headers)
            {
                if (!response.Headers.TryAddWithoutValidation(header.Key, header.Value))
                {
                    response.Content.Headers.Remove(header.Key);
                    response.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }
            return response;
        }
    }
}
