using System.Threading;
using System.Threading.Tasks;

namespace AsyncHttp
{
    /// <summary>Sends a streaming request through the session's resilience pipeline, up to the response headers.</summary>
    internal static class StreamOpener
    {
        /// <summary>
        /// The result carries the status and headers, with <see cref="HttpResult.OpenResponse"/> set on success;
        /// or the error. Timeouts and retries cover only the way to the headers: a body has no total limit.
        /// </summary>
        public static Task<HttpResult> OpenAsync(HttpSession session, RequestSpec spec, ResilienceOptions? resilience, RequestDefaults defaults, CancellationToken cancellationToken)
        {
            var options = new RunOptions { Resilience = resilience, Defaults = defaults };
            options.Validate();
            var run = new RunContext(session, options, cancellationToken, keepResponseOpen: true);
            return RequestExecutor.ExecuteAsync(run, spec, 0);
        }
    }
}
