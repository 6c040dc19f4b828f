using System;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Polly;

namespace AsyncHttp
{
    /// <summary>
    /// One WebSocket connection on a session. From the moment it opens, a reader takes whole messages off the socket
    /// into a bounded buffer, so keep-alive pings are answered, a dead peer is noticed and the server's close is seen even
    /// while nobody receives; a receiver that stops (Ctrl+C, Select-Object -First) loses nothing. With reconnects allowed,
    /// a dropped connection is opened again behind the same object.
    /// </summary>
    public sealed class WebSocketConnection : IDisposable
    {
        private readonly HttpSession _session;
        private readonly WebSocketOptions _options;
        private readonly Uri _uri;
        private readonly Channel<object> _inbound;
        private readonly SemaphoreSlim _sending = new SemaphoreSlim(1, 1);
        private readonly CancellationTokenSource _lifetime = new CancellationTokenSource();
        private readonly CancellationTokenRegistration _sessionClosing;
        private readonly CancellationTokenSource _delivery = new CancellationTokenSource();
        private readonly ResiliencePipeline _reconnect;
        private readonly Task _reader;
        private volatile ClientWebSocket _socket;
        private long _received;
        private long _sent;
        private int _reconnects;
        private int _receiving;
        private volatile bool _closing;
        private volatile bool _reconnecting;

        private WebSocketConnection(HttpSession session, WebSocketOptions options, Uri uri, ClientWebSocket socket, bool compressed)
        {
            _session = session;
            _options = options;
            _uri = uri;
            _socket = socket;
            Compressed = compressed;
            ConnectedAt = DateTimeOffset.Now;
            // No synchronous continuations: a reader continuing on the reading thread would stop it reading while the reader
            // works, which halves the throughput of a steady stream (bench/: the round trip gains what the stream loses).
            _inbound = Channel.CreateBounded<object>(new BoundedChannelOptions(WebSocketDefaults.BufferedMessages) { SingleWriter = true });
            _lifetime.Token.Register(() => _socket.Abort());
            // The session's closing drops its WebSockets; the registration ends with the connection, not the session.
            _sessionClosing = session.ClosingToken.Register(() => _lifetime.Cancel());
            _reconnect = ReconnectPolicy.Create(options.MaximumReconnectCount, options.ReconnectInterval, OnReconnectFailedAsync);
            _reader = Task.Run(ReadLoopAsync);
        }

        /// <summary>The state of the connection: Open, CloseSent, CloseReceived, Closed, Aborted; Connecting while it reconnects.</summary>
        public WebSocketState State => _reconnecting ? WebSocketState.Connecting : _socket.State;

        /// <summary>The address, without user information and with query values as ***.</summary>
        public string Uri => Redact.Uri(_uri);

        /// <summary>The sub-protocol the server chose, or null.</summary>
        public string? SubProtocol => _socket.SubProtocol;

        /// <summary>Whether messages are compressed (permessage-deflate), as asked for and accepted by the server.</summary>
        public bool Compressed { get; private set; }

        /// <summary>The close status the server sent (1000 for a normal close), once the connection has closed; null before.</summary>
        public int? CloseStatus { get; private set; }

        /// <summary>The reason the server gave with its close status.</summary>
        public string? CloseReason { get; private set; }

        /// <summary>Why the connection ended abnormally, when it did; null while open and after a close handshake.</summary>
        public HttpError? Error { get; private set; }

        /// <summary>When the connection (or its latest reconnect) opened.</summary>
        public DateTimeOffset ConnectedAt { get; private set; }

        /// <summary>How many times the connection was opened again after it dropped.</summary>
        public int Reconnects => Volatile.Read(ref _reconnects);

        /// <summary>Messages received so far, including those not yet taken by a reader.</summary>
        public long MessagesReceived => Interlocked.Read(ref _received);

        /// <summary>Messages sent so far.</summary>
        public long MessagesSent => Interlocked.Read(ref _sent);

        /// <summary>
        /// Opens a connection with the session's headers, cookies, proxy, TLS settings and credentials. Throws
        /// <see cref="WebSocketFailedException"/> (with the module's error kinds) when it cannot, and
        /// <see cref="ArgumentException"/> for options out of range.
        /// </summary>
        public static async Task<WebSocketConnection> ConnectAsync(HttpSession session, WebSocketOptions options, CancellationToken cancellationToken)
        {
            session.ThrowIfClosed();
            options.Validate();
            Uri uri;
            try
            {
                uri = WebSocketUris.Resolve(options.Uri, session.BaseUri);
            }
            catch (InvalidRequestException ex)
            {
                throw new WebSocketFailedException(new HttpError(ErrorKind.InvalidRequest, ex.Message, ex));
            }
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, session.ClosingToken);
            try
            {
                var (socket, compressed) = await WebSocketConnector.ConnectAsync(session, options, uri, stop.Token).ConfigureAwait(false);
                return new WebSocketConnection(session, options, uri, socket, compressed);
            }
            catch (OperationCanceledException ex) when (session.IsClosed && !cancellationToken.IsCancellationRequested)
            {
                throw new WebSocketFailedException(new HttpError(ErrorKind.Canceled, "The session was closed before the WebSocket connected.", ex));
            }
        }

