using System;
using System.IO;
using System.Text.Json;

namespace AsyncHttp
{
    /// <summary>
    /// A session's trace: every event as one line of JSON, appended to a file that a scheduled task can keep. Lines are
    /// written in blocks of 64 KiB, and the rest when a run ends and when the session closes: flushing each request cost
    /// a system call each, and a killed process loses at most the last block.
    /// </summary>
    internal sealed class TraceFile : IDisposable
    {
        private readonly object _gate = new object();
        private readonly Stream _stream;
        private readonly Utf8JsonWriter _json;
        private static readonly byte[] NewLine = { (byte)'\n' };
        private bool _closed;

        private TraceFile(string path, Stream stream)
        {
            Path = path;
            _stream = stream;
            _json = new Utf8JsonWriter(_stream);
        }

        /// <summary>Opens the file for appending; a path that cannot be written is an <see cref="ArgumentException"/> naming it.</summary>
        public static TraceFile Open(string path)
        {
            try
            {
                return new TraceFile(path, new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 64 * 1024));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException)
            {
                throw new ArgumentException($"TraceFile '{path}' cannot be written: {ex.Message}", "TraceFile", ex);
            }
        }

        public string Path { get; }

        public void Write(TraceEvent e)
        {
            lock (_gate)
            {
                if (_closed)
                {
                    return;
                }
                WriteObject(_json, e);
                _json.Flush();
                _json.Reset();
                _stream.Write(NewLine, 0, 1);
            }
        }

        public void Flush()
        {
            lock (_gate)
            {
                if (!_closed)
                {
                    _stream.Flush();
                }
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                if (_closed)
                {
                    return;
                }
                _closed = true;
                _json.Dispose();
                _stream.Dispose();
            }
        }

        private static void WriteObject(Utf8JsonWriter json, TraceEvent e)
        {
            json.WriteStartObject();
            json.WriteString("time", e.Time.UtcDateTime.ToString("o", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("event", e.Name);
            json.WriteString("level", e.Level.ToString());
            Number(json, "index", e.Index);
            Number(json, "attempt", e.Attempt);
            Number(json, "hop", e.Hop);
            Text(json, "method", e.Method);
            Text(json, "uri", e.Uri);
            Number(json, "status", e.StatusCode);
            Text(json, "kind", e.Kind?.ToString());
            Ms(json, "elapsedMs", e.Elapsed);
            Ms(json, "waitMs", e.Wait);
            Text(json, "reason", e.Reason);
            Number(json, "connection", e.ConnectionId);
            if (e.Timings is HttpTimings t)
            {
                json.WriteStartObject("timings");
                Ms(json, "dnsMs", t.Dns);
                Ms(json, "connectMs", t.Connect);
                Ms(json, "tlsMs", t.Tls);
                Ms(json, "firstByteMs", t.FirstByte);
                Ms(json, "bodyMs", t.Body);
                Ms(json, "redirectMs", t.Redirect);
                Ms(json, "totalMs", t.Total);
                if (t.Reused is bool reused)
                {
                    json.WriteBoolean("reused", reused);
                }
                json.WriteEndObject();
            }
            json.WriteString("message", e.Message);
            json.WriteEndObject();
        }

        private static void Number(Utf8JsonWriter json, string name, long? value)
        {
            if (value is long number)
            {
                json.WriteNumber(name, number);
            }
        }

        private static void Text(Utf8JsonWriter json, string name, string? value)
        {
            if (value is not null)
            {
                json.WriteString(name, value);
            }
        }

        private static void Ms(Utf8JsonWriter json, string name, TimeSpan? value)
        {
            if (value is TimeSpan time)
            {
                json.WriteNumber(name, Math.Round(time.TotalMilliseconds, 3));
            }
        }

    }
}
