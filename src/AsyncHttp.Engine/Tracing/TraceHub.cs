using System;
using System.Threading;

namespace AsyncHttp
{
    /// <summary>
    /// Where a session's events go: its trace file, and the runs that listen for connection events (which belong
    /// to no one request: a DNS look-up, a connection opened or closed).
    /// </summary>
    internal sealed class TraceHub : IDisposable
    {
        private readonly object _gate = new object();
        private TraceEvents[] _listeners = Array.Empty<TraceEvents>();
        private long _connections;

        public TraceHub(TraceFile? file, TimeProvider clock)
        {
            File = file;
            Clock = clock;
        }

        public TraceFile? File { get; }

        public TimeProvider Clock { get; }

        /// <summary>Whether anyone hears connection events; when no one does, none is made.</summary>
        public bool Listening => File is not null || Volatile.Read(ref _listeners).Length > 0;

        public long NextConnectionId() => Interlocked.Increment(ref _connections);

        public void Subscribe(TraceEvents events)
        {
            lock (_gate)
            {
                var listeners = new TraceEvents[_listeners.Length + 1];
                _listeners.CopyTo(listeners, 0);
                listeners[_listeners.Length] = events;
                Volatile.Write(ref _listeners, listeners);
            }
        }

        public void Unsubscribe(TraceEvents events)
        {
            lock (_gate)
            {
                Volatile.Write(ref _listeners, Array.FindAll(_listeners, l => !ReferenceEquals(l, events)));
            }
        }

        /// <summary>A connection event, to the file and to every listening run.</summary>
        public void Publish(TraceEvent e)
        {
            File?.Write(e);
            foreach (TraceEvents listener in Volatile.Read(ref _listeners))
            {
                listener.Add(e);
            }
        }

        public TraceEvent Event(string name, TraceLevel level, string message) =>
            new TraceEvent(name, level, Clock.GetUtcNow()) { Message = message };

        public void Dispose() => File?.Dispose();
    }
}
