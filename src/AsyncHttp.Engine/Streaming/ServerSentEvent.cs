namespace AsyncHttp
{
    /// <summary>One server-sent event.</summary>
    public sealed class ServerSentEvent
    {
        internal ServerSentEvent(string eventType, string data, string lastEventId, int? retry)
        {
            Event = eventType;
            Data = data;
            Id = lastEventId;
            Retry = retry;
        }

        /// <summary>The event type; "message" when the server named none.</summary>
        public string Event { get; }

        /// <summary>The data; the lines of a multi-line event joined with "\n".</summary>
        public string Data { get; }

        /// <summary>The last event ID, which carries over from earlier events until the server sets another.</summary>
        public string Id { get; }

        /// <summary>The reconnection time in milliseconds, when this event's block set one.</summary>
        public int? Retry { get; }

        /// <inheritdoc/>
        public override string ToString() => $"{Event}: {Data}";
    }
}
