using System;
using System.Diagnostics;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Polly;

namespace AsyncHttp
{
    /// <summary>Runs one request through the resilience pipeline and turns whatever happens into one result. Never throws.</summary>
    internal sealed class RequestExecutor
    {
        private readonly RunContext _run;
        private readonly PreparedRequest _request;
        private readonly long _index;
        private int _attempts;

        private RequestExecutor(RunContext run, PreparedRequest request, long index)
        {
            _run = run;
            _request = request;
            _index = index;
        }

        public static async Task<HttpResult> ExecuteAsync(RunContext run, RequestSpec spec, long index)
        {
            var result = new HttpResult { Index = index, Tag = spec.Tag, Method = (spec.Method ?? run.Options.Defaults.Method).Trim().ToUpperInvariant() };
            long started = Stopwatch.GetTimestamp();
            try
            {
                HttpSession session = run.Session;
                PreparedRequest request = PreparedRequest.Prepare(spec, run.Options.Defaults, session.BaseUri, session.Options.Headers);
                result.RequestUri = request.Uri;
                if (session.Authorization is not null && request.Uri.Scheme == Uri.UriSchemeHttp && !session.Options.AllowUnencryptedAuthentication)
                {
                    throw new InvalidRequestException(
                        $"The session's credentials are not sent over unencrypted http ({Redact.Uri(request.Uri)}); use https, or -AllowUnencryptedAuthentication.");
                }
                if (session.IsClosed)
                {
                    throw new OperationCanceledException("The session was closed.");
                }
                var executor = new RequestExecutor(run, request, index);
                ResilienceContext context = ResilienceContextPool.Shared.Get(run.CancellationToken);
                try
                {
                    context.Properties.Set(ResiliencePipelines.MayRetry, request.IsIdempotent || run.Resilience.RetryNonIdempotent);
                    Outcome<AttemptResponse> outcome = await run.Pipeline.ExecuteOutcomeAsync(
                        static (ctx, self) => self.AttemptAsync(ctx), context, executor).ConfigureAwait(false);
                    result.Attempts = executor._attempts;
                    if (outcome.Exception is Exception exception)
                    {
                        result.Error = ResultBuilder.FromException(exception, executor._attempts, run, request);
                    }
                    else
                    {
                        ResultBuilder.FromResponse(result, outcome.Result!, run);
                        result.OpenResponse = outcome.Result!.OpenResponse;
                    }
                }
                finally
                {
                    ResilienceContextPool.Shared.Return(context);
                }
            }
            catch (InvalidRequestException ex)
            {
                result.Error = new HttpError(ErrorKind.InvalidRequest, ex.Message, ex);
            }
            catch (Exception ex)
            {
                // Nothing may escape: one request's surprise must not end the run.
                result.Error = new HttpError(ErrorClassifier.Classify(ex), ex.Message, ex) { Attempts = result.Attempts };
            }
            result.Elapsed = Elapsed(started);
            return result;
        }

        private async ValueTask<Outcome<AttemptResponse>> AttemptAsync(ResilienceContext context)
        {
            HostBreakers? breakers = _run.Session.Breakers;
            if (breakers is null)
            {
                return await SendAsync(context).ConfigureAwait(false);
            }
            ResilienceContext inner = ResilienceContextPool.Shared.Get(context.CancellationToken);
            try
            {
                return await breakers.For(_request.Uri)
                    .ExecuteOutcomeAsync(static (ctx, self) => self.SendAsync(ctx), inner, this)
                    .ConfigureAwait(false);
            }
            finally
            {
                ResilienceContextPool.Shared.Return(inner);
            }
        }

        /// <summary>
        /// One attempt: sends, follows redirects up to the session's limit (a response past the limit is returned as it
        /// is), and reads the body. One method, because it runs for every request and each async layer costs.
        /// </summary>
        private async ValueTask<Outcome<AttemptResponse>> SendAsync(ResilienceContext context)
        {
            // Counted here, past the breaker: an attempt is a request that was sent.
            Interlocked.Increment(ref _attempts);
            try
            {
                HttpSession session = _run.Session;
                SessionOptions options = session.Options;
                CancellationToken cancellationToken = context.CancellationToken;
                Uri uri = _request.Uri;
                HttpMethod method = _request.Method;
                bool withBody = true;
                bool credentials = true;
                HttpResponseMessage response;
                for (int hop = 0; ; hop++)
                {
                    using HttpRequestMessage message = _request.CreateMessage(uri, method, withBody, credentials, session.Authorization, session.HttpVersion);
                    response = await session.Client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                    Uri? next = Redirects.Target(response, uri);
                    if (next is null || hop >= options.MaximumRedirection)
                    {
                        break;
                    }
                    (method, withBody) = Redirects.MethodAfter(response.StatusCode, method);
                    // Credentials stay with their origin, unless the caller says otherwise; never over a downgrade to http.
                    credentials = credentials && !(Redirects.IsDowngrade(uri, next) && !options.AllowUnencryptedAuthentication)
                        && (options.PreserveAuthorizationOnRedirect || Redirects.SameOrigin(uri, next));
                    response.Dispose();
                    uri = next;
                }
                if (_run.KeepResponseOpen && StatusCodes.IsSuccess((int)response.StatusCode))
                {
                    // A stream or download: the caller reads the body, with no total time limit.
                    return Outcome.FromResult(new AttemptResponse(response, BodyBuffer.Empty, keepOpen: true));
                }
                using (response)
                {
                    if (_run.Options.OutDirectory is string folder && StatusCodes.IsSuccess((int)response.StatusCode))
                    {
                        string path = BodyFile.PathFor(folder, _index, response.RequestMessage?.RequestUri ?? uri);
                        long length = await BodyFile.SaveAsync(response.Content, path, options.ReadTimeout, cancellationToken).ConfigureAwait(false);
                        return Outcome.FromResult(new AttemptResponse(response, BodyBuffer.Empty) { OutFile = path, SavedLength = length });
                    }
                    BodyBuffer body = await BodyReader.ReadAsync(response.Content, options.ReadTimeout, cancellationToken).ConfigureAwait(false);
                    return Outcome.FromResult(new AttemptResponse(response, body));
                }
            }
            catch (Exception ex)
            {
                return Outcome.FromException<AttemptResponse>(ex);
            }
        }

        private static TimeSpan Elapsed(long started) =>
            TimeSpan.FromTicks((long)((Stopwatch.GetTimestamp() - started) * ((double)TimeSpan.TicksPerSecond / Stopwatch.Frequency)));
    }
}
