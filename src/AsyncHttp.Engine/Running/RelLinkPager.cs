using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncHttp
{
    /// <summary>
    /// Pages through an API by its Link headers, as Invoke-RestMethod -FollowRelLink does: the start request, then
    /// the same request to each page's rel="next", one after another, each page's result in order (Index = page
    /// number). It stops after a failed page, a page without "next", a "next" already visited, or the limit.
    /// </summary>
    public sealed class RelLinkPager : IDisposable
    {
        /// <summary>Links followed when the caller sets no limit: as Invoke-RestMethod, none short of a loop or the end.</summary>
        public const int DefaultMaximumFollow = int.MaxValue;

        private readonly CancellationTokenSource _cancel;
        private readonly RunContext _run;
        private readonly int _maximumFollow;
        private readonly HashSet<string> _visited = new HashSet<string>(StringComparer.Ordinal);
        private RequestSpec? _next;
        private long _page;

        /// <summary>Starts paging on <paramref name="session"/> from <paramref name="start"/>; at most <paramref name="maximumFollow"/> links are followed.</summary>
        public RelLinkPager(HttpSession session, RunOptions options, RequestSpec start, int maximumFollow, CancellationToken cancellationToken)
        {
            session.ThrowIfClosed();
            options.Validate();
            if (maximumFollow < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(maximumFollow), maximumFollow, "MaximumFollowRelLink must not be negative.");
            }
            _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, session.ClosingToken);
            _run = new RunContext(session, options, _cancel.Token);
            _maximumFollow = maximumFollow;
            _next = start;
            if (options.Events is TraceEvents events)
            {
                session.Trace.Subscribe(events);
            }
        }

        /// <summary>The next page's result; null when paging is over.</summary>
        public async Task<HttpResult?> NextAsync()
        {
            if (_next is not RequestSpec spec)
            {
                return null;
            }
            _next = null;
            long page = _page++;
            (HttpResult result, OpenBody? open) = await RequestExecutor.OpenAsync(_run, spec, page).ConfigureAwait(false);
            open?.Dispose();
            if (result.RequestUri is not null)
            {
                _visited.Add(result.RequestUri.AbsoluteUri);
            }
            if (result.Error is null && page < _maximumFollow && result.Links.TryGetValue("next", out Uri? next)
                && HttpUri.IsHttp(next) && !_visited.Contains(next.AbsoluteUri))
            {
                _next = new RequestSpec
                {
                    Uri = next.AbsoluteUri,
                    Method = spec.Method,
                    Headers = spec.Headers,
                    Body = spec.Body,
                    ContentType = spec.ContentType,
                    Tag = spec.Tag,
                };
            }
            return result;
        }

        /// <summary>Stops the page in flight.</summary>
        public void Cancel() => _cancel.Cancel();

        /// <inheritdoc/>
        public void Dispose()
        {
            _cancel.Cancel();
            if (_run.Events is TraceEvents events)
            {
                _run.Session.Trace.Unsubscribe(events);
            }
            _run.Session.Trace.File?.Flush();
            _cancel.Dispose();
        }
    }
}
