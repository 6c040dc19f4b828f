using System.Collections.Concurrent;

namespace AsyncHttp
{
    /// <summary>
    /// The events of one run, queued by the requests' threads for one consumer to take on its own thread (a cmdlet
    /// writes them to -Verbose and -Debug). Only the levels asked for are queued.
    /// </summary>
    public sealed class TraceEvents
    {
        private readonly ConcurrentQueue<TraceEvent> _queue = new ConcurrentQueue<TraceEvent>();

        /// <summary>Queues events of <paramref name="lowest"/> and above (Verbose is the highest).</summary>
        public TraceEvents(TraceLevel lowest)
        {
            Lowest = lowest;
        }

        /// <summary>The lowest level queued.</summary>
        public TraceLevel Lowest { get; }

        /// <summary>Takes the oldest event, without waiting.</summary>
        public bool TryTake(out TraceEvent traceEvent) => _queue.TryDequeue(out traceEvent!);

        internal void Add(TraceEvent traceEvent)
        {
            if (traceEvent.Level >= Lowest)
            {
                _queue.Enqueue(traceEvent);
            }
        }
    }
}
