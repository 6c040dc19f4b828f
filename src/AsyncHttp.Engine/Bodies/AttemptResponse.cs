using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;

namespace AsyncHttp
{
    /// <summary>
    /// One attempt's response with its body read in full or saved, so that the connection is free again; or, for
    /// streams, with its body still open (then Polly disposes it when it retries instead).
    /// </summary>
    internal sealed class AttemptResponse : IDisposable
    {
        public AttemptResponse(HttpResponseMessage response, BodyBuffer body, DateTimeOffset now, bool keepOpen = false)
        {
            OpenResponse = keepOpen ? response : null;
            StatusCode = (int)response.StatusCode;
            ReasonPhrase = response.ReasonPhrase;
            Uri = response.RequestMessage?.RequestUri;
            Version = response.Version;
            Body = body;
            ContentType = response.Content.Headers.ContentType;
            Headers = CopyHeaders(response);
            HasLocation = response.Headers.Contains("Location");
            if (StatusCode == 429 || StatusCode == 503)
            {
                RetryAfter = ReadRetryAfter(response.Headers.RetryAfter, now);
            }
        }

        public int StatusCode { get; }

        /// <summary>Whether the response points elsewhere (a redirect past the session's limit).</summary>
        public bool HasLocation { get; }

        /// <summary>The response whose body is still to be read, for streams; null otherwise.</summary>
        public HttpResponseMessage? OpenResponse { get; }

        public void Dispose() => OpenResponse?.Dispose();

        /// <summary>The file the body was saved to, with -OutDirectory.</summary>
        public string? OutFile { get; set; }

        /// <summary>The size of the saved body.</summary>
        public long SavedLength { get; set; }

        public string? ReasonPhrase { get; }

        public Uri? Uri { get; }

        public Version Version { get; }

        public BodyBuffer Body { get; }

        public MediaTypeHeaderValue? ContentType { get; }

        public ResponseHeaders Headers { get; }

        /// <summary>The wait the server asked for on 429 and 503, in seconds or as a date.</summary>
        public TimeSpan? RetryAfter { get; }

        /// <summary>The wait a Retry-After header asks for: its seconds, or the time until its date (none when the date is past).</summary>
        internal static TimeSpan? ReadRetryAfter(RetryConditionHeaderValue? value, DateTimeOffset now)
        {
            if (value?.Delta is TimeSpan delta)
            {
                return delta;
            }
            if (value?.Date is DateTimeOffset date)
            {
                TimeSpan wait = date - now;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
            return null;
        }

        /// <summary>Cookie names only: the values are secrets, and the session's jar has them.</summary>
        private static string RedactCookies(IEnumerable<string> cookies)
        {
            var names = new List<string>();
            foreach (string cookie in cookies)
            {
                int equals = cookie.IndexOf('=');
                names.Add((equals > 0 ? cookie.Substring(0, equals) : cookie).Trim() + "=(redacted)");
            }
            return string.Join(", ", names);
        }

        private static ResponseHeaders CopyHeaders(HttpResponseMessage response)
        {
#if NET
            // Sized once: growing from empty allocates its arrays three times for a handful of headers.
            var headers = new ResponseHeaders(response.Headers.NonValidated.Count + response.Content.Headers.NonValidated.Count);
            // The raw values, without parsing them into typed header objects only to print them again.
            foreach (KeyValuePair<string, HeaderStringValues> header in response.Headers.NonValidated)
            {
                headers[header.Key] = string.Equals(header.Key, "Set-Cookie", StringComparison.OrdinalIgnoreCase)
                    ? RedactCookies(header.Value)
                    : header.Value.ToString();
            }
            foreach (KeyValuePair<string, HeaderStringValues> header in response.Content.Headers.NonValidated)
            {
                headers[header.Key] = header.Value.ToString();
            }
#else
            var headers = new ResponseHeaders();
            foreach (KeyValuePair<string, IEnumerable<string>> header in response.Headers)
            {
                headers[header.Key] = string.Equals(header.Key, "Set-Cookie", StringComparison.OrdinalIgnoreCase)
                    ? RedactCookies(header.Value)
                    : string.Join(", ", header.Value);
            }
            foreach (KeyValuePair<string, IEnumerable<string>> header in response.Content.Headers)
            {
                headers[header.Key] = string.Join(", ", header.Value);
            }
#endif
            return headers;
        }
    }
}
