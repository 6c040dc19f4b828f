using System;
using System.Text;

namespace AsyncHttp
{
    /// <summary>The event-stream interpretation of the WHATWG HTML standard (9.2.6), line by line.</summary>
    internal sealed class SseParser
    {
        private readonly StringBuilder _data = new StringBuilder();
        private readonly int _maxLength;
        private string _eventType = string.Empty;
        private string _lastEventId = string.Empty;
        private int? _retry;

        public SseParser(int maxLength)
        {
            _maxLength = maxLength;
        }

        /// <summary>Takes one line; returns the event that a blank line dispatches, or null.</summary>
        public ServerSentEvent? Add(string line)
        {
            if (line.Length == 0)
            {
                return Dispatch();
            }
            if (line[0] == ':')
            {
                return null;
            }
            int colon = line.IndexOf(':');
            string field = colon < 0 ? line : line.Substring(0, colon);
            string value = colon < 0 ? string.Empty : line.Substring(colon + 1);
            if (value.Length > 0 && value[0] == ' ')
            {
                value = value.Substring(1);
            }
            switch (field)
            {
                case "event":
                    _eventType = value;
                    break;
                case "data":
                    if (_data.Length + value.Length > _maxLength)
                    {
                        throw new PayloadException($"An event's data is longer than the limit of {_maxLength} characters.", 0, null, transient: false);
                    }
                    _data.Append(value).Append('\n');
                    break;
                case "id":
                    if (value.IndexOf('\0') < 0)
                    {
                        _lastEventId = value;
                    }
                    break;
                case "retry":
                    if (value.Length > 0 && IsDigits(value) && int.TryParse(value, out int retry))
                    {
                        _retry = retry;
                    }
                    break;
            }
            return null;
        }

        private ServerSentEvent? Dispatch()
        {
            int? retry = _retry;
            _retry = null;
            if (_data.Length == 0)
            {
                _eventType = string.Empty;
                return null;
            }
            string data = _data.ToString(0, _data.Length - 1);
            var dispatched = new ServerSentEvent(_eventType.Length == 0 ? "message" : _eventType, data, _lastEventId, retry);
            _data.Clear();
            _eventType = string.Empty;
            return dispatched;
        }

        private static bool IsDigits(string value)
        {
            foreach (char c in value)
            {
                if (c < '0' || c > '9')
                {
                    return false;
                }
            }
            return true;
        }
    }
}