        /// <summary>Sends one text message. Throws <see cref="WebSocketFailedException"/> when the connection cannot take it.</summary>
        public Task SendTextAsync(string text, CancellationToken cancellationToken) =>
            SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, cancellationToken);

        /// <summary>Sends one binary message.</summary>
        public Task SendBinaryAsync(byte[] data, CancellationToken cancellationToken) =>
            SendAsync(data, WebSocketMessageType.Binary, cancellationToken);

        /// <summary>Sends a value (dictionaries, lists and plain values) as one JSON text message.</summary>
        public Task SendJsonAsync(object? value, CancellationToken cancellationToken)
        {
            byte[] json;
            try
            {
                json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(value);
            }
            catch (Exception ex) when (ex is NotSupportedException || ex is InvalidOperationException || ex is ArgumentException || ex is System.Text.Json.JsonException)
            {
                throw new WebSocketFailedException(new HttpError(ErrorKind.InvalidRequest, $"The message cannot be written as JSON: {ex.Message}", ex));
            }
            return SendAsync(json, WebSocketMessageType.Text, cancellationToken);
        }

        /// <summary>
        /// The next <see cref="WebSocketMessage"/> or <see cref="WebSocketNotice"/>, waiting at most <paramref name="idleTimeout"/>
        /// (<see cref="Timeout.InfiniteTimeSpan"/> for no limit); null once the connection has ended and every message was taken.
        /// Throws <see cref="WebSocketFailedException"/> for the failure that ended the connection, and for the idle timeout
        /// (Kind ReadTimeout; the connection stays open). Cancelling it loses no message.
        /// </summary>
        public async Task<object?> ReceiveAsync(TimeSpan idleTimeout, CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref _receiving, 1) != 0)
            {
                throw new InvalidOperationException("Another reader is receiving from this WebSocket; one reader at a time.");
            }
            try
            {
                while (true)
                {
                    if (_inbound.Reader.TryRead(out object? item))
                    {
                        return item is HttpError error ? throw new WebSocketFailedException(error) : item;
                    }
                    using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    if (idleTimeout != Timeout.InfiniteTimeSpan)
                    {
                        idle.CancelAfter(idleTimeout);
                    }
                    try
                    {
                        if (!await _inbound.Reader.WaitToReadAsync(idle.Token).ConfigureAwait(false))
                        {
                            return null;
                        }
                    }
                    catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                    {
                        throw new WebSocketFailedException(new HttpError(ErrorKind.ReadTimeout,
                            $"No message from {Uri} for {idleTimeout.TotalSeconds} s; the connection stays {State}.", ex));
                    }
                }
            }
            finally
            {
                Volatile.Write(ref _receiving, 0);
            }
        }

        /// <summary>
        /// Closes with a status (1000 for a normal close, 3000–4999 for the application's own) and a reason of at most
        /// 123 UTF-8 bytes, then waits up to <paramref name="timeout"/> for the server's answering close; past it the
        /// connection is dropped and <see cref="WebSocketFailedException"/> (Timeout) thrown. Closing twice is harmless.
        /// </summary>
        public async Task CloseAsync(int status, string? reason, TimeSpan timeout, CancellationToken cancellationToken)
        {
            CheckCloseStatus(status, reason);
            _closing = true;
            // Messages that arrive after the close is asked for are not delivered; the reader goes on to the close frame.
            _delivery.Cancel();
            if (_reconnecting)
            {
                _lifetime.Cancel();
            }
            else
            {
                await CloseOutputAsync(_socket, (WebSocketCloseStatus)status, reason, cancellationToken).ConfigureAwait(false);
            }
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (timeout != Timeout.InfiniteTimeSpan)
            {
                wait.CancelAfter(timeout);
            }
            var waited = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (wait.Token.Register(() => waited.TrySetResult(false)))
            {
                if (await Task.WhenAny(_reader, waited.Task).ConfigureAwait(false) == _reader)
                {
                    return;
                }
            }
            cancellationToken.ThrowIfCancellationRequested();
            _socket.Abort();
            throw new WebSocketFailedException(new HttpError(ErrorKind.Timeout,
                $"The server at {Uri} did not answer the close within {timeout.TotalSeconds} s; the connection was dropped."));
        }

        /// <summary>Drops the connection at once, without a close handshake; use <see cref="CloseAsync"/> to close it cleanly.</summary>
        public void Dispose()
        {
            _closing = true;
            _delivery.Cancel();
            _lifetime.Cancel();
            _socket.Dispose();
        }

        /// <inheritdoc/>
        public override string ToString() => $"WebSocket ({State}, {Uri})";

        private async Task SendAsync(byte[] payload, WebSocketMessageType type, CancellationToken cancellationToken)
        {
            await _sending.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                ClientWebSocket socket = _socket;
                if (_reconnecting || socket.State != WebSocketState.Open)
                {
                    throw new WebSocketFailedException(new HttpError(ErrorKind.ConnectionReset,
                        $"The WebSocket to {Uri} is {State}{DescribeClose()}; the message was not sent.") { IsTransient = _reconnecting });
                }
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
                await socket.SendAsync(new ArraySegment<byte>(payload), type, true, stop.Token).ConfigureAwait(false);
                Interlocked.Increment(ref _sent);
            }
            catch (Exception ex) when (!(ex is WebSocketFailedException) && !cancellationToken.IsCancellationRequested)
            {
                throw new WebSocketFailedException(_session.IsClosed
                    ? new HttpError(ErrorKind.Canceled, "The session was closed; the WebSocket was dropped and the message not sent.", ex)
                    : WebSocketErrors.FromSend(ex, _uri));
            }
            finally
            {
                _sending.Release();
            }
        }

        private async Task ReadLoopAsync()
        {
            var reader = new MessageReader(_options.MaxMessageSize);
            try
            {
                while (true)
                {
                    HttpError? failure = await ReadUntilEndAsync(reader).ConfigureAwait(false);
                    if (!ShouldReconnect(failure))
                    {
                        if (failure is not null)
                        {
                            Error = failure;
                            await DeliverAsync(failure).ConfigureAwait(false);
                        }
                        return;
                    }
                    if (!await ReconnectAsync(failure).ConfigureAwait(false))
                    {
                        return;
                    }
                }
            }
            finally
            {
                _inbound.Writer.TryComplete();
                _sessionClosing.Dispose();
            }
        }

        /// <summary>Reads messages until the connection ends: null for a close handshake or a close asked for here, else the failure.</summary>
        private async Task<HttpError?> ReadUntilEndAsync(MessageReader reader)
        {
            ClientWebSocket socket = _socket;
            CancellationToken token = _lifetime.Token;
            try
            {
                while (true)
                {
                    var message = await reader.ReadAsync(socket, token).ConfigureAwait(false);
                    if (message is null)
                    {
                        CloseStatus = (int?)socket.CloseStatus;
                        CloseReason = socket.CloseStatusDescription;
                        // The server began the close: answer it with its own status, as RFC 6455 asks.
                        await CloseOutputAsync(socket, socket.CloseStatus ?? WebSocketCloseStatus.Empty, null, token).ConfigureAwait(false);
                        return null;
                    }
                    var (type, payload) = message.Value;
                    string? text = type == WebSocketMessageType.Text ? Encoding.UTF8.GetString(payload) : null;
                    long index = Interlocked.Increment(ref _received);
                    await DeliverAsync(new WebSocketMessage(index, type, text, text is null ? payload : null, payload.Length, DateTimeOffset.Now)).ConfigureAwait(false);
                }
            }
            catch (PayloadException ex)
            {
                // The server learns why; the rest of the message is not read, so the connection ends here.
                _closing = true;
                await CloseOutputAsync(socket, WebSocketCloseStatus.MessageTooBig, "message too big", token).ConfigureAwait(false);
                socket.Abort();
                return new HttpError(ErrorKind.Payload, ex.Message, ex);
            }
            catch (Exception ex)
            {
                // Whatever ended the reading ends the connection, and the reader is told why: nothing fails unseen.
                if (_session.IsClosed)
                {
                    return new HttpError(ErrorKind.Canceled, $"The session was closed; the WebSocket to {Uri} was dropped.", ex);
                }
                if (_closing)
                {
                    return null;
                }
                return WebSocketErrors.FromReceive(ex, _uri, _options.KeepAliveTimeout, MessagesReceived);
            }
        }

        // Servers that go away for a restart say so with 1001, 1011, 1012 or 1013; any other close is meant.
        private bool ShouldReconnect(HttpError? failure)
        {
            if (_options.MaximumReconnectCount == 0 || _closing || _lifetime.IsCancellationRequested)
            {
                return false;
            }
            if (failure is not null)
            {
                return failure.IsTransient;
            }
            return CloseStatus == 1001 || CloseStatus == 1011 || CloseStatus == 1012 || CloseStatus == 1013;
        }

        private async Task<bool> ReconnectAsync(HttpError? cause)
        {
            string why = cause?.Message ?? $"The server at {Uri} closed the connection{DescribeClose()}.";
            await DeliverAsync(new WebSocketNotice($"{why} Reconnecting, up to {_options.MaximumReconnectCount} attempts.")).ConfigureAwait(false);
            _reconnecting = true;
            int attempts = 0;
            try
            {
                var (socket, compressed) = await _reconnect.ExecuteAsync(async token =>
                {
                    attempts++;
                    return await WebSocketConnector.ConnectAsync(_session, _options, _uri, token).ConfigureAwait(false);
                }, _lifetime.Token).ConfigureAwait(false);
                ClientWebSocket old = _socket;
                _socket = socket;
                old.Dispose();
                if (_lifetime.IsCancellationRequested)
                {
                    socket.Abort();
                }
                Compressed = compressed;
                CloseStatus = null;
                CloseReason = null;
                ConnectedAt = DateTimeOffset.Now;
                int count = Interlocked.Increment(ref _reconnects);
                await DeliverAsync(new WebSocketNotice($"Reconnected to {Uri} at attempt {attempts} (reconnect {count} of this connection).")).ConfigureAwait(false);
                return true;
            }
            catch (WebSocketFailedException ex)
            {
                HttpError last = ex.Error;
                Error = new HttpError(last.Kind, $"Reconnecting to {Uri} failed after {attempts} attempts: {last.Message}", ex)
                {
                    StatusCode = last.StatusCode,
                    ResponseBody = last.ResponseBody,
                    Attempts = attempts,
                };
                await DeliverAsync(Error).ConfigureAwait(false);
                return false;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
            finally
            {
                _reconnecting = false;
            }
        }

        private ValueTask OnReconnectFailedAsync(int attempt, TimeSpan delay, HttpError error) =>
            DeliverAsync(new WebSocketNotice(
                $"Reconnect attempt {attempt} of {_options.MaximumReconnectCount} to {Uri} failed ({error.Kind}: {error.Message}); next attempt in {delay.TotalSeconds:0.0} s."));

        private async ValueTask DeliverAsync(object item)
        {
            try
            {
                await _inbound.Writer.WriteAsync(item, _delivery.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_delivery.IsCancellationRequested)
            {
                // Closing: what arrives now is not handed out.
            }
        }

        // One close frame at a time, never during a send; a socket that already sent or cannot send one is left alone.
        private async Task CloseOutputAsync(ClientWebSocket socket, WebSocketCloseStatus status, string? reason, CancellationToken cancellationToken)
        {
            await _sending.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (socket.State == WebSocketState.Open || socket.State == WebSocketState.CloseReceived)
                {
                    await socket.CloseOutputAsync(status, reason, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is WebSocketException || ex is System.IO.IOException || ex is ObjectDisposedException)
            {
                // The connection broke first; the reader reports how.
            }
            finally
            {
                _sending.Release();
            }
        }

        private string DescribeClose() =>
            CloseStatus is int status ? $" (close status {status}{(string.IsNullOrEmpty(CloseReason) ? string.Empty : ": " + CloseReason)})" : string.Empty;

        /// <summary>Refuses a status that cannot be sent, or a reason too long for a close frame, naming them.</summary>
        internal static void CheckCloseStatus(int status, string? reason)
        {
            // 1004, 1005, 1006 and 1015 are reserved for reports, never sent (RFC 6455, 7.4.1).
            if (status < 1000 || status > 4999 || status == 1004 || status == 1005 || status == 1006 || status == 1015 || (status > 1015 && status < 3000))
            {
                throw new ArgumentOutOfRangeException(nameof(status), status,
                    $"Close status {status} cannot be sent: use 1000 (normal) to 1014, or 3000 to 4999 for the application's own; 1004, 1005, 1006 and 1015 are reserved.");
            }
            if (reason is not null && Encoding.UTF8.GetByteCount(reason) > 123)
            {
                throw new ArgumentException($"The close reason is {Encoding.UTF8.GetByteCount(reason)} bytes in UTF-8; at most 123 fit in a close frame.", nameof(reason));
            }
        }
    }
}
