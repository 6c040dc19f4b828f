using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AsyncHttp.Conversion;

namespace AsyncHttp.Commands
{
    /// <summary>
    /// <para type="synopsis">Sends many HTTP requests at once and emits one result per request as each completes.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "ConcurrentRequest")]
    [OutputType(typeof(HttpResult), typeof(RunSummary))]
    public sealed class InvokeConcurrentRequestCommand : RequestCmdlet
    {
        private const int ProgressId = 1;
        private static readonly long ProgressIntervalMs = 250;
        private RequestRunner? _runner;
        private RunOptions? _options;
        private RequestSpec? _start;
        private HttpSession? _session;
        private bool _showProgress;
        private bool _progressShown;
        private bool _errorsStop;
        private long _nextProgressMs = ProgressIntervalMs;
        private long? _total;
        private long _failed;
        private Stopwatch? _clock;
        private readonly HashSet<string> _unknownKeys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> _warnedKeys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private TraceEvents? _events;
        private RunSummary? _summary;
        private bool _verbose;

        /// <summary>The requests: URIs (strings or [uri]) or objects with Uri (Url, Href), Method, Headers, Body, ContentType and Tag.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [Alias("Url", "Href", "InputObject")]
        [AllowNull]
        [AllowEmptyString]
        [AllowEmptyCollection]
        public object?[]? Uri { get; set; } = Array.Empty<object>();

        /// <summary>The method of requests that set none: GET, POST, … or any other valid token (MERGE, BREW). The default is GET.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(MethodCompleter))]
        public string Method { get; set; } = "GET";

        /// <summary>Headers for every request, over the session's; a request's own win.</summary>
        [Parameter]
        public IDictionary? Headers { get; set; }

        /// <summary>The body of requests that have none: a string, byte[], hashtable (form, or JSON with a JSON content type) or file.</summary>
        [Parameter]
        public object? Body { get; set; }

        /// <summary>The content type of requests that set none.</summary>
        [Parameter]
        public string? ContentType { get; set; }

        /// <summary>Fields sent as multipart/form-data by requests that have no body: text, numbers, files (Get-Item) streamed from disk, or arrays of them.</summary>
        [Parameter]
        [ValidateNotNull]
        public IDictionary? Form { get; set; }

        /// <summary>Query fields added to every request's URI, escaped; an array value repeats the name.</summary>
        [Parameter]
        [ValidateNotNull]
        public IDictionary? Query { get; set; }

        /// <summary>How deep a body sent as JSON may nest, as ConvertTo-Json's -Depth; a deeper body fails as InvalidRequest. The default is 100.</summary>
        [Parameter]
        [ValidateRange(1, 1024)]
        public int Depth { get; set; } = JsonBody.DefaultDepth;

        /// <summary>The encoding of text bodies whose charset is missing or wrong, such as utf-8 or windows-1252. A byte order mark wins. The default is the session's.</summary>
        [Parameter]
        [EncodingArgument]
        [ArgumentCompleter(typeof(EncodingCompleter))]
        public System.Text.Encoding? Encoding { get; set; }

        /// <summary>The session to use. The default is the module's default session.</summary>
        [Parameter]
        public HttpSession? Session { get; set; }

        /// <summary>Requests in flight at once. The default is 32.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int ThrottleLimit { get; set; } = RunOptions.DefaultThrottleLimit;

        /// <summary>Emit results in input order instead of completion order.</summary>
        [Parameter]
        public SwitchParameter Ordered { get; set; }

        /// <summary>Parse each body as JSON into objects, as ConvertFrom-Json reads it.</summary>
        [Parameter]
        public SwitchParameter AsJson { get; set; }

        /// <summary>With -AsJson, JSON objects become ordered hashtables (as ConvertFrom-Json -AsHashtable) instead of PSCustomObjects.</summary>
        [Parameter]
        public SwitchParameter AsHashtable { get; set; }

        /// <summary>Saves each successful body to a file in this folder ("000042-name", by input position and URI) instead of keeping it in Content; the result's OutFile names it.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? OutDirectory { get; set; }

        /// <summary>The largest body, in decoded bytes, kept in memory (Content); a larger one fails as Payload. The default is the session's (256 MiB). Not applied with -OutDirectory.</summary>
        [Parameter]
        [ValidateRange(1L, SessionDefaults.MaximumResponseSizeCeiling)]
        public long MaximumResponseSize { get; set; }

