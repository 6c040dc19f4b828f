using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using System.Threading.Tasks;
using AsyncHttp.Conversion;

namespace AsyncHttp.Commands
{
    /// <summary>
    /// <para type="synopsis">Streams one response body as it arrives: chunks, lines, JSON lines, server-sent events, or to a file.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Receive, "HttpStream", DefaultParameterSetName = StreamSet)]
    [OutputType(typeof(string), typeof(HttpChunk), typeof(PSObject), typeof(ServerSentEvent), ParameterSetName = new[] { StreamSet })]
    [OutputType(typeof(DownloadResult), ParameterSetName = new[] { FileSet })]
    public sealed class ReceiveHttpStreamCommand : RequestCmdlet
    {
        private const string StreamSet = "Stream";
        private const string FileSet = "File";
        private const int ProgressId = 1;
        private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);
        private HttpStream? _stream;

        /// <summary>The URI, absolute or relative to the session's BaseUri.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Url", "Href")]
        [ValidateNotNullOrEmpty]
        public string Uri { get; set; } = string.Empty;

        /// <summary>The HTTP method. The default is GET.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(MethodCompleter))]
        public string Method { get; set; } = "GET";

        /// <summary>Headers of the request, over the session's.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public IDictionary? Headers { get; set; }

        /// <summary>The request body: a string, byte[], hashtable (form, or JSON with a JSON content type) or file.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public object? Body { get; set; }

        /// <summary>The content type of the body.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? ContentType { get; set; }

        /// <summary>The session to use. The default is the module's default session.</summary>
        [Parameter]
        public HttpSession? Session { get; set; }

        /// <summary>How the body is emitted: Chunks (byte chunks with offsets), Lines (text), JsonLines (one object per line) or ServerSentEvents. The default is Lines.</summary>
        [Parameter(ParameterSetName = StreamSet)]
        public StreamMode As { get; set; } = StreamMode.Lines;

        /// <summary>Saves the body to this file instead, and emits one summary (path, bytes, elapsed, rate, SHA-256). The file appears only when complete.</summary>
        [Parameter(Mandatory = true, ParameterSetName = FileSet)]
        [ValidateNotNullOrEmpty]
        public string OutFile { get; set; } = string.Empty;

        /// <summary>Continues an earlier partial download of -OutFile with a Range request, or starts over when the server cannot resume.</summary>
        [Parameter(ParameterSetName = FileSet)]
        public SwitchParameter Resume { get; set; }

        /// <summary>Longest silence, in seconds, while reading the body. The default is the session's (30). Bodies have no total time limit.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int ReadTimeoutSec { get; set; }

        /// <summary>Seconds until the response headers, retries included. The default is the session's (100).</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int TimeoutSec { get; set; }

        /// <summary>Follow redirects from https down to plain http. The default is the session's (refused).</summary>
        [Parameter]
        public SwitchParameter AllowInsecureRedirect { get; set; }

        /// <summary>Retries for transient failures before the body starts. The default is the session's (2).</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int MaximumRetryCount { get; set; }

        /// <summary>The name of a variable that receives the response's status code, as with Invoke-RestMethod (no $).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? StatusCodeVariable { get; set; }

