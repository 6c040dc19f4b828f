using System;
using System.Text.Json;
using Polly.Timeout;

namespace AsyncHttp
{
    /// <summary>Fills a result from the last attempt's response, or an error from what was thrown.</summary>
    internal static class ResultBuilder
    {
        public static void FromResponse(HttpResult result, AttemptResponse response, RunContext run)
        {
            result.StatusCode = response.StatusCode;
            result.ReasonPhrase = response.ReasonPhrase;
            result.Uri = response.Uri;
            result.HttpVersion = response.Version.ToString();
            result.Headers = response.Headers;
            result.ContentType = response.ContentType?.MediaType;
            result.ContentLength = response.Body.Length;

            string text = response.Body.Decode(response.ContentType);
            result.Content = text;
            if (response.OutFile is not null)
            {
                result.OutFile = response.OutFile;
                result.Content = null;
                result.ContentLength = response.SavedLength;
            }

            int redirects = run.Session.Options.MaximumRedirection;
            if (IsRedirect(response) && redirects > 0)
            {
                result.Error = StatusError(ErrorKind.TooManyRedirects, $"More than {redirects} redirects; the last pointed to another one.", response, text, result.Attempts);
                return;
            }
            if (response.StatusCode == 407)
            {
                result.Error = StatusError(ErrorKind.Proxy, "The proxy asks for credentials (407 Proxy Authentication Required); give the session -ProxyCredential.", response, text, result.Attempts);
                return;
            }
            if (!StatusCodes.IsSuccess(response.StatusCode) && !run.SkipHttpErrorCheck)
            {
                string message = $"Response status code does not indicate success: {response.StatusCode} ({response.ReasonPhrase}).";
                result.Error = StatusError(ErrorKind.HttpStatus, message, response, text, result.Attempts);
                if (response.RetryAfter is TimeSpan wait && wait > run.Resilience.MaxRetryAfter)
                {
                    result.Error = StatusError(ErrorKind.HttpStatus,
                        message + $" The server asked to retry after {wait.TotalSeconds:0} s, longer than the {run.Resilience.MaxRetryAfter.TotalSeconds:0} s allowed.",
                        response, text, result.Attempts);
                }
                return;
            }
            if (run.Options.AsJson && text.Length > 0)
            {
                try
                {
                    object? tree = JsonTree.Parse(text);
                    result.Content = run.Options.JsonConverter is null ? tree : run.Options.JsonConverter(tree);
                }
                catch (JsonException ex)
                {
                    result.Error = new HttpError(ErrorKind.Payload, $"The body is not valid JSON: {ex.Message}", ex)
                    {
                        StatusCode = response.StatusCode,
                        Attempts = result.Attempts,
                        ResponseBody = Truncate(text),
                    };
                }
            }
        }

        public static HttpError FromException(Exception exception, int attempts, RunContext run, PreparedRequest request)
        {
            bool viaProxy = run.Session.UsesProxy(request.Uri);
            ErrorKind kind = ErrorClassifier.Classify(exception, viaProxy);
            string message = kind switch
            {
                ErrorKind.Timeout when exception is TimeoutRejectedException timeout => $"No response within {timeout.Timeout.TotalSeconds} s.",
                ErrorKind.Canceled when run.Session.IsClosed => "The session was closed before the request finished.",
                ErrorKind.Canceled => "The run was stopped before the request finished.",
                ErrorKind.ConnectTimeout => $"No connection within {(run.Session.Options.ConnectTimeout ?? SessionDefaults.ConnectTimeout).TotalSeconds} s.",
                ErrorKind.Tls => $"TLS with {request.Uri.Authority} failed: {Innermost(exception).Message}",
                ErrorKind.CircuitOpen => $"The circuit breaker for {request.Uri.GetLeftPart(UriPartial.Authority)} is open after repeated failures; the request was not sent.",
                _ => exception.Message,
            };
            return new HttpError(kind, message, exception)
            {
                Attempts = attempts,
                IsTransient = ErrorClassifier.IsTransient(kind, exception),
            };
        }

        /// <summary>The deepest cause: for TLS it names the reason ("… certificate chain: UntrustedRoot").</summary>
        private static Exception Innermost(Exception exception)
        {
            Exception current = exception;
            while (current.InnerException is not null)
            {
                current = current.InnerException;
            }
            return current;
        }

        private static HttpError StatusError(ErrorKind kind, string message, AttemptResponse response, string body, int attempts) =>
            new HttpError(kind, message)
            {
                StatusCode = response.StatusCode,
                IsTransient = kind == ErrorKind.HttpStatus && StatusCodes.IsTransient(response.StatusCode),
                Attempts = attempts,
                RetryAfter = response.RetryAfter,
                ResponseBody = Truncate(body),
            };

        private static bool IsRedirect(AttemptResponse response) =>
            response.StatusCode >= 300 && response.StatusCode <= 399 && response.StatusCode != 304 && response.Headers.ContainsKey("Location");

        private static string Truncate(string text) =>
            text.Length <= SessionDefaults.ErrorBodyChars ? text : text.Substring(0, SessionDefaults.ErrorBodyChars);
    }
}
