using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net.Http;

namespace AsyncHttp
{
    /// <summary>
    /// The record of one request as it runs: a step per hop of each attempt, the final hop's timings, and, when
    /// anyone listens, its events (to the run's queue, the session's trace file and the module's spans). With no one
    /// listening it only fills the history and the timings.
    /// </summary>
    internal sealed class RequestTrace
    {
        private readonly List<HttpStep> _steps = new List<HttpStep>(1);
        private readonly TimeProvider _clock;
        private readonly TraceEvents? _events;
        private readonly TraceFile? _file;
        private readonly long _index;
        private readonly string _method;
        private readonly bool _measuresConnections;
        private HopTiming? _hop;
        private long _hopStarted;
        private TimeSpan _redirect;
        private TimeSpan? _body;
        private int _attempt;
#if NET
        private Activity? _requestSpan;
        private Activity? _attemptSpan;
#endif

        public RequestTrace(long index, string method, TimeProvider clock, TraceEvents? events, TraceFile? file, bool measuresConnections)
        {
            _index = index;
            _method = method;
            _clock = clock;
            _events = events;
            _file = file;
            _measuresConnections = measuresConnections;
        }

        public IReadOnlyList<HttpStep> Steps => _steps;

        private bool Emits => _events is not null || _file is not null;

        /// <summary>The request is about to be sent for the first time.</summary>
        public void Start(Uri uri)
        {
#if NET
            _requestSpan = ModuleActivity.Source.StartActivity("AsyncHttp.Request", ActivityKind.Internal);
            if (_requestSpan is not null)
            {
                _requestSpan.SetTag("http.request.method", _method);
                _requestSpan.SetTag("url.full", Redact.Uri(uri));
                _requestSpan.SetTag("asynchttp.index", _index);
            }
#endif
            if (Emits)
            {
                Emit(Event("request.start", TraceLevel.Trace, $"Request #{_index}: {_method} {Redact.Uri(uri)}.", uri));
            }
        }

        /// <summary>A hop is sent: hop 0 starts an attempt. Returns what the connection side fills in.</summary>
        public HopTiming BeginHop(int hop, HttpMethod method, Uri uri)
        {
            if (hop == 0)
            {
                _attempt++;
                _redirect = TimeSpan.Zero;
                _body = null;
#if NET
                if (_requestSpan is not null)
                {
                    // A child of the request's span; the handler's own HTTP span becomes its child in turn.
                    _attemptSpan = ModuleActivity.Source.StartActivity("AsyncHttp.Attempt", ActivityKind.Client, _requestSpan.Context);
                    _attemptSpan?.SetTag("asynchttp.attempt", _attempt);
                }
#endif
                if (Emits)
                {
                    Emit(Event("attempt.start", TraceLevel.Trace, $"Request #{_index}: attempt {_attempt}.", uri));
                }
            }
            _steps.Add(new HttpStep { Attempt = _attempt, Hop = hop, Started = _clock.GetUtcNow(), Method = method.Method, RawUri = uri });
            _hopStarted = _clock.GetTimestamp();
            var timing = new HopTiming(Stopwatch.GetTimestamp());
            _hop = timing;
            if (_measuresConnections)
            {
                HopTiming.Current.Value = timing;
            }
            return timing;
        }

        /// <summary>The hop's response headers came; <paramref name="next"/> is where it redirects, when it is followed.</summary>
        public void EndHop(int status, Uri? next)
        {
            HttpStep step = _steps[_steps.Count - 1];
            step.Elapsed = _clock.GetElapsedTime(_hopStarted);
            step.StatusCode = status;
            if (_measuresConnections)
            {
                _hop!.AssumeReused();
                HopTiming.Current.Value = null;
            }
            step.Reused = _hop!.Reused;
            if (Emits)
            {
                EmitConnection(step);
                TraceEvent response = Event("response", TraceLevel.Trace, $"Request #{_index}: {status} from {step.Uri} in {HttpTimings.Ms(step.Elapsed)}.", step.RawUri);
                response.StatusCode = status;
                response.Elapsed = step.Elapsed;
                Emit(response);
            }
            if (next is not null)
            {
                step.Next = "Redirect";
                _redirect += step.Elapsed;
                if (Emits)
                {
                    TraceEvent redirect = Event("redirect", TraceLevel.Verbose,
                        $"Request #{_index}: redirect {step.Hop + 1}, {status} from {step.Uri} to {Redact.Uri(next)}.", next);
                    redirect.StatusCode = status;
                    redirect.Reason = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    Emit(redirect);
                }
            }
        }

        /// <summary>The hop failed before its headers came.</summary>
        public void FailHop(ErrorKind kind)
        {
            HttpStep step = _steps[_steps.Count - 1];
            step.Elapsed = _clock.GetElapsedTime(_hopStarted);
            step.Kind = kind;
            if (_measuresConnections)
            {
                HopTiming.Current.Value = null;
            }
            step.Reused = _hop!.Reused;
        }

        public void BodyRead(TimeSpan took) => _body = took;