        /// <summary>The name of a variable that receives the response's headers, as with Invoke-RestMethod (no $).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ResponseHeadersVariable { get; set; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            HttpSession session = ResolveSession(Session);
            StreamOptions options = BuildOptions();
            var spec = new RequestSpec { Uri = Uri, Method = Method, Headers = RequestInput.ToHeaders(Headers), Body = RequestInput.ToBody(Body), ContentType = ContentType };
            try
            {
                if (ParameterSetName == FileSet)
                {
                    Download(session, spec, options);
                }
                else
                {
                    Stream(session, spec, options);
                }
            }
            finally
            {
                SaveCookieFile(session);
            }
        }

        /// <inheritdoc/>
        protected override void Dispose(bool disposing)
        {
            _stream?.Dispose();
        }

        private StreamOptions BuildOptions()
        {
            return new StreamOptions
            {
                Mode = As,
                JsonConverter = PSObjectConverter.FromJson,
                Security = SecurityOverrides(),
                ReadTimeout = IsBound(nameof(ReadTimeoutSec)) ? TimeSpan.FromSeconds(ReadTimeoutSec) : (TimeSpan?)null,
                AllowInsecureRedirect = AllowInsecureRedirect.IsPresent ? true : (bool?)null,
                Overrides = new ResilienceOverrides
                {
                    Timeout = IsBound(nameof(TimeoutSec)) ? Seconds.ToTimeout(TimeoutSec) : (TimeSpan?)null,
                    MaximumRetryCount = IsBound(nameof(MaximumRetryCount)) ? MaximumRetryCount : (int?)null,
                },
                Events = CreateTraceEvents(),
            };
        }

        private void Stream(HttpSession session, RequestSpec spec, StreamOptions options)
        {
            _stream = Await(HttpStream.OpenAsync(session, spec, options, CancelToken));
            WriteTraceEvents(options.Events);
            IAsyncEnumerator<object>? items = null;
            try
            {
                SetResponseVariables(_stream.Response.StatusCode, _stream.Response.Headers);
                if (!_stream.IsOpen)
                {
                    WriteError(ErrorRecords.For(_stream.Response));
                    return;
                }
                WriteVerbose($"{_stream.Response.StatusCode} from {Redact.Uri(_stream.Response.Uri)}; reading the body as {options.Mode}.");
                items = _stream.ReadAsync(CancelToken).GetAsyncEnumerator(CancelToken);
                while (Await(items.MoveNextAsync().AsTask()))
                {
                    Emit(items.Current);
                }
            }
            catch (HttpStreamException ex)
            {
                _stream.Response.Error = ex.Error;
                _stream.Response.ContentLength = ex.BytesReceived;
                WriteError(ErrorRecords.For(_stream.Response));
            }
            finally
            {
                // Closing the response here frees the connection at once when a consumer stops early.
                _stream.Dispose();
                _stream = null;
                if (items is not null)
                {
                    Await(items.DisposeAsync().AsTask());
                }
            }
        }

        private void Emit(object item)
        {
            if (item is JsonLine line)
            {
                if (line.Error is null)
                {
                    WriteObject(line.Value);
                    return;
                }
                // A bad line is one error; the stream goes on.
                WriteError(new ErrorRecord(new FormatException(line.Error), "AsyncHttp.JsonLine", ErrorCategory.InvalidData, line));
                return;
            }
            WriteObject(item);
        }

        private void Download(HttpSession session, RequestSpec spec, StreamOptions options)
        {
            var progress = new TransferProgress();
            var download = new DownloadOptions { Path = GetUnresolvedProviderPathFromPSPath(OutFile), Resume = Resume.IsPresent, Stream = options };
            Task<(DownloadResult? Download, HttpResult? Failure)> task = FileDownload.DownloadAsync(session, spec, download, progress, CancelToken);
            var clock = Stopwatch.StartNew();
            string activity = $"Downloading {System.IO.Path.GetFileName(download.Path)}";
            bool showProgress = !Equals(GetVariableValue("ProgressPreference"), ActionPreference.SilentlyContinue);
            // The copy runs on its own; this thread only reports, a few times a second, so progress never slows the transfer.
            while (!WaitFor(task, ProgressInterval))
            {
                WriteTraceEvents(options.Events);
                if (showProgress)
                {
                    WriteProgress(Describe(activity, progress, clock.Elapsed));
                }
            }
            if (showProgress)
            {
                WriteProgress(new ProgressRecord(ProgressId, activity, "Done") { RecordType = ProgressRecordType.Completed });
            }
            var (result, failure) = Await(task);
            WriteTraceEvents(options.Events);
            SetResponseVariables(result?.StatusCode ?? failure?.StatusCode, result?.Headers ?? failure?.Headers);
            if (failure is not null)
            {
                if (failure.Error?.Kind == ErrorKind.Canceled && CancelToken.IsCancellationRequested)
                {
                    throw new PipelineStoppedException();
                }
                WriteError(ErrorRecords.For(failure));
                return;
            }
            if (result!.RestartReason is string reason)
            {
                WriteWarning(reason);
            }
            WriteObject(result);
        }

        /// <summary>Sets -StatusCodeVariable and -ResponseHeadersVariable in the caller's scope, before the body is read; null when no response came.</summary>
        private void SetResponseVariables(int? statusCode, IReadOnlyDictionary<string, string>? headers)
        {
            if (StatusCodeVariable is not null)
            {
                SessionState.PSVariable.Set(StatusCodeVariable, statusCode);
            }
            if (ResponseHeadersVariable is not null)
            {
                var table = new Hashtable(StringComparer.OrdinalIgnoreCase);
                foreach (KeyValuePair<string, string> header in headers ?? HttpResult.EmptyHeaders)
                {
                    table[header.Key] = header.Value;
                }
                SessionState.PSVariable.Set(ResponseHeadersVariable, statusCode is null ? null : table);
            }
        }

        // Each record is new: PowerShell keeps the objects it is given, so one reused record would change after the fact.
        private static ProgressRecord Describe(string activity, TransferProgress progress, TimeSpan elapsed)
        {
            var record = new ProgressRecord(ProgressId, activity, "Starting");
            long bytes = progress.Bytes;
            double rate = elapsed.TotalSeconds > 0 ? bytes / elapsed.TotalSeconds : 0;
            record.StatusDescription = progress.TotalBytes is long total
                ? $"{Size(bytes)} of {Size(total)} at {Size((long)rate)}/s"
                : $"{Size(bytes)} at {Size((long)rate)}/s";
            if (progress.TotalBytes is long known && known > 0)
            {
                record.PercentComplete = (int)Math.Min(100, bytes * 100 / known);
                record.SecondsRemaining = rate > 0 ? (int)((known - bytes) / rate) : -1;
            }
            return record;
        }

        private static string Size(long bytes) =>
            bytes >= 1 << 30 ? $"{bytes / (double)(1 << 30):0.00} GiB"
            : bytes >= 1 << 20 ? $"{bytes / (double)(1 << 20):0.0} MiB"
            : bytes >= 1 << 10 ? $"{bytes / 1024.0:0.0} KiB"
            : $"{bytes} B";
    }
}