        /// <summary>Follow redirects from https down to plain http for this call. The default is the session's (refused).</summary>
        [Parameter]
        public SwitchParameter AllowInsecureRedirect { get; set; }

        /// <summary>Treat non-2xx responses as successes.</summary>
        [Parameter]
        public SwitchParameter SkipHttpErrorCheck { get; set; }

        /// <summary>Total seconds per request, retries included; 0 for no limit. The default is the session's (100).</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int TimeoutSec { get; set; }

        /// <summary>Seconds per attempt. The default is the session's (30, or TimeoutSec when shorter).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int AttemptTimeoutSec { get; set; }

        /// <summary>Retries after the first attempt, for transient failures. The default is the session's (2).</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int MaximumRetryCount { get; set; }

        /// <summary>Seconds before the first retry; later ones double, with jitter. The default is the session's (1).</summary>
        [Parameter]
        [ValidateRange(0.0, double.MaxValue)]
        public double RetryIntervalSec { get; set; }

        /// <summary>
        /// Sends only share i of N of the input, given as "i/N" (such as "2/4"): the inputs whose position (from 0) modulo N
        /// is i - 1. Results keep their position in the whole input as Index. The default is all of the input.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Partition { get; set; }

        /// <summary>Follows each page's Link rel="next" from one start URI, emitting every page's result in order, as Invoke-RestMethod -FollowRelLink does.</summary>
        [Parameter]
        public SwitchParameter FollowRelLink { get; set; }

        /// <summary>Links followed at most with -FollowRelLink (implies it). The default is no limit short of a page without "next" or a loop.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int MaximumFollowRelLink { get; set; } = RelLinkPager.DefaultMaximumFollow;

        private bool Paging => FollowRelLink.IsPresent || IsBound(nameof(MaximumFollowRelLink));

        /// <summary>After the results, emits a RunSummary: counts by Kind and status, retries, redirects, latency percentiles.</summary>
        [Parameter]
        public SwitchParameter Summary { get; set; }