        /// <summary>The attempt is over (its body read, or failed); ends its span.</summary>
        public void EndAttempt(int? status, ErrorKind? kind)
        {
#if NET
            if (_attemptSpan is not null)
            {
                SetOutcome(_attemptSpan, status, kind);
                if (_hop is HopTiming hop)
                {
                    _attemptSpan.SetTag("asynchttp.reused", hop.Reused);
                    _attemptSpan.SetTag("asynchttp.dns_ms", hop.Dns?.TotalMilliseconds);
                    _attemptSpan.SetTag("asynchttp.connect_ms", hop.Connect?.TotalMilliseconds);
                    _attemptSpan.SetTag("asynchttp.tls_ms", hop.Tls?.TotalMilliseconds);
                }
                _attemptSpan.SetTag("asynchttp.body_ms", _body?.TotalMilliseconds);
                _attemptSpan.Stop();
                _attemptSpan = null;
            }
#endif
            if (Emits)
            {
                TraceEvent end = Event("attempt.end", TraceLevel.Trace, $"Request #{_index}: attempt {_attempt} ended: {status?.ToString() ?? kind?.ToString()}.", null);
                end.StatusCode = status;
                end.Kind = kind;
                Emit(end);
            }
        }

        /// <summary>The pipeline retries: the attempt that just ended failed, and the next waits <paramref name="wait"/>.</summary>
        public void Retrying(int retry, int maximumRetries, TimeSpan wait, bool retryAfter, ErrorKind kind)
        {
            if (_steps.Count == 0)
            {
                return;
            }
            HttpStep step = _steps[_steps.Count - 1];
            step.Kind = kind;
            step.Next = "Retry";
            step.Wait = wait;
            step.WaitReason = retryAfter ? "RetryAfter" : "Backoff";
            if (Emits)
            {
                string outcome = step.StatusCode is int status ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : kind.ToString();
                TraceEvent e = Event("retry", TraceLevel.Verbose,
                    $"Request #{_index}: retry {retry} of {maximumRetries} after {outcome} from {step.Uri}, waiting {wait.TotalSeconds:0.###} s ({(retryAfter ? "Retry-After" : "backoff")}).", step.RawUri);
                e.StatusCode = step.StatusCode;
                e.Kind = kind;
                e.Wait = wait;
                e.Reason = step.WaitReason;
                Emit(e);
            }
        }

        /// <summary>The request is over; its timings, from the final hop. Kind is the failure the result reports.</summary>
        public HttpTimings Finish(int? status, ErrorKind? kind, TimeSpan total)
        {
            var timings = new HttpTimings { Total = total, Body = _body, Redirect = _redirect };
            if (_steps.Count > 0)
            {
                HttpStep last = _steps[_steps.Count - 1];
                if (kind is not null && last.Kind is null)
                {
                    last.Kind = kind;
                }
                timings.FirstByte = last.Elapsed;
                timings.Reused = _hop!.Reused;
                timings.Dns = _hop.Dns;
                timings.Connect = _hop.Connect;
                timings.Tls = _hop.Tls;
                timings.ConnectionId = _hop.Connection?.Id;
            }
#if NET
            if (_requestSpan is not null)
            {
                SetOutcome(_requestSpan, status, kind);
                _requestSpan.SetTag("asynchttp.attempts", _attempt);
                _requestSpan.SetTag("asynchttp.total_ms", total.TotalMilliseconds);
                _requestSpan.SetTag("asynchttp.first_byte_ms", timings.FirstByte.TotalMilliseconds);
                _requestSpan.Stop();
            }
#endif
            if (Emits)
            {
                TraceEvent end = Event("request.end", TraceLevel.Trace,
                    $"Request #{_index}: {status?.ToString() ?? "-"}{(kind is null ? string.Empty : " " + kind)} after {_attempt} attempt(s): {timings}.", null);
                end.StatusCode = status;
                end.Kind = kind;
                end.Elapsed = total;
                end.Timings = timings;
                Emit(end);
            }
            return timings;
        }

        private void EmitConnection(HttpStep step)
        {
            if (_hop?.Reused is not bool reused)
            {
                return;
            }
            long? id = _hop.Connection?.Id;
            string which = id is null ? "a connection" : $"connection {id}";
            TraceEvent e = reused
                ? Event("connection.reused", TraceLevel.Debug, $"Request #{_index}: reused {which}.", step.RawUri)
                : Event("connection.new", TraceLevel.Debug,
                    $"Request #{_index}: new {which}: dns {HttpTimings.Ms(_hop.Dns)}, connect {HttpTimings.Ms(_hop.Connect)}, tls {HttpTimings.Ms(_hop.Tls)}.", step.RawUri);
            e.ConnectionId = id;
            Emit(e);
        }

#if NET
        private static void SetOutcome(Activity span, int? status, ErrorKind? kind)
        {
            span.SetTag("http.response.status_code", status);
            if (kind is ErrorKind failure)
            {
                span.SetTag("asynchttp.kind", failure.ToString());
                span.SetStatus(ActivityStatusCode.Error, failure.ToString());
            }
        }
#endif

        private TraceEvent Event(string name, TraceLevel level, string message, Uri? uri) =>
            new TraceEvent(name, level, _clock.GetUtcNow())
            {
                Message = message,
                Index = _index,
                Attempt = _attempt == 0 ? (int?)null : _attempt,
                Hop = _steps.Count == 0 ? (int?)null : _steps[_steps.Count - 1].Hop,
                Method = _method,
                Uri = uri is null ? null : Redact.Uri(uri),
            };

        private void Emit(TraceEvent e)
        {
            _events?.Add(e);
            _file?.Write(e);
        }
    }
}
