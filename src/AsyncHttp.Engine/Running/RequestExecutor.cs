using System;
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
        private readonly RequestTrace _trace;
        private int _attempts;

        private RequestExecutor(RunContext run, PreparedRequest request, long index, RequestTrace trace)
        {
            _run = run;
            _request = request;
            _index = index;
            _trace = trace;
        }

        /// <summary>
        /// One request: its result, and when the run keeps bodies open and the response is not a failure, the body to
        /// read. Exactly one of the two holds: an open body, or a result with an error.
        /// </summary>
        public static async Task<(HttpResult Result, OpenBody? Body)> OpenAsync(RunContext run, RequestSpec spec, long index)
        {
            var result = new HttpResult { Index = index, Tag = spec.Tag, Method = (spec.Method ?? run.Options.Defaults.Method).Trim() };
            TimeProvider clock = run.Session.Options.TimeProvider;
            long started = clock.GetTimestamp();
            AttemptResponse? last = null;
            RequestTrace? trace = null;
            // What a failure's message tells of where it happened; made only when one does.
            Uri? uri = null;
            bool viaProxy = false;
            try
            {
                HttpSession session = run.Session;
                PreparedRequest request = PreparedRequest.Prepare(spec, run.Defaults, session.BaseUri, session.Headers);
                result.RequestUri = request.Uri;
                result.Method = request.Method.Method;
                ResiliencePipeline<AttemptResponse> pipeline = run.PipelineFor(request);
                uri = request.Uri;
                viaProxy = session.UsesProxy(request.Uri);
                if (run.Security.Authorization is not null && request.Uri.Scheme == Uri.UriSchemeHttp && !session.Options.AllowUnencryptedAuthentication)
                {
                    throw new InvalidRequestException(
                        $"The credentials are not sent over unencrypted http ({Redact.Uri(request.Uri)}); use https, or -AllowUnencryptedAuthentication.");
                }
                if (session.IsClosed)
                {
                    throw new OperationCanceledException("The session was closed.");
                }
                trace = run.TraceRequest(index, result.Method);
                trace.Start(request.Uri);
                var executor = new RequestExecutor(run, request, index, trace);
                ResilienceContext context = ResilienceContextPool.Shared.Get(run.CancellationToken);
                try
                {
                    context.Properties.Set(ResiliencePipelines.MayRetry, request.IsIdempotent || run.Resilience.RetryNonIdempotent);
                    context.Properties.Set(ResiliencePipelines.Trace, trace);
                    Outcome<AttemptResponse> outcome = await pipeline.ExecuteOutcomeAsync(
                        static (ctx, self) => self.AttemptAsync(ctx), context, executor).ConfigureAwait(false);
                    result.Attempts = executor._attempts;
                    if (outcome.Exception is Exception exception)
                    {
                        result.Error = HttpErrors.FromException(exception, SceneOf(run, uri, viaProxy, result.Attempts));
                    }
                    else
                    {
                        last = outcome.Result!;
                        ResultBuilder.FromResponse(result, last, run, request.SkipHttpErrorCheck);
                    }
                }
                finally
                {
                    ResilienceContextPool.Shared.Return(context);
                }
            }
            catch (Exception ex)
            {
                // Nothing may escape: one request's surprise must not end the run.
                result.Error = HttpErrors.FromException(ex, SceneOf(run, uri, viaProxy, result.Attempts));
            }
            result.Elapsed = clock.GetElapsedTime(started);
            if (trace is null)
            {
                result.Timings = new HttpTimings { Total = result.Elapsed };
            }
            else
            {
                result.Timings = trace.Finish(result.StatusCode, result.Error?.Kind, result.Elapsed);
                result.History = trace.Steps;
            }
            OpenBody? open = null;
            if (last?.OpenResponse is HttpResponseMessage response)
            {
                if (result.Error is null)
                {
                    open = new OpenBody(result, response);
                }
                else
                {
                    last.Dispose();
                }
            }
            else if (result.Error is null && run.BodyFate == BodyFate.KeepOpen)
            {
                // The attempt and the result must agree on what is a failure; if they ever do not, say so rather than hand back nothing.
                result.Error = new HttpError(ErrorKind.Payload, "The response was read before it could be streamed.") { StatusCode = result.StatusCode, Attempts = result.Attempts };
            }
            return (result, open);
        }

        private static FailureScene SceneOf(RunContext run, Uri? uri, bool viaProxy, int attempts) => new FailureScene
        {
            Stage = FailureStage.Request,
            ConnectTimeout = run.Session.Options.ConnectTimeout ?? SessionDefaults.ConnectTimeout,
            Uri = uri,
            ViaProxy = viaProxy,
            SessionClosed = run.Session.IsClosed,
            Attempts = attempts,
        };

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
        /// is), and does with the body what the run chose. One method, because it runs for every request and each async layer costs.
        /// </summary>
        private async ValueTask<Outcome<AttemptResponse>> SendAsync(ResilienceContext context)
        {
            // Counted here, past the breaker: an attempt is a request that was sent.
            Interlocked.Increment(ref _attempts);
            RequestTrace trace = _trace;
            try
            {
                HttpSession session = _run.Session;
                SessionOptions options = session.Options;
                SecurityPolicy security = _run.Security;
                CancellationToken cancellationToken = context.CancellationToken;
                Uri uri = _request.Uri;
                HttpMethod method = _request.Method;
                bool withBody = true;
                bool credentials = true;
                HttpResponseMessage response;
                for (int hop = 0; ; hop++)
                {
                    using HttpRequestMessage message = _request.CreateMessage(uri, method, withBody, credentials, security.Authorization, session.HttpVersion);
                    HopTiming timing = trace.BeginHop(hop, method, uri);
#if NET
                    // HTTP/2 ties a hop to its connection through the request (HTTP/1.x through its write); the options
                    // are a dictionary made on first use, so HTTP/1.x requests go without.
                    if (session.MeasuresConnections && session.HttpVersion.Major >= 2)
                    {
                        message.Options.Set(ConnectionTracer.HopKey, timing);
                    }
#endif
                    try
                    {
                        response = await security.Client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex)
                    {
                        trace.FailHop(KindOf(ex, context));
                        throw;
                    }
                    if (hop >= security.MaximumRedirection || !Redirects.IsRedirect(response))
                    {
                        trace.EndHop((int)response.StatusCode, null);
                        break;
                    }
                    Uri next;
                    try
                    {
                        next = Redirects.Target(response, uri, _run.AllowInsecureRedirect);
                    }
                    catch (RedirectRefusedException)
                    {
                        trace.EndHop((int)response.StatusCode, null);
                        response.Dispose();
                        throw;
                    }
                    trace.EndHop((int)response.StatusCode, next);
                    (method, withBody) = Redirects.MethodAfter(response.StatusCode, method, security.PreserveHttpMethodOnRedirect);
                    // Credentials stay with their origin, unless the caller says otherwise; never over a downgrade to http.
                    credentials = credentials && !(Redirects.IsDowngrade(uri, next) && !options.AllowUnencryptedAuthentication)
                        && (options.PreserveAuthorizationOnRedirect || Redirects.SameOrigin(uri, next));
                    response.Dispose();
                    uri = next;
                }
                try
                {
                    DeclaredLength.Check(response);
                }
                catch (PayloadException)
                {
                    response.Dispose();
                    throw;
                }
                DateTimeOffset now = options.TimeProvider.GetUtcNow();
                // A failure's body is always read: its start goes into the error.
                int status = (int)response.StatusCode;
                ErrorKind? failure = _run.FailureOf(status, response.Headers.Contains("Location"), _request.SkipHttpErrorCheck);
                BodyFate fate = failure is not null ? BodyFate.Buffer
                    : _request.OutFile is not null && _run.BodyFate != BodyFate.KeepOpen ? BodyFate.SaveToFolder
                    : _run.BodyFate;
                if (fate == BodyFate.KeepOpen)
                {
                    // The caller reads the body, with no total time limit.
                    trace.EndAttempt(status, failure);
                    return Outcome.FromResult(new AttemptResponse(response, BodyBuffer.Empty, now, keepOpen: true));
                }
                using (response)
                {
                    long bodyStarted = options.TimeProvider.GetTimestamp();
                    AttemptResponse attempt;
                    if (fate == BodyFate.SaveToFolder)
                    {
                        string path = _request.OutFile ?? BodyFile.PathFor(_run.Options.OutDirectory!, _index, response.RequestMessage?.RequestUri ?? uri);
                        long length = await BodyFile.SaveAsync(response.Content, path, options.ReadTimeout, cancellationToken).ConfigureAwait(false);
                        attempt = new AttemptResponse(response, BodyBuffer.Empty, now) { OutFile = path, SavedLength = length };
                    }
                    else
                    {
                        BodyBuffer body = await BodyReader.ReadAsync(response.Content, options.ReadTimeout, _run.MaximumResponseSize, cancellationToken).ConfigureAwait(false);
                        attempt = new AttemptResponse(response, body, now);
                    }
                    trace.BodyRead(options.TimeProvider.GetElapsedTime(bodyStarted));
                    trace.EndAttempt(status, failure);
                    return Outcome.FromResult(attempt);
                }
            }
            catch (Exception ex)
            {
                trace.EndAttempt(null, KindOf(ex, context));
                return Outcome.FromException<AttemptResponse>(ex);
            }
        }

        /// <summary>What an attempt's failure is: a cancellation that the run did not ask for is the pipeline's timeout.</summary>
        private ErrorKind KindOf(Exception exception, ResilienceContext context)
        {
            if (exception is OperationCanceledException && context.CancellationToken.IsCancellationRequested && !_run.CancellationToken.IsCancellationRequested)
            {
                return ErrorKind.Timeout;
            }
            return ErrorClassifier.Classify(exception);
        }
    }
}
