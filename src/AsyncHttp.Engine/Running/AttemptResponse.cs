using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;

namespace AsyncHttp
{
    /// <summary>One attempt's response with its body read in full, so that the connection is free again.</summary>
    internal sealed class AttemptResponse
    {
        public AttemptResponse(HttpResponseMessage response, BodyBuffer body)
        {
            StatusCode = (int)response.StatusCode;
            ReasonPhrase = response.ReasonPhrase;
            Uri = response.RequestMessage?.RequestUri;
            Version = response.Version;
            Body = body;
            ContentType = response.Content.Headers.ContentType;
            Headers = CopyHeaders(response);
            if (StatusCode == 429 || StatusCode == 503)
            {
                RetryAfter = ReadRetryAfter(response.Headers.RetryAfter);
            }
        }

        public int StatusCode { get; }

        public string? ReasonPhrase { get; }

        public Uri? Uri { get; }

        public Version Version { get; }

        public BodyBuffer Body { get; }

        public MediaTypeHeaderValue? ContentType { get; }

        public Dictionary<string, string> Headers { get; }

        /// <summary>The wait the server asked for on 429 and 503, in seconds or as a date.</summary>
        public TimeSpan? RetryAfter { get; }

        private static TimeSpan? ReadRetryAfter(RetryConditionHeaderValue? value)
        {
            if (value?.Delta is TimeSpan delta)
            {
                return delta;
            }
            if (value?.Date is DateTimeOffset date)
            {
                TimeSpan wait = date - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
            return null;
        }

        private static Dictionary<string, string> CopyHeaders(HttpResponseMessage response)
        {
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (KeyValuePair<string, IEnumerable<string>> header in response.Headers)
            {
                headers[header.Key] = string.Join(", ", header.Value);
            }
            foreach (KeyValuePair<string, IEnumerable<string>> header in response.Content.Headers)
            {
                headers[header.Key] = string.Join(", ", header.Value);
            }
            return headers;
        }
    }
}
