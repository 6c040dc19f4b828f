using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncHttp
{
    /// <summary>
    /// One response body read as it arrives, in constant memory: chunks, lines, JSON lines or server-sent events.
    /// Disposing it closes the response, so a consumer that stops early frees the connection.
    /// </summary>
    public sealed class HttpStream : IDisposable
    {
        private readonly HttpSession _session;
        private readonly StreamOptions _options;
        private readonly CancellationTokenSource _cancel;
        private long _bytes;

        private readonly OpenBody? _body;

        private HttpStream(HttpSession session, StreamOptions options, HttpResult response, OpenBody? body, CancellationTokenSource cancel)
        {
            _session = session;
            _options = options;
            Response = response;
            _body = body;
            _cancel = cancel;
        }

        /// <summary>The response: status and headers, or the error that kept the stream from opening.</summary>
        public HttpResult Response { get; }

        /// <summary>Whether the body can be read; when not, <see cref="Response"/> carries the error.</summary>
        public bool IsOpen => _body is not null;

        /// <summary>Bytes of the body read so far.</summary>
        public long BytesReceived => Interlocked.Read(ref _bytes);

        /// <summary>Sends the request and waits for the response headers; never throws for HTTP or network failures.</summary>
        public static async Task<HttpStream> OpenAsync(HttpSession session, RequestSpec spec, StreamOptions options, CancellationToken cancellationToken)
        {
            session.ThrowIfClosed();
            var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, session.ClosingToken);
            (HttpResult response, OpenBody? body) = await StreamOpener.OpenAsync(session, spec, options, cancel.Token).ConfigureAwait(false);
            return new HttpStream(session, options, response, body, cancel);
        }

        /// <summary>
        /// The body's items as they arrive: <see cref="HttpChunk"/>, <see cref="string"/> lines, <see cref="JsonLine"/>
        /// or <see cref="ServerSentEvent"/>. Throws <see cref="HttpStreamException"/> when the body fails midway.
        /// </summary>
        public async IAsyncEnumerable<object> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            HttpResponseMessage response = _body?.Response ?? throw new InvalidOperationException("The stream did not open: " + Response.Error?.Message);
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _cancel.Token);
            Stream body = await ReadBodyAsync(response, cancel.Token).ConfigureAwait(false);
            var lines = new List<string>();
            LineSplitter? splitter = _options.Mode == StreamMode.Chunks ? null : new LineSplitter(Charset.Of(response.Content.Headers.ContentType), _options.MaxLineLength);
            var events = _options.Mode == StreamMode.ServerSentEvents ? new SseParser(_options.MaxLineLength) : null;
            long lineNumber = 0;
            long delivered = 0;
            var chunks = new Queue<byte[]>(ReadAhead.Depth);
            using var ahead = new ReadAhead((buffer, token) => ReadSomeAsync(body, buffer, token), cancel.Token);
            while (true)
            {
                IReadOnlyList<ArraySegment<byte>> taken = await ahead.TakeAsync(cancel.Token).ConfigureAwait(false);
                if (taken.Count == 0)
                {
                    break;
                }
                if (splitter is null)
                {
                    // One chunk per read, not one of all that is queued: arrays of 85,000 bytes or more go to the large
                    // object heap, and a GiB of them cost a hundred full collections (measured: about twice the CPU time).
                    foreach (ArraySegment<byte> segment in taken)
                    {
                        var data = new byte[segment.Count];
                        Buffer.BlockCopy(segment.Array!, 0, data, 0, segment.Count);
                        chunks.Enqueue(data);
                    }
                    ahead.Release();
                    while (chunks.Count > 0)
                    {
                        byte[] data = chunks.Dequeue();
                        yield return new HttpChunk(delivered, data);
                        delivered += data.Length;
                    }
                    continue;
                }
                foreach (ArraySegment<byte> segment in taken)
                {
                    Split(splitter, segment.Array!, segment.Count, lines);
                }
                ahead.Release();
                foreach (string line in lines)
                {
                    object? item = ToItem(line, ++lineNumber, events);
                    if (item is not null)
                    {
                        yield return item;
                    }
                }
                lines.Clear();
            }
            CheckComplete(response);
            // A last line without a line break still counts; an event without its blank line does not (WHATWG).
            if (splitter?.Finish() is string last && events is null)
            {
                object? item = ToItem(last, ++lineNumber, null);
                if (item is not null)
                {
                    yield return item;
                }
            }
        }

        /// <summary>Closes the response; a body not read to its end closes the connection too.</summary>
        public void Dispose()
        {
            _body?.Dispose();
            _cancel.Dispose();
        }

        private object? ToItem(string line, long lineNumber, SseParser? events)
        {
            switch (_options.Mode)
            {
                case StreamMode.Lines:
                    return line;
                case StreamMode.ServerSentEvents:
                    return events!.Add(line);
                default:
                    if (line.Trim().Length == 0)
                    {
                        return null;
                    }
                    try
                    {
                        object? value = JsonTree.Parse(line);
                        return new JsonLine(lineNumber, _options.JsonConverter is null ? value : _options.JsonConverter(value), null, null);
                    }
                    catch (JsonException ex)
                    {
                        return new JsonLine(lineNumber, null, $"Line {lineNumber} is not valid JSON: {WithoutPosition(ex.Message)}", line.Length > 200 ? line.Substring(0, 200) : line);
                    }
            }
        }

        // The parser counts lines within the one line it was given ("LineNumber: 0"): only confusing here.
        private static string WithoutPosition(string message)
        {
            int position = message.IndexOf(" Path:", StringComparison.Ordinal);
            if (position < 0)
            {
                position = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            }
            return position > 0 ? message.Substring(0, position) : message;
        }

        private void Split(LineSplitter splitter, byte[] buffer, int count, List<string> lines)
        {
            try
            {
                splitter.Add(buffer, 0, count, lines);
            }
            catch (PayloadException ex)
            {
                throw Fail(ex);
            }
        }

        private async Task<Stream> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            try
            {
                return await SilentRead.OpenAsync(response.Content, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsFailure(ex))
            {
                throw Fail(ex);
            }
        }

        private async ValueTask<int> ReadSomeAsync(Stream body, byte[] buffer, CancellationToken cancellationToken)
        {
            TimeSpan timeout = _options.ReadTimeout ?? _session.Options.ReadTimeout;
            try
            {
                int read = await SilentRead.ReadBodyAsync(body, buffer, 0, buffer.Length, BytesReceived, timeout, cancellationToken).ConfigureAwait(false);
                Interlocked.Add(ref _bytes, read);
                return read;
            }
            catch (Exception ex) when (IsFailure(ex))
            {
                throw Fail(ex);
            }
        }

        private void CheckComplete(HttpResponseMessage response)
        {
            if (response.Content.Headers.ContentLength is long declared && declared != BytesReceived && response.Content.Headers.ContentEncoding.Count == 0)
            {
                throw Fail(new PayloadException($"The body ended after {BytesReceived} of {declared} bytes.", BytesReceived, null));
            }
        }

        // The caller's own cancellation is not a failure of the body: it ends the enumeration as a cancellation.
        private bool IsFailure(Exception exception) => !(exception is OperationCanceledException) || _session.IsClosed;

        private HttpStreamException Fail(Exception exception)
        {
            var scene = new FailureScene
            {
                Stage = FailureStage.StreamBody,
                Uri = Response.RequestUri,
                SessionClosed = _session.IsClosed,
                StatusCode = Response.StatusCode,
                Attempts = Response.Attempts,
                BytesReceived = BytesReceived,
            };
            return new HttpStreamException(HttpErrors.FromException(exception, scene), BytesReceived);
        }
    }
}
