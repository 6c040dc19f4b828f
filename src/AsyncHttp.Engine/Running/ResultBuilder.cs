using System;
using System.Text.Json;

namespace AsyncHttp
{
    /// <summary>Fills a result from the last attempt's response; what is a failure, and its error, come from <see cref="HttpErrors"/>.</summary>
    internal static class ResultBuilder
    {
        private static readonly Version Http11 = new Version(1, 1);
        private static readonly Version Http20 = new Version(2, 0);

        // The common versions without a new string for every result.
        private static string VersionText(Version version) =>
            version == Http11 ? "1.1" : version == Http20 ? "2.0" : version.ToString();

        public static void FromResponse(HttpResult result, AttemptResponse response, RunContext run, bool? skipHttpErrorCheck = null)
        {
            result.StatusCode = response.StatusCode;
            result.ReasonPhrase = response.ReasonPhrase;
            result.Uri = response.Uri;
            result.HttpVersion = VersionText(response.Version);
            result.Headers = response.Headers;
            result.Links = LinkHeader.Parse(response.Headers.TryGetValue("Link", out string? link) ? link : null, response.Uri);
            result.ContentType = response.ContentType?.MediaType;
            result.ContentLength = response.Body.Length;

            bool isText = TextMedia.IsText(response.ContentType, response.Headers);
            string? text = null;
            if (response.OutFile is not null)
            {
                result.OutFile = response.OutFile;
                result.ContentLength = response.SavedLength;
            }
            else if (isText || run.Options.AsJson)
            {
                text = response.Body.Decode(response.ContentType, encoding: run.Encoding);
                result.Content = text;
            }
            else
            {
                // As Invoke-WebRequest: bytes stay bytes; a string would lose them.
                result.Content = response.Body.ToArray();
            }

            if (run.FailureOf(response.StatusCode, response.HasLocation, skipHttpErrorCheck) is ErrorKind kind)
            {
                text ??= response.Body.Decode(response.ContentType, encoding: run.Encoding);
                result.Error = HttpErrors.FromStatus(kind, response.StatusCode, response.ReasonPhrase, run.Security.MaximumRedirection,
                    response.RetryAfter, run.Resilience.MaxRetryAfter, text, result.Attempts);
                return;
            }
            if (run.Options.AsJson && text is not null && text.Length > 0)
            {
                try
                {
                    object? tree = JsonTree.Parse(text, run.Options.JsonReading);
                    result.Content = run.Options.JsonConverter is null ? tree : run.Options.JsonConverter(tree);
                }
                catch (JsonException ex)
                {
                    result.Error = HttpErrors.Malformed($"The body is not valid JSON: {ex.Message}", ex, response.StatusCode, result.Attempts, text);
                }
            }
        }
    }
}
