using System.Threading;
using System.Threading.Tasks;

namespace AsyncHttp
{
    /// <summary>Sends a streaming request through the session's resilience pipeline, up to the response headers.</summary>
    internal static class StreamOpener
    {
        /// <summary>
        /// The body to read, with its result (status and headers); or no body and a result with its error. Timeouts and
        /// retries cover only the way to the headers: a body has no total limit.
        /// </summary>
        public static async Task<(HttpResult Result, OpenBody? Body)> OpenAsync(HttpSession session, RequestSpec spec, StreamOptions stream, CancellationToken cancellationToken)
        {
            var options = new RunOptions
            {
                Resilience = stream.Resilience,
                Overrides = stream.Overrides,
                Security = stream.Security,
                Defaults = stream.Defaults,
                AllowInsecureRedirect = stream.AllowInsecureRedirect,
                Events = stream.Events,
            };
            options.Validate();
            var run = new RunContext(session, options, cancellationToken, keepBodiesOpen: true);
            // The connections' events (DNS, opened) come from the session's handler, to whoever listens while it opens.
            TraceEvents? events = stream.Events;
            if (events is not null)
            {
                session.Trace.Subscribe(events);
            }
            try
            {
                return await RequestExecutor.OpenAsync(run, spec, 0).ConfigureAwait(false);
            }
            finally
            {
                if (events is not null)
                {
                    session.Trace.Unsubscribe(events);
                }
            }
        }
    }
}