        /// <inheritdoc/>
        protected override void BeginProcessing()
        {
            HttpSession session = ResolveSession(Session);
            _session = session;
            IList<KeyValuePair<string, string>>? headers = null;
            try
            {
                headers = RequestInput.ToHeaders(Headers);
            }
            catch (InvalidRequestException ex)
            {
                ThrowInvalidArgument(new ArgumentException(ex.Message, nameof(Headers), ex), Headers);
            }
            var options = new RunOptions
            {
                ThrottleLimit = ThrottleLimit,
                Ordered = Ordered.IsPresent,
                AsJson = AsJson.IsPresent,
                Encoding = Encoding,
                JsonReading = AsHashtable ? JsonReading.AsPowerShellHashtables : JsonReading.AsPowerShellObjects,
                SkipHttpErrorCheck = SkipHttpErrorCheck.IsPresent ? true : (bool?)null,
                MaximumResponseSize = IsBound(nameof(MaximumResponseSize)) ? MaximumResponseSize : (long?)null,
                AllowInsecureRedirect = AllowInsecureRedirect.IsPresent ? true : (bool?)null,
                Overrides = new ResilienceOverrides
                {
                    Timeout = IsBound(nameof(TimeoutSec)) ? Seconds.ToTimeout(TimeoutSec) : (TimeSpan?)null,
                    AttemptTimeout = IsBound(nameof(AttemptTimeoutSec)) ? TimeSpan.FromSeconds(AttemptTimeoutSec) : (TimeSpan?)null,
                    MaximumRetryCount = IsBound(nameof(MaximumRetryCount)) ? MaximumRetryCount : (int?)null,
                    RetryInterval = IsBound(nameof(RetryIntervalSec)) ? TimeSpan.FromSeconds(RetryIntervalSec) : (TimeSpan?)null,
                },
                Security = SecurityOverrides(),
                Defaults = new RequestDefaults
                {
                    Method = Method,
                    Headers = headers,
                    Body = RequestInput.ToBody(Body),
                    ContentType = ContentType,
                    Form = (IDictionary?)RequestInput.ToBody(Form),
                    Query = (IDictionary?)RequestInput.ToBody(Query),
                    JsonDepth = Depth,
                },
                JsonConverter = AsHashtable ? PSObjectConverter.ToHashtables : PSObjectConverter.FromJson,
                Events = _events = CreateTraceEvents(),
            };
            if (Partition is not null && Paging)
            {
                ThrowInvalidArgument(new ArgumentException("-FollowRelLink pages from one start URI; -Partition shares many inputs among processes. Give one of them.", nameof(Partition)), Partition);
            }
            if (Partition is not null)
            {
                try
                {
                    options.Partition = InputPartition.Parse(Partition);
                }
                catch (ArgumentException ex)
                {
                    ThrowInvalidArgument(ex, Partition);
                }
            }
            if (AsHashtable && !AsJson)
            {
                ThrowInvalidArgument(new ArgumentException("-AsHashtable shapes what -AsJson reads; give -AsJson too.", nameof(AsHashtable)), AsHashtable);
            }
            _verbose = Shows("Verbose", "VerbosePreference");
            _summary = Summary || _verbose ? new RunSummary() : null;
            if (OutDirectory is not null)
            {
                options.OutDirectory = GetUnresolvedProviderPathFromPSPath(OutDirectory);
                System.IO.Directory.CreateDirectory(options.OutDirectory);
            }
            try
            {
                options.Validate();
                if (!Paging)
                {
                    _runner = new RequestRunner(session, options, CancelToken);
                }
            }
            catch (ArgumentException ex)
            {
                ThrowInvalidArgument(ex, options);
            }
            _errorsStop = ErrorsStop();
            _options = options;
            _clock = Stopwatch.StartNew();
            _showProgress = !Equals(GetVariableValue("ProgressPreference")?.ToString(), nameof(ActionPreference.SilentlyContinue));
            // The count is known when the requests come as an argument, not from the pipeline.
            _total = MyInvocation.ExpectingInput ? (long?)null : Uri?.LongLength ?? 1;
            if (_total is long total && options.Partition is InputPartition share)
            {
                _total = share.CountIn(total);
            }
            string partition = options.Partition is null ? string.Empty : $", share {options.Partition} of the input";
            WriteVerbose($"Sending requests on {session} with ThrottleLimit {ThrottleLimit}{(Ordered ? ", in input order" : string.Empty)}{partition}.");
        }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            // A null input is one request that fails as InvalidRequest, like any other unreadable input.
            foreach (object? input in Uri ?? new object?[] { null })
            {
                if (!Paging && !_runner!.Admit())
                {
                    // Another share's input: not read, not sent, no result here.
                    continue;
                }
                RequestSpec spec = RequestInput.ToSpec(input, _unknownKeys);
                WarnOfUnknownKeys();
                ResolveOutFile(spec);
                if (Paging)
                {
                    if (_start is not null)
                    {
                        ThrowInvalidArgument(new ArgumentException(
                            $"-FollowRelLink pages from one start URI; '{spec.Uri}' is a second one. Run one call per start URI."), input);
                    }
                    _start = spec;
                    continue;
                }
                while (!_runner!.HasRoom)
                {
                    WaitForCompletion();
                    EmitReady();
                }
                _runner.Submit(spec);
            }
            if (!Paging)
            {
                EmitReady();
            }
        }

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            if (Paging)
            {
                EmitPages();
                return;
            }
            while (_runner!.Pending > 0)
            {
                EmitReady();
                if (_runner.Pending > 0)
                {
                    WaitForCompletion();
                }
            }
            CompleteProgress();
            WriteTraceEvents(_events);
            WriteVerbose($"{_runner.Submitted} requests, {_failed} failed, in {_clock!.Elapsed.TotalSeconds:0.###} s.");
            WriteSummary();
            SaveCookieFile(_session!);
        }

        /// <summary>The run's summary: the last verbose line with -Verbose, an object after the results with -Summary.</summary>
        private void WriteSummary()
        {
            if (_summary is null)
            {
                return;
            }
            _summary.Elapsed = _clock!.Elapsed;
            if (_verbose)
            {
                WriteVerbose($"Summary: {_summary}.");
            }
            if (Summary)
            {
                WriteObject(_summary);
            }
        }

        private void EmitPages()
        {
            if (_start is null)
            {
                return;
            }
            using var pager = new RelLinkPager(_session!, _options!, _start, MaximumFollowRelLink, CancelToken);
            while (Await(pager.NextAsync()) is HttpResult result)
            {
                WriteTraceEvents(_events);
                _summary?.Add(result);
                if (result.Index > 0)
                {
                    WriteVerbose($"Following Link rel=\"next\" to page {result.Index}: {(result.RequestUri is null ? "-" : Redact.Uri(result.RequestUri))}.");
                }
                WriteObject(result);
                if (result.Error is not null)
                {
                    WriteError(ErrorRecords.For(result));
                }
            }
            WriteTraceEvents(_events);
            WriteSummary();
            SaveCookieFile(_session!);
        }

        /// <inheritdoc/>
        protected override void Dispose(bool disposing)
        {
            _runner?.Dispose();
        }

        /// <summary>One warning per run for each key of a request record the module does not read: silence made users believe a setting was in force.</summary>
        private void WarnOfUnknownKeys()
        {
            if (_unknownKeys.Count == 0)
            {
                return;
            }
            var fresh = new List<string>();
            foreach (string key in _unknownKeys)
            {
                if (_warnedKeys.Add(key))
                {
                    fresh.Add(key);
                }
            }
            _unknownKeys.Clear();
            if (fresh.Count > 0)
            {
                WriteWarning($"Request records have keys this module does not read, which are ignored: {string.Join(", ", fresh)}. "
                    + $"Known keys: {string.Join(", ", RequestInput.KnownKeys)}.");
            }
        }

        /// <summary>A record's OutFile is a PowerShell path: relative to the current location.</summary>
        private void ResolveOutFile(RequestSpec spec)
        {
            if (spec.OutFile is null || spec.InvalidReason is not null)
            {
                return;
            }
            try
            {
                spec.OutFile = GetUnresolvedProviderPathFromPSPath(spec.OutFile);
            }
            catch (Exception ex) when (ex is ItemNotFoundException || ex is ProviderNotFoundException || ex is DriveNotFoundException || ex is NotSupportedException || ex is ArgumentException || ex is PSInvalidOperationException)
            {
                spec.InvalidReason = $"OutFile '{spec.OutFile}' is not a file system path: {ex.Message}";
            }
        }

        private void WaitForCompletion() => Await(_runner!.WaitAsync(CancelToken));

        /// <summary>One aggregate progress record, at most four times a second, and none for runs shorter than that.</summary>
        private void ReportProgress()
        {
            long now = _clock!.ElapsedMilliseconds;
            if (now < _nextProgressMs)
            {
                return;
            }
            _nextProgressMs = now + ProgressIntervalMs;
            _progressShown = true;
            long done = _runner!.Submitted - _runner.Pending;
            double rate = done / Math.Max(0.001, now / 1000.0);
            string of = _total is long total ? $" of {total}" : string.Empty;
            var record = new ProgressRecord(ProgressId, "Invoke-ConcurrentRequest", $"{done}{of} done, {_failed} failed, {rate:0} requests/s, {_runner.InFlight} in flight");
            if (_total is long known && known > 0)
            {
                record.PercentComplete = (int)Math.Min(100, done * 100 / known);
                record.SecondsRemaining = rate > 0 ? (int)((known - done) / rate) : -1;
            }
            WriteProgress(record);
        }

        /// <summary>Clears the progress bar; a run that ends early (Select-Object -First, -ErrorAction Stop) must not leave it up.</summary>
        private void CompleteProgress()
        {
            if (!_progressShown)
            {
                return;
            }
            _progressShown = false;
            try
            {
                WriteProgress(new ProgressRecord(ProgressId, "Invoke-ConcurrentRequest", "Done") { RecordType = ProgressRecordType.Completed });
            }
            catch (PipelineStoppedException)
            {
                // Stopped by Ctrl+C: the host clears progress itself.
            }
        }

        private void EmitReady()
        {
            if (_showProgress)
            {
                ReportProgress();
            }
            WriteTraceEvents(_events);
            while (_runner!.TryTake(out HttpResult result))
            {
                _summary?.Add(result);
                try
                {
                    if (result.Error is null)
                    {
                        WriteObject(result);
                        continue;
                    }
                    _failed++;
                    // Under Stop the error ends the command: the failed result travels only as its TargetObject, as
                    // Invoke-RestMethod writes nothing on failure, and no table prints inside a try.
                    if (!_errorsStop)
                    {
                        WriteObject(result);
                    }
                    WriteError(ErrorRecords.For(result));
                }
                catch
                {
                    // -ErrorAction Stop, or a consumer that wants no more (Select-Object -First): the run ends here,
                    // and what is in flight ends with it, before the command returns (partial files included).
                    _runner.Dispose();
                    CompleteProgress();
                    throw;
                }
            }
        }
    }
}
